-- Takes a delayed job that is not due yet off the schedule, without queueing it, gives it the
-- "cancelled" status where it is tracked, and frees its unique key when that job holds it. See
-- lib/requeue.lua for what the requeueing scripts share.
-- KEYS[1] the namespace's queues set, KEYS[2] delayed_queue_schedule, KEYS[3] bgj:delayed, KEYS[4]
-- bgj:delayed:due.
-- Derived from the prefix of KEYS[1] (named by the job's index entry): delayed:TS, timestamps:PAYLOAD,
-- job:[PREFIX_]ID:status, and the job's bgj:unique:... key.
-- ARGV[1] the "cancelled" status JSON, ARGV[2] status expiry in seconds, ARGV[3] the job id.
-- Answers 1 cancelled, 0 not delayed.
--#include lib/namespace.lua
local status, statusTtl = ARGV[1], ARGV[2]
local schedule, delayedIndex, delayedDue = KEYS[2], KEYS[3], KEYS[4]

--#include lib/requeue.lua

local id = ARGV[3]
local entry, err = read('hash', 'HGET', delayedIndex, id)
if err then return err end
if not entry then return 0 end
local timestamp, payload = split(entry)
local list = prefix .. 'delayed:' .. timestamp
local job, statusKey = decode(payload)
-- The unique key is freed only when this job holds it, and only a key of our own.
local uniqueKey = job and type(job.unique_key) == 'string' and job.unique_key
local uniquePrefix = prefix .. 'bgj:unique:'
local freeUnique = uniqueKey and string.sub(uniqueKey, 1, #uniquePrefix) == uniquePrefix
  and redis.pcall('GET', uniqueKey) == id
err = check(schedule, 'zset') or check(delayedDue, 'zset')
if err then return err end
-- The first write: a list of another type fails here, having written nothing.
local removed, err = read('list', 'LREM', list, 1, payload)
if err then return err end
-- Not in its list: moved by a peer. promote_delayed.lua reconciles it; nothing is cancelled.
if removed == 0 then return 0 end
redis.call('HDEL', delayedIndex, id)
redis.call('ZREM', delayedDue, id)
unstamp(payload, timestamp)
if redis.call('LLEN', list) == 0 then
  redis.call('ZREM', schedule, timestamp)
end
setStatus(statusKey, false)
if freeUnique then redis.call('DEL', uniqueKey) end
return 1
