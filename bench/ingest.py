"""Ingest speed against the framework's own floor, measured in the same run.

Starts the real app under gunicorn (4 workers by default) on loopback with a
fresh SQLite file, then drives with wrk, in turn and with the same load:

  noop       POST /bench/noop: reads the body, answers 204 (Flask + gunicorn, nothing of ours)
  events     POST /api/v1/events: a page-view beacon (validated, counted in memory, flushed ~1/s)
  responses  POST /api/v1/responses: a survey answer, a new id each time, committed before the answer
  responses, synchronous=FULL: the same on a second server that syncs the WAL on every commit

and prints requests/s and p99 latency for each, and each endpoint's ratio to the floor.
Targets: events >= 0.8 of the floor, responses >= 0.5.

    .venv/bin/python bench/ingest.py [--seconds 8] [--workers 4] [--connections 16] [--rounds 2]
"""
import argparse
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from collector import clock  # noqa: E402
from collector.storage import SQLiteStore  # noqa: E402
from tests.support.server import GunicornServer  # noqa: E402

ORIGIN = "https://www.bench.gov.uk"
SITE = "benchsitekey01"
UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/130.0.0.0 Safari/537.36")
EVENT = '{"site":"%s","kind":"pageview","visit":true,"path":"/bins"}' % SITE

LUA_FIXED = """
wrk.method = "POST"
wrk.body = '%(body)s'
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["Origin"] = "%(origin)s"
wrk.headers["User-Agent"] = "%(ua)s"
"""

# A fresh UUID per request, so every response is a new row (a repeat would skip the insert).
LUA_RESPONSES = """
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local hex = "0123456789abcdef"
local function uuid()
  local t = {}
  for i = 1, 32 do local r = math.random(1, 16); t[i] = hex:sub(r, r) end
  local s = table.concat(t)
  return s:sub(1,8).."-"..s:sub(9,12).."-4"..s:sub(14,16).."-a"..s:sub(18,20).."-"..s:sub(21,32)
end
request = function()
  local body = '{"id":"'..uuid()..'","site":"%(site)s","lang":"en","path":"/bins","elapsed_ms":8000,"hp":"",'
    ..'"answers":{"service":"bins_recycling","task":"no","rating":"poor","reason":"not_found",'
    ..'"alternative":"phone","comment":"Could not find the collection day, ring me on 07700 900123"}}'
  return wrk.format("POST", "/api/v1/responses", {["Content-Type"]="text/plain;charset=UTF-8",
    ["Origin"]="%(origin)s", ["User-Agent"]="%(ua)s"}, body)
end
"""


def run_wrk(url, script, seconds, connections, threads=2):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
                          "-s", handle.name, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99_ms, int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2, help="Each endpoint is measured this many times, interleaved.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/ingest.py needs wrk: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="takeup-bench-"))
    store = SQLiteStore(workdir / "bench.db")
    store.migrate()
    store.add_council("bench", "Bench", "unitary", 100_000, clock.iso(clock.now()))
    store.add_site(SITE, "bench", [ORIGIN], 0.2, ["en"], clock.iso(clock.now()))
    store.close()

    env = {"TAKEUP_BENCH_ENDPOINTS": "1", "TAKEUP_RATE_LIMIT": "off", "TAKEUP_COUNT_BOTS": "0",
           "TAKEUP_MIN_SUBMIT_MS": "1500", "TAKEUP_FLUSH_SECONDS": "1.0", "TAKEUP_SITE_CACHE_SECONDS": "30",
           "TAKEUP_SYNCHRONOUS": "NORMAL"}
    fixed = {"origin": ORIGIN, "ua": UA, "site": SITE}
    scripts = {
        "noop": ("/bench/noop", LUA_FIXED % dict(fixed, body=EVENT)),
        "events": ("/api/v1/events", LUA_FIXED % dict(fixed, body=EVENT)),
        "responses": ("/api/v1/responses", LUA_RESPONSES % fixed),
    }
    results = {name: [] for name in scripts}
    with GunicornServer(workdir / "bench.db", workers=args.workers, env=env) as server:
        run_wrk(server.url + "/bench/noop", scripts["noop"][1], 2, args.connections)  # warm up
        for _ in range(args.rounds):
            for name, (path, script) in scripts.items():
                results[name].append(run_wrk(server.url + path, script, args.seconds, args.connections))
    full = dict(env, TAKEUP_SYNCHRONOUS="FULL")
    with GunicornServer(workdir / "bench.db", workers=args.workers, env=full) as server:
        results["responses, synchronous=FULL"] = [
            run_wrk(server.url + "/api/v1/responses", scripts["responses"][1], args.seconds, args.connections)
            for _ in range(args.rounds)]
    conn = sqlite3.connect(workdir / "bench.db")
    stored = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    counted = conn.execute("SELECT coalesce(sum(count), 0) FROM takeup_daily WHERE kind = 'pageview'").fetchone()[0]

    print(f"gunicorn {args.workers} sync workers, wrk {args.connections} connections, "
          f"{args.rounds} x {args.seconds}s per endpoint, synchronous=NORMAL unless named")
    print(f"{'endpoint':<28} {'req/s':>9} {'p99 ms':>8} {'non-2xx':>8} {'vs noop':>8}")
    floor = statistics.median(r[0] for r in results["noop"])
    for name, runs in results.items():
        rps = statistics.median(r[0] for r in runs)
        p99 = statistics.median(r[1] for r in runs)
        errors = sum(r[2] for r in runs)
        print(f"{name:<28} {rps:>9.0f} {p99:>8.2f} {errors:>8} {rps / floor:>8.2f}")
    print(f"stored responses: {stored}; counted page views: {counted}")
    print("targets: events >= 0.80 of noop, responses >= 0.50 of noop")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
