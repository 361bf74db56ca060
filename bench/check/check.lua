-- SPDX-License-Identifier: Apache-2.0
-- wrk script for bench/check/run.sh: POST /api/v1/checks for a random subject code of XY_CHECK_LIST,
-- with the approval-system key XY_CHECK_KEY and the matter XY_CHECK_MATTER. Answers other than 2xx
-- are counted by wrk itself (non2xx below: its status errors, any status of 400 and above).
-- XY_CHECK_DELAY_MS (optional): each connection waits this long after an answer before its next
-- request (wrk's delay()), so that the offered rate is about connections / (delay + latency) and the
-- latency is measured at that rate, not at whatever rate saturates the machine.
local list, key, matter = os.getenv("XY_CHECK_LIST"), os.getenv("XY_CHECK_KEY"), os.getenv("XY_CHECK_MATTER")
local delay_ms = tonumber(os.getenv("XY_CHECK_DELAY_MS") or "0")
if delay_ms > 0 then
    function delay()
        return delay_ms
    end
end
local reqs = {}
local threads = {}
function setup(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
end
function init(args)
    -- Formatted once here, not per request, and no response() callback (which makes wrk hand every
    -- answer's headers and body to Lua): the client shares the two cores with the server, and should
    -- cost it as little as it can.
    for line in io.lines(list) do
        if #line > 0 then
            reqs[#reqs + 1] = wrk.format("POST", "/api/v1/checks", {
                ["Authorization"] = "Bearer " .. key,
                ["Content-Type"] = "application/json",
            }, '{"subject":"' .. line .. '","matter":"' .. matter .. '"}')
        end
    end
    assert(#reqs > 0, "XY_CHECK_LIST is empty")
    math.randomseed(42 + tid)
end
function request()
    return reqs[math.random(#reqs)]
end
function done(summary, latency, requests)
    io.write(string.format("check-result requests=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d non2xx=%d errors=%d\n",
        summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50),
        latency:percentile(99), latency.max, summary.errors.status, summary.errors.connect + summary.errors.read +
        summary.errors.write + summary.errors.timeout))
end
