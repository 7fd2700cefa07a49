-- Pauses a queue or a job name on every server (resume.lua ends it), kept in Redis so that every
-- server's fetch.lua honours it and it outlives server restarts: records who asked and when (Redis's
-- clock), unless it is already paused (the first record stays).
-- Keys: bgj:pause:queues and bgj:pause:jobs (hashes, name -> {"by":…,"at":ISO-8601}).
-- KEYS[1] bgj:pause:queues or bgj:pause:jobs.
-- ARGV[1] the queue or job name, ARGV[2] who paused it.
-- Answers 1 paused, 0 already.
local pauses, name = KEYS[1], ARGV[1]

--#include lib/utc.lua

local at = utc(tonumber(redis.call('TIME')[1]), '-', 'T', 'Z')
return redis.call('HSETNX', pauses, name, cjson.encode({by = ARGV[2], at = at}))
