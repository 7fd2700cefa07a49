-- Moves the first job of the worker's queues, in priority order, to the worker's in-flight list,
-- records it as the worker's current job (Resque's worker:ID) and marks the job running if its status
-- is tracked: if its status key exists, as PHP-Resque decides. Only one job is ever in a worker's
-- in-flight list.
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:pause:queues, KEYS[3] bgj:pause:jobs, KEYS[4]
-- bgj:limits, KEYS[5] bgj:limit:due, KEYS[6] bgj:limit:timer, KEYS[7] bgj:wake:*, KEYS[8]
-- bgj:inflight:WORKER, KEYS[9] worker:WORKER, KEYS[10] bgj:limit:held:WORKER, then queue:QUEUE of each
-- queue named in ARGV, in that order.
-- Derived from the prefix of KEYS[1] (named by the sets and payloads read): queue:QUEUE of a pool of
-- every queue, bgj:held:NAME, job:[PREFIX_]ID:status, bgj:cancel:ID, the job's bgj:unique:... key,
-- the buckets' bgj:limit:* keys and the queue:QUEUE and bgj:wake:QUEUE their waiters go back to, and
-- what lib/unrun.lua derives.
-- Global pauses (pause.lua writes them, every server reads them here): a queue named in
-- bgj:pause:queues is skipped, and a job whose name is in bgj:pause:jobs is not run but set aside, from
-- its queue's head to the tail of its name's holding list bgj:held:NAME as 'QUEUE PAYLOAD' (the bytes
-- as read), at most HOLD_PER_CALL per call: once that many were set aside and the next head is paused
-- too, the call takes nothing and answers {'', '+', ...}, and the caller calls again.
-- ARGV[1] worker id, ARGV[2] now (ISO-8601), ARGV[3] the "running" status JSON, ARGV[4] status expiry
-- in seconds, ARGV[5] '1' to take from every queue in alphabetical order (as Resque does for '*'), or
-- '0' followed by the queue names in priority order. ARGV.chained and
-- ARGV.previous: run right after finish.lua in the same call, and what it answered (see LuaScript.chain).
-- [cancel/expiry] A job taken that was cancelled while queued (its <prefix>bgj:cancel:ID mark exists) or
-- that is past its deadline (payload field expires_at, epoch milliseconds, judged by Redis's clock; only
-- for a first run, since a retry has started once) is not handed out: it leaves the in-flight list,
-- gets the status CANCELLED or EXPIRED (lib/unrun.lua), and the next job is taken instead, up to
-- MAX_UNRUN per call (then the call answers nothing and the worker comes back after its poll
-- interval). No ARGV of its own.
-- Limits (lib/limits.lua), only where some server published one (bgj:limits exists): first the
-- waiters of buckets that are due go back to their queues; a taken job that its rate or concurrency
-- limit holds back goes to its bucket's waiting list instead of running, and the next job is taken,
-- at most MOST_DEFERRED per call (then the answer is {'', '+', ...}, as for pauses). With no job, the
-- reply is {'', WAIT, ...}: WAIT is '' or, for the one idle worker that is to wake when the first
-- bucket is due, the milliseconds until then.
--#include lib/namespace.lua
local worker, now, status, statusTtl = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local NAMED_QUEUES_AT = 11

-- Keys that other programs gave another type (Jesque's delayed enqueue makes queue:NAME a sorted set)
-- are skipped, never fatal: the reply names them with their type, after the job or after two ''.
local wrongTypes = {}
local function wrongType(key)
  wrongTypes[#wrongTypes + 1] = key
  wrongTypes[#wrongTypes + 1] = redis.call('TYPE', key).ok
end

-- PAUSE begin: the global pauses, read once per call.
local HOLD_PER_CALL = 100
local paused = {}
for _, queue in ipairs(redis.call('HKEYS', KEYS[2])) do paused[queue] = true end
local pausedJobs, anyJobPaused = {}, false
for _, name in ipairs(redis.call('HKEYS', KEYS[3])) do
  pausedJobs[name], anyJobPaused = true, true
end
local holdLeft, holdFull = HOLD_PER_CALL, false

-- Sets the queue's head aside while it is a job of a paused name: 'held', 'full' when it is but this
-- call set aside its most, or nil (not paused, not JSON, or no head).
local function setAside(queue, queueKey)
  if not anyJobPaused then return nil end
  local head = redis.pcall('LINDEX', queueKey, 0)
  if type(head) ~= 'string' then return nil end
  local ok, job = pcall(cjson.decode, head)
  if not (ok and type(job) == 'table' and type(job.class) == 'string' and pausedJobs[job.class]) then return nil end
  if holdLeft == 0 then return 'full' end
  redis.call('LPOP', queueKey)
  redis.call('RPUSH', prefix .. 'bgj:held:' .. job.class, queue .. ' ' .. head)
  holdLeft = holdLeft - 1
  return 'held'
end
-- PAUSE end

-- The queues to take from, in order, each {name, key}.
local queues = {}
if ARGV[5] == '1' then
  local members = redis.pcall('SMEMBERS', KEYS[1])
  if members.err then
    wrongType(KEYS[1])
    members = {}
  end
  table.sort(members)
  for _, queue in ipairs(members) do
    if not paused[queue] then queues[#queues + 1] = {queue, prefix .. 'queue:' .. queue} end
  end
else
  for i = 6, #ARGV do
    if not paused[ARGV[i]] then queues[#queues + 1] = {ARGV[i], KEYS[NAMED_QUEUES_AT + i - 6]} end
  end
end

local inflight, workerKey, heldKey = KEYS[8], KEYS[9], KEYS[10]

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
-- A fetch parks this many limited jobs at most, then answers '+': one call never holds Redis long.
local MOST_DEFERRED = 20
limits.keys = {config = KEYS[4], due = KEYS[5], timer = KEYS[6], wakeAny = KEYS[7]}
local limitsOn = redis.call('EXISTS', KEYS[4]) == 1
local nowMs, nowMicros, deferred = nil, nil, 0
if limitsOn then
  nowMs, nowMicros = limits.now()
  limits.promoteDue(prefix, nowMs, 5)
end
-- [cancel/expiry] begin
--#include lib/push.lua
--#include lib/batch.lua
--#include lib/unrun.lua
local MAX_UNRUN = 1000
local unrunCount = 0
-- Whether the job just moved to the in-flight list is not to run; if so it is taken out again.
local function notToRun(payload, parsed, job)
  if not (parsed and type(job) == 'table' and type(job.id) == 'string') then return false end
  local state
  if redis.call('EXISTS', prefix .. 'bgj:cancel:' .. job.id) == 1 then
    state = 'cancelled'
  elseif job.expires_at ~= nil and (tonumber(job.attempts) or 0) == 0 and tonumber(job.expires_at) then
    if not nowMs then
      local time = redis.call('TIME')
      nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    end
    if nowMs > tonumber(job.expires_at) then state = 'expired' end
  end
  if not state then return false end
  redis.call('LREM', inflight, -1, payload)
  if state == 'cancelled' then
    -- The canceller wrote the status and keeps nothing more once the job is gone.
    redis.call('DEL', prefix .. 'bgj:cancel:' .. job.id)
  end
  unrun(prefix, job, state, statusTtl, false)
  unrunCount = unrunCount + 1
  return true
end
-- [cancel/expiry] end

-- The first job of the queue that its pauses, cancels, deadlines and limits let run now, moved to the
-- in-flight list, with its decoded form: the payload, whether it is JSON, and the decoded job.
local function take(queueKey, queue)
  while true do
    if unrunCount >= MAX_UNRUN then return false end
    -- PAUSE begin
    local aside = setAside(queue, queueKey)
    while aside == 'held' do aside = setAside(queue, queueKey) end
    if aside == 'full' then
      holdFull = true
      return false
    end
    -- PAUSE end
    local payload = redis.pcall('LMOVE', queueKey, inflight, 'LEFT', 'RIGHT')
    if type(payload) ~= 'string' then return payload end
    local parsed, job = pcall(cjson.decode, payload)
    if not notToRun(payload, parsed, job) then
      if not limitsOn then return payload, parsed, job end
      local bucket, due
      if parsed then bucket, due = limits.admit(prefix, job, worker, nowMs, nowMicros, heldKey) end
      if not bucket then return payload, parsed, job end
      limits.defer(prefix, inflight, bucket, due, queue, payload)
      deferred = deferred + 1
      if deferred >= MOST_DEFERRED then return false end
    end
  end
end
-- [/limits] --------------------------------------------------------------------------------------

local uniquePrefix = prefix .. 'bgj:unique:'
for _, named in ipairs(queues) do
  local queue, queueKey = named[1], named[2]
  local payload, parsed, job = take(queueKey, queue)
  if holdFull then break end
  if type(payload) == 'table' and payload.err then
    wrongType(queueKey)
    payload = false
  end
  if payload then
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
-- [limits] An idle worker wakes by itself when waiters are due, if it is the one to.
local limitWait = ''
if limitsOn then
  local wait = limits.wait(prefix, worker, nowMs)
  limitWait = wait and string.format('%d', wait) or ''
end
-- [/limits]
if holdFull or deferred >= MOST_DEFERRED then
  return {'', '+', unpack(wrongTypes)}
end
if #wrongTypes > 0 or limitWait ~= '' then
  return {'', limitWait, unpack(wrongTypes)}
end
return false
