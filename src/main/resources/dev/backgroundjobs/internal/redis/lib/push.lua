-- Pushes one job to the tail of its queue as enqueue.lua does for a job due now (included by
-- LuaScript where a script says '--#include lib/push.lua'): the queue joins the queues set, an idle
-- worker of that queue or of every queue is woken (a token, up to the cap), and a tracked job's status
-- is written. The including script checks the keys' types first (pushTargets), so that the push cannot
-- fail half way.

-- The keys a push to the queue writes, with the type each must have.
local function pushTargets(prefix, queueName)
  return {{prefix .. 'queues', 'set'}, {prefix .. 'queue:' .. queueName, 'list'},
    {prefix .. 'bgj:wake:' .. queueName, 'list'}, {prefix .. 'bgj:wake:*', 'list'}}
end

local function pushJob(prefix, queueName, payload, statusKey, statusJson, statusTtl, maxTokens)
  redis.call('SADD', prefix .. 'queues', queueName)
  redis.call('RPUSH', prefix .. 'queue:' .. queueName, payload)
  for _, list in ipairs({prefix .. 'bgj:wake:' .. queueName, prefix .. 'bgj:wake:*'}) do
    if redis.call('LLEN', list) < maxTokens then redis.call('LPUSH', list, '1') end
  end
  if statusKey ~= '' then redis.call('SET', statusKey, statusJson, 'EX', statusTtl) end
end
