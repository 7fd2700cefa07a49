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
-- Limits (lib/limits.lua), only where some server published one (bgj:limits exists): first the
-- waiters of buckets that are due go back to their queues; a taken job that its rate or concurrency
-- limit holds back goes to its bucket's waiting list instead of running, and the next job is taken.
-- With no job, the reply is {'', WAIT, ...}: WAIT is '' or, for the one idle worker that is to wake
-- when the first bucket is due, the milliseconds until then.
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

-- [limits] ---------------------------------------------------------------------------------------
--#include lib/limits.lua
-- A fetch parks this many limited jobs at most, then answers a wait of 0: one call never holds Redis long.
local MOST_DEFERRED = 20
local limitsOn = redis.call('EXISTS', prefix .. 'bgj:limits') == 1
local nowMs, nowMicros, deferred = nil, nil, 0
if limitsOn then
  nowMs, nowMicros = limits.now()
  limits.promoteDue(prefix, nowMs, 5)
end
-- The first job of the queue that its limits let run now, moved to the in-flight list.
local function take(queueKey, queue)
  while true do
    local payload = redis.pcall('LMOVE', queueKey, inflight, 'LEFT', 'RIGHT')
    if not limitsOn or type(payload) ~= 'string' then return payload end
    local parsed, job = pcall(cjson.decode, payload)
    local bucket, due
    if parsed then bucket, due = limits.admit(prefix, job, worker, nowMs, nowMicros) end
    if not bucket then return payload end
    limits.defer(prefix, inflight, bucket, due, queue, payload)
    deferred = deferred + 1
    if deferred >= MOST_DEFERRED then return false end
  end
end
-- [/limits] --------------------------------------------------------------------------------------

local uniquePrefix = prefix .. 'bgj:unique:'
for _, queue in ipairs(queues) do
  local queueKey = prefix .. 'queue:' .. queue
  local payload = take(queueKey, queue)
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
-- [limits] An idle worker either wakes by itself when waiters are due, or fetches again at once when
-- this call stopped parking limited jobs before the end of its queues.
local limitWait = ''
if limitsOn then
  local wait = deferred >= MOST_DEFERRED and 0 or limits.wait(prefix, worker, nowMs)
  limitWait = wait and string.format('%d', wait) or ''
end
-- [/limits]
if #wrongTypes > 0 or limitWait ~= '' then
  return {'', limitWait, unpack(wrongTypes)}
end
return false
