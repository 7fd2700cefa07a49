-- Sends jobs in one atomic step. A job due now goes to the tail of its queue and wakes idle workers; a
-- delayed job is stored as resque-scheduler stores it; a unique job whose key is held sends nothing
-- and answers with the id of the job holding the key. Each job's status is written.
-- KEYS[1] the namespace's queues set (also routes the call in a cluster; all keys share the namespace).
-- ARGV[1] namespace prefix, ARGV[2] most wake tokens kept per list, ARGV[3] the "queued" status JSON,
-- ARGV[4] the "scheduled" status JSON, ARGV[5] status expiry in seconds, then per job 7 fields:
-- queue, payload, status key ('' for none), due time in epoch seconds ('' for now), job id,
-- unique key ('' for none), unique key expiry in seconds.
-- Returns the job ids in order.
local prefix = ARGV[1]
local maxTokens = tonumber(ARGV[2])
local queued, scheduled, statusTtl = ARGV[3], ARGV[4], ARGV[5]
local byQueue, order, ids = {}, {}, {}

for i = 6, #ARGV, 7 do
  local queue, payload, statusKey, dueAt, id, uniqueKey = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local held = uniqueKey ~= '' and redis.call('GET', uniqueKey)
  if held then
    ids[#ids + 1] = held
  else
    ids[#ids + 1] = id
    if uniqueKey ~= '' then
      redis.call('SET', uniqueKey, id, 'EX', ARGV[i + 6])
    end
    if dueAt ~= '' then
      local delayed = prefix .. 'delayed:' .. dueAt
      redis.call('RPUSH', delayed, payload)
      redis.call('ZADD', prefix .. 'delayed_queue_schedule', dueAt, dueAt)
      redis.call('SADD', prefix .. 'timestamps:' .. payload, delayed)
      redis.call('HSET', prefix .. 'bgj:delayed', id, dueAt .. ' ' .. payload)
      if statusKey ~= '' then redis.call('SET', statusKey, scheduled, 'EX', statusTtl) end
    else
      local payloads = byQueue[queue]
      if not payloads then
        payloads = {}
        byQueue[queue] = payloads
        order[#order + 1] = queue
      end
      payloads[#payloads + 1] = payload
      if statusKey ~= '' then redis.call('SET', statusKey, queued, 'EX', statusTtl) end
    end
  end
end

-- Tops the list up to the cap: a full one (no loop is waiting to take tokens) costs a read and no write.
local function wake(list, count)
  local missing = math.min(count, maxTokens - redis.call('LLEN', list))
  if missing > 0 then
    local tokens = {}
    for t = 1, missing do tokens[t] = '1' end
    redis.call('LPUSH', list, unpack(tokens))
  end
end

for _, queue in ipairs(order) do
  local payloads = byQueue[queue]
  redis.call('SADD', KEYS[1], queue)
  -- unpack is bounded by Lua's stack, so large batches go in slices.
  for first = 1, #payloads, 1000 do
    redis.call('RPUSH', prefix .. 'queue:' .. queue, unpack(payloads, first, math.min(first + 999, #payloads)))
  end
  wake(prefix .. 'bgj:wake:' .. queue, #payloads)
  wake(prefix .. 'bgj:wake:*', #payloads)
end
return ids
