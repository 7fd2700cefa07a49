-- Enqueues a batch in one atomic step: writes its record (bgj:batch:ID, a hash of counters and the
-- callbacks to push when it completes), lists it among the open batches (bgj:batches:open, ids scored
-- by creation time, Redis's clock) and pushes every job of the batch to the tail of its queue, as
-- enqueue.lua does for jobs due now. Each job's payload carries "bgj_batch":"ID:INDEX", by which
-- finish.lua counts its end once (bit INDEX of bgj:batch:ID:ended).
-- All or none: a batch id already known, or a key of the wrong type, sends nothing and answers an
-- error naming it (every check is made before the first write).
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:wake:*, KEYS[3] bgj:batch:ID, KEYS[4]
-- bgj:batches:open, then for each job that comes (the success callback, the complete callback, the
-- batch's jobs) its queue:QUEUE, bgj:wake:QUEUE and, when tracked, its status key. No key is derived.
-- ARGV[1] most wake tokens kept per list, ARGV[2] the "queued" status JSON, ARGV[3] status expiry in
-- seconds, ARGV[4] the batch id, then the success callback, the complete callback and the jobs as
-- triples: queue ('' for no callback), payload, '1' when its status is tracked (its key comes) or ''.
-- Returns the number of jobs sent.
local maxTokens, queued, statusTtl, id = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
local record, open = KEYS[3], KEYS[4]

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
local total = (#ARGV - 10) / 3
if total < 1 or total ~= math.floor(total) then
  return redis.error_reply('BGJ0172E: batch ' .. id .. ' has no jobs or an incomplete job triple; nothing was sent')
end

-- Each job's push: its queue, payload, status key ('' for none) and keys, in ARGV's order.
local jobs, nextKey = {}, 5
for i = 5, #ARGV, 3 do
  local job = {queue = ARGV[i], payload = ARGV[i + 1], statusKey = ''}
  if job.queue ~= '' then
    job.keys = {queues = KEYS[1], list = KEYS[nextKey], wake = KEYS[nextKey + 1], wakeAny = KEYS[2]}
    nextKey = nextKey + 2
    if ARGV[i + 2] == '1' then
      job.statusKey = KEYS[nextKey]
      nextKey = nextKey + 1
    end
  end
  jobs[#jobs + 1] = job
end

local err = check(open, 'zset')
if err then return err end
for _, job in ipairs(jobs) do
  if job.keys then
    for _, target in ipairs(pushTargets(job.keys)) do
      err = check(target[1], target[2])
      if err then return err end
    end
  end
end

local now = redis.call('TIME')[1]
local success, complete = jobs[1], jobs[2]
redis.call('HSET', record, 'total', total, 'pending', total, 'succeeded', 0, 'failed', 0, 'dead', 0,
  'created', now, 'success_queue', success.queue, 'success_payload', success.payload, 'success_status',
  success.statusKey, 'complete_queue', complete.queue, 'complete_payload', complete.payload, 'complete_status',
  complete.statusKey)
redis.call('ZADD', open, now, id)
for i = 3, #jobs do
  local job = jobs[i]
  pushJob(job.keys, job.queue, job.payload, job.statusKey, queued, statusTtl, maxTokens)
end
return total
