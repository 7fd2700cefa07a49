-- Moves retries that are due from the retry set to the tail of their queues and wakes their workers.
-- Each member is removed before it is pushed, in one atomic step, so however many servers promote at
-- once, each retry reaches its queue exactly once.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] now in epoch milliseconds, ARGV[3] most members moved per call,
-- ARGV[4] most wake tokens kept per list.
-- Returns how many moved and when the next retry is due (epoch milliseconds, '' when none is waiting).
local prefix, now, limit, maxTokens = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local retries = prefix .. 'bgj:retry'
local due = redis.call('ZRANGEBYSCORE', retries, '-inf', now, 'LIMIT', 0, limit)
local moved = 0
for _, member in ipairs(due) do
  local ok, job = pcall(cjson.decode, member)
  if ok and type(job) == 'table' and type(job.queue) == 'string' and redis.call('ZREM', retries, member) == 1 then
    redis.call('SADD', KEYS[1], job.queue)
    redis.call('RPUSH', prefix .. 'queue:' .. job.queue, member)
    for _, wake in ipairs({prefix .. 'bgj:wake:' .. job.queue, prefix .. 'bgj:wake:*'}) do
      redis.call('LPUSH', wake, '1')
      redis.call('LTRIM', wake, 0, maxTokens - 1)
    end
    moved = moved + 1
  end
end
-- The next retry's due time lets the housekeeper sleep just until then.
local nextDue = redis.call('ZRANGE', retries, 0, 0, 'WITHSCORES')
return {moved, nextDue[2] or ''}
