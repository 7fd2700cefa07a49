-- Enqueues a batch in one atomic step: writes its record (bgj:batch:ID, a hash of counters and the
-- callbacks to push when it completes), lists it among the open batches (bgj:batches:open, ids scored
-- by creation time, Redis's clock) and pushes every job of the batch to the tail of its queue, as
-- enqueue.lua does for jobs due now. Each job's payload carries "bgj_batch":"ID:INDEX", by which
-- finish.lua counts its end once (bit INDEX of bgj:batch:ID:ended).
-- All or none: a batch id already known, or a key of the wrong type, sends nothing and answers an
-- error naming it (every check is made before the first write).
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] most wake tokens kept per list, ARGV[3] the "queued" status JSON,
-- ARGV[4] status expiry in seconds, ARGV[5] the batch id, ARGV[6] the success callback's queue ('' for
-- none), ARGV[7] its payload, ARGV[8] its status key ('' for none), ARGV[9..11] the same for the complete
-- callback, then the jobs as triples: queue, payload, status key ('' for none).
-- Keys: bgj:batch:ID, bgj:batches:open, queues, queue:NAME, bgj:wake:NAME, bgj:wake:*, status keys.
-- Returns the number of jobs sent.
local prefix, maxTokens, queued, statusTtl, id = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
local record, open = prefix .. 'bgj:batch:' .. id, prefix .. 'bgj:batches:open'

local function wrongType(key, expected)
  return redis.error_reply('BGJ0172E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; the batch was not sent')
end

--#include lib/types.lua
--#include lib/push.lua

if redis.call('EXISTS', record) == 1 then
  return redis.error_reply('BGJ0171E: batch ' .. id .. ' was sent before (' .. record
    .. ' exists); a batch is sent once, nothing was sent')
end
local total = (#ARGV - 11) / 3
if total < 1 or total ~= math.floor(total) then
  return redis.error_reply('BGJ0172E: batch ' .. id .. ' has no jobs or an incomplete job triple; nothing was sent')
end
local err = check(open, 'zset')
if err then return err end
local checked = {}
local function checkQueue(queueName)
  if queueName == '' or checked[queueName] then return nil end
  checked[queueName] = true
  for _, target in ipairs(pushTargets(prefix, queueName)) do
    local failure = check(target[1], target[2])
    if failure then return failure end
  end
end
for i = 12, #ARGV, 3 do
  err = checkQueue(ARGV[i])
  if err then return err end
end
for _, i in ipairs({6, 9}) do
  err = checkQueue(ARGV[i])
  if err then return err end
end

local now = redis.call('TIME')[1]
redis.call('HSET', record, 'total', total, 'pending', total, 'succeeded', 0, 'failed', 0, 'dead', 0,
  'created', now, 'success_queue', ARGV[6], 'success_payload', ARGV[7], 'success_status', ARGV[8],
  'complete_queue', ARGV[9], 'complete_payload', ARGV[10], 'complete_status', ARGV[11])
redis.call('ZADD', open, now, id)
for i = 12, #ARGV, 3 do
  pushJob(prefix, ARGV[i], ARGV[i + 1], ARGV[i + 2], queued, statusTtl, maxTokens)
end
return total
