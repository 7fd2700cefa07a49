-- Refreshes the heartbeats of the calling server's live workers, then removes every stale worker (see
-- lib/workers.lua for what becomes of their jobs).
-- Heartbeats are ISO-8601 with any offset (Z, +HH:MM, -HH:MM, +HHMM, +HH, an optional fraction), as
-- Ruby writes its process's zone; one that cannot be read is never judged stale. Ours are written in
-- UTC. A worker is stale when its heartbeat is more than its timeout (whole seconds) behind Redis time:
-- ours after the worker timeout, foreign ones after Resque's own prune interval. A live worker that a
-- peer pruned (or a Ruby worker unregistered) is registered again; its heartbeat renews the lease of
-- the concurrency slot its run holds (lib/limits.lua).
-- KEYS: the fixed ones of lib/workers.lua, then the seven keys of each live worker, in ARGV's order.
-- ARGV[1] our workers' timeout in seconds, ARGV[2] foreign workers' timeout in seconds, ARGV[3] onwards
-- the calling server's live workers.
-- Answers two lists: the removed workers, three entries each (id, what became of its jobs:
-- 'requeued', 'failed', 'none' or 'kept', and how many jobs that was), and the ids registered again.
--#include lib/namespace.lua

--#include lib/workers.lua

local ourTimeout, foreignTimeout = tonumber(ARGV[1]), tonumber(ARGV[2])
local nextKeys = WORKER_KEYS_AT
for i = 3, #ARGV do
  nextKeys = declareWorker(ARGV[i], nextKeys)
end
local registeredAgain = {}
for i = 3, #ARGV do
  local worker = ARGV[i]
  local keys = workerKeys(worker)
  local tombstone = keys.pruned
  -- Only a worker that registered and did not unregister: one still starting, or one that has just
  -- unregistered as its server stops, is left alone.
  if redis.call('SISMEMBER', oursKey, worker) == 1 or redis.call('EXISTS', tombstone) == 1 then
    if redis.call('SADD', workersKey, worker) == 1 then
      registeredAgain[#registeredAgain + 1] = worker
      redis.call('SET', keys.started, nowIso, 'NX')
    end
    redis.call('SADD', oursKey, worker)
    redis.call('DEL', tombstone)
    redis.call('HSET', heartbeats, worker, nowIso)
    limits.renew(prefix, worker, (limits.now()), keys.held)
  end
end
local beats = redis.call('HGETALL', heartbeats)
local removed = {}
for i = 1, #beats, 2 do
  local worker, beat = beats[i], epochOf(beats[i + 1])
  if beat then
    local ours = isOurs(worker)
    if now - beat > (ours and ourTimeout or foreignTimeout) then
      local outcome, count = remove(worker)
      if ours then
        redis.call('SET', workerKeys(worker).pruned, nowIso, 'EX', TOMBSTONE_SECONDS)
      end
      removed[#removed + 1] = worker
      removed[#removed + 1] = outcome
      removed[#removed + 1] = count
    end
  end
end
return {removed, registeredAgain}
