-- The end of a job that will never run, cancelled or expired before a worker started it (included by
-- LuaScript where a script says '--#include lib/unrun.lua'): it frees the unique key it holds, gets
-- the status named by `state` as PHP-Resque's failed (3: it did not complete, and a reader waiting for
-- 1 or 2 to end would wait forever) and is counted in <prefix>bgj:stat:<state>. With `always` the
-- status is written even for a job whose status is not tracked (cancel: one key per cancel, expiring);
-- without it, only where the status key exists (expiry: jobs that expire cost no memory). A job of a
-- batch ends there as dead (lib/batch.lua, which the including script includes before this file,
-- after lib/push.lua), so that its batch completes. Its keys are derived from the namespace prefix,
-- named by the payload: the job's bgj:unique:... key, job:[PREFIX_]ID:status, bgj:stat:STATE, and
-- lib/batch.lua's.

-- The most wake tokens kept per list when a batch's callbacks are pushed, as QueueStore.MAX_WAKE_TOKENS.
local UNRUN_WAKE_TOKENS = 64

local function unrunStatus(state)
  local now = redis.call('TIME')[1]
  return '{"status":3,"updated":' .. now .. ',"started":' .. now .. ',"result":null,"state":"' .. state .. '"}'
end

local function unrun(prefix, job, state, statusTtl, always)
  local uniquePrefix = prefix .. 'bgj:unique:'
  -- A payload names a key only inside the namespace's uniqueness keys, never any key it likes.
  if type(job.unique_key) == 'string' and string.sub(job.unique_key, 1, #uniquePrefix) == uniquePrefix
      and redis.pcall('GET', job.unique_key) == job.id then
    redis.call('DEL', job.unique_key)
  end
  if type(job.id) == 'string' then
    local statusPrefix = (type(job.prefix) == 'string' and job.prefix ~= '') and (job.prefix .. '_') or ''
    local statusKey = prefix .. 'job:' .. statusPrefix .. job.id .. ':status'
    if always then
      redis.call('SET', statusKey, unrunStatus(state), 'EX', statusTtl)
    else
      redis.call('SET', statusKey, unrunStatus(state), 'EX', statusTtl, 'XX')
    end
  end
  redis.pcall('INCR', prefix .. 'bgj:stat:' .. state)
  local batch = batchOf(prefix, job)
  if batch then
    local now = redis.call('TIME')[1]
    local queued = '{"status":1,"updated":' .. now .. ',"started":' .. now .. ',"result":null,"state":"queued"}'
    batchEnd(prefix, batch, 'dead', queued, statusTtl, UNRUN_WAKE_TOKENS)
  end
end
