-- SPDX-License-Identifier: Apache-2.0
-- wrk script for bench/check/run.sh: POST /api/v1/checks for a random subject code of XY_CHECK_LIST,
-- with the approval-system key XY_CHECK_KEY and the matter XY_CHECK_MATTER. Non-201 answers are errors.
local list, key, matter = os.getenv("XY_CHECK_LIST"), os.getenv("XY_CHECK_KEY"), os.getenv("XY_CHECK_MATTER")
local codes = {}
function init(args)
    for line in io.lines(list) do
        if #line > 0 then codes[#codes + 1] = line end
    end
    math.randomseed(os.time() + math.random(1000))
end
function request()
    local code = codes[math.random(#codes)]
    return wrk.format("POST", "/api/v1/checks", {
        ["Authorization"] = "Bearer " .. key,
        ["Content-Type"] = "application/json",
    }, '{"subject":"' .. code .. '","matter":"' .. matter .. '"}')
end
local bad = 0
function response(status, headers, body)
    if status ~= 201 then bad = bad + 1 end
end
function done(summary, latency, requests)
    io.write(string.format("check-result requests=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d non2xx=%d errors=%d\n",
        summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50),
        latency:percentile(99), latency.max, summary.errors.status, summary.errors.connect + summary.errors.read +
        summary.errors.write + summary.errors.timeout))
end
