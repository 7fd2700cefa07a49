-- Calendar arithmetic for the scripts that read or write times as text (included by LuaScript where a
-- script says '--#include lib/utc.lua'): days since 1970-01-01 to and from a civil date, in eras of
-- 400 years starting on March 1st, and a UTC time as text in the layouts Resque's peers write.

local function daysFromCivil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local doy = math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

local function civilFromDays(z)
  z = z + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m, d
end

-- A time in whole seconds since the epoch as UTC text: dateSep between the date's parts, between
-- before the time, suffix after it ('-', 'T', 'Z' for ISO-8601; '/', ' ', ' UTC' for Ruby's failed_at).
local function utc(seconds, dateSep, between, suffix)
  local days = math.floor(seconds / 86400)
  local rest = seconds - days * 86400
  local y, m, d = civilFromDays(days)
  return string.format('%04d%s%02d%s%02d%s%02d:%02d:%02d%s', y, dateSep, m, dateSep, d, between,
    math.floor(rest / 3600), math.floor(rest % 3600 / 60), rest % 60, suffix)
end
