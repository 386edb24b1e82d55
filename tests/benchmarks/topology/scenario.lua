-- One wrk script for every topology scenario; MODE picks the request (see tests/benchmarks/topology.sh):
--   bare         GET /health/live                                   (read baseline: same server, no work)
--   login        POST /api/auth/wechat-login {code} per line of INPUT (codes); tokens appended to TOKENS_OUT.<thread>
--   start        POST /api/quiz/campaigns/$CAMPAIGN/attempts per line of INPUT (worker tokens)
--   submit       POST /api/quiz/attempts/<id>/submit per line of INPUT ("attemptId token body")
--   leaderboard  GET /api/quiz/campaigns/$CAMPAIGN/leaderboard?top=20, worker tokens from INPUT in turn
--   enroll       POST /api/training/sessions/$SESSION/enrollments per line of INPUT (worker tokens)
--   queue        GET /api/officer/membership/applications?status=submitted&sort=submittedAt&page=1..10 with the token in INPUT
package.path = os.getenv("LUA_DIR") .. "/?.lua;" .. package.path
local c = require("common")
local mode = os.getenv("MODE")
local campaign = os.getenv("CAMPAIGN") or ""
local session = os.getenv("SESSION") or ""
local cycle = (mode == "bare" or mode == "leaderboard" or mode == "queue")
local tokens_out = nil
local page = 0
local stopping = false

setup = c.setup
done = c.done

function init(args)
  if os.getenv("INPUT") then c.load(os.getenv("INPUT"), cycle) end
  if mode == "login" and os.getenv("TOKENS_OUT") then
    tokens_out = io.open(os.getenv("TOKENS_OUT") .. "." .. id, "w")
  end
end

local json = { ["Content-Type"] = "application/json" }

local function bearer(token, extra)
  local h = { ["Authorization"] = "Bearer " .. token }
  if extra then for k, v in pairs(extra) do h[k] = v end end
  return h
end

function request()
  c.started()
  if mode == "bare" then
    return wrk.format("GET", "/health/live")
  end
  local line
  if cycle then
    line = c.lines[(c.next - 1) % #c.lines + 1]
    c.next = c.next + 1
  else
    line = c.take()
    if line == nil then
      if not stopping and os.getenv("DONE_DIR") then
        -- wrk itself runs for the whole -d; the script interrupts it once every thread has used up its share.
        local marker = io.open(os.getenv("DONE_DIR") .. "/done." .. id, "w")
        if marker then marker:close() end
      end
      stopping = true
      wrk.thread:stop()
      return wrk.format("GET", "/health/live")
    end
  end
  if mode == "login" then
    return wrk.format("POST", "/api/auth/wechat-login", json, '{"code":"' .. line .. '"}')
  elseif mode == "start" then
    return wrk.format("POST", "/api/quiz/campaigns/" .. campaign .. "/attempts", bearer(line, { ["Content-Length"] = "0" }))
  elseif mode == "submit" then
    local attempt, token, body = line:match("^(%S+) (%S+) (.*)$")
    return wrk.format("POST", "/api/quiz/attempts/" .. attempt .. "/submit", bearer(token, json), body)
  elseif mode == "leaderboard" then
    return wrk.format("GET", "/api/quiz/campaigns/" .. campaign .. "/leaderboard?top=20", bearer(line))
  elseif mode == "enroll" then
    return wrk.format("POST", "/api/training/sessions/" .. session .. "/enrollments", bearer(line, { ["Content-Length"] = "0" }))
  elseif mode == "queue" then
    page = page % 10 + 1
    return wrk.format("GET", "/api/officer/membership/applications?status=submitted&sort=submittedAt&page=" .. page, bearer(line))
  end
end

function response(status, headers, body)
  -- after its share ran out a thread sends /health/live while it stops; answers to real requests still count
  if stopping and body == "Healthy" then return end
  c.record(status)
  if tokens_out and status == 200 then
    local token = body:match('"accessToken":"([^"]+)"')
    if token then tokens_out:write(token, "\n"); tokens_out:flush() end
  end
  c.publish()
end
