"""CORS for the widget's endpoints, and only for them.

Each site allows its own origins, stored in the database, so the allowed
origin is echoed exactly (never ``*``), with ``Vary: Origin`` so caches keep
one copy per origin, and never with ``Access-Control-Allow-Credentials``: the
widget sends no cookies. flask-cors takes a fixed list of origins, which
cannot express "the origins of the site named in this request", hence this
small module. Dashboard routes get no CORS headers at all.
"""
from flask import current_app, g, request

WIDGET_ENDPOINTS = {"ingest.survey", "ingest.post_event", "ingest.post_response"}
PREFLIGHT_MAX_AGE = "86400"


def allow_origin(origin):
    """Called by a view once it knows whether the request's origin is allowed (None: it is not)."""
    g.cors_origin = origin


def _preflight():
    response = current_app.response_class(status=204)
    origin = request.headers.get("Origin")
    # The site key is in the body, which a preflight does not carry, so any site's origin will do;
    # the post itself is then checked against its own site.
    if origin and current_app.extensions["takeup.sites"].any_site_allows(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    response.headers["Vary"] = "Origin"
    return response


def register(app):
    @app.before_request
    def answer_preflight():
        if request.method == "OPTIONS" and request.endpoint in WIDGET_ENDPOINTS:
            return _preflight()
        return None

    @app.after_request
    def add_cors_headers(response):
        if request.endpoint not in WIDGET_ENDPOINTS or request.method == "OPTIONS":
            return response
        # Set directly: response.vary parses and rewrites the header, a noticeable cost on every beacon.
        if "Vary" in response.headers:
            response.vary.add("Origin")
        else:
            response.headers["Vary"] = "Origin"
        origin = g.get("cors_origin", False)
        if origin is False:
            # Refused before the site was read (bad JSON, too large, rate limited): let the widget
            # read the error if the origin belongs to any site.
            candidate = request.headers.get("Origin")
            origin = candidate if candidate and app.extensions["takeup.sites"].any_site_allows(candidate) else None
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            # So the widget can honour a 429's Retry-After rather than guess its own backoff.
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
        return response
