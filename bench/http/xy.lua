-- SPDX-License-Identifier: Apache-2.0
-- The wrk script of bench/http/run.sh. One file for every run, driven by environment variables
-- (read when the script loads, so wrk's main state and every thread state see the same mode):
--   XY_WRK_MODE=static  wrk's own fixed request, no Lua per request (the nginx ceiling)
--   XY_WRK_MODE=list    GET XY_WRK_PREFIX .. (a random line of XY_WRK_LIST, percent-encoded)
--   XY_WRK_MODE=batch   POST XY_WRK_PATH with the body of file XY_WRK_BODY in which every "@DOC@" becomes a
--                       prefix unique to the run (XY_WRK_RUN), the thread and the request, so each row is a
--                       new record; Authorization: Bearer XY_WRK_KEY. Each answer must be a 201 whose JSON says
--                       "rejected":0, else it counts as a bad body.
-- done() prints one line "xy-result key=value ..." that run.sh parses (latencies in microseconds).
local mode = os.getenv("XY_WRK_MODE") or "static"

local threads = {}
function setup(thread)
    thread:set("tid", #threads + 1)
    thread:set("bad", 0)
    table.insert(threads, thread)
end

local function encode(s)
    return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

if mode == "list" then
    local paths = {}
    function init(args)
        local prefix = assert(os.getenv("XY_WRK_PREFIX"), "XY_WRK_PREFIX is not set")
        local list = assert(os.getenv("XY_WRK_LIST"), "XY_WRK_LIST is not set")
        for line in io.lines(list) do
            if #line > 0 then
                paths[#paths + 1] = prefix .. encode(line)
            end
        end
        assert(#paths > 0, "XY_WRK_LIST is empty")
        -- Formatted once here, not per request: the client shares the two cores with the server, and
        -- its cost per request should be as close to wrk's own static request as Lua allows.
        for i = 1, #paths do
            paths[i] = wrk.format("GET", paths[i])
        end
        math.randomseed(42 + tid)
    end
    function request()
        return paths[math.random(#paths)]
    end
elseif mode == "batch" then
    local body, path, run, headers
    local n = 0
    function init(args)
        local file = assert(os.getenv("XY_WRK_BODY"), "XY_WRK_BODY is not set")
        local f = assert(io.open(file, "rb"))
        body = f:read("*a")
        f:close()
        path = assert(os.getenv("XY_WRK_PATH"), "XY_WRK_PATH is not set")
        run = assert(os.getenv("XY_WRK_RUN"), "XY_WRK_RUN is not set")
        headers = {["Authorization"] = "Bearer " .. assert(os.getenv("XY_WRK_KEY"), "XY_WRK_KEY is not set"),
                   ["Content-Type"] = "text/csv"}
    end
    function request()
        n = n + 1
        local doc = string.format("HB%s-%d-%d-", run, tid, n)
        return wrk.format("POST", path, headers, (body:gsub("@DOC@", doc)))
    end
    function response(status, hdrs, b)
        if status ~= 201 or not string.find(b, '"rejected":0', 1, true) then
            bad = bad + 1
            if bad <= 3 then
                io.stderr:write(string.format("xy.lua: answer %d: %s\n", status, string.sub(b, 1, 300)))
            end
        end
    end
end

function done(summary, latency, requests)
    local e = summary.errors
    local bad = 0
    for _, t in ipairs(threads) do
        bad = bad + (t:get("bad") or 0)
    end
    io.write(string.format("xy-result requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d " ..
                           "max_us=%d status_errors=%d connect=%d read=%d write=%d timeout=%d bad_bodies=%d bytes=%d\n",
                           summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
                           latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
                           e.status, e.connect, e.read, e.write, e.timeout, bad, summary.bytes))
end
