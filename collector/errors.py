"""The one JSON error shape, built by one helper, and the errors the API raises.

Machine routes (the API, the widget, health checks) always answer errors in
the JSON shape. People's pages (the dashboards) answer with an HTML page,
drawn by whatever renderer the dashboards put in
``app.extensions["takeup.html_errors"]``; without one, JSON everywhere.
"""
from flask import jsonify, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "The request could not be read.",
    401: "A valid bearer token is required.",
    403: "This origin is not allowed to post to this site.",
    404: "Not found.",
    405: "That method is not allowed here.",
    413: "The request body is larger than 16 KiB.",
    415: "Send the body as JSON.",
    422: "Some fields are not valid.",
    429: "Too many posts from this client; try again later.",
    500: "Something went wrong on our side.",
    503: "The service is not available right now.",
}


def error_response(status: int, message: str | None = None, errors: dict | None = None, headers=None):
    """Return the one error shape: {"ok": false, "status", "error", "errors"}."""
    body = {"ok": False, "status": status, "error": message or MESSAGES.get(status, "Error."), "errors": errors or {}}
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class APIError(Exception):
    """An error the API answers with the one error shape."""

    status = 400

    def __init__(self, message: str | None = None, errors: dict | None = None, headers: dict | None = None):
        super().__init__(message or MESSAGES.get(self.status))
        self.message = message or MESSAGES.get(self.status)
        self.errors = errors or {}
        self.headers = headers or {}


class Unauthorized(APIError):
    """No bearer token, or one that matches no council."""

    status = 401


class OriginNotAllowed(APIError):
    """The post's Origin is not one of the site's allowed origins."""

    status = 403


class SiteNotFound(APIError):
    """No site has that key."""

    status = 404


class Invalid(APIError):
    """One or more fields failed validation."""

    status = 422


class TooManyRequests(APIError):
    """The client has used up its posts for this window."""

    status = 429


def _field_messages(exc: HTTPException) -> dict:
    # webargs (behind flask-smorest) nests messages under the location name;
    # clients only care about the fields.
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") or {}
    if isinstance(messages, dict) and set(messages) <= {"json", "query", "form", "view_args", "headers"}:
        merged = {}
        for value in messages.values():
            if isinstance(value, dict):
                merged.update(value)
            else:
                merged.setdefault("_body", []).extend(value if isinstance(value, list) else [value])
        return merged
    return messages if isinstance(messages, dict) else {"_body": messages}


# Paths that machines call, whose errors keep the JSON shape whatever the path's other errors look like.
MACHINE_PREFIXES = ("/api/", "/widget/", "/healthz", "/bench/")


def is_machine_path(path: str) -> bool:
    return path.startswith(MACHINE_PREFIXES)


def _html_renderer(app):
    """The dashboards' HTML error page for this request, or None when it must be JSON."""
    renderer = app.extensions.get("takeup.html_errors")
    if renderer is None or is_machine_path(request.path):
        return None
    return renderer


def register(app):
    """Make every error, ours or Werkzeug's, answer with the one shape (HTML pages on dashboard routes)."""

    @app.errorhandler(APIError)
    def handle_api_error(exc: APIError):
        return error_response(exc.status, exc.message, exc.errors, exc.headers)

    @app.errorhandler(HTTPException)
    def handle_http_exception(exc: HTTPException):
        html = _html_renderer(app)
        if html is not None:
            return html(exc.code or 500, exc)
        errors = _field_messages(exc)
        message = MESSAGES.get(exc.code)
        if exc.code == 400 and errors:
            message = "The body is not valid JSON."
            errors = {}
        allowed = getattr(exc, "valid_methods", None)
        return error_response(exc.code or 500, message, errors, {"Allow": ", ".join(allowed)} if allowed else None)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        app.logger.exception("Unhandled error")
        html = _html_renderer(app)
        if html is not None:
            return html(500, None)
        return error_response(500)
