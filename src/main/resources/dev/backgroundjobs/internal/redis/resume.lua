-- Ends a pause of a queue or a job name (pause.lua) and wakes idle workers of every server; for a job
-- name it also puts the jobs fetch.lua set aside back at the head of their queues, in the order they
-- were queued, all in this one call.
-- Keys: bgj:pause:queues or bgj:pause:jobs (hashes), bgj:held:NAME (list of 'QUEUE PAYLOAD'), queues,
-- queue:NAME, bgj:wake:NAME, bgj:wake:*. A queue key of another type (Jesque's delayed enqueue) makes a
-- resume write nothing and answer BGJ0028E naming it.
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:pause:queues or bgj:pause:jobs, KEYS[3] bgj:wake:*,
-- then for a queue KEYS[4] queue:NAME and KEYS[5] bgj:wake:NAME, for a job name KEYS[4] bgj:held:NAME.
-- Derived from the prefix of KEYS[1] (named by the held entries read): queue:QUEUE and bgj:wake:QUEUE
-- of the queues the held jobs go back to.
-- ARGV[1] 'queue' or 'job', ARGV[2] the queue or job name, ARGV[3] most wake tokens kept per list.
-- Answers the jobs put back (a queue: 0), or -1 if it was not paused.
--#include lib/namespace.lua
local pauses, wakeAny, kind, name = KEYS[2], KEYS[3], ARGV[1], ARGV[2]

local function wrongType(key, expected)
  return redis.error_reply('BGJ0028E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; nothing was moved')
end

--#include lib/types.lua

local maxTokens = tonumber(ARGV[3])
if redis.call('HEXISTS', pauses, name) == 0 then return -1 end
local held = kind == 'job' and KEYS[4]
local entries = held and redis.call('LRANGE', held, 0, -1) or {}

-- A queue's list and wake list: from KEYS for the queue resumed, else derived.
local function queueKeys(queue)
  if kind == 'queue' and queue == name then return KEYS[4], KEYS[5] end
  return prefix .. 'queue:' .. queue, prefix .. 'bgj:wake:' .. queue
end
-- How many jobs each queue gets to run now: the workers to wake there.
local woken = {}
local err = check(KEYS[1], 'set') or check(wakeAny, 'list')
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
  local list, wake = queueKeys(queue)
  err = err or check(list, 'list') or check(wake, 'list')
end
if err then return err end

redis.call('HDEL', pauses, name)
-- From the last set aside to the first, each to its queue's head: the first ends up first again.
for i = #entries, 1, -1 do
  redis.call('SADD', KEYS[1], queueOf[i])
  redis.call('LPUSH', (queueKeys(queueOf[i])), string.sub(entries[i], #queueOf[i] + 2))
end
if kind == 'queue' then
  woken[name] = redis.call('LLEN', KEYS[4])
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
  local _, wakeList = queueKeys(queue)
  wake(wakeList, jobs)
  total = total + jobs
end
wake(wakeAny, total)
return #entries
