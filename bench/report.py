"""Report rendering time on the demo database: one council in each format, and `--all` in each format.

Builds the demo database in a temporary folder (or uses --db), then prints
milliseconds per report and for the whole run over every council, beside the
time of the council summary the report is built on (the baseline).

    .venv/bin/python bench/report.py [--db PATH] [--council newham]
"""
import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import timed  # noqa: E402
from collector import create_app, demo  # noqa: E402
from dashboards import periods, report, summary  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--council", default="newham")
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    path = args.db or Path(tempfile.mkdtemp(prefix="takeup-bench-report-")) / "demo.db"
    app = create_app({"DATABASE": str(path)})
    store = app.extensions["takeup.store"]
    store.migrate()
    if store.is_empty():
        demo.seed(store)
    period = periods.previous_period(periods.period_for(periods.clock.today()))
    start, end = periods.parse_period(period)
    councils = [c["slug"] for c in store.list_councils()]
    with app.app_context():
        base = timed(lambda: summary.council_summary(store, args.council, start, end, named_peers=False,
                                                     config=app.config, period_id=period), repeat=3)
        data_ms = timed(lambda: report.report_data(store, args.council, period, app.config), repeat=3)
        print(f"demo database {path}: {len(councils)} councils, period {period}")
        print(f"{'what':<34} {'ms':>9} {'vs summary':>11}")
        print(f"{'council summary (baseline)':<34} {base:>9.1f} {1:>11.1f}")
        print(f"{'report data (summary + extras)':<34} {data_ms:>9.1f} {data_ms / base:>11.1f}")
        data = report.report_data(store, args.council, period, app.config)
        for fmt in report.FORMATS:
            ms = timed(lambda fmt=fmt: report.render(data, fmt), repeat=3)
            print(f"{'render one ' + fmt:<34} {ms:>9.1f} {ms / base:>11.1f}")
        for fmt in report.FORMATS:
            started = time.perf_counter()
            for slug in councils:
                report.render(report.report_data(store, slug, period, app.config), fmt)
            ms = (time.perf_counter() - started) * 1000
            print(f"{'--all ' + fmt + f' ({len(councils)} councils)':<34} {ms:>9.1f} {ms / base:>11.1f}")


if __name__ == "__main__":
    main()
