-- Moves delayed jobs that are due (stored as resque-scheduler stores them) to the tail of their
-- queues, or cancels one. Each job is taken off its delayed list in the same atomic step that queues
-- it, so however many servers run this at once, a job is queued exactly once. A resque-scheduler
-- process that holds its master lock is left to do the moving; servers of this module share the lock
-- under values starting with 'bgj:'.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] mode, then per mode:
--   promote ARGV[3] now in epoch seconds, ARGV[4] this server's lock value, ARGV[5] lock expiry in
--           seconds, ARGV[6] most jobs moved per call, ARGV[7] most wake tokens kept per list,
--           ARGV[8] the "queued" status JSON, ARGV[9] status expiry in seconds.
--           Returns how many moved and the next due time ('' when none, -1 when another master holds the lock).
--   cancel  ARGV[3] job id, ARGV[4] the "cancelled" status JSON, ARGV[5] status expiry in seconds.
--           Returns 1 when the job was cancelled, 0 when it was not (or no longer) delayed.
local prefix, mode = ARGV[1], ARGV[2]
local schedule = prefix .. 'delayed_queue_schedule'
local index = prefix .. 'bgj:delayed'

-- The decoded job (nil when not JSON) and its status key (nil when it has no id).
local function decode(payload)
  local ok, job = pcall(cjson.decode, payload)
  if not (ok and type(job) == 'table') then return nil, nil end
  if type(job.id) ~= 'string' then return job, nil end
  local statusPrefix = (type(job.prefix) == 'string' and job.prefix ~= '') and (job.prefix .. '_') or ''
  return job, prefix .. 'job:' .. statusPrefix .. job.id .. ':status'
end

local function forget(delayed, timestamp, payload)
  redis.call('SREM', prefix .. 'timestamps:' .. payload, delayed)
  if redis.call('LLEN', delayed) == 0 then
    redis.call('DEL', delayed)
    redis.call('ZREM', schedule, timestamp)
  end
end

if mode == 'promote' then
  local now, lockValue, lockTtl, limit, maxTokens = ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
  local lock = prefix .. 'resque_scheduler_master_lock'
  local holder = redis.call('GET', lock)
  if holder and string.sub(holder, 1, 4) ~= 'bgj:' then
    return {0, '-1'}
  end
  redis.call('SET', lock, lockValue, 'EX', lockTtl)
  local moved = 0
  for _, timestamp in ipairs(redis.call('ZRANGEBYSCORE', schedule, '-inf', now, 'LIMIT', 0, limit)) do
    local delayed = prefix .. 'delayed:' .. timestamp
    while moved < limit do
      local payload = redis.call('LPOP', delayed)
      if not payload then break end
      local job, key = decode(payload)
      local queue = job and type(job.queue) == 'string' and job.queue or nil
      if queue then
        redis.call('SADD', KEYS[1], queue)
        redis.call('RPUSH', prefix .. 'queue:' .. queue, payload)
        for _, wake in ipairs({prefix .. 'bgj:wake:' .. queue, prefix .. 'bgj:wake:*'}) do
          redis.call('LPUSH', wake, '1')
          redis.call('LTRIM', wake, 0, maxTokens - 1)
        end
        if key then
          redis.call('SET', key, ARGV[8], 'EX', ARGV[9])
          redis.call('HDEL', index, job.id)
        end
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
  local nextDue = redis.call('ZRANGE', schedule, 0, 0, 'WITHSCORES')
  return {moved, nextDue[2] or ''}
elseif mode == 'cancel' then
  local entry = redis.call('HGET', index, ARGV[3])
  if not entry then return 0 end
  local space = string.find(entry, ' ', 1, true)
  local timestamp, payload = string.sub(entry, 1, space - 1), string.sub(entry, space + 1)
  local delayed = prefix .. 'delayed:' .. timestamp
  local removed = redis.call('LREM', delayed, 1, payload)
  redis.call('HDEL', index, ARGV[3])
  if removed == 0 then return 0 end
  forget(delayed, timestamp, payload)
  local _, key = decode(payload)
  if key then redis.call('SET', key, ARGV[4], 'EX', ARGV[5]) end
  return 1
end
return redis.error_reply('unknown mode ' .. tostring(mode))
