"""Queries for the dashboard pages: accounts, comments, exports, install health."""


class DashboardQueries:
    """Mixed into SQLiteStore: what the dashboard views read and write."""
