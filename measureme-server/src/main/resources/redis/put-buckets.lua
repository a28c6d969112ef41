-- Writes absolute bucket values of one user, keeping the newest version of each (hash, type).
-- KEYS: pairs of (bucket hash, granularity index); ARGV: 9 values per pair:
--   start ms, end ms, type, count, sum, min, max, duration ms, version
-- Every key carries the user as a hash tag, so one call touches one slot (Redis Cluster).
local written = 0
for i = 1, #KEYS / 2 do
  local hash, index, o = KEYS[2 * i - 1], KEYS[2 * i], (i - 1) * 9
  local type = ARGV[o + 3]
  local current = tonumber(redis.call('HGET', hash, type .. '.version') or '0')
  if tonumber(ARGV[o + 9]) > current then
    redis.call('HSET', hash, '_start', ARGV[o + 1], '_end', ARGV[o + 2],
      type .. '.count', ARGV[o + 4], type .. '.sum', ARGV[o + 5], type .. '.min', ARGV[o + 6],
      type .. '.max', ARGV[o + 7], type .. '.duration', ARGV[o + 8], type .. '.version', ARGV[o + 9])
    redis.call('ZADD', index, ARGV[o + 1], hash)
    written = written + 1
  end
end
return written
