-- GET a path with a random id from ids.txt: wrk -s ids.lua <base> -- <path template with {id}> <token>
local ids, template, auth = {}, nil, nil
function init(args)
  template, auth = args[1], "Bearer " .. args[2]
  for line in io.lines(args[3] or "ids.txt") do ids[#ids + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
function request()
  local path = template:gsub("{id}", ids[math.random(#ids)])
  return wrk.format("GET", path, { ["Authorization"] = auth })
end
