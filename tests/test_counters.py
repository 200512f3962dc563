"""Page-view counters: buffered in memory, written by themselves within about a second, never lost on a failed write."""
import sqlite3

from collector.counters import CounterBuffer
from collector.storage import SQLiteStore
from tests.support.browser import wait_for


def counted(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT coalesce(sum(count), 0) FROM takeup_daily").fetchone()[0]
    finally:
        conn.close()


def test_counts_are_written_by_the_background_flush_without_more_traffic(tmp_path):
    store = SQLiteStore(tmp_path / "c.db")
    store.migrate()
    buffer = CounterBuffer(store, flush_seconds=0.1)
    buffer.add("site", "2026-05-01", "mobile", ["pageview", "visit"], "2026-05-01T10:00:00+00:00", "/")
    assert counted(store.path) == 0  # buffered, not yet written
    assert wait_for(lambda: counted(store.path) == 2, timeout=5, message="the background flush")


def test_a_failed_write_keeps_the_counts_for_the_next_flush(tmp_path):
    store = SQLiteStore(tmp_path / "c.db")
    store.migrate()
    buffer = CounterBuffer(store, flush_seconds=3600)
    buffer.add("site", "2026-05-01", "mobile", ["pageview"], "2026-05-01T10:00:00+00:00", "/a")
    locker = sqlite3.connect(store.path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the busy timeout
    store.busy_timeout_ms = 50
    store.close()
    buffer.flush()
    locker.execute("ROLLBACK")
    buffer.add("site", "2026-05-01", "mobile", ["pageview"], "2026-05-01T10:00:01+00:00", "/a")
    buffer.flush()
    assert counted(store.path) == 2
    views = sqlite3.connect(store.path).execute("SELECT views FROM site_pages WHERE path = '/a'").fetchone()[0]
    assert views == 2
