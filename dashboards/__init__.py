"""takeup's dashboards: aggregation, benchmarks, reports and the dashboard views."""


def register(app):
    """Add the dashboards' routes to the collector app."""
    from . import api, views

    api.register(app)
    views.register(app)
