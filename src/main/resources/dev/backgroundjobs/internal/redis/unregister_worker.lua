-- Unregisters one of our workers (see lib/workers.lua): removes everything Resque keeps for it and
-- puts its unfinished jobs back at the head of their queues.
-- KEYS: the fixed ones of lib/workers.lua, then the worker's seven keys.
-- ARGV[1] worker id.
-- Answers the number of jobs put back.
--#include lib/namespace.lua

--#include lib/workers.lua

declareWorker(ARGV[1], WORKER_KEYS_AT)
return putBack(ARGV[1])
