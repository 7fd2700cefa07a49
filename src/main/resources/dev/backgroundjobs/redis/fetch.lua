-- Moves the first job of the worker's queues, in priority order, to the worker's in-flight list,
-- records it as the worker's current job (Resque's worker:ID) and refreshes the worker's heartbeat.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] worker id, ARGV[3] now (ISO-8601), ARGV[4] '1' to take from every
-- queue in alphabetical order (as Resque does for '*'), then the queue names in priority order.
local prefix, worker, now = ARGV[1], ARGV[2], ARGV[3]
redis.call('HSET', prefix .. 'workers:heartbeat', worker, now)

local queues
if ARGV[4] == '1' then
  queues = redis.call('SMEMBERS', KEYS[1])
  table.sort(queues)
else
  queues = {}
  for i = 5, #ARGV do queues[#queues + 1] = ARGV[i] end
end

local inflight = prefix .. 'bgj:inflight:' .. worker
for _, queue in ipairs(queues) do
  local payload = redis.call('LMOVE', prefix .. 'queue:' .. queue, inflight, 'LEFT', 'RIGHT')
  if payload then
    -- Resque readers parse worker:ID, so a payload that is not JSON is embedded as a string.
    local embedded = payload
    if not pcall(cjson.decode, payload) then embedded = cjson.encode(payload) end
    redis.call('SET', prefix .. 'worker:' .. worker,
      '{"queue":' .. cjson.encode(queue) .. ',"run_at":"' .. now .. '","payload":' .. embedded .. '}')
    return {queue, payload}
  end
end
return false
