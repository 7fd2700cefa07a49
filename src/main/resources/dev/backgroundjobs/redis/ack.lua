-- Ends a job: removes it from the worker's in-flight list by its exact bytes, clears the worker's
-- current job, counts it as Resque does (a failed job counts as processed and as failed) and writes
-- its final status.
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] worker id, ARGV[3] the payload as fetched, ARGV[4] the failure
-- record JSON, or '' when the job succeeded, ARGV[5] status key ('' for none), ARGV[6] status JSON,
-- ARGV[7] status expiry in seconds.
local prefix, worker, payload, failure = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
-- Removing nothing means this call already ran (its reply was lost in an outage and it was sent
-- again): nothing more to do, so nothing is counted twice.
if redis.call('LREM', prefix .. 'bgj:inflight:' .. worker, -1, payload) == 0 then
  return 0
end
redis.call('DEL', prefix .. 'worker:' .. worker)
redis.call('INCR', prefix .. 'stat:processed')
redis.call('INCR', prefix .. 'stat:processed:' .. worker)
if failure ~= '' then
  redis.call('INCR', prefix .. 'stat:failed')
  redis.call('INCR', prefix .. 'stat:failed:' .. worker)
  redis.call('RPUSH', prefix .. 'failed', failure)
end
if string.find(payload, '"unique_key"', 1, true) then
  -- A unique job held until it finishes frees its key now, unless another job holds it already.
  local ok, job = pcall(cjson.decode, payload)
  if ok and type(job) == 'table' and type(job.unique_key) == 'string' and redis.call('GET', job.unique_key) == job.id then
    redis.call('DEL', job.unique_key)
  end
end
if ARGV[5] ~= '' then
  redis.call('SET', ARGV[5], ARGV[6], 'EX', ARGV[7])
end
return 1
