"""Versioned schema migrations for the SQLite store.

The schema version lives in ``PRAGMA user_version``. Each migration runs in
its own transaction, so an upgrade that fails half way leaves the database at
the last version that completed. Append new migrations; never edit old ones.
"""
import sqlite_utils


def _v1_initial(db: sqlite_utils.Database):
    db["councils"].create(
        {"slug": str, "name": str, "kind": str, "population": int, "created_at": str},
        pk="slug", not_null={"name", "kind", "created_at"},
    )
    db["sites"].create(
        {"site_key": str, "council_slug": str, "origins": str, "sample_rate": float, "languages": str,
         "created_at": str, "last_beacon_at": str, "last_beacon_path": str},
        pk="site_key", not_null={"council_slug", "origins", "sample_rate", "languages", "created_at"},
        foreign_keys=[("council_slug", "councils", "slug")],
    )
    db["sites"].create_index(["council_slug"])
    db["users"].create(
        {"id": int, "email": str, "password_hash": str, "role": str, "created_at": str},
        pk="id", not_null={"email", "password_hash", "role", "created_at"},
    )
    db["users"].create_index(["email"], unique=True)
    db["user_councils"].create(
        {"user_id": int, "council_slug": str}, pk=("user_id", "council_slug"),
        foreign_keys=[("user_id", "users", "id"), ("council_slug", "councils", "slug")],
    )
    db["api_tokens"].create(
        {"token_hash": str, "council_slug": str, "created_at": str, "last_used_at": str},
        pk="token_hash", not_null={"council_slug", "created_at"},
        foreign_keys=[("council_slug", "councils", "slug")],
    )
    db["responses"].create(
        {"id": str, "site_key": str, "council_slug": str, "received_at": str, "day": str, "lang": str,
         "path": str, "device": str, "browser": str, "service": str, "task": str, "rating": str,
         "reason": str, "alternative": str, "comment": str, "elapsed_ms": int, "is_test": int},
        pk="id", not_null={"site_key", "council_slug", "received_at", "day", "is_test"},
    )
    db["responses"].create_index(["council_slug", "day"])
    db["takeup_daily"].create(
        {"site_key": str, "day": str, "device": str, "kind": str, "count": int},
        pk=("site_key", "day", "device", "kind"),
    )
    db["refused_daily"].create(
        {"site_key": str, "day": str, "origin": str, "count": int}, pk=("site_key", "day", "origin"),
    )
    db["ratings"].create(
        {"id": str, "council_slug": str, "channel": str, "rating": str, "reason": str, "service": str,
         "comment": str, "rated_at": str, "day": str, "source": str, "received_at": str},
        pk="id", not_null={"council_slug", "channel", "rating", "rated_at", "day", "source", "received_at"},
        foreign_keys=[("council_slug", "councils", "slug")],
    )
    db["ratings"].create_index(["council_slug", "day"])
    db["channel_costs"].create(
        {"council_slug": str, "period": str, "channel": str, "contacts": int, "cost_pounds": float,
         "updated_at": str},
        pk=("council_slug", "period", "channel"),
        foreign_keys=[("council_slug", "councils", "slug")],
    )


def _v2_rollups(db: sqlite_utils.Database):
    from .sqlite_rollups import COUNCIL_DAILY_COUNTS, rebuild_rollups

    db["council_daily"].create(
        {"council_slug": str, "day": str, **dict.fromkeys(COUNCIL_DAILY_COUNTS, int)},
        pk=("council_slug", "day"), not_null=set(COUNCIL_DAILY_COUNTS), defaults=dict.fromkeys(COUNCIL_DAILY_COUNTS, 0),
    )
    service_counts = ("responses", "task_yes", "task_partly", "task_no")
    db["service_daily"].create(
        {"council_slug": str, "day": str, "service": str, **dict.fromkeys(service_counts, int)},
        pk=("council_slug", "day", "service"), not_null=set(service_counts),
        defaults=dict.fromkeys(service_counts, 0),
    )
    db["rating_daily"].create(
        {"council_slug": str, "day": str, "channel": str, "good": int, "average": int, "poor": int},
        pk=("council_slug", "day", "channel"), not_null={"good", "average", "poor"},
        defaults={"good": 0, "average": 0, "poor": 0},
    )
    # Which pages beacons come from, for the install-health page.
    db["site_pages"].create(
        {"site_key": str, "path": str, "first_seen": str, "last_seen": str, "views": int},
        pk=("site_key", "path"), not_null={"first_seen", "last_seen", "views"},
    )
    rebuild_rollups(db.conn)


MIGRATIONS = [_v1_initial, _v2_rollups]
LATEST = len(MIGRATIONS)


def apply(conn) -> tuple[int, int]:
    """Bring the database up to date; return (version before, version after)."""
    before = conn.execute("PRAGMA user_version").fetchone()[0]
    if before > LATEST:
        raise RuntimeError(f"The database is at schema version {before}, newer than this code ({LATEST}).")
    db = sqlite_utils.Database(conn)
    for version in range(before + 1, LATEST + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version - 1](db)
            conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return before, LATEST
