"""Queries for the dashboard pages: accounts, comments, exports, install health, channel costs.

Every method here is called by a view that has already checked who may see
the council in question; the queries themselves always take the council's
slug, so a view cannot read another council's rows by accident.
"""
import json
import sqlite3
from datetime import date

# What an export of responses carries: the answers and their context, never the internal columns.
EXPORT_COLUMNS = ("id", "received_at", "day", "lang", "path", "device", "browser", "service", "task",
                  "rating", "reason", "alternative", "comment")


def _like_pattern(text: str) -> str:
    """A LIKE pattern that matches ``text`` literally anywhere (with ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class DashboardQueries:
    """Mixed into SQLiteStore: what the dashboard views read and write."""

    # -- users ------------------------------------------------------------------

    def _with_councils(self, user):
        if user:
            user["councils"] = [r["council_slug"] for r in self._all(
                "SELECT council_slug FROM user_councils WHERE user_id = ? ORDER BY council_slug", (user["id"],))]
        return user

    def get_user(self, user_id: int):
        """The user with that id, with ``councils``, or None."""
        return self._with_councils(self._one("SELECT * FROM users WHERE id = ?", (user_id,)))

    def list_users(self) -> list[dict]:
        """Every user with their councils, without password hashes."""
        users = self._all("SELECT id, email, role, created_at FROM users ORDER BY email")
        links: dict = {}
        for row in self._all("SELECT user_id, council_slug FROM user_councils ORDER BY council_slug"):
            links.setdefault(row["user_id"], []).append(row["council_slug"])
        for user in users:
            user["councils"] = links.get(user["id"], [])
        return users

    def update_user(self, user_id: int, role: str, council_slugs):
        """Set a user's role and councils in one transaction."""
        with self.write() as conn:
            conn.execute("UPDATE users SET role = ? WHERE id = ?", (role, user_id))
            conn.execute("DELETE FROM user_councils WHERE user_id = ?", (user_id,))
            conn.executemany("INSERT INTO user_councils (user_id, council_slug) VALUES (?, ?)",
                             [(user_id, slug) for slug in council_slugs])

    def set_password_hash(self, user_id: int, password_hash: str):
        with self.write() as conn:
            conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))

    def delete_user(self, user_id: int) -> bool:
        with self.write() as conn:
            conn.execute("DELETE FROM user_councils WHERE user_id = ?", (user_id,))
            return conn.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount == 1

    # -- councils and sites -------------------------------------------------------

    def update_council(self, slug: str, name: str, kind: str, population) -> bool:
        with self.write() as conn:
            cursor = conn.execute("UPDATE councils SET name = ?, kind = ?, population = ? WHERE slug = ?",
                                  (name, kind, population, slug))
            return cursor.rowcount == 1

    def update_site(self, site_key: str, origins, sample_rate: float, languages) -> bool:
        with self.write() as conn:
            cursor = conn.execute(
                "UPDATE sites SET origins = ?, sample_rate = ?, languages = ? WHERE site_key = ?",
                (json.dumps(list(origins)), sample_rate, json.dumps(list(languages)), site_key))
            return cursor.rowcount == 1

    def council_counts(self) -> dict:
        """{slug: {"sites", "users", "tokens"}}, for the staff list of councils."""
        counts = {c["slug"]: {"sites": 0, "users": 0, "tokens": 0} for c in self._all("SELECT slug FROM councils")}
        for table, key in (("sites", "sites"), ("user_councils", "users"), ("api_tokens", "tokens")):
            for row in self._all(f"SELECT council_slug, count(*) AS n FROM {table} GROUP BY council_slug"):
                counts.setdefault(row["council_slug"], {"sites": 0, "users": 0, "tokens": 0})[key] = row["n"]
        return counts

    # -- API tokens ---------------------------------------------------------------

    def list_tokens(self, council_slug=None) -> list[dict]:
        """Tokens by council; each carries only its hash (the token itself is never stored)."""
        sql, params = "SELECT token_hash, council_slug, created_at, last_used_at FROM api_tokens", ()
        if council_slug:
            sql, params = sql + " WHERE council_slug = ?", (council_slug,)
        return self._all(sql + " ORDER BY council_slug, created_at", params)

    def delete_token(self, token_hash: str) -> bool:
        with self.write() as conn:
            return conn.execute("DELETE FROM api_tokens WHERE token_hash = ?", (token_hash,)).rowcount == 1

    # -- comments -------------------------------------------------------------------

    def search_comments(self, slug: str, start: date, end: date, *, service=None, task=None, rating=None,
                        text=None, limit=25, offset=0) -> tuple[list[dict], int]:
        """One page of a council's comments, newest first, and how many match in all.

        Test responses (the widget's preview mode) are left out, as everywhere on the dashboards.
        """
        where = ["council_slug = ?", "day BETWEEN ? AND ?", "is_test = 0", "comment IS NOT NULL", "comment != ''"]
        params: list = [slug, start.isoformat(), end.isoformat()]
        for column, value in (("service", service), ("task", task), ("rating", rating)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if text:
            where.append("comment LIKE ? ESCAPE '\\'")
            params.append(_like_pattern(text))
        clause = " AND ".join(where)
        total = self.connection().execute(f"SELECT count(*) FROM responses WHERE {clause}", params).fetchone()[0]
        rows = self._all(
            f"SELECT id, received_at, day, service, task, rating, reason, alternative, comment FROM responses"
            f" WHERE {clause} ORDER BY received_at DESC, id LIMIT ? OFFSET ?", [*params, limit, offset])
        return rows, total

    # -- exports ----------------------------------------------------------------------

    def export_responses(self, slug: str, start: date, end: date):
        """A council's responses for the period, oldest first, as dicts of EXPORT_COLUMNS (test ones left out).

        A generator over the cursor, so a large export is streamed rather than held in memory.
        """
        cursor = self.connection().execute(
            f"SELECT {', '.join(EXPORT_COLUMNS)} FROM responses"
            " WHERE council_slug = ? AND day BETWEEN ? AND ? AND is_test = 0 ORDER BY received_at, id",
            (slug, start.isoformat(), end.isoformat()))
        for row in cursor:
            yield dict(row)

    # -- channel costs ----------------------------------------------------------------

    def save_channel_costs(self, slug: str, rows, cleared, updated_at: str) -> None:
        """Enter a council's channel costs in one transaction: all of them or, on any failure, none.

        rows: dicts of period, channel, contacts and cost (pounds), each added or replacing what was
        there; cleared: (period, channel) pairs whose entries are removed (back to the default costs).
        """
        with self.write() as conn:
            conn.executemany(
                "DELETE FROM channel_costs WHERE council_slug = ? AND period = ? AND channel = ?",
                [(slug, period, channel) for period, channel in cleared])
            conn.executemany(
                "INSERT INTO channel_costs (council_slug, period, channel, contacts, cost_pounds, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (council_slug, period, channel) DO UPDATE SET"
                " contacts = excluded.contacts, cost_pounds = excluded.cost_pounds, updated_at = excluded.updated_at",
                [(slug, row["period"], row["channel"], row["contacts"], row["cost"], updated_at) for row in rows])

    def channel_cost_entries(self, slug: str, period: str) -> dict:
        """{channel: {"contacts", "cost", "updated_at"}} as the council entered them for one period."""
        rows = self._all("SELECT channel, contacts, cost_pounds AS cost, updated_at FROM channel_costs"
                         " WHERE council_slug = ? AND period = ?", (slug, period))
        return {row.pop("channel"): row for row in rows}

    # -- install health ---------------------------------------------------------------

    def site_pages(self, site_key: str, limit: int = 10) -> list[dict]:
        """The pages a site's beacons came from, most recently seen first."""
        try:
            return self._all(
                "SELECT path, first_seen, last_seen, views FROM site_pages WHERE site_key = ?"
                " ORDER BY last_seen DESC, views DESC LIMIT ?", (site_key, limit))
        except sqlite3.OperationalError:  # a database from before schema version 2 has no site_pages
            return []

    def refused_origins(self, site_key: str, since: date) -> list[dict]:
        """Origins whose posts were refused for this site since a day, with counts and the last day."""
        return self._all(
            "SELECT origin, sum(count) AS count, max(day) AS last_day FROM refused_daily"
            " WHERE site_key = ? AND day >= ? GROUP BY origin ORDER BY count DESC, origin",
            (site_key, since.isoformat()))

    def site_views_since(self, site_key: str, since: date) -> int:
        """Page views counted for a site since a day (a tag that works shows some)."""
        row = self.connection().execute(
            "SELECT coalesce(sum(count), 0) FROM takeup_daily WHERE site_key = ? AND kind = 'pageview' AND day >= ?",
            (site_key, since.isoformat())).fetchone()
        return row[0]
