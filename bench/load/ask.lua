-- wrk script: POST /api/ask round-robin over bench/load/questions.txt (or $QUESTIONS);
-- prints latency percentiles and the error count at the end.
local questions = {}
for line in io.lines(os.getenv("QUESTIONS") or "bench/load/questions.txt") do
  if #line > 0 then questions[#questions + 1] = line end
end

local function quote(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

-- Each wrk thread starts 4,000 questions after the previous one, so with the distinct list (12,000
-- questions) no two threads ask the same question in a run of under 4,000 requests per thread.
-- (Offsets 7 apart made the second thread repeat the first one's questions 7 requests later:
-- about half of the "distinct" requests were repeats, served from the store or composed twice
-- at once depending on how the server ordered the connections, so the workload measured the
-- server's scheduling as much as composition.)
local counter = 0
function setup(thread)
  thread:set("offset", counter * 4000 + tonumber(os.getenv("OFFSET") or "0"))
  counter = counter + 1
end

local i = 0
function request()
  i = i + 1
  local q = questions[(i + (offset or 0)) % #questions + 1]
  return wrk.format("POST", "/api/ask", {["Content-Type"] = "application/json"},
                    '{"question": ' .. quote(q) .. ', "audience": "clinician"}')
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format("answers/s %.1f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("p%d_ms %.1f\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("max_ms %.1f\nrequests %d\nerrors %d\n", latency.max / 1000, summary.requests, errors))
  io.write(string.format("errors_by_kind connect %d read %d write %d status %d timeout %d\n", summary.errors.connect,
                         summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
