-- What the scripts that put jobs (back) on their queues share (included by LuaScript where a script
-- says '--#include lib/requeue.lua'; it includes lib/types.lua and lib/utc.lua): promote_retries.lua,
-- promote_delayed.lua, cancel_delayed.lua, fire_recurring.lua and retry_failed.lua. Each takes a job
-- from where it waited and queues it in one atomic step, so however many servers do this at once, a job
-- is queued exactly once. The including script first includes lib/namespace.lua (prefix) and defines
-- status (the status JSON to write) and statusTtl (its expiry in seconds); one that queues also
-- defines maxTokens (most wake tokens kept per list) and wakeAny (the key bgj:wake:*, from its KEYS),
-- and enters the queues its caller named in knownQueues (name -> {queue key, wake key}, from KEYS):
-- the keys of any other queue are those a job read in the script names, derived from the prefix.
-- Every script reads or checks the keys a write could fail on (a key of another type) before
-- its first write, so such a key moves nothing and answers BGJ0028E naming it. promote_retries.lua and
-- promote_delayed.lua also run as the body of a function (LuaScript.both), so they answer errors with
-- error_reply instead of raising them.

local function wrongType(key, expected)
  return redis.error_reply('BGJ0028E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; nothing was moved')
end

--#include lib/types.lua
--#include lib/utc.lua

local knownQueues = {}

-- The queue's list and wake list: from KEYS when the caller named the queue, else derived.
local function queueKeys(name)
  local known = knownQueues[name]
  if known then return known[1], known[2] end
  return prefix .. 'queue:' .. name, prefix .. 'bgj:wake:' .. name
end

-- The checks for queueing to these queues, before the first write: an error reply or nil.
local function checkQueues(names)
  local err = check(KEYS[1], 'set') or check(wakeAny, 'list')
  local seen = {}
  for _, name in ipairs(names) do
    if err then return err end
    if not seen[name] then
      seen[name] = true
      local list, wake = queueKeys(name)
      err = check(list, 'list') or check(wake, 'list')
    end
  end
  return err
end

-- Why a queue cannot take jobs (one of its keys holds another type, as Jesque's delayed enqueue
-- leaves queue:NAME), or false; asked once per queue and call. Such a job goes to the failed list,
-- retryable once the key is fixed, instead of holding up every other job of the call.
local queueProblems = {}
local function queueProblem(name)
  if queueProblems[name] == nil then
    local list, wake = queueKeys(name)
    local err = check(list, 'list') or check(wake, 'list')
    queueProblems[name] = err and err.err or false
  end
  return queueProblems[name]
end

-- The decoded job (nil when not JSON) and its PHP-Resque status key (nil when it has no id).
local function decode(payload)
  local ok, job = pcall(cjson.decode, payload)
  if not (ok and type(job) == 'table') then return nil, nil end
  if type(job.id) ~= 'string' then return job, nil end
  local statusPrefix = (type(job.prefix) == 'string' and job.prefix ~= '') and (job.prefix .. '_') or ''
  return job, prefix .. 'job:' .. statusPrefix .. job.id .. ':status'
end

-- The queue a decoded job names, or nil.
local function queueOf(job)
  if job and type(job.queue) == 'string' and job.queue ~= '' then return job.queue end
end

-- Status is written where it is tracked: for a new job when the caller names its key, for a job that
-- waited only when its key exists (XX), as PHP-Resque decides.
local function setStatus(statusKey, newJob)
  if statusKey and statusKey ~= '' then
    if newJob then
      redis.call('SET', statusKey, status, 'EX', statusTtl)
    else
      redis.call('SET', statusKey, status, 'EX', statusTtl, 'XX')
    end
  end
end

local function queue(name, payload, statusKey, newJob)
  local list, wakeList = queueKeys(name)
  redis.call('SADD', KEYS[1], name)
  redis.call('RPUSH', list, payload)
  for _, wake in ipairs({wakeList, wakeAny}) do
    if redis.call('LLEN', wake) < maxTokens then
      redis.call('LPUSH', wake, '1')
    end
  end
  setStatus(statusKey, newJob)
end

-- Now, from Redis's clock, as Ruby Resque writes failed_at: %Y/%m/%d %H:%M:%S UTC.
local function rubyNow()
  return utc(tonumber(redis.call('TIME')[1]), '/', ' ', ' UTC')
end

-- A Resque failure record for a payload that cannot be queued; the payload's own text is kept.
local function failureRecord(payload, job, code, error, from)
  -- failed_at holds no character JSON escapes; cjson would write its '/' as '\/', which Ruby does not.
  return '{"failed_at":"' .. rubyNow() .. '","payload":' .. (job and payload or cjson.encode(payload))
    .. ',"exception":' .. cjson.encode(code) .. ',"error":' .. cjson.encode(code .. ': ' .. error)
    .. ',"backtrace":[],"worker":"scheduler","queue":' .. cjson.encode(from) .. '}'
end

-- Removes the job's member of its timestamps:PAYLOAD set: 'delayed:TS' as resque-scheduler and
-- node-resque write it, or the namespaced form earlier versions wrote. Bookkeeping for peers' lookups:
-- a key of another type there is not ours to fix and does not stop the move.
local function unstamp(payload, timestamp)
  local stamps = prefix .. 'timestamps:' .. payload
  if redis.pcall('SREM', stamps, 'delayed:' .. timestamp) == 0 then
    redis.pcall('SREM', stamps, prefix .. 'delayed:' .. timestamp)
  end
end

-- Now by Redis's clock, in seconds and in milliseconds: a server whose clock runs ahead or behind
-- moves nothing early or late.
local function redisNow()
  local time = redis.call('TIME')
  local seconds = tonumber(time[1])
  return seconds, seconds * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- How long from now until the first member of a sorted set is due, in the unit of its scores; '' when
-- it is empty. A wait, not a time, so that the caller needs no clock that agrees with Redis's.
local function untilFirst(key, now)
  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if not first[2] then return '' end
  return string.format('%d', math.max(0, math.floor(tonumber(first[2]) - now)))
end

-- An index entry: 'TS payload'.
local function split(entry)
  local space = string.find(entry, ' ', 1, true)
  return string.sub(entry, 1, space - 1), string.sub(entry, space + 1)
end
