"""Queries for the bi-annual report: peers' results by service, and a sample of comments."""
from datetime import date


class ReportQueries:
    """Mixed into SQLiteStore: what dashboards.report reads beyond the summary."""

    def service_totals_by_council(self, start: date, end: date, slugs) -> dict:
        """{slug: {service: {"answered", "failed"}}} for the councils, from service_daily."""
        rows = self.connection().execute(
            "SELECT council_slug, service, sum(task_yes + task_partly + task_no), sum(task_partly + task_no)"
            " FROM service_daily WHERE day BETWEEN ? AND ?"
            f" AND council_slug IN ({', '.join('?' for _ in slugs)}) GROUP BY council_slug, service",
            (start.isoformat(), end.isoformat(), *slugs))
        totals: dict = {}
        for slug, service, answered, failed in rows:
            totals.setdefault(slug, {})[service] = {"answered": answered, "failed": failed}
        return totals

    def representative_comments(self, slug: str, start: date, end: date, per_rating: int = 3) -> list[dict]:
        """A few comments for each rating (and unrated), spread by their random ids, so no one picks them."""
        comments = []
        for rating in ("good", "average", "poor", None):
            comments += self._all(
                "SELECT day, service, task, rating, comment FROM responses"
                " WHERE council_slug = ? AND day BETWEEN ? AND ? AND is_test = 0"
                " AND comment IS NOT NULL AND comment != '' AND rating IS ? ORDER BY id LIMIT ?",
                (slug, start.isoformat(), end.isoformat(), rating, per_rating))
        return comments
