-- Publishes a server's rate and concurrency limits (see lib/limits.lua for the keys): each spec given
-- replaces its job name's entry, and the entries of the names given without a limit go. Then due
-- waiters are promoted: what idle workers' own wake-ups would miss (a worker that died waiting) waits
-- at most one heartbeat. Times are Redis's.
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:limits, KEYS[3] bgj:limit:due, KEYS[4] bgj:wake:*.
-- Derived from the prefix of KEYS[1] (named by the due buckets read): the buckets' bgj:limit:* keys,
-- and queue:QUEUE and bgj:wake:QUEUE of the queues their waiters go back to.
-- ARGV[1] how many limits follow, then that many pairs (job name, spec), then the names of this
-- server's jobs that have no limit.
-- Answers how many buckets were due.
--#include lib/namespace.lua

--#include lib/limits.lua
limits.keys = {config = KEYS[2], due = KEYS[3], wakeAny = KEYS[4]}

local now = limits.now()
local count = tonumber(ARGV[1])
for i = 2, 1 + 2 * count, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
for i = 2 + 2 * count, #ARGV do
  redis.call('HDEL', KEYS[2], ARGV[i])
end
return limits.promoteDue(prefix, now, 20)
