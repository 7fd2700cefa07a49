-- Fires one scheduled time of a recurring job, exactly once across every server: the time is recorded
-- as the job's last one in the same atomic step that queues the run, and a time not after the
-- recorded one fires nothing.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] the recurring job's name, ARGV[3] the scheduled time (epoch
-- seconds), ARGV[4] '1' when that time has just come, ARGV[5] '1' to run once for times missed while
-- no server ran, ARGV[6] queue, ARGV[7] payload, ARGV[8] status key, ARGV[9] the "queued" status JSON,
-- ARGV[10] status expiry in seconds, ARGV[11] most wake tokens kept per list.
-- Returns 1 when the run was queued, 0 otherwise.
local prefix, name, time = ARGV[1], ARGV[2], tonumber(ARGV[3])
local key = prefix .. 'bgj:recurring:' .. name
local last = tonumber(redis.call('HGET', key, 'last') or '-1')
if time <= last then
  return 0
end
redis.call('HSET', key, 'last', ARGV[3])
-- A time that has just come always runs; older ones (missed while no server ran) run once if asked,
-- but never on the very first deployment.
if not (ARGV[4] == '1' or (ARGV[5] == '1' and last >= 0)) then
  return 0
end
local queue, maxTokens = ARGV[6], tonumber(ARGV[11])
redis.call('SADD', KEYS[1], queue)
redis.call('RPUSH', prefix .. 'queue:' .. queue, ARGV[7])
for _, wake in ipairs({prefix .. 'bgj:wake:' .. queue, prefix .. 'bgj:wake:*'}) do
  redis.call('LPUSH', wake, '1')
  redis.call('LTRIM', wake, 0, maxTokens - 1)
end
redis.call('SET', ARGV[8], ARGV[9], 'EX', ARGV[10])
redis.call('HSET', key, 'last_run', ARGV[3])
return 1
