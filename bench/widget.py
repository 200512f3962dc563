"""What the widget costs a council's page: its size, layout shift and long tasks.

    .venv/bin/python bench/widget.py [--runs 5] [--cpu-slowdown 1 4]

Starts a real collector (gunicorn) and a council page on another origin with
a strict CSP (the browser tests' host page), then loads that page in
headless Chromium, at full speed and with the CPU slowed down like a
mid-range phone, in three ways, interleaved so that they share the
machine's conditions:

  no widget           the page without the tag (the baseline)
  tag, not invited    the tag on a visit left out of the sample (most visits)
  invited and opened  the tag, the survey fetched, shown and opened at load

For each it records, with PerformanceObserver, the cumulative layout shift
(shifts not caused by the visitor) and the long tasks (over 50 ms), and the
load event's time, and prints the medians and their differences from the
page without the widget measured in the same run, at each CPU slowdown.
It prints figures; it asserts nothing. Long tasks and load times depend on
the machine's load: compare the rows of one run, not runs.
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PERFORMANCE_OBSERVERS,
    performance,
    start_collector,
)
from tests.browser.hostpage import HostPage  # noqa: E402

BUILD = ROOT / "widget" / "dist" / "takeup.min.js"
BUDGET = 6144


def sizes(collector_url: str) -> dict:
    raw = BUILD.read_bytes()
    served = requests.get(collector_url + "/widget/v1/takeup.js", headers={"Accept-Encoding": "gzip"},
                          stream=True, timeout=10)
    served_bytes = served.raw.read()  # as sent, still compressed
    return {"raw": len(raw), "gzip6": len(gzip.compress(raw, 6, mtime=0)),
            "served": len(served_bytes), "encoding": served.headers.get("Content-Encoding", "none"),
            "cache": served.headers.get("Cache-Control", "")}


def measure(browser, url: str, slowdown: float, wait_for_survey: bool) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.add_init_script(PERFORMANCE_OBSERVERS)
        if slowdown > 1:
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        page.goto(url, wait_until="load")
        if wait_for_survey:
            # A plain evaluate: Playwright's locators inject a large script of their own into the
            # page, whose evaluation would show up as the page's long task.
            page.evaluate("""() => new Promise(done => (function poll() {
                const host = document.querySelector('takeup-survey');
                if (host && host.shadowRoot.querySelector('form')) done(); else setTimeout(poll, 20);
            })())""")
        page.wait_for_load_state("networkidle")
        result = performance(page)
        result["load_ms"] = page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; }")
        return result
    finally:
        context.close()


def report(name: str, m: dict, base: dict) -> str:
    line = f"  {name:20} {m['cls']:8.4f} {m['longTasks']:11g} {m['longTaskMs']:13.0f} {m['load_ms']:9.0f}"
    if m is base:
        return line + "   (baseline)"
    ratio = f"x{m['load_ms'] / base['load_ms']:.2f}" if base["load_ms"] else "n/a"
    return line + (f"   vs no widget: CLS {m['cls'] - base['cls']:+.4f}, long tasks "
                   f"{m['longTasks'] - base['longTasks']:+g} ({m['longTaskMs'] - base['longTaskMs']:+.0f} ms), "
                   f"load {m['load_ms'] - base['load_ms']:+.0f} ms ({ratio})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu-slowdown", type=float, nargs="+", default=[1.0, 4.0],
                        help="CPU slowdown factors to measure at (default: 1, and 4 for a mid-range phone)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        collector = start_collector(Path(tmp))
        try:
            with HostPage(collector.url) as host, sync_playwright() as playwright:
                site = collector.add_site(host.origin, sample=1.0)
                scenarios = {
                    "no widget": (host.url("/page/1", widget="0", cards="12"), False),
                    "tag, not invited": (host.url("/page/1", site=site, sample="0", cards="12"), False),
                    "invited and opened": (host.url("/page/1", site=site, trigger="manual", queue="open",
                                                    cards="12"), True),
                }
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                version = browser.version
                for slowdown in args.cpu_slowdown:
                    results = {name: [] for name in scenarios}
                    for _ in range(args.runs):
                        for name, (url, survey) in scenarios.items():
                            results[name].append(measure(browser, url, slowdown, survey))
                    medians[slowdown] = {
                        name: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
                        for name, runs in results.items()}
                browser.close()
                size = sizes(collector.url)
        finally:
            collector.server.stop()

    print(f"takeup widget bench: Chromium {version}, {args.runs} runs of each page, medians")
    print(f"script: {size['raw']} bytes, {size['gzip6']} gzipped (level 6); served {size['served']} bytes "
          f"({size['encoding']}); budget {BUDGET}: {'within' if size['served'] <= BUDGET else 'OVER'}; "
          f"Cache-Control: {size['cache']}")
    for slowdown, by_name in medians.items():
        print(f"CPU slowed {slowdown:g}x:")
        print(f"  {'':20} {'CLS':>8} {'long tasks':>11} {'long-task ms':>13} {'load ms':>9}")
        for name, m in by_name.items():
            print(report(name, m, by_name["no widget"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
