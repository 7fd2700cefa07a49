-- Rate and concurrency limits per job name, or per value of one argument (a "bucket"), shared by
-- fetch.lua (admit or defer a job as it is taken), finish.lua (release a run's slot), the worker scripts
-- (renew or release leases), publish_limits.lua (publish limits, promote waiters) and limit_state.lua (read
-- state). Times are Redis's (TIME), in epoch ms.
-- Keys, all under the namespace prefix (a bucket is the job name, or the name, a newline and the value):
--   bgj:limits               hash  job name -> spec "RATE PERIOD_MS CONCURRENCY LEASE_MS ARG FIELD"
--                                  (0 for no rate or concurrency limit, ARG -1 for no key; FIELD may be empty)
--   bgj:limit:window:BUCKET  zset  the starts of the last period, scored by start time; expires after a period
--   bgj:limit:leases:BUCKET  zset  worker id -> when its slot lapses unless renewed; a worker runs one job
--   bgj:limit:waiting:BUCKET list  deferred jobs in arrival order, each "LEN:QUEUE" then the payload's exact bytes
--   bgj:limit:due            zset  bucket -> when its waiters may be able to go (a window frees, a lease lapses)
--   bgj:limit:held:WORKER    string "LEASE_MS:BUCKET" of the slot the worker's current run holds
--   bgj:limit:timer          string "DUE:WORKER": the one idle worker that wakes by itself at the first due time
-- The including script sets limits.keys to the fixed keys it got in KEYS: {config = bgj:limits, due =
-- bgj:limit:due, timer = bgj:limit:timer (fetch only), wakeAny = bgj:wake:*}, and passes a worker's
-- bgj:limit:held:WORKER key where a function takes it. The bucket keys, and the queue:NAME and
-- bgj:wake:NAME keys of a waiter's queue, are derived from the namespace prefix: they are named by
-- what the script reads.
local limits = {}

-- A waiter promoted per call at most, so that one call never holds Redis long.
limits.BATCH = 100
-- A value longer than this names its bucket by digest, so that no payload makes a key of any size.
local LONGEST_VALUE = 100

function limits.now()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000), time[1] .. string.format('%06d', tonumber(time[2]))
end

local function key(prefix, kind, bucket)
  return prefix .. 'bgj:limit:' .. kind .. ':' .. bucket
end
limits.key = key

function limits.parse(spec)
  local rate, period, concurrency, lease, arg, field =
      string.match(spec, '^(%d+) (%d+) (%d+) (%d+) (%-?%d+) ?(.*)$')
  if not rate then return nil end
  return {rate = tonumber(rate), period = tonumber(period), concurrency = tonumber(concurrency),
          lease = tonumber(lease), arg = tonumber(arg), field = field}
end

function limits.spec(prefix, name)
  local spec = redis.call('HGET', limits.keys.config, name)
  return spec and limits.parse(spec)
end

-- The bucket a job counts against: its name, or its name and the value of the limit's key argument
-- (a missing or non-scalar value is the empty value: such jobs share one bucket rather than escape).
function limits.bucket(name, spec, job)
  if spec.arg < 0 then return name end
  local value = type(job.args) == 'table' and job.args[spec.arg + 1]
  if spec.field ~= '' then
    value = type(value) == 'table' and value[spec.field]
  end
  local kind = type(value)
  local text = ''
  if kind == 'string' then
    text = value
  elseif kind == 'number' then
    text = (value == math.floor(value) and math.abs(value) < 1e15) and string.format('%d', value) or tostring(value)
  elseif kind == 'boolean' then
    text = tostring(value)
  end
  if #text > LONGEST_VALUE then text = 'sha1:' .. redis.sha1hex(text) end
  return name .. '\n' .. text
end

local function nameOf(bucket)
  local newline = string.find(bucket, '\n', 1, true)
  return newline and string.sub(bucket, 1, newline - 1) or bucket
end

-- The first score of a zset, or nil.
local function first(zset)
  local entry = redis.call('ZRANGE', zset, 0, 0, 'WITHSCORES')
  return entry[2] and tonumber(entry[2])
end

-- How many more runs the bucket's limits allow now (math.huge for none), and, when none, from when
-- one may be allowed. With `starting` runs about to start, the answer is from when one more may go.
local function room(prefix, bucket, spec, now, starting)
  local free, due = math.huge, nil
  if spec.concurrency > 0 then
    local leases = key(prefix, 'leases', bucket)
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
    local left = spec.concurrency - redis.call('ZCARD', leases)
    free = math.min(free, left)
    if left - starting <= 0 then
      -- A slot frees when a run ends (finish.lua lets a waiter go then) or when its lease lapses.
      due = first(leases) or (now + spec.lease)
    end
  end
  if spec.rate > 0 then
    local window = key(prefix, 'window', bucket)
    -- A start counts for one period from its time: one at now - period has just left the window.
    redis.call('ZREMRANGEBYSCORE', window, '-inf', now - spec.period)
    local left = spec.rate - redis.call('ZCARD', window)
    free = math.min(free, left)
    if left - starting <= 0 then
      due = math.max(due or 0, (first(window) or now) + spec.period)
    end
  end
  return free, due and math.max(due, now + 1)
end

-- Admits the run of a fetched job (recording its start and slot) and answers nil, or answers the
-- bucket and from when it may go, having recorded nothing.
function limits.admit(prefix, job, worker, now, micros, heldKey)
  if type(job) ~= 'table' or type(job.class) ~= 'string' then return nil end
  local spec = limits.spec(prefix, job.class)
  if not spec then return nil end
  local bucket = limits.bucket(job.class, spec, job)
  local free, due = room(prefix, bucket, spec, now, 0)
  if free <= 0 then return bucket, due end
  if spec.rate > 0 then
    local window = key(prefix, 'window', bucket)
    redis.call('ZADD', window, now, micros .. ':' .. worker)
    redis.call('PEXPIRE', window, spec.period)
  end
  if spec.concurrency > 0 then
    local leases = key(prefix, 'leases', bucket)
    redis.call('ZADD', leases, now + spec.lease, worker)
    redis.call('PEXPIRE', leases, 2 * spec.lease)
    redis.call('SET', heldKey, spec.lease .. ':' .. bucket, 'PX', 2 * spec.lease)
  end
  return nil
end

-- Parks a job that its limit holds back: off the worker's in-flight list, where fetch.lua had just
-- moved it, to the tail of its bucket's waiting list, with the bucket's due time kept at the earliest.
function limits.defer(prefix, inflight, bucket, due, queue, payload)
  redis.call('RPOP', inflight)
  redis.call('RPUSH', key(prefix, 'waiting', bucket), #queue .. ':' .. queue .. payload)
  redis.call('ZADD', limits.keys.due, 'LT', due, bucket)
end

local function wake(prefix, queue)
  for _, list in ipairs({prefix .. 'bgj:wake:' .. queue, limits.keys.wakeAny}) do
    if redis.call('LLEN', list) < 64 then
      redis.call('LPUSH', list, '1')
      redis.call('EXPIRE', list, 60)
    end
  end
end

-- Moves as many of the bucket's waiters as its limits now allow (at most `most`) back to the head of
-- their queues, oldest first, waking a worker for each; then schedules the bucket's next look, or
-- forgets it when no one waits. A bucket whose limit is gone from the configuration lets all go.
-- Answers how many moved.
function limits.promote(prefix, bucket, now, most)
  local waiting = key(prefix, 'waiting', bucket)
  local spec = limits.spec(prefix, nameOf(bucket))
  local free = spec and math.min(room(prefix, bucket, spec, now, 0), most) or most
  local moved = {}
  for _ = 1, free do
    local entry = redis.call('LPOP', waiting)
    if not entry then break end
    moved[#moved + 1] = entry
  end
  for i = #moved, 1, -1 do
    local entry = moved[i]
    local colon = string.find(entry, ':', 1, true)
    local length = tonumber(string.sub(entry, 1, colon - 1))
    local queue = string.sub(entry, colon + 1, colon + length)
    redis.call('LPUSH', prefix .. 'queue:' .. queue, string.sub(entry, colon + length + 1))
    wake(prefix, queue)
  end
  if redis.call('LLEN', waiting) == 0 then
    redis.call('ZREM', limits.keys.due, bucket)
  else
    -- The limit is reached once the moved jobs start: look when it frees again (at once when the
    -- batch, not the limit, stopped the move).
    local due
    if spec then
      local ignored
      ignored, due = room(prefix, bucket, spec, now, #moved)
    end
    redis.call('ZADD', limits.keys.due, due or now, bucket)
  end
  return #moved
end

-- Promotes the waiters of up to `most` buckets that are due; answers how many buckets were due.
function limits.promoteDue(prefix, now, most)
  local due = redis.call('ZRANGEBYSCORE', limits.keys.due, '-inf', now, 'LIMIT', 0, most)
  for _, bucket in ipairs(due) do
    limits.promote(prefix, bucket, now, limits.BATCH)
  end
  return #due
end

-- Frees the slot the worker's run held, if it still holds one (so twice frees once), and lets the
-- bucket's first waiter go if the limits allow it. A run without a slot costs one GET.
function limits.release(prefix, worker, heldKey)
  local held = redis.call('GET', heldKey)
  if not held then return end
  local now = limits.now()
  redis.call('DEL', heldKey)
  local bucket = string.sub(held, string.find(held, ':', 1, true) + 1)
  if redis.call('ZREM', key(prefix, 'leases', bucket), worker) == 1
      and redis.call('EXISTS', key(prefix, 'waiting', bucket)) == 1 then
    limits.promote(prefix, bucket, now, 1)
  end
end

-- For an idle worker: the milliseconds until the first bucket is due, if this worker is to be the one
-- that wakes then (no other worker already waits for that time or an earlier one), else nil. The claim
-- lapses a second after the due time, so a worker that died or got busy hands the task on.
function limits.wait(prefix, worker, now)
  local first = redis.call('ZRANGE', limits.keys.due, 0, 0, 'WITHSCORES')
  if #first == 0 then return nil end
  local due = tonumber(first[2])
  local timerKey = limits.keys.timer
  local timer = redis.call('GET', timerKey)
  if timer then
    local colon = string.find(timer, ':', 1, true)
    if colon and string.sub(timer, colon + 1) ~= worker and tonumber(string.sub(timer, 1, colon - 1)) <= due then
      return nil
    end
  end
  local wait = math.max(due - now, 0)
  redis.call('SET', timerKey, string.format('%d', due) .. ':' .. worker, 'PX', wait + 1000)
  return wait
end

-- Renews the lease of the slot the worker's run holds, for another lease time from now: a live
-- worker's slots never lapse, a dead one's lapse one lease time after its last heartbeat.
function limits.renew(prefix, worker, now, heldKey)
  local held = redis.call('GET', heldKey)
  if not held then return end
  local colon = string.find(held, ':', 1, true)
  local lease = tonumber(string.sub(held, 1, colon - 1))
  local leases = key(prefix, 'leases', string.sub(held, colon + 1))
  if redis.call('ZADD', leases, 'XX', now + lease, worker) then
    redis.call('PEXPIRE', leases, 2 * lease)
  end
  redis.call('PEXPIRE', heldKey, 2 * lease)
end
