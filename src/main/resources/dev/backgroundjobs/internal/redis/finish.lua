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
-- ARGV.chained: the worker's next fetch follows in this same call (see LuaScript.chain).
-- Runs are also counted per minute (kept two hours) for the dashboard's throughput chart.
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:inflight:WORKER, KEYS[3] worker:WORKER, KEYS[4]
-- stat:processed, KEYS[5] stat:processed:WORKER, KEYS[6] bgj:stat:processed:minute:MINUTE (the current
-- epoch minute), KEYS[7] stat:failed, KEYS[8] stat:failed:WORKER, KEYS[9] bgj:stat:failed:minute:MINUTE,
-- KEYS[10] failed, KEYS[11] bgj:retry, KEYS[12] bgj:stat:cancelled, KEYS[13] bgj:limits, KEYS[14]
-- bgj:limit:due, KEYS[15] bgj:wake:*, KEYS[16] bgj:limit:held:WORKER, then those of these that the call
-- has, in this order, as ARGV[6] lists them by letter: 's' the job's status key, 'p' the progress key the
-- run wrote, 'c' the job's cancel mark (cancelled), 'n' a chain's next step's queue:QUEUE and
-- bgj:wake:QUEUE, 't' that step's status key.
-- Derived from the prefix of KEYS[1] (named by the payload): the job's bgj:unique:... key,
-- lib/batch.lua's keys for a batch job, and the buckets' bgj:limit:* keys and the queue:QUEUE and
-- bgj:wake:QUEUE their waiters go back to (lib/limits.lua).
-- ARGV[1] worker id, ARGV[2] the payload as fetched, ARGV[3] status JSON, ARGV[4] status expiry in
-- seconds, ARGV[5] outcome, ARGV[6] the letters of the keys the call has beyond KEYS[16]; failed:
-- ARGV[7] the failure record; retry: ARGV[7] the payload of the next run, ARGV[8] in how many
-- milliseconds it is due (from Redis's clock, not a server's).
-- Batches and chains (absent ARGV count as ''): ARGV[9] the queue of a chain's next step, pushed when
-- this run succeeded ('' for none), ARGV[10] its payload, ARGV[11] the "queued" status JSON (for that
-- step and a batch's callbacks), ARGV[12] most wake tokens kept per list. A batch job's end is counted
-- in its batch (lib/batch.lua): a cancelled run ends it as dead.
-- Limits (lib/limits.lua): the slot of a concurrency limit that the run held is freed, once, and the
-- first job waiting for that limit goes back to the head of its queue.
--#include lib/namespace.lua
local worker, payload, statusJson, statusTtl, outcome = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local inflight, workerKey = KEYS[2], KEYS[3]

-- The keys the call has beyond the fixed ones, by letter.
local optional, nextKey = {}, 17
for letter in string.gmatch(ARGV[6], '.') do
  optional[letter] = KEYS[nextKey]
  nextKey = nextKey + 1
  if letter == 'n' then
    optional.nextWake = KEYS[nextKey]
    nextKey = nextKey + 1
  end
end
local statusKey, progressKey = optional.s, optional.p

-- Counters are Resque's too, and anyone may have overwritten one with text: a counter that cannot be
-- incremented is left as it is, never a reason to fail the run's record.
local function count(key)
  return redis.pcall('INCR', key)
end

local function countInMinute(key)
  if count(key) == 1 then
    redis.call('EXPIRE', key, 7200)
  end
end

-- Checked before the first write, so that a key of the wrong type fails the call with nothing written.
local destination = (outcome == 'failed' and {KEYS[10], 'list'})
    or (outcome == 'retry' and {KEYS[11], 'zset'})
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
local nextQueue, queuedJson, maxTokens = ARGV[9] or '', ARGV[11] or '', tonumber(ARGV[12] or '64')
local nextKeys = nextQueue ~= '' and {queues = KEYS[1], list = optional.n, wake = optional.nextWake, wakeAny = KEYS[15]}
local function checkPushTargets(keys)
  for _, target in ipairs(pushTargets(keys)) do
    local found = redis.call('TYPE', target[1]).ok
    if found ~= 'none' and found ~= target[2] then
      return redis.error_reply('BGJ0094E: ' .. target[1] .. ' is a ' .. found .. ', not a ' .. target[2]
        .. '; the end of the run was not recorded')
    end
  end
end
if outcome == 'succeeded' and nextQueue ~= '' then
  local err = checkPushTargets(nextKeys)
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

if redis.call('LREM', inflight, -1, payload) == 0 then
  return 0
end
if not ARGV.chained then
  -- Chained with the worker's next fetch, which replaces the current job or deletes it.
  redis.call('DEL', workerKey)
end
count(KEYS[4])
count(KEYS[5])
countInMinute(KEYS[6])
if outcome ~= 'succeeded' and outcome ~= 'cancelled' then
  count(KEYS[7])
  count(KEYS[8])
  countInMinute(KEYS[9])
end
if outcome == 'failed' then
  redis.call('RPUSH', KEYS[10], ARGV[7])
elseif outcome == 'retry' then
  local time = redis.call('TIME')
  local due = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + tonumber(ARGV[8])
  redis.call('ZADD', KEYS[11], string.format('%d', due), ARGV[7])
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
limits.keys = {config = KEYS[13], due = KEYS[14], wakeAny = KEYS[15]}
limits.release(prefix, worker, KEYS[16])
-- [/limits] --------------------------------------------------------------------------------------

-- >>> batches and chains: the follow-ups of this end
if outcome == 'succeeded' and nextQueue ~= '' then
  pushJob(nextKeys, nextQueue, ARGV[10], optional.t, queuedJson, statusTtl, maxTokens)
end
if batch then
  local ended = (outcome == 'succeeded' and 'succeeded') or (outcome == 'retry' and 'retry') or 'dead'
  batchEnd(prefix, batch, ended, queuedJson, statusTtl, maxTokens)
end
-- <<< batches and chains

-- [cancel] begin
if outcome == 'cancelled' then
  count(KEYS[12])
  if optional.c then redis.call('DEL', optional.c) end
  if statusKey then
    redis.call('SET', statusKey, statusJson, 'EX', statusTtl)
  end
  return 1
end
-- [cancel] end
local tracked = statusKey and redis.call('SET', statusKey, statusJson, 'EX', statusTtl, 'XX')
if not tracked and progressKey then
  redis.call('DEL', progressKey)
end
return 1
