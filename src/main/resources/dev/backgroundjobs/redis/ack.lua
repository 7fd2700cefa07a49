-- Ends a job: removes it from the worker's in-flight list by its exact bytes, clears the worker's
-- current job and counts it as Resque does (a failed job counts as processed and as failed).
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] worker id, ARGV[3] the payload as fetched, ARGV[4] the failure
-- record JSON, or '' when the job succeeded.
local prefix, worker, payload, failure = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
redis.call('LREM', prefix .. 'bgj:inflight:' .. worker, -1, payload)
redis.call('DEL', prefix .. 'worker:' .. worker)
redis.call('INCR', prefix .. 'stat:processed')
redis.call('INCR', prefix .. 'stat:processed:' .. worker)
if failure ~= '' then
  redis.call('INCR', prefix .. 'stat:failed')
  redis.call('INCR', prefix .. 'stat:failed:' .. worker)
  redis.call('RPUSH', prefix .. 'failed', failure)
end
return 1
