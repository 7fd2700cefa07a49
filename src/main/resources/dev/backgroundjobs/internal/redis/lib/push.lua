-- Pushes one job to the tail of its queue as enqueue.lua does for a job due now (included by
-- LuaScript where a script says '--#include lib/push.lua'): the queue joins the queues set, an idle
-- worker of that queue or of every queue is woken (a token, up to the cap), and a tracked job's status
-- is written. The including script checks the keys' types first (pushTargets), so that the push cannot
-- fail half way. A push names its keys in a table {queues, list, wake, wakeAny}: from KEYS where the
-- caller named the queue, else from queueKeysOf.

-- The keys of a push to a queue named by what the script read, derived from the namespace prefix.
local function queueKeysOf(prefix, queueName)
  return {queues = prefix .. 'queues', list = prefix .. 'queue:' .. queueName,
    wake = prefix .. 'bgj:wake:' .. queueName, wakeAny = prefix .. 'bgj:wake:*'}
end

-- The keys a push writes, with the type each must have.
local function pushTargets(keys)
  return {{keys.queues, 'set'}, {keys.list, 'list'}, {keys.wake, 'list'}, {keys.wakeAny, 'list'}}
end

local function pushJob(keys, queueName, payload, statusKey, statusJson, statusTtl, maxTokens)
  redis.call('SADD', keys.queues, queueName)
  redis.call('RPUSH', keys.list, payload)
  for _, list in ipairs({keys.wake, keys.wakeAny}) do
    if redis.call('LLEN', list) < maxTokens then redis.call('LPUSH', list, '1') end
  end
  if statusKey and statusKey ~= '' then redis.call('SET', statusKey, statusJson, 'EX', statusTtl) end
end
