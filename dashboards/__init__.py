"""takeup's dashboards: aggregation, benchmarks, reports and the dashboard views."""


def register(app):
    """Add the dashboards' routes to the collector app."""
    from . import api

    api.register(app)
    try:
        from . import views
    except ImportError:  # the views package is being built
        return
    views.register(app)
