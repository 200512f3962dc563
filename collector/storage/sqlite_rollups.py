"""Daily rollups per council, read by the dashboards, the summary API and the reports.

The dashboards never scan the responses table: every figure comes from these
tables, whose size grows with councils x days, not with responses.

* ``council_daily``: per council and UK day, takeup counters (from the beacon
  flush) and survey answer counts (from each stored response).
* ``service_daily``: per council, day and service area, the task answers.
* ``rating_daily``: per council, day and channel, ratings posted through the
  ratings API, CSV imports and the kiosk.

They are kept up to date in the same transaction as the data they count,
and ``rebuild_rollups`` recomputes them from scratch (after a bulk load, and
in the migration that created them).
"""
from datetime import date
from functools import lru_cache

CHANNEL_ALTERNATIVES = ("phone", "face_to_face", "email")
COUNCIL_DAILY_COUNTS = (
    "visits", "page_views", "invites", "opens", "dismisses", "responses",
    "task_yes", "task_partly", "task_no", "rating_good", "rating_average", "rating_poor",
    "reason_not_found", "reason_unclear_or_wrong", "reason_could_not_complete", "reason_hard_to_use",
    "failed_phone", "failed_face_to_face", "failed_email", "success_phone", "success_face_to_face", "success_email",
    "comments",
)
TAKEUP_KINDS = {"visit": "visits", "pageview": "page_views", "invite": "invites", "open": "opens",
                "dismiss": "dismisses"}

# One expression per council_daily answer column, over a responses row; used both for one new
# response (as Python, below) and for the rebuild (as SQL).
_ANSWER_SQL = {
    "responses": "1",
    "task_yes": "task = 'yes'", "task_partly": "task = 'partly'", "task_no": "task = 'no'",
    "rating_good": "rating = 'good'", "rating_average": "rating = 'average'", "rating_poor": "rating = 'poor'",
    "reason_not_found": "reason = 'not_found'", "reason_unclear_or_wrong": "reason = 'unclear_or_wrong'",
    "reason_could_not_complete": "reason = 'could_not_complete'", "reason_hard_to_use": "reason = 'hard_to_use'",
    **{f"failed_{c}": f"task IN ('no', 'partly') AND alternative = '{c}'" for c in CHANNEL_ALTERNATIVES},
    **{f"success_{c}": f"task = 'yes' AND alternative = '{c}'" for c in CHANNEL_ALTERNATIVES},
    "comments": "comment IS NOT NULL AND comment != ''",
}


def _answer_counts(row: dict) -> dict:
    task, alternative = row.get("task"), row.get("alternative")
    counts = {"responses": 1, "comments": int(bool(row.get("comment")))}
    for value, prefix in ((task, "task"), (row.get("rating"), "rating"), (row.get("reason"), "reason")):
        if value and f"{prefix}_{value}" in _ANSWER_SQL:
            counts[f"{prefix}_{value}"] = 1
    if alternative in CHANNEL_ALTERNATIVES and task:
        counts[f"{'success' if task == 'yes' else 'failed'}_{alternative}"] = 1
    return counts


def _upsert(table, keys, counts):
    return _upsert_sql(table, tuple(keys), tuple(counts))


@lru_cache(maxsize=256)
def _upsert_sql(table, keys, counts):
    # Built once per shape of row: this runs inside every response's write transaction.
    columns = keys + counts
    updates = ", ".join(f"{c} = {c} + excluded.{c}" for c in counts)
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
            f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}")


def _between(start: date, end: date):
    return start.isoformat(), end.isoformat()


class RollupQueries:
    """Mixed into SQLiteStore: maintains and reads the rollup tables."""

    # -- maintained as data arrives (called inside the ingest transaction) ----

    @staticmethod
    def _roll_response(conn, row: dict):
        if row.get("is_test"):
            return
        counts = _answer_counts(row)
        keys = {"council_slug": row["council_slug"], "day": row["day"]}
        conn.execute(_upsert("council_daily", keys, counts), [*keys.values(), *counts.values()])
        if row.get("service"):
            task = row.get("task")
            service_counts = {"responses": 1, **({f"task_{task}": 1} if task else {})}
            keys = {**keys, "service": row["service"]}
            conn.execute(_upsert("service_daily", keys, service_counts), [*keys.values(), *service_counts.values()])

    @staticmethod
    def _roll_rating(conn, row: dict):
        keys = {"council_slug": row["council_slug"], "day": row["day"], "channel": row["channel"]}
        counts = {row["rating"]: 1}
        conn.execute(_upsert("rating_daily", keys, counts), [*keys.values(), 1])

    @staticmethod
    def _roll_counts(conn, counts: dict):
        """counts: {(site_key, day, device, kind): n} from the beacon buffer."""
        per_site_day: dict = {}
        for (site_key, day, _device, kind), n in counts.items():
            column = TAKEUP_KINDS.get(kind)
            if column:
                totals = per_site_day.setdefault((site_key, day), dict.fromkeys(TAKEUP_KINDS.values(), 0))
                totals[column] += n
        columns = list(TAKEUP_KINDS.values())
        sql = (f"INSERT INTO council_daily (council_slug, day, {', '.join(columns)})"
               f" SELECT council_slug, ?, {', '.join('?' for _ in columns)} FROM sites WHERE site_key = ?"
               f" ON CONFLICT (council_slug, day) DO UPDATE SET "
               + ", ".join(f"{c} = {c} + excluded.{c}" for c in columns))
        conn.executemany(sql, [(day, *totals.values(), site_key) for (site_key, day), totals in per_site_day.items()])

    # -- rebuilt from scratch ----------------------------------------------------

    def rebuild_rollups(self):
        """Recompute every rollup from the raw tables (after bulk loads; safe to run any time)."""
        with self.write() as conn:
            rebuild_rollups(conn)

    # -- read by the dashboards ----------------------------------------------------

    def council_totals(self, start: date, end: date, slugs=None) -> dict:
        """{slug: {column: total}} over the days from start to end inclusive."""
        sums = ", ".join(f"sum({c}) AS {c}" for c in COUNCIL_DAILY_COUNTS)
        sql = f"SELECT council_slug, {sums} FROM council_daily WHERE day BETWEEN ? AND ?"
        params = list(_between(start, end))
        if slugs is not None:
            sql += f" AND council_slug IN ({', '.join('?' for _ in slugs)})"
            params += list(slugs)
        rows = self.connection().execute(sql + " GROUP BY council_slug", params).fetchall()
        return {row["council_slug"]: {c: row[c] or 0 for c in COUNCIL_DAILY_COUNTS} for row in rows}

    def council_months(self, slug: str, start: date, end: date) -> list[dict]:
        return self._all(
            "SELECT substr(day, 1, 7) AS month, sum(visits) AS visits, sum(page_views) AS page_views,"
            " sum(responses) AS responses FROM council_daily WHERE council_slug = ? AND day BETWEEN ? AND ?"
            " GROUP BY month ORDER BY month", (slug, *_between(start, end)))

    def service_totals(self, slug: str, start: date, end: date) -> list[dict]:
        return self._all(
            "SELECT service, sum(responses) AS responses, sum(task_yes) AS task_yes,"
            " sum(task_partly) AS task_partly, sum(task_no) AS task_no FROM service_daily"
            " WHERE council_slug = ? AND day BETWEEN ? AND ? GROUP BY service ORDER BY service",
            (slug, *_between(start, end)))

    def rating_totals(self, start: date, end: date, slugs=None) -> dict:
        """{slug: {channel: {"good", "average", "poor"}}} from rating_daily (not the web survey)."""
        sql = ("SELECT council_slug, channel, sum(good) AS good, sum(average) AS average, sum(poor) AS poor"
               " FROM rating_daily WHERE day BETWEEN ? AND ?")
        params = list(_between(start, end))
        if slugs is not None:
            sql += f" AND council_slug IN ({', '.join('?' for _ in slugs)})"
            params += list(slugs)
        totals: dict = {}
        for row in self.connection().execute(sql + " GROUP BY council_slug, channel", params):
            totals.setdefault(row["council_slug"], {})[row["channel"]] = {
                "good": row["good"], "average": row["average"], "poor": row["poor"]}
        return totals

    def device_visits(self, slug: str, start: date, end: date) -> dict:
        rows = self.connection().execute(
            "SELECT device, sum(count) FROM takeup_daily JOIN sites USING (site_key)"
            " WHERE sites.council_slug = ? AND kind = 'visit' AND day BETWEEN ? AND ? GROUP BY device",
            (slug, *_between(start, end)))
        return {device: n for device, n in rows}

    def channel_costs_for(self, slug: str, period: str) -> dict:
        """{channel: {"contacts", "cost"}} that the council entered for one period."""
        return self.channel_costs_by_council(period, [slug]).get(slug, {})

    def channel_costs_by_council(self, period: str, slugs) -> dict:
        """{slug: {channel: {"contacts", "cost"}}} entered for one period by each of the councils."""
        rows = self.connection().execute(
            "SELECT council_slug, channel, contacts, cost_pounds FROM channel_costs WHERE period = ?"
            f" AND council_slug IN ({', '.join('?' for _ in slugs)})", (period, *slugs))
        costs: dict = {}
        for slug, channel, contacts, cost in rows:
            costs.setdefault(slug, {})[channel] = {"contacts": contacts, "cost": cost}
        return costs

    def last_beacon_by_council(self) -> dict:
        rows = self.connection().execute(
            "SELECT council_slug, max(last_beacon_at) FROM sites GROUP BY council_slug")
        return {slug: at for slug, at in rows}


def rebuild_rollups(conn):
    """Recompute the rollup tables inside the caller's transaction."""
    for table in ("council_daily", "service_daily", "rating_daily"):
        conn.execute(f"DELETE FROM {table}")
    takeup = ", ".join(f"sum(CASE WHEN kind = '{kind}' THEN count ELSE 0 END)" for kind in TAKEUP_KINDS)
    conn.execute(
        f"INSERT INTO council_daily (council_slug, day, {', '.join(TAKEUP_KINDS.values())})"
        f" SELECT sites.council_slug, day, {takeup} FROM takeup_daily JOIN sites USING (site_key)"
        f" GROUP BY sites.council_slug, day")
    # count(CASE ...) rather than sum(expr): a comparison with NULL (an unanswered question) is NULL.
    answers = ", ".join(f"count(CASE WHEN {expr} THEN 1 END)" for expr in _ANSWER_SQL.values())
    columns = ", ".join(_ANSWER_SQL)
    conn.execute(
        f"INSERT INTO council_daily (council_slug, day, {columns})"
        f" SELECT council_slug, day, {answers} FROM responses WHERE is_test = 0 GROUP BY council_slug, day"
        f" ON CONFLICT (council_slug, day) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in _ANSWER_SQL))
    conn.execute(
        "INSERT INTO service_daily (council_slug, day, service, responses, task_yes, task_partly, task_no)"
        " SELECT council_slug, day, service, count(*), count(CASE WHEN task = 'yes' THEN 1 END),"
        " count(CASE WHEN task = 'partly' THEN 1 END), count(CASE WHEN task = 'no' THEN 1 END)"
        " FROM responses WHERE is_test = 0 AND service IS NOT NULL GROUP BY council_slug, day, service")
    conn.execute(
        "INSERT INTO rating_daily (council_slug, day, channel, good, average, poor)"
        " SELECT council_slug, day, channel, count(CASE WHEN rating = 'good' THEN 1 END),"
        " count(CASE WHEN rating = 'average' THEN 1 END), count(CASE WHEN rating = 'poor' THEN 1 END)"
        " FROM ratings GROUP BY council_slug, day, channel")
