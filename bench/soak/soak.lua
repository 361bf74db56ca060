-- SPDX-License-Identifier: Apache-2.0
-- The wrk script of bench/soak/run.sh: a mix of what the public and the departments do, chosen at
-- random per request (seeded per thread):
--   55%  GET /api/v1/subjects/{USCC}            a lookup (a random line of SOAK_USCCS)
--   30%  GET /api/v1/subjects?q={NAME PART}     a search (a random line of SOAK_NAMES)
--   10%  GET /api/v1/lists/{red,black,watch}, /api/v1/commitments (a board page)
--    5%  POST /api/v1/batches?class=penalty     a batch of SOAK_BATCH_ROWS new rows (body SOAK_BODY, where
--                                              every "@DOC@" becomes a prefix unique to the thread and
--                                              request), Authorization: Bearer SOAK_KEY
-- Every answer is counted by status; done() prints one line "soak-result key=value ..." for run.sh.
local threads = {}

function setup(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
end

local function encode(s)
    return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function lines(file)
    local t = {}
    for line in io.lines(file) do
        if #line > 0 then
            t[#t + 1] = line
        end
    end
    assert(#t > 0, file .. " is empty")
    return t
end

local usccs, names, body, headers
local boards = {"/api/v1/lists/red", "/api/v1/lists/black", "/api/v1/lists/watch", "/api/v1/commitments"}
local n = 0
s2xx, s4xx, s5xx, sother, batches, lookups, searches, pages = 0, 0, 0, 0, 0, 0, 0, 0

function init(args)
    usccs = lines(assert(os.getenv("SOAK_USCCS"), "SOAK_USCCS is not set"))
    names = lines(assert(os.getenv("SOAK_NAMES"), "SOAK_NAMES is not set"))
    local f = assert(io.open(assert(os.getenv("SOAK_BODY"), "SOAK_BODY is not set"), "rb"))
    body = f:read("*a")
    f:close()
    headers = {["Authorization"] = "Bearer " .. assert(os.getenv("SOAK_KEY"), "SOAK_KEY is not set"),
               ["Content-Type"] = "text/csv"}
    math.randomseed(7 + tid)
end

function request()
    n = n + 1
    local r = math.random(100)
    if r <= 55 then
        lookups = lookups + 1
        return wrk.format("GET", "/api/v1/subjects/" .. usccs[math.random(#usccs)])
    elseif r <= 85 then
        searches = searches + 1
        return wrk.format("GET", "/api/v1/subjects?q=" .. encode(names[math.random(#names)]))
    elseif r <= 95 then
        pages = pages + 1
        return wrk.format("GET", boards[math.random(#boards)])
    end
    batches = batches + 1
    local doc = string.format("SK%d-%d-", tid, n)
    return wrk.format("POST", "/api/v1/batches?class=penalty", headers, (body:gsub("@DOC@", doc)))
end

function response(status, hdrs, b)
    if status >= 200 and status < 300 then
        s2xx = s2xx + 1
    elseif status >= 500 then
        s5xx = s5xx + 1
    elseif status >= 400 then
        s4xx = s4xx + 1
    else
        sother = sother + 1
    end
end

function done(summary, latency, requests)
    local t = {s2xx = 0, s4xx = 0, s5xx = 0, sother = 0, batches = 0, lookups = 0, searches = 0, pages = 0}
    for _, th in ipairs(threads) do
        for k, _ in pairs(t) do
            t[k] = t[k] + th:get(k)
        end
    end
    local e = summary.errors
    io.write(string.format("soak-result requests=%d seconds=%.1f rps=%.0f 2xx=%d 4xx=%d 5xx=%d other=%d " ..
                           "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d " ..
                           "sent_lookups=%d sent_searches=%d sent_pages=%d sent_batches=%d " ..
                           "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
                           summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
                           t.s2xx, t.s4xx, t.s5xx, t.sother, e.connect, e.read, e.write, e.timeout,
                           t.lookups, t.searches, t.pages, t.batches,
                           latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
