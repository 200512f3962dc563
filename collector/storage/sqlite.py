"""The SQLite store.

Durability and concurrency, in one place:

* WAL mode, so readers never wait for the writer and several gunicorn
  workers can share one file.
* Every write transaction starts with ``BEGIN IMMEDIATE``: the write lock is
  taken up front, so two writers queue on the busy timeout instead of one
  failing with "database is locked" when it tries to upgrade a read lock.
* ``synchronous=NORMAL`` by default (``TAKEUP_SYNCHRONOUS``): with WAL, a
  commit is written to the WAL file before COMMIT returns, so it survives a
  crash of the server process (even SIGKILL; the data is in the OS's page
  cache and is checkpointed later). Only a power cut or kernel crash can lose
  the last commits. FULL syncs the WAL on every commit and closes that gap
  too, at a cost bench/ingest.py measures (about half the response
  throughput here); choose it where the disk, not the process, is the risk.
* One connection per thread and process, opened lazily, so a forked gunicorn
  worker never reuses its parent's connection.
"""
import fcntl
import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from . import migrations
from .sqlite_dashboard import DashboardQueries
from .sqlite_reports import ReportQueries
from .sqlite_rollups import RollupQueries

RESPONSE_COLUMNS = (
    "id", "site_key", "council_slug", "received_at", "day", "lang", "path", "device", "browser",
    "service", "task", "rating", "reason", "alternative", "comment", "elapsed_ms", "is_test",
)
RATING_COLUMNS = (
    "id", "council_slug", "channel", "rating", "reason", "service", "comment", "rated_at", "day",
    "source", "received_at",
)


class Conflict(Exception):
    """The thing to create exists already, or refers to something missing."""


def _site(row) -> dict:
    site = dict(row)
    site["origins"] = json.loads(site["origins"])
    site["languages"] = json.loads(site["languages"])
    return site


class SQLiteStore(RollupQueries, DashboardQueries, ReportQueries):
    def __init__(self, path, synchronous="NORMAL", busy_timeout_ms=10000):
        self.path = str(path)
        self.synchronous = synchronous.upper()
        self.busy_timeout_ms = int(busy_timeout_ms)
        self._local = threading.local()

    # -- connections and transactions ---------------------------------------

    def connection(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=self.busy_timeout_ms / 1000)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {self.synchronous}")
            conn.execute("PRAGMA foreign_keys = ON")
            local.conn, local.pid = conn, os.getpid()
        return local.conn

    def close(self):
        """Close this thread's connection and lock file (other threads keep theirs)."""
        local = self._local
        if getattr(local, "pid", None) == os.getpid():
            local.conn.close()
        if getattr(local, "lock_pid", None) == os.getpid() and local.lock is not None:
            local.lock.close()
        for name in ("conn", "pid", "lock", "lock_pid"):
            local.__dict__.pop(name, None)

    def _writer_lock(self):
        """This thread's handle on the file that queues writers (None for an in-memory database)."""
        local = self._local
        if getattr(local, "lock_pid", None) != os.getpid():
            local.lock = open(self.path + ".writer", "a") if self.path != ":memory:" else None
            local.lock_pid = os.getpid()
        return local.lock

    def _queue_for_writing(self, lock):
        """Wait for the writers' flock, at most the busy timeout.

        The first try does not block; then short naps, far finer than the steps of SQLite's busy
        handler (1, 2, 5, 10 ... 100 ms), so the database is not left idle between writers, and a
        long writer (a bulk import) makes ingest fail after the timeout instead of hanging.
        """
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise sqlite3.OperationalError("database is locked (waited for the writers' queue)") from None
                time.sleep(0.0002)

    @contextmanager
    def write(self):
        """A write transaction that holds the write lock from its first statement.

        Writers first queue on an flock of a lock file beside the database (see
        _queue_for_writing); BEGIN IMMEDIATE and the busy timeout still guard against writers
        that do not take the flock (other tools).
        """
        conn = self.connection()
        lock = self._writer_lock()
        if lock is not None:
            self._queue_for_writing(lock)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # Also after a failed COMMIT, so this connection does not keep the write lock.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            if lock is not None:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _all(self, sql, params=()):
        return [dict(r) for r in self.connection().execute(sql, params).fetchall()]

    def _one(self, sql, params=()):
        row = self.connection().execute(sql, params).fetchone()
        return dict(row) if row else None

    # -- schema and health --------------------------------------------------

    def migrate(self) -> tuple[int, int]:
        return migrations.apply(self.connection())

    def schema_version(self) -> int:
        return self.connection().execute("PRAGMA user_version").fetchone()[0]

    def ping(self) -> bool:
        return self.connection().execute("SELECT 1").fetchone()[0] == 1

    def is_empty(self) -> bool:
        return self.connection().execute("SELECT count(*) FROM councils").fetchone()[0] == 0

    # -- councils, sites, users, tokens ------------------------------------

    def add_council(self, slug, name, kind, population, created_at):
        try:
            with self.write() as conn:
                conn.execute(
                    "INSERT INTO councils (slug, name, kind, population, created_at) VALUES (?, ?, ?, ?, ?)",
                    (slug, name, kind, population, created_at))
        except sqlite3.IntegrityError:
            raise Conflict(f"A council with the slug {slug!r} exists already.") from None

    def get_council(self, slug):
        return self._one("SELECT * FROM councils WHERE slug = ?", (slug,))

    def list_councils(self):
        return self._all("SELECT * FROM councils ORDER BY slug")

    def add_site(self, site_key, council_slug, origins, sample_rate, languages, created_at):
        if not self.get_council(council_slug):
            raise Conflict(f"There is no council with the slug {council_slug!r}.")
        with self.write() as conn:
            conn.execute(
                "INSERT INTO sites (site_key, council_slug, origins, sample_rate, languages, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (site_key, council_slug, json.dumps(origins), sample_rate, json.dumps(languages), created_at))

    def get_site(self, site_key):
        row = self.connection().execute("SELECT * FROM sites WHERE site_key = ?", (site_key,)).fetchone()
        return _site(row) if row else None

    def list_sites(self, council_slug=None):
        sql, params = "SELECT * FROM sites", ()
        if council_slug:
            sql, params = sql + " WHERE council_slug = ?", (council_slug,)
        return [_site(r) for r in self.connection().execute(sql + " ORDER BY created_at", params)]

    def all_origins(self) -> set[str]:
        origins = set()
        for (value,) in self.connection().execute("SELECT origins FROM sites"):
            origins.update(json.loads(value))
        return origins

    def add_user(self, email, password_hash, role, council_slugs, created_at) -> int:
        for slug in council_slugs:
            if not self.get_council(slug):
                raise Conflict(f"There is no council with the slug {slug!r}.")
        try:
            with self.write() as conn:
                cursor = conn.execute(
                    "INSERT INTO users (email, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                    (email, password_hash, role, created_at))
                conn.executemany("INSERT INTO user_councils (user_id, council_slug) VALUES (?, ?)",
                                 [(cursor.lastrowid, slug) for slug in council_slugs])
                return cursor.lastrowid
        except sqlite3.IntegrityError:
            raise Conflict(f"A user with the email {email!r} exists already.") from None

    def get_user_by_email(self, email):
        user = self._one("SELECT * FROM users WHERE email = ?", (email,))
        if user:
            user["councils"] = [r["council_slug"] for r in self._all(
                "SELECT council_slug FROM user_councils WHERE user_id = ? ORDER BY council_slug", (user["id"],))]
        return user

    def add_token(self, token_hash, council_slug, created_at):
        if not self.get_council(council_slug):
            raise Conflict(f"There is no council with the slug {council_slug!r}.")
        with self.write() as conn:
            conn.execute("INSERT INTO api_tokens (token_hash, council_slug, created_at) VALUES (?, ?, ?)",
                         (token_hash, council_slug, created_at))

    def council_for_token(self, token_hash):
        row = self._one("SELECT council_slug FROM api_tokens WHERE token_hash = ?", (token_hash,))
        return row["council_slug"] if row else None

    # -- ingest -------------------------------------------------------------

    def insert_response(self, row: dict) -> bool:
        """Store one survey response; False when a response with that id exists already."""
        columns = ", ".join(RESPONSE_COLUMNS)
        marks = ", ".join("?" for _ in RESPONSE_COLUMNS)
        with self.write() as conn:
            cursor = conn.execute(
                f"INSERT INTO responses ({columns}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING",
                [row.get(c) for c in RESPONSE_COLUMNS])
            if cursor.rowcount != 1:
                return False
            self._roll_response(conn, row)
            return True

    def insert_ratings(self, rows: list[dict]) -> int:
        """Store ratings all or nothing; return how many were new (repeated ids are skipped)."""
        columns = ", ".join(RATING_COLUMNS)
        marks = ", ".join("?" for _ in RATING_COLUMNS)
        sql = f"INSERT INTO ratings ({columns}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING"
        stored = 0
        with self.write() as conn:
            for row in rows:
                if conn.execute(sql, [row.get(c) for c in RATING_COLUMNS]).rowcount == 1:
                    self._roll_rating(conn, row)
                    stored += 1
        return stored

    def add_counts(self, counts: dict, refused: dict, last_beacons: dict, pages: dict):
        """Add buffered counters in one transaction.

        counts: {(site_key, day, device, kind): n}; refused: {(site_key, day, origin): n};
        last_beacons: {site_key: (iso_time, path)}; pages: {(site_key, path): (views, iso_time)}.
        """
        with self.write() as conn:
            self._roll_counts(conn, counts)
            conn.executemany(
                "INSERT INTO site_pages (site_key, path, first_seen, last_seen, views) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (site_key, path) DO UPDATE SET views = views + excluded.views,"
                " last_seen = max(last_seen, excluded.last_seen)",
                [(site_key, path, at, at, views) for (site_key, path), (views, at) in pages.items()])
            conn.executemany(
                "INSERT INTO takeup_daily (site_key, day, device, kind, count) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (site_key, day, device, kind) DO UPDATE SET count = count + excluded.count",
                [(*key, n) for key, n in counts.items()])
            conn.executemany(
                "INSERT INTO refused_daily (site_key, day, origin, count) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (site_key, day, origin) DO UPDATE SET count = count + excluded.count",
                [(*key, n) for key, n in refused.items()])
            conn.executemany(
                "UPDATE sites SET last_beacon_at = ?, last_beacon_path = ? WHERE site_key = ?"
                " AND (last_beacon_at IS NULL OR last_beacon_at < ?)",
                [(at, path, key, at) for key, (at, path) in last_beacons.items()])

    # -- bulk loading (demo data, imports) ----------------------------------

    def bulk_insert(self, table: str, rows):
        """Insert many plain rows into one table in one transaction (demo data, imports)."""
        import sqlite_utils

        with self.write() as conn:
            sqlite_utils.Database(conn)[table].insert_all(rows, batch_size=1000)
        # Callers rebuild the rollups once after their last bulk insert (rebuild_rollups).
