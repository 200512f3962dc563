"""Page-view, visit and survey-event counters, buffered in memory and written in batches.

A beacon arrives for every page view on every council site, so writing one
row (and one commit) per beacon would make the database the bottleneck.
Instead each worker adds to an in-memory tally and writes it in one
transaction at most about ``FLUSH_SECONDS`` later: on the next beacon after
the interval, from a background thread when traffic stops, and when the
worker exits. A hard crash (SIGKILL, power loss) can lose the last interval's
counts; responses and ratings are never buffered.
"""
import atexit
import logging
import threading
import time
from collections import Counter

from .scrub import scrub

log = logging.getLogger(__name__)
MAX_PAGES_PER_FLUSH = 2000
OTHER_PAGES = "(other pages)"


def _scrub_pages(pages: dict) -> dict:
    scrubbed: dict = {}
    for (site, path), (views, at) in pages.items():
        key = (site, scrub(path))
        earlier, last = scrubbed.get(key, (0, at))
        scrubbed[key] = (earlier + views, max(last, at))
    return scrubbed


class CounterBuffer:
    def __init__(self, store, flush_seconds: float):
        self.store = store
        self.flush_seconds = flush_seconds
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._counts: Counter = Counter()
        self._refused: Counter = Counter()
        self._last_beacons: dict = {}
        self._pages: dict = {}
        self._last_flush = time.monotonic()
        self._thread = None
        atexit.register(self.flush)

    def add(self, site_key, day, device, kinds, at, path):
        with self._lock:
            for kind in kinds:
                self._counts[(site_key, day, device, kind)] += 1
            self._last_beacons[site_key] = (at, path)
            if "pageview" in kinds:
                key = (site_key, path)
                if key not in self._pages and len(self._pages) >= MAX_PAGES_PER_FLUSH:
                    key = (site_key, OTHER_PAGES)  # a flood of made-up paths cannot grow the table
                views, _ = self._pages.get(key, (0, at))
                self._pages[key] = (views + 1, at)
            due = time.monotonic() - self._last_flush >= self.flush_seconds
        self._ensure_thread()
        if due:
            self.flush()

    def refuse(self, site_key, day, origin):
        with self._lock:
            self._refused[(site_key, day, origin[:200])] += 1
        self._ensure_thread()

    def flush(self):
        """Write everything buffered so far in one transaction."""
        with self._flush_lock:
            with self._lock:
                counts, refused, beacons, pages = self._counts, self._refused, self._last_beacons, self._pages
                self._counts, self._refused, self._last_beacons, self._pages = Counter(), Counter(), {}, {}
                self._last_flush = time.monotonic()
            if not (counts or refused or beacons):
                return
            # Paths can hold personal data (/verify/jo@example.com): scrubbed here, once per
            # distinct path and flush, rather than on every beacon.
            pages = _scrub_pages(pages)
            beacons = {site: (at, scrub(path)) for site, (at, path) in beacons.items()}
            try:
                self.store.add_counts(counts, refused, beacons, pages)
            except Exception:
                # Put them back so the next flush tries again rather than losing them.
                log.exception("Could not write counters; keeping them for the next flush")
                with self._lock:
                    self._counts.update(counts)
                    self._refused.update(refused)
                    for key, value in beacons.items():
                        self._last_beacons.setdefault(key, value)
                    for key, (views, at) in pages.items():
                        current, _ = self._pages.get(key, (0, at))
                        self._pages[key] = (current + views, at)

    def _ensure_thread(self):
        # Started lazily, in the worker process that uses it (threads do not survive a fork).
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="takeup-counter-flush", daemon=True)
            self._thread.start()

    def _run(self):
        while True:
            time.sleep(self.flush_seconds)
            if time.monotonic() - self._last_flush >= self.flush_seconds:
                self.flush()
