-- Ends a failed run that will be retried: removes it from the worker's in-flight list by its exact
-- bytes, counts the failed run, and schedules the next run in the retry set (scored by when it is
-- due, in epoch milliseconds), where any server's housekeeper promotes it back to its queue.
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] worker id, ARGV[3] the payload as fetched, ARGV[4] the payload of
-- the next run (with its queue and attempt count), ARGV[5] when it is due, ARGV[6] status key ('' for
-- none), ARGV[7] status JSON, ARGV[8] status expiry in seconds.
local prefix, worker, payload = ARGV[1], ARGV[2], ARGV[3]
-- Removing nothing means this call already ran (its reply was lost in an outage and it was sent
-- again): nothing more to do, so nothing is counted twice.
if redis.call('LREM', prefix .. 'bgj:inflight:' .. worker, -1, payload) == 0 then
  return 0
end
redis.call('DEL', prefix .. 'worker:' .. worker)
redis.call('INCR', prefix .. 'stat:processed')
redis.call('INCR', prefix .. 'stat:processed:' .. worker)
redis.call('INCR', prefix .. 'stat:failed')
redis.call('INCR', prefix .. 'stat:failed:' .. worker)
redis.call('ZADD', prefix .. 'bgj:retry', ARGV[5], ARGV[4])
if ARGV[6] ~= '' then
  redis.call('SET', ARGV[6], ARGV[7], 'EX', ARGV[8])
end
return 1
