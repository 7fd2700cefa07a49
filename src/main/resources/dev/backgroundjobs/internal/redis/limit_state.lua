-- Reads the state of the rate and concurrency limits (see lib/limits.lua for the keys), by Redis's clock.
-- KEYS[1] the namespace's queues set, KEYS[2] bgj:limits, KEYS[3] bgj:limit:due.
-- Derived from the prefix of KEYS[1] (named by the limits and buckets read): the buckets' bgj:limit:*
-- keys.
-- ARGV[1] how many waiting jobs to show per bucket.
-- Answers one entry per limited job name and bucket: {name, spec, value ('' for a limit per name),
-- running, starts in the current window, waiting, due (ms from now, -1 none), first waiting
-- payloads...}, a bucket per name for a limit per name, else one per key value that has waiters.
--#include lib/namespace.lua

--#include lib/limits.lua
limits.keys = {config = KEYS[2], due = KEYS[3]}

local now = limits.now()
local shown = tonumber(ARGV[1])
local specs = redis.call('HGETALL', KEYS[2])
local byName = {}
for i = 1, #specs, 2 do byName[specs[i]] = limits.parse(specs[i + 1]) and specs[i + 1] end
-- A limit per key value shows the buckets that have waiters: finding the others would mean a scan.
local buckets = {}
for _, bucket in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do buckets[bucket] = true end
for i = 1, #specs, 2 do
  if not byName[specs[i]] or limits.parse(byName[specs[i]]).arg < 0 then buckets[specs[i]] = true end
end
local reply = {}
local sorted = {}
for bucket in pairs(buckets) do sorted[#sorted + 1] = bucket end
table.sort(sorted)
for _, bucket in ipairs(sorted) do
  local newline = string.find(bucket, '\n', 1, true)
  local name = newline and string.sub(bucket, 1, newline - 1) or bucket
  local value = newline and string.sub(bucket, newline + 1) or ''
  local specText = byName[name] or ''
  local spec = limits.parse(specText)
  local running = redis.call('ZCOUNT', limits.key(prefix, 'leases', bucket), '(' .. now, '+inf')
  local started = spec and spec.rate > 0
      and redis.call('ZCOUNT', limits.key(prefix, 'window', bucket), '(' .. (now - spec.period), '+inf') or 0
  local waitingKey = limits.key(prefix, 'waiting', bucket)
  local due = redis.call('ZSCORE', KEYS[3], bucket)
  local entry = {name, specText, value, running, started, redis.call('LLEN', waitingKey),
                 due and string.format('%d', math.max(tonumber(due) - now, 0)) or '-1'}
  for _, waiting in ipairs(redis.call('LRANGE', waitingKey, 0, shown - 1)) do
    local colon = string.find(waiting, ':', 1, true)
    local length = tonumber(string.sub(waiting, 1, colon - 1))
    entry[#entry + 1] = string.sub(waiting, colon + length + 1)
  end
  reply[#reply + 1] = entry
end
return reply
