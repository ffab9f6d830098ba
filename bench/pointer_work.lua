-- a workload touching the C library functions through Lua's dispatch
local t = {}
for i = 1, 200 do t[i] = (i * 7919) % 1000 end
table.sort(t)
table.sort(t, function(a, b) return a > b end)
local s = table.concat(t, ",", 1, 20)
s = s:gsub("%d+", function(d) return tostring(tonumber(d) + 1) end)
s = string.format("%s %d %5.2f %q", s:sub(1, 10), #s, math.pi, "x\n")
local u = s:upper():lower():rep(2):reverse()
for w in s:gmatch("%d+") do u = u .. w end
print(#u, string.byte("A"), string.char(66), ("abc"):find("b"), ("x=1"):match("(%w)=(%d)"))
local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
print(co(1), co(10))
print(pcall(error, {code = 1}))
print(select("#", 1, 2, 3), select(2, "a", "b"))
local mt = {__index = function(_, k) return k .. "!" end, __add = function(a, b) return 42 end,
  __tostring = function() return "obj" end, __gc = function() end, __close = function() end}
local o = setmetatable({}, mt)
print(o.foo, o + o, tostring(o))
do local c <close> = setmetatable({}, mt) end
print(math.max(1, 5, 3), math.floor(3.7), math.random(1, 1), math.tointeger(3.0), math.abs(-2))
print(os.time{year=2020, month=1, day=1, hour=0} > 0, os.clock() >= 0, os.getenv("HOME") ~= nil)
local f = io.open("pointer_work.txt", "w") f:write("hello\n", 42, "\n") f:close()
for line in io.lines("pointer_work.txt") do io.write(line, ";") end print()
local fn = load("return 1 + ...") print(fn(41))
local dumped = string.dump(function(x) return x * 3 end) print(load(dumped)(5))
print(utf8.char(72, 228), utf8.len("häh"), #utf8.charpattern)
collectgarbage() collectgarbage("step") print(collectgarbage("count") > 0)
print(next({}), rawlen({1,2}), rawequal(t, t), rawget(t, 1), type(print))
for k, v in pairs({a=1}) do print(k, v) end for i, v in ipairs({5}) do print(i, v) end
print(string.pack("i4", 7):len(), string.unpack("i4", string.pack("i4", 7)))
print(debug.traceback("tb"):sub(1, 2), debug.getinfo(1, "l").currentline > 0)
local ok, err = pcall(function() local x = nil; return x.y end) print(ok, err ~= nil)
print(xpcall(function() error("e") end, function(m) return "handled" end))
print(table.unpack({1, 2, 3})) print(table.remove({1, 2})) print(table.move({1,2,3}, 1, 3, 2)[3])
require("string") print(package.path ~= nil)
