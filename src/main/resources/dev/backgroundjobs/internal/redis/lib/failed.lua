-- Removes the record at an index of Resque's failed list the way Resque does (included by LuaScript
-- where a script says '--#include lib/failed.lua'): the entry is overwritten with a mark and the mark
-- removed, so that equal records elsewhere in the list stay.
local function removeRecord(failedList, index)
  local mark = '__bgj_removed__'
  redis.call('LSET', failedList, index, mark)
  redis.call('LREM', failedList, 1, mark)
end
