-- The namespace prefix, read from the name of KEYS[1], the namespace's queues set ('<ns>:queues')
-- (included by LuaScript where a script says '--#include lib/namespace.lua'). A script names from it
-- only the keys it derives from what it reads (a payload's id, a queue named in a set); every key the
-- caller can name comes in KEYS. On Redis Cluster a script may touch only keys in the slot of its
-- declared ones: a namespace with a hash tag ('{ns}') keeps all its keys in one slot, and a key named
-- from this prefix is in that slot, where one named from an argument need not be.
local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #'queues')
