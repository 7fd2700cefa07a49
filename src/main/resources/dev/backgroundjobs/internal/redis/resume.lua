-- Ends a pause of a queue or a job name (pause.lua) and wakes idle workers of every server; for a job
-- name it also puts the jobs fetch.lua set aside back at the head of their queues, in the order they
-- were queued, all in this one call.
-- Keys: bgj:pause:queues or bgj:pause:jobs (hashes), bgj:held:NAME (list of 'QUEUE PAYLOAD'), queues,
-- queue:NAME, bgj:wake:NAME, bgj:wake:*. A queue key of another type (Jesque's delayed enqueue) makes a
-- resume write nothing and answer BGJ0028E naming it.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] 'queue' or 'job', ARGV[3] the queue or job name, ARGV[4] most wake
-- tokens kept per list.
-- Answers the jobs put back (a queue: 0), or -1 if it was not paused.
local prefix, kind, name = ARGV[1], ARGV[2], ARGV[3]
local pauses = prefix .. (kind == 'queue' and 'bgj:pause:queues' or 'bgj:pause:jobs')

local function wrongType(key, expected)
  return redis.error_reply('BGJ0028E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; nothing was moved')
end

--#include lib/types.lua

local maxTokens = tonumber(ARGV[4])
if redis.call('HEXISTS', pauses, name) == 0 then return -1 end
local held = prefix .. 'bgj:held:' .. name
local entries = kind == 'job' and redis.call('LRANGE', held, 0, -1) or {}
-- How many jobs each queue gets to run now: the workers to wake there.
local woken = {}
local err = check(KEYS[1], 'set') or check(prefix .. 'bgj:wake:*', 'list')
if kind == 'queue' then
  woken[name] = 0
end
local queueOf = {}
for i, entry in ipairs(entries) do
  local space = string.find(entry, ' ', 1, true)
  queueOf[i] = string.sub(entry, 1, space - 1)
  woken[queueOf[i]] = (woken[queueOf[i]] or 0) + 1
end
for queue in pairs(woken) do
  err = err or check(prefix .. 'queue:' .. queue, 'list') or check(prefix .. 'bgj:wake:' .. queue, 'list')
end
if err then return err end

redis.call('HDEL', pauses, name)
-- From the last set aside to the first, each to its queue's head: the first ends up first again.
for i = #entries, 1, -1 do
  redis.call('SADD', KEYS[1], queueOf[i])
  redis.call('LPUSH', prefix .. 'queue:' .. queueOf[i], string.sub(entries[i], #queueOf[i] + 2))
end
if kind == 'queue' then
  woken[name] = redis.call('LLEN', prefix .. 'queue:' .. name)
else
  -- Only a job name's: a queue of the same name must not take the held jobs of that name with it.
  redis.call('DEL', held)
end
-- As enqueue.lua does: a token per job, up to the cap, on the queue's list and on that of '*' workers.
local function wake(list, jobs)
  local tokens = math.min(jobs, maxTokens - redis.call('LLEN', list))
  for _ = 1, tokens do redis.call('LPUSH', list, '1') end
end
local total = 0
for queue, jobs in pairs(woken) do
  wake(prefix .. 'bgj:wake:' .. queue, jobs)
  total = total + jobs
end
wake(prefix .. 'bgj:wake:*', total)
return #entries
