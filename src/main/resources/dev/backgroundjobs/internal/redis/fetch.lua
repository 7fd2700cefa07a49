-- Moves the first job of the worker's queues, in priority order, to the worker's in-flight list,
-- records it as the worker's current job (Resque's worker:ID) and marks the job running if its status
-- is tracked: if its status key exists, as PHP-Resque decides. Only one job is ever in a worker's
-- in-flight list.
-- KEYS[1] the namespace's queues set.
-- ARGV[1] namespace prefix, ARGV[2] worker id, ARGV[3] now (ISO-8601), ARGV[4] the "running" status
-- JSON, ARGV[5] status expiry in seconds, ARGV[6] '1' to take from every queue in alphabetical order
-- (as Resque does for '*') except the queues named after it (paused ones), or '0' followed by the
-- queue names in priority order. ARGV.chained and ARGV.previous: run right after finish.lua in the same
-- call, and what it answered (see LuaScript.chain).
local prefix, worker, now, status, statusTtl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

-- Keys that other programs gave another type (Jesque's delayed enqueue makes queue:NAME a sorted set)
-- are skipped, never fatal: the reply names them with their type, after the job or after two ''.
local wrongTypes = {}
local function wrongType(key)
  wrongTypes[#wrongTypes + 1] = key
  wrongTypes[#wrongTypes + 1] = redis.call('TYPE', key).ok
end

local queues
if ARGV[6] == '1' then
  local paused = {}
  for i = 7, #ARGV do paused[ARGV[i]] = true end
  queues = {}
  local members = redis.pcall('SMEMBERS', KEYS[1])
  if members.err then
    wrongType(KEYS[1])
    members = {}
  end
  for _, queue in ipairs(members) do
    if not paused[queue] then queues[#queues + 1] = queue end
  end
  table.sort(queues)
else
  queues = {}
  for i = 7, #ARGV do queues[#queues + 1] = ARGV[i] end
end

local inflight = prefix .. 'bgj:inflight:' .. worker
local workerKey = prefix .. 'worker:' .. worker

-- A job already in flight means the reply to an earlier fetch was lost (a timeout during an outage,
-- while Redis still ran the call): hand out that job again rather than leave it stranded. Right after
-- this call removed the worker's one in-flight job (ARGV.previous == 1), the list is empty.
local pending = ARGV.previous ~= 1 and redis.call('LINDEX', inflight, 0)
if pending then
  local current = redis.call('GET', workerKey)
  local ok, record = pcall(cjson.decode, current or '')
  if ok and type(record) == 'table' and type(record.queue) == 'string' then
    return {record.queue, pending}
  end
end

local uniquePrefix = prefix .. 'bgj:unique:'
for _, queue in ipairs(queues) do
  local queueKey = prefix .. 'queue:' .. queue
  local payload = redis.pcall('LMOVE', queueKey, inflight, 'LEFT', 'RIGHT')
  if type(payload) == 'table' and payload.err then
    wrongType(queueKey)
    payload = false
  end
  if payload then
    local parsed, job = pcall(cjson.decode, payload)
    -- Resque readers parse worker:ID, so a payload that is not JSON is embedded as a string.
    local embedded = parsed and payload or cjson.encode(payload)
    redis.call('SET', workerKey,
      '{"queue":' .. cjson.encode(queue) .. ',"run_at":"' .. now .. '","payload":' .. embedded .. '}')
    -- A payload names a key only inside the namespace's uniqueness keys, never any key it likes.
    if parsed and type(job) == 'table' and type(job.unique_key) == 'string' and job.unique_until == 'started'
        and string.sub(job.unique_key, 1, #uniquePrefix) == uniquePrefix
        and redis.pcall('GET', job.unique_key) == job.id then
      -- A unique job held until it starts frees its key now.
      redis.call('DEL', job.unique_key)
    end
    if parsed and type(job) == 'table' and type(job.id) == 'string' then
      -- PHP-Resque's status key, with its status prefix when the producer set one. XX: an untracked job
      -- gets no key, so finished jobs cost no memory.
      local statusPrefix = (type(job.prefix) == 'string' and job.prefix ~= '') and (job.prefix .. '_') or ''
      redis.call('SET', prefix .. 'job:' .. statusPrefix .. job.id .. ':status', status, 'EX', statusTtl, 'XX')
    end
    return {queue, payload, unpack(wrongTypes)}
  end
end
if ARGV.chained then
  -- The end of the last run, written just before, left the worker's current job for this call to clear.
  redis.call('DEL', workerKey)
end
if #wrongTypes > 0 then
  return {'', '', unpack(wrongTypes)}
end
return false
