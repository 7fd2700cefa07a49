-- Ends a run: removes the job from the worker's in-flight list by its exact bytes, clears the
-- worker's current job, counts the run as Resque does (a failed run counts as processed and as
-- failed) and writes the job's status. Then, by outcome:
--   succeeded  nothing more
--   failed     the failure record goes to Resque's failed list
--   retry      the next run goes to the retry set, scored by when it is due (epoch milliseconds),
--              from where any server's housekeeper moves it back to its queue
-- A unique job held until it finishes frees its key, unless another job holds it already.
-- Removing nothing means this call already ran (its reply was lost in an outage and it was sent
-- again): then nothing is done, so nothing is counted twice.
-- KEYS[1] the namespace's queues set (routing only). ARGV.chained: the worker's next fetch follows in
-- this same call (see LuaScript.chain).
-- Runs are also counted per minute (kept two hours) for the dashboard's throughput chart.
-- ARGV[1] namespace prefix, ARGV[2] worker id, ARGV[3] the payload as fetched, ARGV[4] status key
-- ('' for none), ARGV[5] status JSON, ARGV[6] status expiry in seconds, ARGV[7] outcome, ARGV[8] the
-- current minute (epoch minutes); failed: ARGV[9] the failure record; retry: ARGV[9] the payload of
-- the next run, ARGV[10] when it is due.
local prefix, worker, payload, outcome, minute = ARGV[1], ARGV[2], ARGV[3], ARGV[7], ARGV[8]

local function countInMinute(stat)
  local key = prefix .. 'bgj:stat:' .. stat .. ':minute:' .. minute
  if redis.call('INCR', key) == 1 then
    redis.call('EXPIRE', key, 7200)
  end
end

if redis.call('LREM', prefix .. 'bgj:inflight:' .. worker, -1, payload) == 0 then
  return 0
end
if not ARGV.chained then
  -- Chained with the worker's next fetch, which replaces the current job or deletes it.
  redis.call('DEL', prefix .. 'worker:' .. worker)
end
redis.call('INCR', prefix .. 'stat:processed')
redis.call('INCR', prefix .. 'stat:processed:' .. worker)
countInMinute('processed')
if outcome ~= 'succeeded' then
  redis.call('INCR', prefix .. 'stat:failed')
  redis.call('INCR', prefix .. 'stat:failed:' .. worker)
  countInMinute('failed')
end
if outcome == 'failed' then
  redis.call('RPUSH', prefix .. 'failed', ARGV[9])
elseif outcome == 'retry' then
  redis.call('ZADD', prefix .. 'bgj:retry', ARGV[10], ARGV[9])
end
if outcome ~= 'retry' and string.find(payload, '"unique_key"', 1, true) then
  local ok, job = pcall(cjson.decode, payload)
  if ok and type(job) == 'table' and type(job.unique_key) == 'string' and redis.call('GET', job.unique_key) == job.id then
    redis.call('DEL', job.unique_key)
  end
end
if ARGV[4] ~= '' then
  redis.call('SET', ARGV[4], ARGV[5], 'EX', ARGV[6])
end
return 1
