-- Deletes a record of Resque's failed list, named by index and checked against its exact text.
-- KEYS[1] failed.
-- ARGV[1] index, ARGV[2] the record as read.
-- Answers 1 deleted, 0 the record moved.
local failedList = KEYS[1]

local function wrongType(key, expected)
  return redis.error_reply('BGJ0028E: ' .. key .. ' is a ' .. redis.call('TYPE', key).ok .. ', not a ' .. expected
    .. '; nothing was moved')
end

--#include lib/types.lua
--#include lib/failed.lua

local index = tonumber(ARGV[1])
local record, err = read('list', 'LINDEX', failedList, index)
if err then return err end
if record ~= ARGV[2] then return 0 end
removeRecord(failedList, index)
return 1
