-- POST one status change per household of an ids file, thread t of T taking ids t, t+T, t+2T, ...:
--   wrk -t T -s status.lua <base> -- <token> <ids file> <status> <T>
local ids, auth, body, stride, next_id = {}, nil, nil, 1, 1
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end
function init(args)
  auth = "Bearer " .. args[1]
  for line in io.lines(args[2]) do ids[#ids + 1] = line end
  body = '{"status":"' .. args[3] .. '","reason":"FIELD_VERIFICATION"}'
  stride, next_id = tonumber(args[4]), thread_no
end
function request()
  -- past the end of the list the same household is asked again: a 409, counted as non-2xx
  local id = ids[next_id] or ids[#ids]
  next_id = next_id + stride
  return wrk.format("POST", "/api/v1/households/" .. id .. "/status",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end
