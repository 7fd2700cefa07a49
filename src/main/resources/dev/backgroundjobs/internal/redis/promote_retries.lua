-- Moves the retries that are due (by Redis's clock) from the retry set to their queues. A member that
-- is not JSON, names no queue, or names a queue whose key holds another type goes to Resque's failed
-- list instead (BGJ0029E), once. See lib/requeue.lua for what every requeueing script shares.
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:retry, KEYS[3] failed, KEYS[4] bgj:wake:*.
-- Derived from the prefix of KEYS[1] (named by each retry read): queue:NAME, bgj:wake:NAME,
-- job:[PREFIX_]ID:status.
-- ARGV[1] most wake tokens kept per list, ARGV[2] the "queued" status JSON, ARGV[3] status expiry in
-- seconds, ARGV[4] most jobs per call.
-- Answers {moved, ms until the next is due, or '' for none}.
--#include lib/namespace.lua
local maxTokens, status, statusTtl = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local retries, failedList, wakeAny = KEYS[2], KEYS[3], KEYS[4]

--#include lib/requeue.lua

local _, now = redisNow()
local members, err = read('zset', 'ZRANGEBYSCORE', retries, '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
if err then return err end
local jobs, unreadable = {}, {}
for _, member in ipairs(members) do
  local job, statusKey = decode(member)
  local name = queueOf(job)
  local problem = name and queueProblem(name)
  if name and not problem then
    jobs[#jobs + 1] = {member = member, queue = name, statusKey = statusKey}
  else
    -- Kept in Resque's failed list, retryable once the cause is fixed, rather than blocking every
    -- other retry behind it.
    unreadable[#unreadable + 1] = {member = member, job = job, reason = problem or (job and 'a retry names no queue'
      or 'a retry is not a JSON payload')}
  end
end
err = (#jobs > 0 and checkQueues({})) or (#unreadable > 0 and check(failedList, 'list')) or nil
if err then return err end
local moved = 0
for _, job in ipairs(jobs) do
  if redis.call('ZREM', retries, job.member) == 1 then
    queue(job.queue, job.member, job.statusKey)
    moved = moved + 1
  end
end
for _, bad in ipairs(unreadable) do
  if redis.call('ZREM', retries, bad.member) == 1 then
    redis.call('RPUSH', failedList, failureRecord(bad.member, bad.job, 'BGJ0029E',
      bad.reason .. '; it was taken from ' .. retries, queueOf(bad.job) or 'retry'))
    moved = moved + 1
  end
end
return {moved, untilFirst(retries, now)}
