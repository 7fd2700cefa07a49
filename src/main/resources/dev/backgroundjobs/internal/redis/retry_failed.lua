-- Retries a record of Resque's failed list, named by index and checked against its exact text: its
-- payload is queued and the record removed (removal marks the entry and removes the mark, as Resque
-- does). See lib/requeue.lua for what the requeueing scripts share.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] most wake tokens kept per list, ARGV[3] the "queued" status JSON,
-- ARGV[4] status expiry in seconds, ARGV[5] index, ARGV[6] the record as read, ARGV[7] queue,
-- ARGV[8] payload, ARGV[9] status key ('' for none).
-- Answers 1 done, 0 the record moved.
local prefix, maxTokens, status, statusTtl = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]

--#include lib/requeue.lua
--#include lib/failed.lua

local index = tonumber(ARGV[5])
local record, err = read('list', 'LINDEX', failedList, index)
if err then return err end
if record ~= ARGV[6] then return 0 end
err = checkQueues({ARGV[7]})
if err then return err end
removeRecord(failedList, index)
queue(ARGV[7], ARGV[8], ARGV[9])
return 1
