-- Checks of key types before a script's first write (included by LuaScript where a script says
-- '--#include lib/types.lua'), so that a key another program gave another type makes the call write
-- nothing. The including script first defines wrongType(key, expected): the error reply that names
-- the key, its type and what the call did not do.

-- Whether a redis.pcall reply is an error.
local function failed(reply)
  return type(reply) == 'table' and reply.err ~= nil
end

-- An error reply when the key exists with another type than expected, else nil.
local function check(key, expected)
  local actual = redis.call('TYPE', key).ok
  if actual ~= 'none' and actual ~= expected then return wrongType(key, expected) end
end

-- A read of a key of the expected type: its reply, or nil and an error reply.
local function read(expected, command, key, ...)
  local reply = redis.pcall(command, key, ...)
  if failed(reply) then return nil, wrongType(key, expected) end
  return reply
end
