"""Dashboard speed on a large database: the rollups against a plain count of the responses.

Builds (or reuses, with --db) a SQLite file with 400 councils, their sites and
two years of data: at least 5 million responses and the daily takeup
counters, generated inside SQLite so it takes a minute or two, then the
rollups. Then times, in the same run:

  count(*)         SELECT count(*) FROM responses (the cheapest full scan: the baseline)
  council summary  one council's half-year summary with peer benchmarks (median of 20 councils)
  staff overview   every council for the half-year

Targets on this machine: a council summary under 100 ms, the overview under 1 s.

    .venv/bin/python bench/dashboard.py [--responses 5000000] [--db /tmp/takeup-bench-dashboard.db]
"""
import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import timed  # noqa: E402
from collector.storage import SQLiteStore  # noqa: E402
from dashboards import periods, summary  # noqa: E402

KINDS = ("district", "county", "unitary", "metropolitan", "london_borough", "welsh_unitary", "scottish",
         "northern_irish")
COUNCILS = 400
DAYS = 730
CONFIG = {"MIN_N": 30, "BENCHMARK_MIN_N": 100}


def build(path: Path, responses: int, end: date):
    store = SQLiteStore(path)
    store.migrate()
    start = end - timedelta(days=DAYS - 1)
    with store.write() as conn:
        conn.executemany("INSERT INTO councils VALUES (?, ?, ?, ?, '2024-01-01T00:00:00+00:00')",
                         [(f"c{n:03d}", f"Council {n:03d}", KINDS[n % len(KINDS)], random.randint(50_000, 1_500_000))
                          for n in range(COUNCILS)])
        conn.executemany("INSERT INTO sites (site_key, council_slug, origins, sample_rate, languages, created_at)"
                         " VALUES (?, ?, '[]', 0.2, '[\"en\"]', '2024-01-01T00:00:00+00:00')",
                         [(f"site-c{n:03d}", f"c{n:03d}") for n in range(COUNCILS)])
    pick = lambda values: "CASE abs(random()) % {} {} END".format(  # noqa: E731
        len(values), " ".join(f"WHEN {i} THEN {v}" for i, v in enumerate(values)))
    with store.write() as conn:
        # Generated in SQLite: a Python loop over 5 million rows would take ten times as long.
        conn.execute(f"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {responses - 1})
            INSERT INTO responses (id, site_key, council_slug, received_at, day, device, service, task, rating,
                                   reason, alternative, elapsed_ms, is_test)
            SELECT printf('%08x-0000-4000-8000-%012x', i, i), printf('site-c%03d', c), printf('c%03d', c),
                   d || 'T12:00:00+00:00', d, {pick(["'mobile'", "'desktop'", "'tablet'"])},
                   {pick(["'bins_recycling'", "'council_tax'", "'benefits'", "'housing'", "'planning'",
                          "'parking'", "NULL"])},
                   {pick(["'yes'", "'yes'", "'partly'", "'no'", "NULL"])},
                   {pick(["'good'", "'good'", "'average'", "'poor'"])},
                   {pick(["'not_found'", "NULL", "'hard_to_use'"])},
                   {pick(["'phone'", "'email'", "'face_to_face'", "'none'", "NULL"])}, 20000, 0
            FROM (SELECT i, abs(random()) % {COUNCILS} AS c,
                         date('{start}', '+' || (abs(random()) % {DAYS}) || ' days') AS d FROM n)""")
        conn.execute(f"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {DAYS - 1})
            INSERT INTO takeup_daily (site_key, day, device, kind, count)
            SELECT site_key, date('{start}', '+' || i || ' days'), device, kind, abs(random()) % 2000
            FROM n, sites, (SELECT 'mobile' AS device UNION ALL SELECT 'desktop' UNION ALL SELECT 'tablet'),
                 (SELECT 'visit' AS kind UNION ALL SELECT 'pageview' UNION ALL SELECT 'invite'
                  UNION ALL SELECT 'open' UNION ALL SELECT 'dismiss')""")
    store.rebuild_rollups()
    store.connection().execute("ANALYZE")
    return store


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=5_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/takeup-bench-dashboard.db"),
                        help="Reused when it exists; delete it to rebuild.")
    args = parser.parse_args()
    end = date.today()
    if args.db.exists():
        store = SQLiteStore(args.db)
        print(f"reusing {args.db}")
    else:
        started = time.perf_counter()
        store = build(args.db, args.responses, end)
        print(f"built {args.db} in {time.perf_counter() - started:.0f}s")
    conn = store.connection()
    count = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    councils = conn.execute("SELECT count(*) FROM councils").fetchone()[0]
    print(f"{count:,} responses, {councils} councils, {DAYS} days")

    period = periods.previous_period(periods.period_for(end))
    start, stop = periods.parse_period(period)
    baseline = timed(lambda: conn.execute("SELECT count(*) FROM responses").fetchone(), repeat=3)
    slugs = [row[0] for row in conn.execute("SELECT slug FROM councils ORDER BY random() LIMIT 20")]
    per_council = [timed(lambda slug=slug: summary.council_summary(store, slug, start, stop, named_peers=True,
                                                                   config=CONFIG, period_id=period))
                   for slug in slugs]
    council_ms = statistics.median(per_council)
    overview_ms = timed(lambda: summary.overview(store, start, stop, config=CONFIG), repeat=3)

    print(f"period {period}")
    print(f"{'query':<38} {'ms':>9} {'vs count(*)':>12}")
    print(f"{'SELECT count(*) FROM responses':<38} {baseline:>9.1f} {1:>12.2f}")
    print(f"{'council summary (median of 20)':<38} {council_ms:>9.1f} {council_ms / baseline:>12.2f}")
    print(f"{'council summary (slowest of 20)':<38} {max(per_council):>9.1f} {max(per_council) / baseline:>12.2f}")
    print(f"{'staff overview (400 councils)':<38} {overview_ms:>9.1f} {overview_ms / baseline:>12.2f}")
    print("targets: council summary < 100 ms, staff overview < 1000 ms")


if __name__ == "__main__":
    main()
