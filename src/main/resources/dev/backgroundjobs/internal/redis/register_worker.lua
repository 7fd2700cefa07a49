-- Registers one of our worker loops as Resque keeps workers (see lib/workers.lua), first removing
-- earlier lives of the same loop (same host field, a pid field of other digits with the same -pool-N
-- tag) and an earlier life of the same id, their jobs back on their queues. Times are Redis's.
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] worker id (host:PID-pool-N:queues), ARGV[3] its host field.
-- Answers the number of jobs put back.
local prefix = ARGV[1]

--#include lib/workers.lua

local worker, host = ARGV[2], ARGV[3]
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
redis.call('SET', prefix .. 'worker:' .. worker .. ':started', nowIso)
redis.call('HSET', heartbeats, worker, nowIso)
return moved
