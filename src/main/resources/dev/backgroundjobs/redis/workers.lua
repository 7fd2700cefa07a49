-- Worker registration, the way Resque keeps it, and recovery of the jobs of workers that are gone.
-- Whenever a worker is removed, the jobs in its in-flight list go back to the head of their queue
-- first (the queue is in its worker:ID record), so nothing is lost; a list whose queue is unknown is
-- kept rather than dropped. Each call is atomic: two servers pruning the same dead worker at once
-- cannot both put its job back.
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] mode, then per mode:
--   register   ARGV[3] worker id, ARGV[4] now (ISO-8601), ARGV[5] the id's host field: earlier lives of
--              the same loop (same host field, another pid) are removed first
--   unregister ARGV[3] worker id
--   prune      ARGV[3] cutoff (ISO-8601): workers whose heartbeat is older are removed; first, the
--              calling server's live workers, ARGV[5] onwards, get the heartbeat ARGV[4] (now)
-- Returns the number of jobs put back (prune: the removed worker ids, then that number).
local prefix, mode = ARGV[1], ARGV[2]

local function requeue(worker)
  local current = redis.call('GET', prefix .. 'worker:' .. worker)
  if not current then return 0 end
  local ok, record = pcall(cjson.decode, current)
  if not (ok and type(record) == 'table' and type(record.queue) == 'string') then return 0 end
  local moved = 0
  while redis.call('LMOVE', prefix .. 'bgj:inflight:' .. worker, prefix .. 'queue:' .. record.queue, 'RIGHT', 'LEFT') do
    moved = moved + 1
  end
  return moved
end

local function remove(worker)
  local moved = requeue(worker)
  redis.call('SREM', prefix .. 'workers', worker)
  redis.call('DEL', prefix .. 'worker:' .. worker, prefix .. 'worker:' .. worker .. ':started',
    prefix .. 'stat:processed:' .. worker, prefix .. 'stat:failed:' .. worker)
  redis.call('HDEL', prefix .. 'workers:heartbeat', worker)
  return moved
end

if mode == 'register' then
  local worker, now, host = ARGV[3], ARGV[4], ARGV[5]
  local moved = 0
  for _, other in ipairs(redis.call('SMEMBERS', prefix .. 'workers')) do
    if other ~= worker and string.sub(other, 1, #host + 1) == host .. ':' then
      moved = moved + remove(other)
    end
  end
  moved = moved + remove(worker)
  redis.call('SADD', prefix .. 'workers', worker)
  redis.call('SET', prefix .. 'worker:' .. worker .. ':started', now)
  redis.call('HSET', prefix .. 'workers:heartbeat', worker, now)
  return moved
elseif mode == 'unregister' then
  return remove(ARGV[3])
elseif mode == 'prune' then
  for i = 5, #ARGV do
    redis.call('HSET', prefix .. 'workers:heartbeat', ARGV[i], ARGV[4])
  end
  -- ISO-8601 times in UTC compare as text over their first 19 characters.
  local cutoff = string.sub(ARGV[3], 1, 19)
  local beats = redis.call('HGETALL', prefix .. 'workers:heartbeat')
  local pruned, moved = {}, 0
  for i = 1, #beats, 2 do
    if string.sub(beats[i + 1], 1, 19) < cutoff then
      moved = moved + remove(beats[i])
      pruned[#pruned + 1] = beats[i]
    end
  end
  pruned[#pruned + 1] = tostring(moved)
  return pruned
end
return redis.error_reply('unknown mode ' .. tostring(mode))
