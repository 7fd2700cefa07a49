-- Retries a record of Resque's failed list, named by index and checked against its exact text: its
-- payload is queued and the record removed (removal marks the entry and removes the mark, as Resque
-- does). See lib/requeue.lua for what the requeueing scripts share.
-- KEYS[1] the namespace's queues set, KEYS[2] failed, KEYS[3] queue:QUEUE, KEYS[4] bgj:wake:QUEUE,
-- KEYS[5] bgj:wake:*, KEYS[6] the job's status key (absent for none).
-- ARGV[1] most wake tokens kept per list, ARGV[2] the "queued" status JSON, ARGV[3] status expiry in
-- seconds, ARGV[4] index, ARGV[5] the record as read, ARGV[6] the queue's name, ARGV[7] payload.
-- Answers 1 done, 0 the record moved.
--#include lib/namespace.lua
local maxTokens, status, statusTtl = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local failedList, wakeAny = KEYS[2], KEYS[5]

--#include lib/requeue.lua
--#include lib/failed.lua

local queueName = ARGV[6]
knownQueues[queueName] = {KEYS[3], KEYS[4]}
local index = tonumber(ARGV[4])
local record, err = read('list', 'LINDEX', failedList, index)
if err then return err end
if record ~= ARGV[5] then return 0 end
err = checkQueues({queueName})
if err then return err end
removeRecord(failedList, index)
queue(queueName, ARGV[7], KEYS[6])
return 1
