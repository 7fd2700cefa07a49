-- Moves the delayed jobs that are due (by Redis's clock), stored as resque-scheduler stores them, to
-- their queues; one whose queue's key holds another type goes to the failed list (BGJ0035E). Nothing
-- moves while a peer scheduler holds its lock: resque-scheduler's <ns>:<ns>:resque_scheduler_master_lock
-- (redis-namespace prefixes its prefixed key), node-resque's <ns>:resque_scheduler_leader_lock, or
-- <ns>:resque_scheduler_master_lock, with a value not starting with 'bgj:'. While we move we hold all
-- three (servers of this module share them under values starting with 'bgj:'). Either way, our delayed
-- jobs long past due that a peer moved (it drops their id) lose their index entries and get the
-- "queued" status. See lib/requeue.lua for what every requeueing script shares.
-- KEYS[1] the namespace's queues set, KEYS[2] delayed_queue_schedule, KEYS[3] bgj:delayed, KEYS[4]
-- bgj:delayed:due, KEYS[5] failed, KEYS[6] bgj:wake:*, KEYS[7..9] the three scheduler locks as above.
-- Derived from the prefix of KEYS[1] (named by the schedule and the jobs read): delayed:TS,
-- timestamps:PAYLOAD, queue:NAME, bgj:wake:NAME, job:[PREFIX_]ID:status.
-- ARGV[1] most wake tokens kept per list, ARGV[2] the "queued" status JSON, ARGV[3] status expiry in
-- seconds, ARGV[4] most jobs per call, ARGV[5] this server's lock value, ARGV[6] lock expiry in
-- seconds, ARGV[7] seconds past due before a job is looked for as moved by a peer, ARGV[8] seconds a
-- timestamps:PAYLOAD set is kept past due.
-- Answers {moved, s until the next is due, or '' for none, '-1' if not master}.
--#include lib/namespace.lua
local maxTokens, status, statusTtl = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local schedule, delayedIndex, delayedDue, failedList, wakeAny = KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]

--#include lib/requeue.lua

local now = redisNow()
local limit, lockValue, lockTtl = tonumber(ARGV[4]), ARGV[5], ARGV[6]
local grace, kept = tonumber(ARGV[7]), tonumber(ARGV[8])
local locks = {KEYS[7], KEYS[8], KEYS[9]}
local master = true
for _, lock in ipairs(locks) do
  local holder, err = read('string', 'GET', lock)
  if err then return err end
  if holder and string.sub(holder, 1, 4) ~= 'bgj:' then master = false end
end

-- Our jobs long past due that are no longer waiting: moved by a peer, which dropped their id.
local peerMoved = {}
local overdue, err = read('zset', 'ZRANGEBYSCORE', delayedDue, '-inf', now - grace, 'LIMIT', 0, limit)
if err then return err end
for _, id in ipairs(overdue) do
  local entry, err = read('hash', 'HGET', delayedIndex, id)
  if err then return err end
  if not entry then
    peerMoved[#peerMoved + 1] = {id = id}
  else
    local timestamp, payload = split(entry)
    local stamped = redis.pcall('SISMEMBER', prefix .. 'timestamps:' .. payload, 'delayed:' .. timestamp)
    local waiting = stamped == 1
    if not waiting and (failed(stamped) or tonumber(timestamp) + kept <= now) then
      -- The set may have expired or be unreadable: the list itself says.
      local position = redis.pcall('LPOS', prefix .. 'delayed:' .. timestamp, payload)
      waiting = not failed(position) and position ~= false
    end
    if not waiting then
      local _, statusKey = decode(payload)
      peerMoved[#peerMoved + 1] = {id = id, statusKey = statusKey}
    end
  end
end

local batches, jobs, names, queueless = {}, {}, {}, false
if master then
  local timestamps, err = read('zset', 'ZRANGEBYSCORE', schedule, '-inf', now, 'LIMIT', 0, limit)
  if err then return err end
  local left = limit
  for _, timestamp in ipairs(timestamps) do
    if left == 0 then break end
    local list = prefix .. 'delayed:' .. timestamp
    local payloads, err = read('list', 'LRANGE', list, 0, left - 1)
    if err then return err end
    left = left - #payloads
    batches[#batches + 1] = {timestamp = timestamp, list = list, count = #payloads}
    for _, payload in ipairs(payloads) do
      local job, statusKey = decode(payload)
      local name = queueOf(job)
      local problem = name and queueProblem(name)
      jobs[#jobs + 1] = {payload = payload, job = job, queue = not problem and name or nil, problem = problem,
        statusKey = statusKey, timestamp = timestamp, id = job and type(job.id) == 'string' and job.id or nil}
      if name and not problem then names[#names + 1] = name else queueless = true end
    end
  end
end
err = (#names > 0 and checkQueues({})) or (queueless and check(failedList, 'list'))
  or (#jobs > 0 and (check(delayedIndex, 'hash') or check(delayedDue, 'zset'))) or nil
if err then return err end

for _, job in ipairs(peerMoved) do
  redis.call('HDEL', delayedIndex, job.id)
  redis.call('ZREM', delayedDue, job.id)
  setStatus(job.statusKey, false)
end
if not master then return {0, '-1'} end
for _, lock in ipairs(locks) do
  redis.call('SET', lock, lockValue, 'EX', lockTtl)
end
for _, job in ipairs(jobs) do
  if job.queue then
    queue(job.queue, job.payload, job.statusKey)
  else
    -- No queue to go to: kept in Resque's failed list rather than dropped.
    redis.call('RPUSH', failedList, failureRecord(job.payload, job.job, 'BGJ0035E',
      (job.problem or (job.job and 'a delayed job names no queue' or 'a delayed job is not a JSON payload'))
      .. '; it was taken from ' .. prefix .. 'delayed:' .. job.timestamp, queueOf(job.job) or 'delayed'))
  end
  if job.id then
    redis.call('HDEL', delayedIndex, job.id)
    redis.call('ZREM', delayedDue, job.id)
  end
  unstamp(job.payload, job.timestamp)
end
for _, batch in ipairs(batches) do
  redis.call('LTRIM', batch.list, batch.count, -1)
  if redis.call('LLEN', batch.list) == 0 then
    redis.call('ZREM', schedule, batch.timestamp)
  end
end
return {#jobs, untilFirst(schedule, now)}
