"""Daily rollups per council, read by the dashboards, the summary API and the reports."""


class RollupQueries:
    """Mixed into SQLiteStore: maintains and reads the rollup tables."""
