-- hot_workload.lua: a mixed Lua workload for bench/hot_check.sh: tables,
-- strings, closures, coroutines, the parser (load) and the garbage collector.
local items = {}
for i = 1, 20000 do items[i] = {id = i, name = "item" .. i} end
table.sort(items, function(a, b) return a.name < b.name end)

local parts = {}
for i = 1, #items do parts[#parts + 1] = string.format("%d:%s", items[i].id, items[i].name) end
local joined = table.concat(parts, ",")
local letters = 0
for word in joined:gmatch("[^,]+") do letters = letters + #word end
local upper = joined:sub(1, 50000):upper():gsub("ITEM", "it")

local function fib(k) if k < 2 then return k end return fib(k - 1) + fib(k - 2) end
local counter = 0
for i = 1, 2000 do
  local add = function(x) return x + i end   -- a closure per iteration
  counter = add(counter)
end

local co = coroutine.wrap(function() for i = 1, 2000 do coroutine.yield(i) end end)
for _ = 1, 2000 do co() end

for i = 1, 300 do assert(load("local a = {" .. i .. ", 'x', y = " .. i .. "} return a[1]"))() end
collectgarbage()
print(letters, #upper, fib(18), counter)
