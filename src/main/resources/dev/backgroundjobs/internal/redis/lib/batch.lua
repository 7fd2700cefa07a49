-- A batch job's end, counted in its batch's record (included by LuaScript where a script says
-- '--#include lib/batch.lua', after lib/push.lua). A payload with "bgj_batch":"ID:INDEX" (see
-- batch.lua) counts its job's end once, by bit INDEX of bgj:batch:ID:ended, so that a job retried from
-- the failed list is not counted twice: a retry counts a failed run; a success ends the job as
-- succeeded; a record in the failed list, a cancel or an expiry ends it as dead. The end that leaves
-- none pending completes the batch: its callbacks are pushed (on success only when no job is dead),
-- and its record expires after the status expiry, listed by completion time in bgj:batches:done
-- (trimmed to that expiry) instead of bgj:batches:open.
-- Every key here is derived from the namespace prefix, named by the payload's batch field and the
-- batch's record: bgj:batch:ID, bgj:batch:ID:ended, bgj:batches:open, bgj:batches:done, and the
-- callbacks' queue:QUEUE, bgj:wake:QUEUE and status keys (as batch.lua recorded them), queues, bgj:wake:*.

-- The first key among the batch's, or the callbacks' queues, that has another type, as an error reply.
local function batchTypeError(prefix, batch)
  local targets = {{batch.ended, 'string'}, {prefix .. 'bgj:batches:open', 'zset'}, {prefix .. 'bgj:batches:done', 'zset'}}
  for _, queueName in ipairs(batch.callbackQueues) do
    for _, target in ipairs(pushTargets(queueKeysOf(prefix, queueName))) do targets[#targets + 1] = target end
  end
  for _, target in ipairs(targets) do
    local found = redis.call('TYPE', target[1]).ok
    if found ~= 'none' and found ~= target[2] then
      return redis.error_reply('BGJ0094E: ' .. target[1] .. ' is a ' .. found .. ', not a ' .. target[2]
        .. '; the end of the run was not recorded')
    end
  end
end

-- The batch of a decoded payload, or nil for a job of no batch, of a batch that is gone (completed and
-- expired) or was never ours.
local function batchOf(prefix, job)
  if not (type(job) == 'table' and type(job.bgj_batch) == 'string') then return nil end
  local id, index = string.match(job.bgj_batch, '^(%x+):(%d+)$')
  local key = id and prefix .. 'bgj:batch:' .. id
  if not (key and redis.call('TYPE', key).ok == 'hash') then return nil end
  local fields = redis.call('HMGET', key, 'total', 'success_queue', 'complete_queue')
  local total = tonumber(fields[1])
  if not (total and tonumber(index) < total) then return nil end
  local callbackQueues = {}
  for _, queueName in ipairs({fields[2], fields[3]}) do
    if queueName and queueName ~= '' then callbackQueues[#callbackQueues + 1] = queueName end
  end
  return {id = id, key = key, ended = key .. ':ended', index = tonumber(index), callbackQueues = callbackQueues}
end

-- Counts the end ('succeeded', 'dead', or 'retry' for a failed run) once; the last end pushes the callbacks.
local function batchEnd(prefix, batch, ended, queuedJson, statusTtl, maxTokens)
  if redis.call('GETBIT', batch.ended, batch.index) == 1 then return end
  if ended == 'retry' then
    redis.call('HINCRBY', batch.key, 'failed', 1)
    return
  end
  redis.call('SETBIT', batch.ended, batch.index, 1)
  redis.call('HINCRBY', batch.key, ended, 1)
  if redis.call('HINCRBY', batch.key, 'pending', -1) ~= 0 then return end
  local record = redis.call('HMGET', batch.key, 'dead', 'success_queue', 'success_payload', 'success_status',
    'complete_queue', 'complete_payload', 'complete_status')
  local fired = {}
  if tonumber(record[1]) == 0 and record[2] ~= '' then
    pushJob(queueKeysOf(prefix, record[2]), record[2], record[3], record[4], queuedJson, statusTtl, maxTokens)
    fired[#fired + 1] = 'success'
  end
  if record[5] ~= '' then
    pushJob(queueKeysOf(prefix, record[5]), record[5], record[6], record[7], queuedJson, statusTtl, maxTokens)
    fired[#fired + 1] = 'complete'
  end
  local now = tonumber(redis.call('TIME')[1])
  local done = prefix .. 'bgj:batches:done'
  -- The callbacks' payloads are pushed now; the record keeps what it says about them, not their bytes.
  redis.call('HDEL', batch.key, 'success_payload', 'complete_payload')
  redis.call('HSET', batch.key, 'completed', now, 'fired', table.concat(fired, ','))
  redis.call('EXPIRE', batch.key, statusTtl)
  redis.call('EXPIRE', batch.ended, statusTtl)
  redis.call('ZREM', prefix .. 'bgj:batches:open', batch.id)
  redis.call('ZADD', done, now, batch.id)
  redis.call('ZREMRANGEBYSCORE', done, '-inf', '(' .. (now - tonumber(statusTtl)))
end
