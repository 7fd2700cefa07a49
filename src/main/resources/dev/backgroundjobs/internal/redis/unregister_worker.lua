-- Unregisters one of our workers (see lib/workers.lua): removes everything Resque keeps for it and
-- puts its unfinished jobs back at the head of their queues.
-- KEYS[1] the namespace's queues set (routing only).
-- ARGV[1] namespace prefix, ARGV[2] worker id.
-- Answers the number of jobs put back.
local prefix = ARGV[1]

--#include lib/workers.lua

return putBack(ARGV[2])
