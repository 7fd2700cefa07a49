-- Queues the run of a recurring job for one scheduled time, recorded as the job's last one: a time not
-- after the recorded one queues nothing, so however many servers fire it, it runs once. See
-- lib/requeue.lua for what the requeueing scripts share.
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:recurring:NAME, KEYS[3] queue:QUEUE, KEYS[4]
-- bgj:wake:QUEUE, KEYS[5] bgj:wake:*, KEYS[6] the job's status key (absent for an untracked job).
-- ARGV[1] most wake tokens kept per list, ARGV[2] the "queued" status JSON, ARGV[3] status expiry in
-- seconds, ARGV[4] scheduled time (epoch s), ARGV[5] '1' when it has just come, ARGV[6] '1' to run
-- once for times missed while no server ran, ARGV[7] the queue's name, ARGV[8] payload.
-- Answers 1 queued, 0 not.
--#include lib/namespace.lua
local maxTokens, status, statusTtl = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local key, wakeAny = KEYS[2], KEYS[5]

--#include lib/requeue.lua

local queueName = ARGV[7]
knownQueues[queueName] = {KEYS[3], KEYS[4]}
local time = tonumber(ARGV[4])
local recorded, err = read('hash', 'HGET', key, 'last')
if err then return err end
local last = tonumber(recorded or '-1')
if time <= last then return 0 end
-- A time that has just come always runs; older ones (missed while no server ran) run once if
-- asked, but never for a schedule seen for the first time.
local runs = ARGV[5] == '1' or (ARGV[6] == '1' and last >= 0)
err = runs and checkQueues({queueName}) or nil
if err then return err end
redis.call('HSET', key, 'last', ARGV[4])
if not runs then return 0 end
queue(queueName, ARGV[8], KEYS[6], true)
redis.call('HSET', key, 'last_run', ARGV[4])
return 1
