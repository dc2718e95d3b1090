-- POST a new household (head and spouse, NIKs consistent with sex and birth date):
--   wrk -s register.lua <base> -- <token> <village code>
-- KK numbers and people are unique per run (the second it starts) and thread: a run 50 minutes after another may
-- meet its people again (409, counted as non-2xx).
local auth, village, run, n = nil, nil, 0, 0
local threads = 0
function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end
function init(args)
  auth, village, run = "Bearer " .. args[1], args[2], os.time()
end
local function nik(area, date, female, serial)
  local day = tonumber(date:sub(9, 10)) + (female and 40 or 0)
  return string.format("%s%02d%s%s%04d", area, day, date:sub(6, 7), date:sub(3, 4), serial)
end
function request()
  n = n + 1
  -- one birth date per run and thread (from 1950 on), serials 0000-9999 within it
  local days = ((run % 3000) * 6 + thread_no + math.floor(n / 10000)) % 18000
  local date = os.date("!%Y-%m-%d", -631152000 + days * 86400)
  local area = village:gsub("%.", ""):sub(1, 6)
  local body = string.format('{"kkNumber":"%s%05d%d%04d","villageCode":"%s","address":"Jl. Bench No. %d",'
    .. '"welfareCategory":"MISKIN","dtsenDecile":2,"registrationSource":"OFFICER","members":['
    .. '{"nik":"%s","name":"Kepala %d","sex":"M","birthDate":"%s","relationship":"HEAD"},'
    .. '{"nik":"%s","name":"Istri %d","sex":"F","birthDate":"%s","relationship":"SPOUSE"}]}',
    area, run % 100000, thread_no, n % 10000, village, n, nik(area, date, false, n % 10000), n, date,
    nik(area, date, true, n % 10000), n, date)
  return wrk.format("POST", "/api/v1/households", { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end
