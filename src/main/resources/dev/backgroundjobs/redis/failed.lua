-- Retries or deletes one record of Resque's failed list, named by its index and checked against its
-- exact text, so a record that moved meanwhile is never touched by mistake. Removal marks the entry
-- and removes the mark, as Resque does. Retry pushes the payload to the tail of its queue.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] index, ARGV[3] the record as read, ARGV[4] 'retry' or 'delete';
-- retry: ARGV[5] queue, ARGV[6] payload, ARGV[7] most wake tokens kept per list, ARGV[8] status key
-- ('' for none), ARGV[9] status JSON, ARGV[10] status expiry in seconds.
-- Returns 1 when done, 0 when the record was not at that index.
local prefix, index, expected, mode = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local failed = prefix .. 'failed'
if redis.call('LINDEX', failed, index) ~= expected then
  return 0
end
local mark = '__bgj_removed__'
redis.call('LSET', failed, index, mark)
redis.call('LREM', failed, 1, mark)
if mode == 'retry' then
  local queue, payload, maxTokens = ARGV[5], ARGV[6], tonumber(ARGV[7])
  redis.call('SADD', KEYS[1], queue)
  redis.call('RPUSH', prefix .. 'queue:' .. queue, payload)
  for _, wake in ipairs({prefix .. 'bgj:wake:' .. queue, prefix .. 'bgj:wake:*'}) do
    redis.call('LPUSH', wake, '1')
    redis.call('LTRIM', wake, 0, maxTokens - 1)
  end
  if ARGV[8] ~= '' then
    redis.call('SET', ARGV[8], ARGV[9], 'EX', ARGV[10])
  end
end
return 1
