-- Puts jobs (back) on their queues, each in one atomic step with taking it from where it waited, so
-- however many servers do this at once, a job is queued exactly once:
--   retries    retries that are due, from the retry set; a member that is not JSON, names no queue, or
--              names a queue whose key holds another type goes to Resque's failed list instead
--              (BGJ0029E), once
--   delayed    delayed jobs that are due, stored as resque-scheduler stores them (one whose queue's key
--              holds another type goes to the failed list, BGJ0035E). Nothing moves while
--              a peer scheduler holds its lock: resque-scheduler's <ns>:<ns>:resque_scheduler_master_lock
--              (redis-namespace prefixes its prefixed key), node-resque's <ns>:resque_scheduler_leader_lock,
--              or <ns>:resque_scheduler_master_lock, with a value not starting with 'bgj:'. While we move
--              we hold all three (servers of this module share them under values starting with 'bgj:').
--              Either way, our delayed jobs long past due that a peer moved (it drops their id) lose their
--              index entries and get the "queued" status.
--   cancel     takes a delayed job that is not due yet off the schedule, without queueing it, and frees
--              its unique key when that job holds it
--   recurring  one scheduled time of a recurring job: recorded as the job's last one, and a time not
--              after the recorded one queues nothing
--   failed     a record of Resque's failed list, named by index and checked against its exact text,
--              retried (its payload queued) or deleted; removal marks the entry and removes the mark,
--              as Resque does
-- Every mode reads or checks the keys a write could fail on (a key of another type) before its first
-- write, so such a key moves nothing and answers BGJ0028E naming it. The script also runs as the body of
-- a function (LuaScript.both), so it answers errors with error_reply instead of raising them.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] mode, ARGV[3] most wake tokens kept per list, ARGV[4] the status
-- JSON to write ("queued", or "cancelled" for cancel), ARGV[5] status expiry in seconds, then per mode:
--   retries    ARGV[6] most jobs per call          -> {moved, ms until the next is due, or '' for none}
--   delayed    ARGV[6] most jobs per call, ARGV[7] this server's lock value, ARGV[8] lock expiry in
--              seconds, ARGV[9] seconds past due before a job is looked for as moved by a peer,
--              ARGV[10] seconds a timestamps:PAYLOAD set is kept past due
--                          -> {moved, s until the next is due, or '' for none, '-1' if not master}
-- Both take now from Redis's clock (TIME).
--   cancel     ARGV[6] job id                                            -> 1 cancelled, 0 not delayed
--   recurring  ARGV[6] name, ARGV[7] scheduled time (epoch s), ARGV[8] '1' when it has just come,
--              ARGV[9] '1' to run once for times missed while no server ran, ARGV[10] queue,
--              ARGV[11] payload, ARGV[12] status key ('' for an untracked job) -> 1 queued, 0 not
--   failed     ARGV[6] index, ARGV[7] the record as read, ARGV[8] 'retry' or 'delete'; retry:
--              ARGV[9] queue, ARGV[10] payload, ARGV[11] status key ('' for none) -> 1 done, 0 moved
local prefix, mode, maxTokens, status, statusTtl = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]

local schedule = prefix .. 'delayed_queue_schedule'
local delayedIndex = prefix .. 'bgj:delayed'
local delayedDue = prefix .. 'bgj:delayed:due'
local failedList = prefix .. 'failed'

local function wrongType(key, expected)
  return redis.error_reply('BGJ0028E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; nothing was moved')
end

--#include lib/types.lua

-- The checks for queueing to these queues, before the first write: an error reply or nil.
local function checkQueues(names)
  local err = check(KEYS[1], 'set') or check(prefix .. 'bgj:wake:*', 'list')
  local seen = {}
  for _, name in ipairs(names) do
    if err then return err end
    if not seen[name] then
      seen[name] = true
      err = check(prefix .. 'queue:' .. name, 'list') or check(prefix .. 'bgj:wake:' .. name, 'list')
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
    local err = check(prefix .. 'queue:' .. name, 'list') or check(prefix .. 'bgj:wake:' .. name, 'list')
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
  redis.call('SADD', KEYS[1], name)
  redis.call('RPUSH', prefix .. 'queue:' .. name, payload)
  for _, wake in ipairs({prefix .. 'bgj:wake:' .. name, prefix .. 'bgj:wake:*'}) do
    if redis.call('LLEN', wake) < maxTokens then
      redis.call('LPUSH', wake, '1')
    end
  end
  setStatus(statusKey, newJob)
end

--#include lib/utc.lua

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

if mode == 'retries' then
  local retries = prefix .. 'bgj:retry'
  local _, now = redisNow()
  local members, err = read('zset', 'ZRANGEBYSCORE', retries, '-inf', now, 'LIMIT', 0, tonumber(ARGV[6]))
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

elseif mode == 'delayed' then
  local now = redisNow()
  local limit, lockValue, lockTtl = tonumber(ARGV[6]), ARGV[7], ARGV[8]
  local grace, kept = tonumber(ARGV[9]), tonumber(ARGV[10])
  local locks = {prefix .. 'resque_scheduler_master_lock', prefix .. prefix .. 'resque_scheduler_master_lock',
    prefix .. 'resque_scheduler_leader_lock'}
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
      if job.id then
        redis.call('HDEL', delayedIndex, job.id)
        redis.call('ZREM', delayedDue, job.id)
      end
    else
      -- No queue to go to: kept in Resque's failed list rather than dropped.
      redis.call('RPUSH', failedList, failureRecord(job.payload, job.job, 'BGJ0035E',
        (job.problem or (job.job and 'a delayed job names no queue' or 'a delayed job is not a JSON payload'))
        .. '; it was taken from ' .. prefix .. 'delayed:' .. job.timestamp, queueOf(job.job) or 'delayed'))
      if job.id then
        redis.call('HDEL', delayedIndex, job.id)
        redis.call('ZREM', delayedDue, job.id)
      end
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

elseif mode == 'cancel' then
  local id = ARGV[6]
  local entry, err = read('hash', 'HGET', delayedIndex, id)
  if err then return err end
  if not entry then return 0 end
  local timestamp, payload = split(entry)
  local list = prefix .. 'delayed:' .. timestamp
  local job, statusKey = decode(payload)
  -- The unique key is freed only when this job holds it, and only a key of our own.
  local uniqueKey = job and type(job.unique_key) == 'string' and job.unique_key
  local uniquePrefix = prefix .. 'bgj:unique:'
  local freeUnique = uniqueKey and string.sub(uniqueKey, 1, #uniquePrefix) == uniquePrefix
    and redis.pcall('GET', uniqueKey) == id
  err = check(schedule, 'zset') or check(delayedDue, 'zset')
  if err then return err end
  -- The first write: a list of another type fails here, having written nothing.
  local removed, err = read('list', 'LREM', list, 1, payload)
  if err then return err end
  -- Not in its list: moved by a peer. The delayed pass reconciles it; nothing is cancelled.
  if removed == 0 then return 0 end
  redis.call('HDEL', delayedIndex, id)
  redis.call('ZREM', delayedDue, id)
  unstamp(payload, timestamp)
  if redis.call('LLEN', list) == 0 then
    redis.call('ZREM', schedule, timestamp)
  end
  setStatus(statusKey, false)
  if freeUnique then redis.call('DEL', uniqueKey) end
  return 1

elseif mode == 'recurring' then
  local key = prefix .. 'bgj:recurring:' .. ARGV[6]
  local time = tonumber(ARGV[7])
  local recorded, err = read('hash', 'HGET', key, 'last')
  if err then return err end
  local last = tonumber(recorded or '-1')
  if time <= last then return 0 end
  -- A time that has just come always runs; older ones (missed while no server ran) run once if
  -- asked, but never for a schedule seen for the first time.
  local runs = ARGV[8] == '1' or (ARGV[9] == '1' and last >= 0)
  err = runs and checkQueues({ARGV[10]}) or nil
  if err then return err end
  redis.call('HSET', key, 'last', ARGV[7])
  if not runs then return 0 end
  queue(ARGV[10], ARGV[11], ARGV[12], true)
  redis.call('HSET', key, 'last_run', ARGV[7])
  return 1

elseif mode == 'failed' then
  local index = tonumber(ARGV[6])
  local record, err = read('list', 'LINDEX', failedList, index)
  if err then return err end
  if record ~= ARGV[7] then return 0 end
  err = ARGV[8] == 'retry' and checkQueues({ARGV[9]}) or nil
  if err then return err end
  local mark = '__bgj_removed__'
  redis.call('LSET', failedList, index, mark)
  redis.call('LREM', failedList, 1, mark)
  if ARGV[8] == 'retry' then queue(ARGV[9], ARGV[10], ARGV[11]) end
  return 1
end
return redis.error_reply('unknown mode ' .. tostring(mode))
