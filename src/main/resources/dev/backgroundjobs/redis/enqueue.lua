-- Pushes payloads onto their queues, marks each job queued and wakes idle workers, in one atomic step.
-- KEYS[1] the namespace's queues set (also routes the call in a cluster; all keys share the namespace).
-- ARGV[1] namespace prefix, ARGV[2] most wake tokens kept per list, ARGV[3] the "queued" status JSON,
-- ARGV[4] status expiry in seconds, then triples: queue name, payload, status key ('' for none).
local prefix = ARGV[1]
local maxTokens = tonumber(ARGV[2])
local status, statusTtl = ARGV[3], ARGV[4]
local byQueue, order = {}, {}
for i = 5, #ARGV, 3 do
  local queue = ARGV[i]
  local payloads = byQueue[queue]
  if not payloads then
    payloads = {}
    byQueue[queue] = payloads
    order[#order + 1] = queue
  end
  payloads[#payloads + 1] = ARGV[i + 1]
  if ARGV[i + 2] ~= '' then
    redis.call('SET', ARGV[i + 2], status, 'EX', statusTtl)
  end
end

local function wake(list, count)
  local tokens = {}
  for t = 1, math.min(count, maxTokens) do tokens[t] = '1' end
  redis.call('LPUSH', list, unpack(tokens))
  redis.call('LTRIM', list, 0, maxTokens - 1)
end

local total = 0
for _, queue in ipairs(order) do
  local payloads = byQueue[queue]
  redis.call('SADD', KEYS[1], queue)
  -- unpack is bounded by Lua's stack, so large batches go in slices.
  for first = 1, #payloads, 1000 do
    redis.call('RPUSH', prefix .. 'queue:' .. queue, unpack(payloads, first, math.min(first + 999, #payloads)))
  end
  wake(prefix .. 'bgj:wake:' .. queue, #payloads)
  wake(prefix .. 'bgj:wake:*', #payloads)
  total = total + #payloads
end
return total
