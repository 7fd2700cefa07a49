-- Registers or unregisters a worker the way Resque does. Either way, jobs left in the worker's
-- in-flight list (a crash, or a shutdown that interrupted them) go back to the head of their queue
-- first, so nothing is lost; a list whose queue is unknown is kept rather than dropped.
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] worker id, ARGV[3] now (ISO-8601), ARGV[4] 'register' or 'unregister'.
local prefix, worker, now, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local workerKey = prefix .. 'worker:' .. worker
local inflight = prefix .. 'bgj:inflight:' .. worker

local requeued = 0
local current = redis.call('GET', workerKey)
if current then
  local ok, record = pcall(cjson.decode, current)
  if ok and type(record) == 'table' and type(record.queue) == 'string' then
    while redis.call('LMOVE', inflight, prefix .. 'queue:' .. record.queue, 'RIGHT', 'LEFT') do
      requeued = requeued + 1
    end
  end
end

redis.call('DEL', workerKey)
if mode == 'register' then
  redis.call('SADD', prefix .. 'workers', worker)
  redis.call('SET', workerKey .. ':started', now)
  redis.call('HSET', prefix .. 'workers:heartbeat', worker, now)
else
  redis.call('SREM', prefix .. 'workers', worker)
  redis.call('DEL', workerKey .. ':started', prefix .. 'stat:processed:' .. worker, prefix .. 'stat:failed:' .. worker)
  redis.call('HDEL', prefix .. 'workers:heartbeat', worker)
end
return requeued
