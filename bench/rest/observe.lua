-- POST an indicator observation to a random household from ids.txt: wrk -s observe.lua <base> -- <token> <ids file>
local ids, auth = {}, nil
function init(args)
  auth = "Bearer " .. args[1]
  for line in io.lines(args[2]) do ids[#ids + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
function request()
  local body = string.format('{"observedOn":"2026-%02d-01","incomePerCapitaMonth":%d,"expenditurePerCapitaMonth":%d,'
    .. '"incomeSources":2,"savings":0,"businessActive":false,"mealsPerDay":3,"floorAreaPerPerson":8.5,'
    .. '"floorMaterial":"CEMENT","wallMaterial":"WOOD","wallCondition":"GOOD","roofCondition":"GOOD",'
    .. '"drinkingWater":"PROTECTED_WELL","sanitation":"OWN_TOILET","electricity":"PLN_METERED","assets":["SMARTPHONE"]}',
    math.random(1, 11), math.random(300000, 900000), math.random(300000, 900000))
  return wrk.format("POST", "/api/v1/households/" .. ids[math.random(#ids)] .. "/indicators",
    { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
end
