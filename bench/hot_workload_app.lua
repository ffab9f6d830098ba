-- hot_workload_app.lua: an application-shaped Lua workload for
-- bench/hot_check.sh. One program in phases, as a log-processing tool
-- would be written: generate and parse log lines, aggregate them with
-- objects and tables, keep a priority queue of events, stream records
-- through coroutines, serialise a report, and load small config chunks.
-- Deterministic (its own random generator); no files, no clock.

local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

-- Phase 1: log lines as text, parsed back with patterns.
local methods = {"GET", "POST", "PUT", "DELETE"}
local paths = {"/", "/index.html", "/api/users", "/api/orders", "/static/app.js", "/login"}
local lines = {}
for i = 1, 6000 do
  lines[i] = string.format("%d.%d.%d.%d - - [%02d/Dec/2026:%02d:%02d:%02d] \"%s %s?id=%d HTTP/1.1\" %d %d",
    rand(255), rand(255), rand(255), rand(255), rand(28), rand(24) - 1, rand(60) - 1, rand(60) - 1,
    methods[rand(#methods)], paths[rand(#paths)], rand(1000), ({200, 200, 200, 304, 404, 500})[rand(6)],
    rand(50000))
end

local Request = {}
Request.__index = Request
function Request.new(ip, method, path, status, bytes)
  return setmetatable({ip = ip, method = method, path = path, status = status, bytes = bytes}, Request)
end
function Request:is_error() return self.status >= 500 end
function Request:key() return self.method .. " " .. self.path end

local requests = {}
for _, line in ipairs(lines) do
  local ip, method, path, status, bytes =
    line:match('^(%S+) %S+ %S+ %[[^%]]+%] "(%u+) ([^%s?]+)%S* [^"]*" (%d+) (%d+)$')
  if ip then requests[#requests + 1] = Request.new(ip, method, path, tonumber(status), tonumber(bytes)) end
end

-- Phase 2: aggregate per key, per client and per status.
local Stats = {}
Stats.__index = Stats
function Stats.new() return setmetatable({count = 0, bytes = 0, errors = 0, clients = {}}, Stats) end
function Stats:add(r)
  self.count = self.count + 1
  self.bytes = self.bytes + r.bytes
  if r:is_error() then self.errors = self.errors + 1 end
  self.clients[r.ip] = (self.clients[r.ip] or 0) + 1
end

local by_key, by_status = {}, {}
for _, r in ipairs(requests) do
  local k = r:key()
  local s = by_key[k]
  if not s then s = Stats.new(); by_key[k] = s end
  s:add(r)
  by_status[r.status] = (by_status[r.status] or 0) + 1
end

-- Phase 3: a binary heap of timed events (a scheduler's queue).
local Heap = {}
Heap.__index = Heap
function Heap.new() return setmetatable({n = 0}, Heap) end
function Heap:push(t, ev)
  self.n = self.n + 1
  local i = self.n
  self[i] = {t = t, ev = ev}
  while i > 1 and self[i // 2].t > self[i].t do
    self[i], self[i // 2] = self[i // 2], self[i]
    i = i // 2
  end
end
function Heap:pop()
  local top = self[1]
  self[1] = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= self.n and self[l].t < self[m].t then m = l end
    if r <= self.n and self[r].t < self[m].t then m = r end
    if m == i then break end
    self[i], self[m] = self[m], self[i]
    i = m
  end
  return top
end

local q = Heap.new()
for i = 1, 4000 do q:push(rand(100000), {kind = "timer", id = i}) end
local fired = 0
while q.n > 0 do
  local e = q:pop()
  fired = fired + 1
  if fired % 4 == 0 and fired < 3000 then q:push(e.t + rand(1000), {kind = "retry", id = e.ev.id}) end
end

-- Phase 4: a coroutine pipeline: producer -> filter -> consumer.
local function producer()
  return coroutine.wrap(function()
    for _, r in ipairs(requests) do coroutine.yield(r) end
  end)
end
local function filter(src, pred)
  return coroutine.wrap(function()
    for r in src do if pred(r) then coroutine.yield(r) end end
  end)
end
local big = 0
for r in filter(producer(), function(r) return r.bytes > 25000 end) do big = big + 1 end

-- Phase 5: serialise the report as JSON text, recursively.
local function encode(v, out)
  local t = type(v)
  if t == "table" then
    if #v > 0 then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = tostring(k) end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = string.format("%q:", k)
        encode(v[k] ~= nil and v[k] or v[tonumber(k)], out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then
    out[#out + 1] = '"' .. v:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
  else
    out[#out + 1] = tostring(v)
  end
end

local report = {}
for k, s in pairs(by_key) do
  local top, topn = nil, 0
  for ip, n in pairs(s.clients) do if n > topn then top, topn = ip, n end end
  report[#report + 1] = {key = k, count = s.count, bytes = s.bytes, errors = s.errors, top_client = top}
end
table.sort(report, function(a, b) return a.count > b.count end)
local failures = {}
for _, r in ipairs(requests) do
  if r:is_error() then failures[#failures + 1] = {ip = r.ip, path = r.path, bytes = r.bytes} end
end
local out = {}
encode({requests = #requests, fired = fired, big = big, by_status = by_status, keys = report,
        failures = failures}, out)
local json = table.concat(out)

-- Phase 6: config chunks loaded at run time, and a templated summary.
local total = 0
for i = 1, 200 do
  local chunk = assert(load("return {limit = " .. i .. ", name = 'rule" .. i .. "', tags = {'a', 'b'}}"))
  total = total + chunk().limit
end
local summary = ("${n} requests, ${e} keys, ${b} large"):gsub("%${(%w+)}",
  {n = tostring(#requests), e = tostring(#report), b = tostring(big)})
collectgarbage()
print(#json, total, summary)
