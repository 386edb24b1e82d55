-- Shared by the topology scenarios' wrk scripts (tests/benchmarks/topology.sh). Each wrk thread takes every n-th line of
-- INPUT (codes, tokens, submit lines) so no input is used twice, and stops when its share runs out. Throughput is counted
-- from the first request to the last response (wrk's own figure divides by the whole -d duration), with a monotonic clock
-- through LuaJIT's FFI. done() prints one key=value line per figure, prefixed with SCENARIO, for the script to collect.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } changai_timespec;
  int clock_gettime(int clk_id, changai_timespec *tp);
]]

local M = {}
local threads = {}
local counter = 0

function M.now()
  local t = ffi.new("changai_timespec")
  ffi.C.clock_gettime(1, t)
  return tonumber(t.tv_sec) + tonumber(t.tv_nsec) / 1e9
end

function M.setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state).
M.lines = {}
M.next = 1
M.first = nil
M.last = 0
M.ok = 0
M.failed = 0
M.statuses = ""

-- shared: every thread cycles through all lines (tokens of a read scenario); otherwise each takes every n-th line.
function M.load(path, shared)
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
  local i = 0
  for line in io.lines(path) do
    if line ~= "" then
      if shared or i % nthreads == id then table.insert(M.lines, line) end
      i = i + 1
    end
  end
end

-- The next input line, or nil when this thread's share is used up (the thread then stops).
function M.take()
  local line = M.lines[M.next]
  if line == nil then
    return nil
  end
  M.next = M.next + 1
  return line
end

function M.started()
  if M.first == nil then M.first = M.now() end
end

local seen = {}
function M.record(status)
  M.last = M.now()
  if status >= 200 and status < 300 then
    M.ok = M.ok + 1
  else
    M.failed = M.failed + 1
    if not seen[status] then
      seen[status] = true
      M.statuses = M.statuses .. status .. " "
    end
  end
end

function M.done(summary, latency, requests)
  local first, last, ok, failed, statuses = nil, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    local f = thread:get("first_ts")
    if f ~= nil and (first == nil or f < first) then first = f end
    local l = thread:get("last_ts") or 0
    if l > last then last = l end
    ok = ok + (thread:get("ok_count") or 0)
    failed = failed + (thread:get("failed_count") or 0)
    statuses = statuses .. (thread:get("statuses") or "")
  end
  local errors = summary.errors
  local socket = errors.connect + errors.read + errors.write
  local seconds = (first ~= nil and last > first) and (last - first) or (summary.duration / 1e6)
  local prefix = os.getenv("SCENARIO") or "SCENARIO"
  io.write(string.format("%s_REQUESTS=%d\n", prefix, ok + failed))
  io.write(string.format("%s_ERRORS=%d\n", prefix, failed + socket))
  io.write(string.format("%s_TIMEOUTS=%d\n", prefix, errors.timeout))
  io.write(string.format("%s_SECONDS=%.2f\n", prefix, seconds))
  io.write(string.format("%s_RPS=%.0f\n", prefix, (ok + failed) / seconds))
  io.write(string.format("%s_P50_MS=%.1f\n", prefix, latency:percentile(50) / 1000))
  io.write(string.format("%s_P99_MS=%.1f\n", prefix, latency:percentile(99) / 1000))
  io.write(string.format("%s_ERROR_STATUSES=\"%s\"\n", prefix, statuses))
end

-- Publishes this thread's counters for done(); called after every response (cheap: a few table writes).
function M.publish()
  wrk.thread:set("first_ts", M.first)
  wrk.thread:set("last_ts", M.last)
  wrk.thread:set("ok_count", M.ok)
  wrk.thread:set("failed_count", M.failed)
  wrk.thread:set("statuses", M.statuses)
end

return M
