-- Cancels a job that is not delayed (a delayed one is cancel_delayed.lua's), in one atomic step, by
-- where it is:
--   running   a worker's current job (Resque's worker:ID) has its id: the cancel mark is set. The run
--             sees it through JobContext.cancelRequested(), the server that runs it interrupts it after
--             its grace period, and the run's end (finish.lua 'cancelled') writes the status.
--   removed   on a queue, within the first ARGV[4] entries looked at (queues in alphabetical order,
--             each from its head, then the jobs of paused names held aside, bgj:held:NAME): taken off
--             it by its exact bytes, status CANCELLED (lib/unrun.lua).
--   marked    not found so, but its status is tracked and says it waits (queued, retrying or
--             scheduled, or PHP-Resque's 1): on a queue beyond the entries looked at, or in the retry
--             set. The mark is set and its status becomes CANCELLED; fetch.lua discards it when a worker
--             takes it.
-- Else nothing is written. The mark, <prefix>bgj:cancel:ID, expires after the status expiry: a job
-- still queued by then is no longer known as cancelled. Looking is bounded (ARGV[4] entries), so a
-- cancel never holds Redis long, whatever the queues hold.
-- KEYS[1] the namespace's queues set, KEYS[2] workers, KEYS[3] bgj:pause:jobs, KEYS[4] bgj:cancel:ID,
-- KEYS[5] job:ID:status.
-- Derived from the prefix of KEYS[1] (named by the sets and payloads read): worker:WORKER,
-- queue:QUEUE, bgj:held:NAME, and what lib/unrun.lua derives for the job found.
-- ARGV[1] job id, ARGV[2] status expiry in seconds, ARGV[3] most queue entries to look at.
-- Answers 'running', 'removed', 'marked' or 'none'.
--#include lib/namespace.lua
local id, statusTtl, budget = ARGV[1], ARGV[2], tonumber(ARGV[3])
local mark, statusKey = KEYS[4], KEYS[5]

--#include lib/push.lua
--#include lib/batch.lua
--#include lib/unrun.lua

local idText = cjson.encode(id)

-- The decoded payload when it is the job's (a text that merely contains the id is not), else nil.
local function jobIn(text)
  if not string.find(text, idText, 1, true) then return nil end
  local ok, decoded = pcall(cjson.decode, text)
  if ok and type(decoded) == 'table' and decoded.id == id then return decoded end
  return nil
end

local workers = redis.pcall('SMEMBERS', KEYS[2])
if type(workers) == 'table' and not workers.err then
  for _, worker in ipairs(workers) do
    local current = redis.call('GET', prefix .. 'worker:' .. worker)
    if current and string.find(current, idText, 1, true) then
      local ok, record = pcall(cjson.decode, current)
      if ok and type(record) == 'table' and type(record.payload) == 'table' and record.payload.id == id then
        redis.call('SET', mark, '1', 'EX', statusTtl)
        return 'running'
      end
    end
  end
end

-- Looks through the list from its head, within what is left of the budget, for the job's entry
-- (payloadOf gives an entry's payload, or nil), and takes it off by its exact bytes: true if it did.
local CHUNK = 100
local function removeFrom(listKey, payloadOf)
  local first = 0
  while budget > 0 do
    local entries = redis.pcall('LRANGE', listKey, first, first + math.min(CHUNK, budget) - 1)
    -- A key that another program gave another type holds none of our jobs.
    if type(entries) ~= 'table' or entries.err or #entries == 0 then return false end
    for _, entry in ipairs(entries) do
      local payload = payloadOf(entry)
      local job = payload and jobIn(payload)
      if job and redis.call('LREM', listKey, 1, entry) == 1 then
        unrun(prefix, job, 'cancelled', statusTtl, true)
        return true
      end
    end
    budget = budget - #entries
    first = first + #entries
  end
  return false
end

local function wholeEntry(entry) return entry end

-- A job of a paused name that fetch.lua set aside is held in bgj:held:NAME as 'QUEUE PAYLOAD'.
local function heldPayload(entry)
  local space = string.find(entry, ' ', 1, true)
  return space and string.sub(entry, space + 1)
end

local queues = redis.pcall('SMEMBERS', KEYS[1])
if type(queues) == 'table' and not queues.err then
  table.sort(queues)
  for _, queue in ipairs(queues) do
    if removeFrom(prefix .. 'queue:' .. queue, wholeEntry) then return 'removed' end
  end
end

-- From the same budget: a cancel reaches a held job as it reaches a queued one.
local pausedJobs = redis.pcall('HKEYS', KEYS[3])
if type(pausedJobs) == 'table' and not pausedJobs.err then
  table.sort(pausedJobs)
  for _, name in ipairs(pausedJobs) do
    if removeFrom(prefix .. 'bgj:held:' .. name, heldPayload) then return 'removed' end
  end
end

local status = redis.call('GET', statusKey)
if status then
  local ok, record = pcall(cjson.decode, status)
  local state = ok and type(record) == 'table' and record.state
  local waiting = state == 'queued' or state == 'retrying' or state == 'scheduled'
    or (ok and type(record) == 'table' and record.state == nil and tonumber(record.status) == 1)
  if waiting then
    redis.call('SET', mark, '1', 'EX', statusTtl)
    redis.call('SET', statusKey, unrunStatus('cancelled'), 'EX', statusTtl)
    return 'marked'
  end
end
return 'none'
