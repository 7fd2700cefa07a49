-- Ends a run: removes the job from the worker's in-flight list by its exact bytes, clears the
-- worker's current job, counts the run as Resque does (a failed run counts as processed and as
-- failed) and writes the job's status if it is tracked (its status key exists); the progress of an
-- untracked job goes with its run. Then, by outcome:
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
-- current minute (epoch minutes), ARGV[9] the progress key the run wrote ('' for none); failed:
-- ARGV[10] the failure record; retry: ARGV[10] the payload of the next run, ARGV[11] in how many
-- milliseconds it is due (from Redis's clock, not a server's).
-- Limits (lib/limits.lua): the slot of a concurrency limit that the run held is freed, once, and the
-- first job waiting for that limit goes back to the head of its queue.
local prefix, worker, payload, outcome, minute = ARGV[1], ARGV[2], ARGV[3], ARGV[7], ARGV[8]

-- Counters are Resque's too, and anyone may have overwritten one with text: a counter that cannot be
-- incremented is left as it is, never a reason to fail the run's record.
local function count(key)
  return redis.pcall('INCR', key)
end

local function countInMinute(stat)
  local key = prefix .. 'bgj:stat:' .. stat .. ':minute:' .. minute
  if count(key) == 1 then
    redis.call('EXPIRE', key, 7200)
  end
end

-- Checked before the first write, so that a key of the wrong type fails the call with nothing written.
local destination = (outcome == 'failed' and {prefix .. 'failed', 'list'})
    or (outcome == 'retry' and {prefix .. 'bgj:retry', 'zset'})
if destination then
  local found = redis.call('TYPE', destination[1]).ok
  if found ~= 'none' and found ~= destination[2] then
    return redis.error_reply('BGJ0094E: ' .. destination[1] .. ' is a ' .. found .. ', not a ' .. destination[2]
      .. '; the end of the run was not recorded')
  end
end

if redis.call('LREM', prefix .. 'bgj:inflight:' .. worker, -1, payload) == 0 then
  return 0
end
if not ARGV.chained then
  -- Chained with the worker's next fetch, which replaces the current job or deletes it.
  redis.call('DEL', prefix .. 'worker:' .. worker)
end
count(prefix .. 'stat:processed')
count(prefix .. 'stat:processed:' .. worker)
countInMinute('processed')
if outcome ~= 'succeeded' then
  count(prefix .. 'stat:failed')
  count(prefix .. 'stat:failed:' .. worker)
  countInMinute('failed')
end
if outcome == 'failed' then
  redis.call('RPUSH', prefix .. 'failed', ARGV[10])
elseif outcome == 'retry' then
  local time = redis.call('TIME')
  local due = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + tonumber(ARGV[11])
  redis.call('ZADD', prefix .. 'bgj:retry', string.format('%d', due), ARGV[10])
end
if outcome ~= 'retry' and string.find(payload, '"unique_key"', 1, true) then
  local ok, job = pcall(cjson.decode, payload)
  local uniquePrefix = prefix .. 'bgj:unique:'
  -- A payload names a key only inside the namespace's uniqueness keys, never any key it likes.
  if ok and type(job) == 'table' and type(job.unique_key) == 'string'
      and string.sub(job.unique_key, 1, #uniquePrefix) == uniquePrefix
      and redis.pcall('GET', job.unique_key) == job.id then
    redis.call('DEL', job.unique_key)
  end
end
-- [limits] ---------------------------------------------------------------------------------------
--#include lib/limits.lua
limits.release(prefix, worker)
-- [/limits] --------------------------------------------------------------------------------------
local tracked = ARGV[4] ~= '' and redis.call('SET', ARGV[4], ARGV[5], 'EX', ARGV[6], 'XX')
if not tracked and ARGV[9] ~= '' then
  redis.call('DEL', ARGV[9])
end
return 1
