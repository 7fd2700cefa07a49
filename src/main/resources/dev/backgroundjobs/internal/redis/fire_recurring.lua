-- Queues the run of a recurring job for one scheduled time, recorded as the job's last one: a time not
-- after the recorded one queues nothing, so however many servers fire it, it runs once. See
-- lib/requeue.lua for what the requeueing scripts share.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] most wake tokens kept per list, ARGV[3] the "queued" status JSON,
-- ARGV[4] status expiry in seconds, ARGV[5] name, ARGV[6] scheduled time (epoch s), ARGV[7] '1' when
-- it has just come, ARGV[8] '1' to run once for times missed while no server ran, ARGV[9] queue,
-- ARGV[10] payload, ARGV[11] status key ('' for an untracked job).
-- Answers 1 queued, 0 not.
local prefix, maxTokens, status, statusTtl = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]

--#include lib/requeue.lua

local key = prefix .. 'bgj:recurring:' .. ARGV[5]
local time = tonumber(ARGV[6])
local recorded, err = read('hash', 'HGET', key, 'last')
if err then return err end
local last = tonumber(recorded or '-1')
if time <= last then return 0 end
-- A time that has just come always runs; older ones (missed while no server ran) run once if
-- asked, but never for a schedule seen for the first time.
local runs = ARGV[7] == '1' or (ARGV[8] == '1' and last >= 0)
err = runs and checkQueues({ARGV[9]}) or nil
if err then return err end
redis.call('HSET', key, 'last', ARGV[6])
if not runs then return 0 end
queue(ARGV[9], ARGV[10], ARGV[11], true)
redis.call('HSET', key, 'last_run', ARGV[6])
return 1
