-- Registers one of our worker loops as Resque keeps workers (see lib/workers.lua), first removing
-- earlier lives of the same loop (same host field, a pid field of other digits with the same -pool-N
-- tag) and an earlier life of the same id, their jobs back on their queues. Times are Redis's.
-- KEYS: the fixed ones of lib/workers.lua, then the worker's seven keys.
-- ARGV[1] worker id (host:PID-pool-N:queues), ARGV[2] its host field.
-- Answers the number of jobs put back.
--#include lib/namespace.lua

--#include lib/workers.lua

local worker, host = ARGV[1], ARGV[2]
declareWorker(worker, WORKER_KEYS_AT)
local pidField = string.match(worker, '^[^:]*:([^:]*)')
local tag = pidField and string.match(pidField, '^%d+(.*)$')
local moved = 0
if tag then
  local candidates = {}
  for _, other in ipairs(redis.call('SMEMBERS', workersKey)) do candidates[other] = true end
  for _, other in ipairs(redis.call('SMEMBERS', oursKey)) do candidates[other] = true end
  for other in pairs(candidates) do
    local otherHost, otherPid = string.match(other, '^([^:]*):([^:]*)')
    if other ~= worker and otherHost == host and otherPid and string.match(otherPid, '^%d+(.*)$') == tag then
      moved = moved + putBack(other)
    end
  end
end
moved = moved + putBack(worker)
redis.call('SADD', workersKey, worker)
redis.call('SADD', oursKey, worker)
redis.call('SET', workerKeys(worker).started, nowIso)
redis.call('HSET', heartbeats, worker, nowIso)
return moved
