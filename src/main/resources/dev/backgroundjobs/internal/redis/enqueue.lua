-- Sends jobs in one atomic step. A job due now goes to the tail of its queue and wakes idle workers; a
-- delayed job is stored as resque-scheduler stores it; a unique job whose key is held sends nothing
-- and answers with the id of the job holding the key. A tracked job's status is written.
-- All or none: every key that a write could fail on (a key of another type) is read or checked before
-- the first write, so a key of the wrong type sends nothing and answers BGJ0027E naming it.
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:wake:*, KEYS[3] delayed_queue_schedule, KEYS[4]
-- bgj:delayed, KEYS[5] bgj:delayed:due, KEYS[6] bgj:outbox:sent, then each segment's keys, in order:
-- a 'P' segment's queue:QUEUE and bgj:wake:QUEUE; a 'J' job's queue:QUEUE and bgj:wake:QUEUE when due
-- now, else delayed:TS and timestamps:PAYLOAD, then its status key and its unique key when it has them.
-- No key is derived.
-- ARGV[1] most wake tokens kept per list, ARGV[2] the "queued" status JSON, ARGV[3] the "scheduled"
-- status JSON, ARGV[4] status expiry in seconds, ARGV[5] how long past its due time a delayed job's
-- timestamps:PAYLOAD set is kept (seconds), ARGV[6] '1' to send only jobs not sent before (those of the
-- transactional outbox, which may be sent twice), then the jobs, in order, as segments of two kinds:
--   'P', queue, n, then n payloads: plain jobs (due now, untracked, not unique) for one queue, which
--        cost the script no work of their own: they are pushed straight from ARGV;
--   'J', queue, payload, the letters of the keys it has ('s' status key, 'u' unique key), due time in
--        epoch seconds ('' for now), job id, unique key expiry in seconds: any other job.
-- A delayed job sent again with the same id (a lost reply) is stored once. With ARGV[6] '1', each job
-- sent is marked in bgj:outbox:sent (id scored by when, Redis time), which the outbox empties as it
-- deletes the jobs' rows; a job marked there, or whose status key exists, is not sent again, and
-- answers '' in place of its id. So the mark costs memory only while a row is left.
-- timestamps:PAYLOAD's member is 'delayed:TS', not namespaced, as resque-scheduler writes it;
-- bgj:delayed maps id -> 'TS payload', bgj:delayed:due holds the ids by due time.
-- Returns the answers of the 'J' jobs in order (their ids, or what stands in place of them); a plain
-- job's answer is its own id, which the caller knows.
local maxTokens = tonumber(ARGV[1])
local queued, scheduled, statusTtl, keepPastDue = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local onlyNew = ARGV[6] == '1'
local wakeAny, schedule, delayedIndex, delayedDue, outboxSent = KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
-- The next segment's first key.
local nextKey = 7

local function wrongType(key, expected)
  return redis.error_reply('BGJ0027E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; nothing was sent')
end

--#include lib/types.lua

-- First pass: reads and checks only. A queue's jobs are kept as ranges of ARGV, in order.
local byQueue, order, ids, sentIds, delayed, taken, delayedKeys = {}, {}, {}, {}, {}, {}, {}

-- A queue's jobs, its list and wake list named by the first segment that sends to it.
local function jobsOf(queue, list, wake)
  local jobs = byQueue[queue]
  if not jobs then
    jobs = {ranges = {}, count = 0, statusKeys = {}, uniques = {}, list = list, wake = wake}
    byQueue[queue] = jobs
    order[#order + 1] = queue
  end
  return jobs
end

local i = 7
while i <= #ARGV do
  local kind = ARGV[i]
  if kind == 'P' then
    local n = tonumber(ARGV[i + 2])
    local jobs = jobsOf(ARGV[i + 1], KEYS[nextKey], KEYS[nextKey + 1])
    nextKey = nextKey + 2
    jobs.ranges[#jobs.ranges + 1] = {i + 3, i + 2 + n}
    jobs.count = jobs.count + n
    i = i + 3 + n
  elseif kind == 'J' then
    local queue, payload, letters, dueAt, id, uniqueTtl = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4],
      ARGV[i + 5], ARGV[i + 6]
    local first, second = KEYS[nextKey], KEYS[nextKey + 1]
    nextKey = nextKey + 2
    local statusKey, uniqueKey = '', ''
    if string.find(letters, 's', 1, true) then
      statusKey = KEYS[nextKey]
      nextKey = nextKey + 1
    end
    if string.find(letters, 'u', 1, true) then
      uniqueKey = KEYS[nextKey]
      nextKey = nextKey + 1
    end
    local held = false
    local sentBefore = false
    if onlyNew then
      local mark, err = read('zset', 'ZSCORE', outboxSent, id)
      if err then return err end
      sentBefore = mark or (statusKey ~= '' and redis.call('EXISTS', statusKey) == 1)
    end
    if sentBefore then
      -- '' in place of the id. Checked first, as such a job holds its own unique key.
      held = ''
    elseif uniqueKey ~= '' then
      held = taken[uniqueKey]
      if not held then
        local err
        held, err = read('string', 'GET', uniqueKey)
        if err then return err end
      end
    end
    if held then
      ids[#ids + 1] = held
      -- A job held by another's unique key is done with all the same: its outbox row is marked too.
      if held ~= '' then sentIds[#sentIds + 1] = id end
    else
      ids[#ids + 1] = id
      sentIds[#sentIds + 1] = id
      if uniqueKey ~= '' then taken[uniqueKey] = id end
      if dueAt ~= '' then
        local known, err = read('hash', 'HEXISTS', delayedIndex, id)
        if err then return err end
        if known == 0 then
          local job = {payload = payload, dueAt = dueAt, id = id, statusKey = statusKey, uniqueKey = uniqueKey,
            uniqueTtl = uniqueTtl, list = first, stamps = second}
          delayed[#delayed + 1] = job
          if not delayedKeys[job.list] then
            delayedKeys[job.list] = true
            local err = check(job.list, 'list')
            if err then return err end
          end
          local err = check(job.stamps, 'set')
          if err then return err end
        end
      else
        local jobs = jobsOf(queue, first, second)
        jobs.ranges[#jobs.ranges + 1] = {i + 2, i + 2}
        jobs.count = jobs.count + 1
        if statusKey ~= '' then jobs.statusKeys[#jobs.statusKeys + 1] = statusKey end
        if uniqueKey ~= '' then jobs.uniques[#jobs.uniques + 1] = {uniqueKey, uniqueTtl} end
      end
    end
    i = i + 7
  else
    return redis.error_reply('BGJ0027E: segment ' .. tostring(kind) .. ' at ARGV[' .. i .. '] is neither P nor J;'
      .. ' nothing was sent')
  end
end

-- Wake lists are read anyway (to top them up to the cap): the read is the check.
local waiting, total = {}, 0
for _, queue in ipairs(order) do
  local err = check(byQueue[queue].list, 'list')
  if err then return err end
  local length
  length, err = read('list', 'LLEN', byQueue[queue].wake)
  if err then return err end
  waiting[queue] = length
  total = total + byQueue[queue].count
end
local waitingAny = 0
if total > 0 then
  local err
  waitingAny, err = read('list', 'LLEN', wakeAny)
  if err then return err end
end
if #delayed > 0 then
  for _, key in ipairs({schedule, delayedDue}) do
    local err = check(key, 'zset')
    if err then return err end
  end
end
-- KEYS[1] needs no check: when there is a queue to send to, adding it to the set is the first write,
-- and a failing first write has written nothing (once it succeeded, later ones cannot fail).

-- Second pass: writes.
local function wake(list, count, length)
  local missing = math.min(count, maxTokens - length)
  if missing > 0 then
    local tokens = {}
    for t = 1, missing do tokens[t] = '1' end
    redis.call('LPUSH', list, unpack(tokens))
  end
end

for _, queue in ipairs(order) do
  local jobs = byQueue[queue]
  if failed(redis.pcall('SADD', KEYS[1], queue)) then return wrongType(KEYS[1], 'set') end
  local list = jobs.list
  for _, range in ipairs(jobs.ranges) do
    -- unpack is bounded by Lua's stack, so long ranges go in slices.
    for first = range[1], range[2], 1000 do
      redis.call('RPUSH', list, unpack(ARGV, first, math.min(first + 999, range[2])))
    end
  end
  wake(jobs.wake, jobs.count, waiting[queue])
  for _, unique in ipairs(jobs.uniques) do redis.call('SET', unique[1], taken[unique[1]], 'EX', unique[2]) end
  for _, statusKey in ipairs(jobs.statusKeys) do redis.call('SET', statusKey, queued, 'EX', statusTtl) end
end
if total > 0 then wake(wakeAny, total, waitingAny) end

if onlyNew and #sentIds > 0 then
  local now, marks = redis.call('TIME')[1], {}
  for _, id in ipairs(sentIds) do
    marks[#marks + 1] = now
    marks[#marks + 1] = id
  end
  for first = 1, #marks, 1000 do
    redis.call('ZADD', outboxSent, unpack(marks, first, math.min(first + 999, #marks)))
  end
end

if #delayed > 0 then
  local now = tonumber(redis.call('TIME')[1])
  for _, job in ipairs(delayed) do
    local due = tonumber(job.dueAt)
    redis.call('RPUSH', job.list, job.payload)
    redis.call('ZADD', schedule, job.dueAt, job.dueAt)
    redis.call('SADD', job.stamps, 'delayed:' .. job.dueAt)
    -- resque-scheduler keeps this set without an expiry; one left by a mover that does not remove it
    -- is gone some time after the job was due.
    redis.call('EXPIREAT', job.stamps, math.max(due, now) + keepPastDue)
    redis.call('HSET', delayedIndex, job.id, job.dueAt .. ' ' .. job.payload)
    redis.call('ZADD', delayedDue, job.dueAt, job.id)
    if job.uniqueKey ~= '' then redis.call('SET', job.uniqueKey, taken[job.uniqueKey], 'EX', job.uniqueTtl) end
    if job.statusKey ~= '' then redis.call('SET', job.statusKey, scheduled, 'EX', statusTtl) end
  end
end
return ids
