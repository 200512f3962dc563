"""takeup's collector: the Flask app that serves the widget and stores what it sends."""
import os

from flask import Flask
from flask_smorest import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as settings
from . import cors, errors
from .counters import CounterBuffer
from .ratelimit import RateLimiter, parse_limit
from .schemas import ErrorSchema, RatingSchema
from .sites import SiteCache
from .storage import open_store


class TakeupApi(Api):
    ERROR_SCHEMA = ErrorSchema


def create_app(test_config=None):
    """Build the app: settings (defaults, then TAKEUP_* environment, then test_config), storage, routes."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_mapping(settings.load(os.environ, test_config))
    app.config.update(
        MAX_CONTENT_LENGTH=16 * 1024,
        API_TITLE="takeup", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api", OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={"components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}}},
    )
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=1)

    store = open_store(app.config)
    limit = parse_limit(app.config["RATE_LIMIT"])
    app.extensions.update({
        "takeup.store": store,
        "takeup.sites": SiteCache(store, app.config["SITE_CACHE_SECONDS"]),
        "takeup.counters": CounterBuffer(store, app.config["FLUSH_SECONDS"]),
        "takeup.ratelimit": RateLimiter(*limit) if limit else None,
    })

    from . import api, cli, health, kiosk, widget_route

    rest = TakeupApi(app)
    app.extensions["takeup.api"] = rest
    rest.spec.components.schema("Rating", schema=RatingSchema)
    rest.register_blueprint(api.blp)
    app.register_blueprint(health.bp)
    app.register_blueprint(widget_route.bp)
    if app.config["BENCH_ENDPOINTS"]:
        app.register_blueprint(health.noop)
    kiosk.register(app)
    errors.register(app)
    cors.register(app)
    cli.register(app)
    import dashboards

    dashboards.register(app)
    return app
