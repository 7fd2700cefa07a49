-- Publishes a server's rate and concurrency limits (see lib/limits.lua for the keys): each spec given
-- replaces its job name's entry, and the entries of the names given without a limit go. Then due
-- waiters are promoted: what idle workers' own wake-ups would miss (a worker that died waiting) waits
-- at most one heartbeat. Times are Redis's.
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] how many limits follow, then that many pairs (job name, spec), then
-- the names of this server's jobs that have no limit.
-- Answers how many buckets were due.
local prefix = ARGV[1]

--#include lib/limits.lua

local limitsKey = prefix .. 'bgj:limits'
local now = limits.now()
local count = tonumber(ARGV[2])
for i = 3, 2 + 2 * count, 2 do
  redis.call('HSET', limitsKey, ARGV[i], ARGV[i + 1])
end
for i = 3 + 2 * count, #ARGV do
  redis.call('HDEL', limitsKey, ARGV[i])
end
return limits.promoteDue(prefix, now, 20)
