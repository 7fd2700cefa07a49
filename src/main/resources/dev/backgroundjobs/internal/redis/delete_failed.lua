-- Deletes a record of Resque's failed list, named by index and checked against its exact text.
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] index, ARGV[3] the record as read.
-- Answers 1 deleted, 0 the record moved.
local failedList = ARGV[1] .. 'failed'

local function wrongType(key, expected)
  return redis.error_reply('BGJ0028E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; nothing was moved')
end

--#include lib/types.lua
--#include lib/failed.lua

local index = tonumber(ARGV[2])
local record, err = read('list', 'LINDEX', failedList, index)
if err then return err end
if record ~= ARGV[3] then return 0 end
removeRecord(failedList, index)
return 1
