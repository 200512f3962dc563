"""The SQLite store: migrations, WAL and durability settings, idempotent writes."""
import sqlite3

from collector.storage import SQLiteStore, migrations


def test_a_new_database_is_migrated_to_the_latest_version(tmp_path):
    store = SQLiteStore(tmp_path / "new.db")
    assert store.migrate() == (0, migrations.LATEST)
    assert store.migrate() == (migrations.LATEST, migrations.LATEST)
    tables = {r[0] for r in store.connection().execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"councils", "sites", "users", "api_tokens", "responses", "takeup_daily", "ratings",
            "channel_costs"} <= tables


def test_an_existing_database_is_upgraded_in_place(tmp_path, monkeypatch):
    """A version-1 database with data gains the rollup tables, filled from the data it already had."""
    path = tmp_path / "old.db"
    store = SQLiteStore(path)
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        m.setattr(migrations, "LATEST", 1)
        assert store.migrate() == (0, 1)
    store.add_council("newham", "Newham", "london_borough", None, "2026-01-01T00:00:00+00:00")
    store.add_site("newhamsitekey1", "newham", ["https://www.newham.gov.uk"], 0.2, ["en"], "2026-01-01T00:00:00+00:00")
    conn = store.connection()
    for n, task in enumerate(["yes", "yes", "no", None]):
        conn.execute("INSERT INTO responses (id, site_key, council_slug, received_at, day, task, is_test)"
                     " VALUES (?, 'newhamsitekey1', 'newham', '2026-05-01T10:00:00+00:00', '2026-05-01', ?, 0)",
                     (f"id-{n}", task))
    conn.execute("INSERT INTO takeup_daily VALUES ('newhamsitekey1', '2026-05-01', 'mobile', 'visit', 40)")

    assert store.migrate() == (1, migrations.LATEST)
    row = conn.execute("SELECT visits, responses, task_yes, task_no FROM council_daily").fetchone()
    assert tuple(row) == (40, 4, 2, 1)
    assert store.get_council("newham")["name"] == "Newham"


def test_a_failed_migration_leaves_the_last_good_version(tmp_path, monkeypatch):
    store = SQLiteStore(tmp_path / "x.db")
    store.migrate()

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    upgraded = migrations.MIGRATIONS + [broken]
    monkeypatch.setattr(migrations, "MIGRATIONS", upgraded)
    monkeypatch.setattr(migrations, "LATEST", len(upgraded))
    try:
        store.migrate()
    except RuntimeError:
        pass
    assert store.schema_version() == migrations.LATEST - 1
    assert not store.connection().execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()


def test_connections_use_wal_normal_sync_and_a_busy_timeout(tmp_path):
    conn = SQLiteStore(tmp_path / "x.db", busy_timeout_ms=5000).connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_synchronous_full_can_be_chosen(app, tmp_path):
    from collector import create_app

    app = create_app({"DATABASE": str(tmp_path / "y.db"), "SYNCHRONOUS": "FULL"})
    assert app.extensions["takeup.store"].connection().execute("PRAGMA synchronous").fetchone()[0] == 2


def test_write_transactions_take_the_lock_up_front(tmp_path):
    store = SQLiteStore(tmp_path / "x.db", busy_timeout_ms=50)
    store.migrate()
    other = sqlite3.connect(tmp_path / "x.db", isolation_level=None, timeout=0.05)
    other.execute("BEGIN IMMEDIATE")
    try:
        with store.write():
            raise AssertionError("the write lock should have been refused while another writer holds it")
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
    finally:
        other.execute("ROLLBACK")


def test_a_writer_waits_for_the_writers_queue_at_most_the_busy_timeout(tmp_path):
    import fcntl

    store = SQLiteStore(tmp_path / "x.db", busy_timeout_ms=100)
    store.migrate()
    with open(store.path + ".writer", "a") as other_writer:
        fcntl.flock(other_writer, fcntl.LOCK_EX)  # a long bulk import holds the queue
        try:
            with store.write():
                raise AssertionError("the queue should have refused after the busy timeout")
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
        fcntl.flock(other_writer, fcntl.LOCK_UN)
    with store.write() as conn:  # free again
        conn.execute("INSERT INTO refused_daily VALUES ('s', 'd', 'o', 1)")


def test_a_failed_commit_leaves_no_transaction_open(tmp_path):
    store = SQLiteStore(tmp_path / "x.db")
    store.migrate()
    store.connection().execute("PRAGMA foreign_keys = ON")
    store.connection().execute("PRAGMA defer_foreign_keys = ON")  # the violation surfaces at COMMIT
    try:
        with store.write() as conn:
            conn.execute("INSERT INTO sites (site_key, council_slug, origins, sample_rate, languages, created_at)"
                         " VALUES ('k', 'no-such-council', '[]', 0.2, '[]', 'now')")
    except sqlite3.IntegrityError:
        pass
    assert not store.connection().in_transaction
    with store.write() as conn:  # the connection can write again
        conn.execute("INSERT INTO refused_daily VALUES ('s', 'd', 'o', 1)")
