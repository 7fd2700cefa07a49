-- Ends a run: removes the job from the worker's in-flight list by its exact bytes, clears the
-- worker's current job, counts the run as Resque does (a failed run counts as processed and as
-- failed) and writes the job's status if it is tracked (its status key exists); the progress of an
-- untracked job goes with its run. Then, by outcome:
--   succeeded  nothing more
--   failed     the failure record goes to Resque's failed list
--   retry      the next run goes to the retry set, scored by when it is due (epoch milliseconds),
--              from where any server's housekeeper moves it back to its queue
--   cancelled  [cancel] the run was asked to stop (JobQueue.cancel): counted as processed, not failed,
--              and in bgj:stat:cancelled; its status CANCELLED is written even when untracked (one key per
--              cancel, so the canceller sees it), its progress is kept as long, and its cancel mark goes
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
-- milliseconds it is due (from Redis's clock, not a server's); cancelled: ARGV[10] the job's cancel mark.
-- Batches and chains (absent ARGV count as ''): ARGV[12] the queue of a chain's next step, pushed when
-- this run succeeded ('' for none), ARGV[13] its payload, ARGV[14] its status key ('' for none),
-- ARGV[15] the "queued" status JSON (for that step and a batch's callbacks), ARGV[16] most wake tokens
-- kept per list. A batch job's end is counted in its batch (lib/batch.lua): a cancelled run ends it as dead.
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

-- >>> batches and chains: checks before the first write
--#include lib/push.lua
--#include lib/batch.lua
local nextQueue, queuedJson, maxTokens = ARGV[12] or '', ARGV[15] or '', tonumber(ARGV[16] or '64')
local function checkPushTargets(queueName)
  for _, target in ipairs(pushTargets(prefix, queueName)) do
    local found = redis.call('TYPE', target[1]).ok
    if found ~= 'none' and found ~= target[2] then
      return redis.error_reply('BGJ0094E: ' .. target[1] .. ' is a ' .. found .. ', not a ' .. target[2]
        .. '; the end of the run was not recorded')
    end
  end
end
if outcome == 'succeeded' and nextQueue ~= '' then
  local err = checkPushTargets(nextQueue)
  if err then return err end
end
local batch
if string.find(payload, '"bgj_batch"', 1, true) then
  local ok, job = pcall(cjson.decode, payload)
  batch = ok and batchOf(prefix, job) or nil
  local err = batch and batchTypeError(prefix, batch)
  if err then return err end
end
-- <<< batches and chains

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
if outcome ~= 'succeeded' and outcome ~= 'cancelled' then
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

-- >>> batches and chains: the follow-ups of this end
if outcome == 'succeeded' and nextQueue ~= '' then
  pushJob(prefix, nextQueue, ARGV[13], ARGV[14] or '', queuedJson, ARGV[6], maxTokens)
end
if batch then
  local ended = (outcome == 'succeeded' and 'succeeded') or (outcome == 'retry' and 'retry') or 'dead'
  batchEnd(prefix, batch, ended, queuedJson, ARGV[6], maxTokens)
end
-- <<< batches and chains

-- [cancel] begin
if outcome == 'cancelled' then
  count(prefix .. 'bgj:stat:cancelled')
  redis.call('DEL', ARGV[10])
  if ARGV[4] ~= '' then
    redis.call('SET', ARGV[4], ARGV[5], 'EX', ARGV[6])
  end
  return 1
end
-- [cancel] end
local tracked = ARGV[4] ~= '' and redis.call('SET', ARGV[4], ARGV[5], 'EX', ARGV[6], 'XX')
if not tracked and ARGV[9] ~= '' then
  redis.call('DEL', ARGV[9])
end
return 1
