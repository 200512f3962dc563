"""What the widget's browser tests and bench share: the collector, the browser, helpers.

The collector is the real one: gunicorn from tests/support/server.py, set up
with the real `takeup` command line on a temporary SQLite file.
"""
from __future__ import annotations

import json
import os
import select
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, wait_for  # noqa: F401 (bench/widget.py uses them)
from tests.support.server import GunicornServer

TAKEUP = str(Path(sys.executable).with_name("takeup"))
if not Path(TAKEUP).exists():
    TAKEUP = shutil.which("takeup") or TAKEUP
COUNCIL = "example"
DESKTOP = {"width": 1280, "height": 800}


def takeup_cli(database, *args) -> str:
    """Runs the real command line against the test database."""
    result = subprocess.run([TAKEUP, *args], env={**os.environ, "TAKEUP_DATABASE": str(database)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Collector:
    def __init__(self, database: Path, server: GunicornServer):
        self.database = database
        self.server = server

    @property
    def url(self) -> str:
        return self.server.url

    def add_site(self, origin: str, sample: float = 1.0) -> str:
        out = takeup_cli(self.database, "site", "add", COUNCIL, "--origin", origin,
                         "--sample", str(sample), "--json")
        return json.loads(out)["site_key"]

    def rows(self, sql: str, *params) -> list[dict]:
        conn = sqlite3.connect(self.database, timeout=10)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(row) for row in conn.execute(sql, params)]
        finally:
            conn.close()

    def counts(self, site_key: str) -> dict[str, int]:
        rows = self.rows("SELECT kind, SUM(count) AS n FROM takeup_daily WHERE site_key = ? GROUP BY kind",
                         site_key)
        return {row["kind"]: row["n"] for row in rows}

    def wait_for_counts(self, site_key: str, expected: dict[str, int], timeout=10.0) -> dict[str, int]:
        """Waits until the counts are the expected ones, then checks that they stay so."""
        wait_for(lambda: self.counts(site_key) == expected, timeout,
                 message=f"counts {expected} (have {self.counts(site_key)})")
        time.sleep(0.5)  # two flushes: nothing more was on its way
        assert self.counts(site_key) == expected
        return expected

    def responses(self, site_key: str) -> list[dict]:
        return self.rows("SELECT * FROM responses WHERE site_key = ? ORDER BY received_at", site_key)


def start_collector(directory: Path) -> Collector:
    database = directory / "takeup.db"
    takeup_cli(database, "init")
    takeup_cli(database, "council", "add", COUNCIL, "--name", "Example Borough Council", "--kind", "unitary")
    server = GunicornServer(database, workers=2).start()
    return Collector(database, server)


# --- Looking at the widget (Playwright's CSS and role locators pierce open shadow roots).

def panel(page):
    return page.locator("takeup-survey section")


def active(page) -> dict:
    """What has the focus, looking inside the widget's shadow root."""
    return page.evaluate("""() => {
        let el = document.activeElement;
        const inWidget = !!(el && el.shadowRoot);
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return {tag: el ? el.tagName.toLowerCase() : null, id: el && el.id, inWidget,
                name: el && el.getAttribute('name'), value: el && el.value,
                text: el ? (el.textContent || '').trim() : ''};
    }""")


def outbox(page, site_key: str) -> list:
    """The responses the widget still has to deliver, from the visit's sessionStorage."""
    state = page.evaluate("key => sessionStorage.getItem('takeup:' + key)", site_key)
    return json.loads(state)["o"] if state else []


class SlowLink:
    """A TCP relay in front of the collector that holds what the browser sends for `delay` seconds.

    It stands for a slow mobile network: a request the browser gives up on
    (closing its connection) before the delay is over never reaches the
    collector, as it would not have left the phone. The page points at the
    relay as if it were the collector.
    """

    def __init__(self, target_port: int, delay: float = 0.2):
        self.target_port = target_port
        self.delay = delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.abandoned = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client):
        upstream = None
        try:
            while data := client.recv(65536):
                deadline = time.monotonic() + self.delay
                while (left := deadline - time.monotonic()) > 0:
                    if select.select([client], [], [], left)[0]:
                        more = client.recv(65536)
                        if not more:
                            self.abandoned += 1
                            return
                        data += more
                if upstream is None:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port))
                    threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
                upstream.sendall(data)
        except OSError:
            pass
        finally:
            client.close()
            if upstream is not None:
                upstream.close()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            try:
                sink.shutdown(socket.SHUT_WR)
            except OSError:
                pass


# Added to a page before its own scripts (init scripts are not subject to the page's CSP):
# records layout shifts (those not caused by the visitor's input) and long tasks.
PERFORMANCE_OBSERVERS = """
window.__perf = {shifts: [], longTasks: []};
new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (!e.hadRecentInput) __perf.shifts.push(e.value);
})).observe({type: 'layout-shift', buffered: true});
new PerformanceObserver(list => list.getEntries().forEach(e => __perf.longTasks.push(e.duration)))
  .observe({type: 'longtask', buffered: true});
"""


def performance(page) -> dict:
    """Cumulative layout shift and long tasks seen so far (after a frame, so the observers have reported)."""
    return page.evaluate("""() => new Promise(done => requestAnimationFrame(() => setTimeout(() => done({
        cls: __perf.shifts.reduce((a, b) => a + b, 0),
        longTasks: __perf.longTasks.length,
        longTaskMs: __perf.longTasks.reduce((a, b) => a + b, 0)}), 0)))""")
