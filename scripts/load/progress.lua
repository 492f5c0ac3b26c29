-- wrk script: each request is a different learner's map (session cookies
-- written by `cursus bench seed` to bench-sessions.txt).
local tokens = {}
local next_token = 1

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  -- Threads start at different places in the list.
  next_token = (math.random(1, #tokens))
end

function request()
  local token = tokens[next_token]
  next_token = next_token % #tokens + 1
  return wrk.format("GET", "/api/v1/me/progress", { ["Cookie"] = "cursus_session=" .. token })
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests_per_s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
