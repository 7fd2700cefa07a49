-- Sends jobs in one atomic step. A job due now goes to the tail of its queue and wakes idle workers; a
-- delayed job is stored as resque-scheduler stores it; a unique job whose key is held sends nothing
-- and answers with the id of the job holding the key. Each job's status is written.
-- All or none: every key that a write could fail on (a key of another type) is read or checked before
-- the first write, so a key of the wrong type sends nothing and answers BGJ0027E naming it.
-- KEYS[1] the namespace's queues set (also routes the call in a cluster; all keys share the namespace).
-- ARGV[1] namespace prefix, ARGV[2] most wake tokens kept per list, ARGV[3] the "queued" status JSON,
-- ARGV[4] the "scheduled" status JSON, ARGV[5] status expiry in seconds, ARGV[6] how long past its
-- due time a delayed job's timestamps:PAYLOAD set is kept (seconds), ARGV[7] '1' to send only jobs not
-- sent before (those of the transactional outbox, which may be sent twice), then per job 7 fields:
-- queue, payload, status key ('' for none), due time in epoch seconds ('' for now), job id,
-- unique key ('' for none), unique key expiry in seconds.
-- A delayed job sent again with the same id (a lost reply) is stored once. With ARGV[7] '1', each job
-- sent is marked in bgj:outbox:sent (id scored by when, Redis time), which the outbox empties as it
-- deletes the jobs' rows; a job marked there, or whose status key exists, is not sent again, and
-- answers '' in place of its id. So the mark costs memory only while a row is left.
-- Keys: queues, queue:NAME, bgj:wake:NAME, bgj:wake:*, delayed_queue_schedule, delayed:TS,
-- timestamps:PAYLOAD (its member is 'delayed:TS', not namespaced, as resque-scheduler writes it),
-- bgj:delayed (id -> 'TS payload'), bgj:delayed:due (ids by due time), bgj:outbox:sent, the unique
-- and status keys.
-- Returns the job ids in order.
local prefix = ARGV[1]
local maxTokens = tonumber(ARGV[2])
local queued, scheduled, statusTtl, keepPastDue = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local onlyNew = ARGV[7] == '1'
local schedule, delayedIndex, delayedDue = prefix .. 'delayed_queue_schedule', prefix .. 'bgj:delayed',
  prefix .. 'bgj:delayed:due'
local outboxSent = prefix .. 'bgj:outbox:sent'

local function wrongType(key, expected)
  return redis.error_reply('BGJ0027E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; nothing was sent')
end

--#include lib/types.lua

-- First pass: reads and checks only.
local byQueue, order, ids, delayed, taken, delayedKeys = {}, {}, {}, {}, {}, {}
for i = 8, #ARGV, 7 do
  local queue, payload, statusKey, dueAt, id, uniqueKey = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
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
  else
    ids[#ids + 1] = id
    if uniqueKey ~= '' then taken[uniqueKey] = id end
    if dueAt ~= '' then
      local known, err = read('hash', 'HEXISTS', delayedIndex, id)
      if err then return err end
      if known == 0 then
        local job = {payload = payload, dueAt = dueAt, id = id, statusKey = statusKey, uniqueKey = uniqueKey,
          uniqueTtl = ARGV[i + 6], list = prefix .. 'delayed:' .. dueAt, stamps = prefix .. 'timestamps:' .. payload}
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
      -- Plain arrays per queue, no table per job: a batch of thousands costs no more than it must.
      local jobs = byQueue[queue]
      if not jobs then
        jobs = {payloads = {}, statusKeys = {}, uniques = {}}
        byQueue[queue] = jobs
        order[#order + 1] = queue
      end
      jobs.payloads[#jobs.payloads + 1] = payload
      if statusKey ~= '' then jobs.statusKeys[#jobs.statusKeys + 1] = statusKey end
      if uniqueKey ~= '' then jobs.uniques[#jobs.uniques + 1] = {uniqueKey, ARGV[i + 6]} end
    end
  end
end

-- Wake lists are read anyway (to top them up to the cap): the read is the check.
local waiting, total = {}, 0
for _, queue in ipairs(order) do
  local err = check(prefix .. 'queue:' .. queue, 'list')
  if err then return err end
  local length
  length, err = read('list', 'LLEN', prefix .. 'bgj:wake:' .. queue)
  if err then return err end
  waiting[queue] = length
  total = total + #byQueue[queue].payloads
end
local wakeAny, waitingAny = prefix .. 'bgj:wake:*', 0
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
  local payloads = jobs.payloads
  if failed(redis.pcall('SADD', KEYS[1], queue)) then return wrongType(KEYS[1], 'set') end
  -- unpack is bounded by Lua's stack, so large batches go in slices.
  for first = 1, #payloads, 1000 do
    redis.call('RPUSH', prefix .. 'queue:' .. queue, unpack(payloads, first, math.min(first + 999, #payloads)))
  end
  wake(prefix .. 'bgj:wake:' .. queue, #payloads, waiting[queue])
  for _, unique in ipairs(jobs.uniques) do redis.call('SET', unique[1], taken[unique[1]], 'EX', unique[2]) end
  for _, statusKey in ipairs(jobs.statusKeys) do redis.call('SET', statusKey, queued, 'EX', statusTtl) end
end
if total > 0 then wake(wakeAny, total, waitingAny) end

if onlyNew then
  -- Jobs held by another's unique key are marked too: their rows are done with all the same.
  local now, marks = redis.call('TIME')[1], {}
  for i = 8, #ARGV, 7 do
    if ids[(i - 1) / 7] ~= '' then
      marks[#marks + 1] = now
      marks[#marks + 1] = ARGV[i + 4]
    end
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
