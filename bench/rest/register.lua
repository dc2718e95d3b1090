-- POST a new household (head and spouse, NIKs consistent with sex and birth date):
--   wrk -t2 -s register.lua <base> -- <token> <village code>
-- Every request registers different people, as a village's registrations would: each household's birth date is
-- its own within a run and thread (up to 9,000 per thread), and its names come from a table of common names. All
-- go to one village, so people born the same day with one name would be flagged as possible duplicates and the
-- figure would measure that pathological check (until 2026-12-07 it did: every head was "Kepala <n>", which
-- normalises to "kepala", born on one date). KK numbers and NIKs are unique per run (the second it starts) and
-- thread: a run 1,000 s after another may meet its people again (409, counted as non-2xx).
local auth, village, run, n = nil, nil, 0, 0
local threads = 0
local given = { "Budi", "Siti", "Agus", "Dewi", "Joko", "Sri", "Hendra", "Rina", "Slamet", "Wati", "Bambang", "Yuni",
  "Eko", "Nur", "Rudi", "Lestari", "Dedi", "Ani", "Wahyu", "Ratna", "Andi", "Fitri", "Heru", "Indah", "Iwan", "Maya",
  "Teguh", "Endang", "Yusuf", "Kartini", "Made", "Ketut", "Nyoman", "Putu", "Asep", "Ujang", "Dadang", "Cecep" }
local family = { "Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Kurniawan", "Setiawan", "Nugroho",
  "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Sitompul", "Pangaribuan", "Hutapea", "Rahman",
  "Hasibuan", "Manurung", "Tambunan", "Sembiring", "Ginting", "Tarigan", "Purba", "Damanik", "Sinaga", "Wibowo",
  "Susanto", "Gunawan", "Firmansyah", "Ramadhan", "Permana", "Utomo", "Suryadi", "Halim", "Tanjung", "Sihombing" }
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
local function name(k)
  return given[k % #given + 1] .. " " .. family[(k * 7 + math.floor(k / #given)) % #family + 1]
end
function request()
  n = n + 1
  -- birth dates from 1950 on, two threads on alternate days; the serial tells runs and wraps apart
  local days = (n * 2 + thread_no) % 18000
  local date = os.date("!%Y-%m-%d", -631152000 + days * 86400)
  local serial = ((run % 1000) * 10 + math.floor(n / 9000)) % 10000
  local area = village:gsub("%.", ""):sub(1, 6)
  local body = string.format('{"kkNumber":"%s%05d%d%04d","villageCode":"%s","address":"Jl. Bench No. %d",'
    .. '"welfareCategory":"MISKIN","dtsenDecile":2,"registrationSource":"OFFICER","members":['
    .. '{"nik":"%s","name":"%s","sex":"M","birthDate":"%s","relationship":"HEAD"},'
    .. '{"nik":"%s","name":"%s","sex":"F","birthDate":"%s","relationship":"SPOUSE"}]}',
    area, run % 100000, thread_no, n % 10000, village, n, nik(area, date, false, serial), name(n * 3 + run), date,
    nik(area, date, true, serial), name(n * 5 + run + 11), date)
  return wrk.format("POST", "/api/v1/households", { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end
