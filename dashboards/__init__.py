"""takeup's dashboards: aggregation, benchmarks, reports and the dashboard views (to come)."""
