-- Worker registration, the way Resque keeps it, and what happens to the jobs of workers that are gone
-- (included by LuaScript where a script says '--#include lib/workers.lua'; it includes lib/utc.lua and
-- lib/limits.lua): shared by register_worker.lua, unregister_worker.lua and prune_workers.lua. The
-- including script first includes lib/namespace.lua (prefix), and has these KEYS: KEYS[1] the
-- namespace's queues set, KEYS[2] workers, KEYS[3] bgj:workers, KEYS[4] workers:heartbeat, KEYS[5]
-- failed, KEYS[6] bgj:limits, KEYS[7] bgj:limit:due, KEYS[8] bgj:wake:*, then the keys of each worker its
-- caller names (see declareWorker), seven each: worker:ID, worker:ID:started, bgj:inflight:ID,
-- stat:processed:ID, stat:failed:ID, bgj:pruned:ID, bgj:limit:held:ID.
-- Derived from the prefix of KEYS[1]: the same seven keys of the other workers found in the workers
-- sets and the heartbeats (earlier lives, stale workers), the queue:QUEUE a removed worker's job goes
-- back to (named in its worker:ID record), and what lib/limits.lua derives.
-- All times come from Redis (TIME), never from a server's clock, so servers whose clocks disagree
-- still judge heartbeats alike. Each call is atomic: two servers pruning the same dead worker at once
-- cannot both handle its job.
--
-- Ours and foreign workers: bgj:workers is the set of the ids this module registered (kept by
-- register, unregister and prune); a worker with an in-flight list (bgj:inflight:ID) is ours too, as
-- only this module writes those. When one of ours is removed, its in-flight jobs go back to the head
-- of their queue (the queue is in its worker:ID record); a list whose queue is unknown is kept rather
-- than dropped. A foreign worker (Ruby Resque, PHP-Resque, ...) has no in-flight list: its current job,
-- in worker:ID, becomes a failure record as Resque writes one when it prunes a dead worker
-- (Resque::DirtyExit), so it can be retried from the failed list.
-- Limits (lib/limits.lua): a worker removed here frees the concurrency slot its run holds (once:
-- freeing is idempotent), as its job goes back.
local workersKey, oursKey, heartbeats, failedList = KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local WORKER_KEYS_AT = 9
-- How long a tombstone of one of our pruned workers lets a live loop register again: longer than any
-- network cut a server is expected to come back from.
local TOMBSTONE_SECONDS = 86400

--#include lib/utc.lua
--#include lib/limits.lua
limits.keys = {config = KEYS[6], due = KEYS[7], wakeAny = KEYS[8]}

-- The keys of the workers the caller named, by id.
local declared = {}

-- Names the keys of the worker whose keys are the seven from KEYS[first]; answers the next one's first.
local function declareWorker(worker, first)
  declared[worker] = {record = KEYS[first], started = KEYS[first + 1], inflight = KEYS[first + 2],
    processed = KEYS[first + 3], failed = KEYS[first + 4], pruned = KEYS[first + 5], held = KEYS[first + 6]}
  return first + 7
end

-- A worker's keys: from KEYS when the caller named it, else derived.
local function workerKeys(worker)
  return declared[worker] or {record = prefix .. 'worker:' .. worker, started = prefix .. 'worker:' .. worker .. ':started',
    inflight = prefix .. 'bgj:inflight:' .. worker, processed = prefix .. 'stat:processed:' .. worker,
    failed = prefix .. 'stat:failed:' .. worker, pruned = prefix .. 'bgj:pruned:' .. worker,
    held = prefix .. 'bgj:limit:held:' .. worker}
end

-- Redis time, in whole seconds since the epoch.
local now = tonumber(redis.call('TIME')[1])

-- ISO-8601 in UTC, as our heartbeats and start times are written.
local nowIso = utc(now, '-', 'T', 'Z')

-- Seconds since the epoch of an ISO-8601 time with an offset, or nil when it is not one.
local function epochOf(text)
  local y, mo, d, h, mi, s, rest = string.match(text, '^(%d%d%d%d)-(%d%d)-(%d%d)[Tt ](%d%d):(%d%d):(%d%d)(.*)$')
  if not y then return nil end
  y, mo, d, h, mi, s = tonumber(y), tonumber(mo), tonumber(d), tonumber(h), tonumber(mi), tonumber(s)
  if mo < 1 or mo > 12 or d < 1 or d > 31 or h > 23 or mi > 59 or s > 60 then return nil end
  rest = string.gsub(rest, '^[.,]%d+', '', 1)
  local offset
  if rest == 'Z' or rest == 'z' then
    offset = 0
  else
    local sign, oh, om = string.match(rest, '^([+-])(%d%d):?(%d%d)$')
    if not sign then
      sign, oh = string.match(rest, '^([+-])(%d%d)$')
      om = '00'
    end
    if not sign then return nil end
    oh, om = tonumber(oh), tonumber(om)
    if oh > 23 or om > 59 then return nil end
    offset = (oh * 3600 + om * 60) * (sign == '-' and -1 or 1)
  end
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset
end

-- The raw text of a top-level member's value in a JSON object, so a payload is kept byte for byte
-- (decoding and encoding it again would round large numbers); nil when it is not found.
local function rawMember(json, name)
  local i, n = 1, #json
  local function skipSpace()
    i = string.find(json, '[^ \t\r\n]', i) or n + 1
  end
  local function skipString()
    local j = i + 1
    while j <= n do
      local c = string.sub(json, j, j)
      if c == '\\' then j = j + 2
      elseif c == '"' then i = j + 1; return true
      else j = j + 1 end
    end
    return false
  end
  local function skipValue()
    skipSpace()
    local c = string.sub(json, i, i)
    if c == '"' then return skipString() end
    if c == '{' or c == '[' then
      local depth = 0
      while i <= n do
        c = string.sub(json, i, i)
        if c == '"' then
          if not skipString() then return false end
        else
          if c == '{' or c == '[' then depth = depth + 1
          elseif c == '}' or c == ']' then depth = depth - 1 end
          i = i + 1
          if depth == 0 then return true end
        end
      end
      return false
    end
    local j = string.find(json, '[,}%] \t\r\n]', i)
    if not j or j == i then return false end
    i = j
    return true
  end
  skipSpace()
  if string.sub(json, i, i) ~= '{' then return nil end
  i = i + 1
  while true do
    skipSpace()
    if string.sub(json, i, i) ~= '"' then return nil end
    local keyStart = i
    if not skipString() then return nil end
    local ok, key = pcall(cjson.decode, string.sub(json, keyStart, i - 1))
    skipSpace()
    if string.sub(json, i, i) ~= ':' then return nil end
    i = i + 1
    skipSpace()
    local valueStart = i
    if not skipValue() then return nil end
    if ok and key == name then return string.sub(json, valueStart, i - 1) end
    skipSpace()
    if string.sub(json, i, i) ~= ',' then return nil end
    i = i + 1
  end
end

local function isOurs(worker)
  return redis.call('SISMEMBER', oursKey, worker) == 1 or redis.call('EXISTS', workerKeys(worker).inflight) == 1
end

-- Puts our worker's in-flight jobs back at the head of their queue: 'requeued' and their number, or
-- 'kept' and the number left in its list when its queue is unknown, or 'none'.
local function requeue(worker)
  local inflight = workerKeys(worker).inflight
  local left = redis.call('LLEN', inflight)
  if left == 0 then return 'none', 0 end
  local ok, record = pcall(cjson.decode, redis.call('GET', workerKeys(worker).record) or '')
  if not (ok and type(record) == 'table' and type(record.queue) == 'string') then return 'kept', left end
  local moved = 0
  while redis.call('LMOVE', inflight, prefix .. 'queue:' .. record.queue, 'RIGHT', 'LEFT') do
    moved = moved + 1
  end
  return 'requeued', moved
end

-- Records a foreign worker's current job as failed, as Resque does for a worker that died mid-job:
-- 'failed' and 1, or 'none' and 0 when it ran nothing.
local function recordDirtyExit(worker)
  local current = redis.call('GET', workerKeys(worker).record)
  if not current or current == '' then return 'none', 0 end
  local ok, record = pcall(cjson.decode, current)
  local payload, queue = nil, nil
  if ok and type(record) == 'table' then
    if record.payload == nil then return 'none', 0 end
    payload = rawMember(current, 'payload') or cjson.encode(record.payload)
    queue = record.queue
  else
    -- Not JSON: kept as text, so the job is still there to read.
    payload = cjson.encode(current)
  end
  redis.call('RPUSH', failedList, '{"failed_at":"' .. utc(now, '/', ' ', ' UTC') .. '","payload":' .. payload
    .. ',"exception":"Resque::DirtyExit","error":"Job still being processed","backtrace":[],"worker":'
    .. cjson.encode(worker) .. ',"queue":' .. (type(queue) == 'string' and cjson.encode(queue) or 'null') .. '}')
  return 'failed', 1
end

-- Removes a worker with everything Resque keeps for it; returns what became of its jobs and how many.
local function remove(worker)
  local outcome, count
  if isOurs(worker) then
    -- Freed first, so that a waiter it lets go is queued behind the worker's own job.
    limits.release(prefix, worker, workerKeys(worker).held)
    outcome, count = requeue(worker)
  else
    outcome, count = recordDirtyExit(worker)
  end
  redis.call('SREM', workersKey, worker)
  redis.call('SREM', oursKey, worker)
  local keys = workerKeys(worker)
  redis.call('DEL', keys.record, keys.started, keys.processed, keys.failed, keys.pruned)
  redis.call('HDEL', heartbeats, worker)
  return outcome, count
end

local function putBack(worker)
  local outcome, count = remove(worker)
  return outcome == 'requeued' and count or 0
end
