-- Puts jobs (back) on their queues, each in one atomic step with taking it from where it waited, so
-- however many servers do this at once, a job is queued exactly once:
--   retries    retries that are due, from the retry set
--   delayed    delayed jobs that are due, stored as resque-scheduler stores them; a resque-scheduler
--              process that holds its master lock is left to do this (servers of this module share
--              the lock under values starting with 'bgj:')
--   cancel     takes a delayed job that is not due yet off the schedule, without queueing it
--   recurring  one scheduled time of a recurring job: recorded as the job's last one, and a time not
--              after the recorded one queues nothing
--   failed     a record of Resque's failed list, named by index and checked against its exact text,
--              retried (its payload queued) or deleted; removal marks the entry and removes the mark,
--              as Resque does
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] mode, ARGV[3] most wake tokens kept per list, ARGV[4] the status
-- JSON to write ("queued", or "cancelled" for cancel), ARGV[5] status expiry in seconds, then per mode:
--   retries    ARGV[6] now (epoch ms), ARGV[7] most jobs per call        -> {moved, next due ms or ''}
--   delayed    ARGV[6] now (epoch s), ARGV[7] most jobs per call, ARGV[8] this server's lock value,
--              ARGV[9] lock expiry in seconds      -> {moved, next due s, or '' for none, '-1' if not master}
--   cancel     ARGV[6] job id                                            -> 1 cancelled, 0 not delayed
--   recurring  ARGV[6] name, ARGV[7] scheduled time (epoch s), ARGV[8] '1' when it has just come,
--              ARGV[9] '1' to run once for times missed while no server ran, ARGV[10] queue,
--              ARGV[11] payload, ARGV[12] status key                     -> 1 queued, 0 not
--   failed     ARGV[6] index, ARGV[7] the record as read, ARGV[8] 'retry' or 'delete'; retry:
--              ARGV[9] queue, ARGV[10] payload, ARGV[11] status key ('' for none) -> 1 done, 0 moved
local prefix, mode, maxTokens, status, statusTtl = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]

-- The decoded job (nil when not JSON) and its PHP-Resque status key (nil when it has no id).
local function decode(payload)
  local ok, job = pcall(cjson.decode, payload)
  if not (ok and type(job) == 'table') then return nil, nil end
  if type(job.id) ~= 'string' then return job, nil end
  local statusPrefix = (type(job.prefix) == 'string' and job.prefix ~= '') and (job.prefix .. '_') or ''
  return job, prefix .. 'job:' .. statusPrefix .. job.id .. ':status'
end

local function queue(name, payload, statusKey)
  redis.call('SADD', KEYS[1], name)
  redis.call('RPUSH', prefix .. 'queue:' .. name, payload)
  for _, wake in ipairs({prefix .. 'bgj:wake:' .. name, prefix .. 'bgj:wake:*'}) do
    if redis.call('LLEN', wake) < maxTokens then
      redis.call('LPUSH', wake, '1')
    end
  end
  if statusKey and statusKey ~= '' then
    redis.call('SET', statusKey, status, 'EX', statusTtl)
  end
end

local function firstScore(key)
  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return first[2] or ''
end

local schedule = prefix .. 'delayed_queue_schedule'
local delayedIndex = prefix .. 'bgj:delayed'

if mode == 'retries' then
  local retries = prefix .. 'bgj:retry'
  local moved = 0
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', retries, '-inf', ARGV[6], 'LIMIT', 0, tonumber(ARGV[7]))) do
    local job, statusKey = decode(member)
    if job and type(job.queue) == 'string' and redis.call('ZREM', retries, member) == 1 then
      queue(job.queue, member, statusKey)
      moved = moved + 1
    end
  end
  return {moved, firstScore(retries)}

elseif mode == 'delayed' then
  local now, limit = ARGV[6], tonumber(ARGV[7])
  local lock = prefix .. 'resque_scheduler_master_lock'
  local holder = redis.call('GET', lock)
  if holder and string.sub(holder, 1, 4) ~= 'bgj:' then
    return {0, '-1'}
  end
  redis.call('SET', lock, ARGV[8], 'EX', ARGV[9])
  local moved = 0
  for _, timestamp in ipairs(redis.call('ZRANGEBYSCORE', schedule, '-inf', now, 'LIMIT', 0, limit)) do
    local delayed = prefix .. 'delayed:' .. timestamp
    while moved < limit do
      local payload = redis.call('LPOP', delayed)
      if not payload then break end
      local job, statusKey = decode(payload)
      if job and type(job.queue) == 'string' then
        queue(job.queue, payload, statusKey)
        if type(job.id) == 'string' then redis.call('HDEL', delayedIndex, job.id) end
      else
        -- No queue to go to: kept in Resque's failed list rather than dropped.
        redis.call('RPUSH', prefix .. 'failed', cjson.encode({failed_at = now, payload = payload,
          exception = 'BGJ0035E', error = 'BGJ0035E: a delayed job names no queue', backtrace = {},
          worker = 'scheduler', queue = ''}))
      end
      redis.call('SREM', prefix .. 'timestamps:' .. payload, delayed)
      moved = moved + 1
    end
    if redis.call('LLEN', delayed) == 0 then
      redis.call('DEL', delayed)
      redis.call('ZREM', schedule, timestamp)
    end
  end
  return {moved, firstScore(schedule)}

elseif mode == 'cancel' then
  local entry = redis.call('HGET', delayedIndex, ARGV[6])
  if not entry then return 0 end
  redis.call('HDEL', delayedIndex, ARGV[6])
  local space = string.find(entry, ' ', 1, true)
  local timestamp, payload = string.sub(entry, 1, space - 1), string.sub(entry, space + 1)
  local delayed = prefix .. 'delayed:' .. timestamp
  if redis.call('LREM', delayed, 1, payload) == 0 then return 0 end
  redis.call('SREM', prefix .. 'timestamps:' .. payload, delayed)
  if redis.call('LLEN', delayed) == 0 then
    redis.call('DEL', delayed)
    redis.call('ZREM', schedule, timestamp)
  end
  local _, statusKey = decode(payload)
  if statusKey then redis.call('SET', statusKey, status, 'EX', statusTtl) end
  return 1

elseif mode == 'recurring' then
  local key = prefix .. 'bgj:recurring:' .. ARGV[6]
  local time = tonumber(ARGV[7])
  local last = tonumber(redis.call('HGET', key, 'last') or '-1')
  if time <= last then return 0 end
  redis.call('HSET', key, 'last', ARGV[7])
  -- A time that has just come always runs; older ones (missed while no server ran) run once if
  -- asked, but never for a schedule seen for the first time.
  if not (ARGV[8] == '1' or (ARGV[9] == '1' and last >= 0)) then return 0 end
  queue(ARGV[10], ARGV[11], ARGV[12])
  redis.call('HSET', key, 'last_run', ARGV[7])
  return 1

elseif mode == 'failed' then
  local failed = prefix .. 'failed'
  if redis.call('LINDEX', failed, tonumber(ARGV[6])) ~= ARGV[7] then return 0 end
  local mark = '__bgj_removed__'
  redis.call('LSET', failed, tonumber(ARGV[6]), mark)
  redis.call('LREM', failed, 1, mark)
  if ARGV[8] == 'retry' then queue(ARGV[9], ARGV[10], ARGV[11]) end
  return 1
end
return redis.error_reply('unknown mode ' .. tostring(mode))
