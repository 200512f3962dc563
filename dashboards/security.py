"""What keeps the dashboard pages safe in a browser: cookie settings, CSRF tokens, security headers.

The API and the widget have their own rules (bearer tokens, per-site CORS)
and are left alone here: everything below applies only to people's pages,
the paths that ``collector.errors.is_machine_path`` does not claim.
"""
import hmac
import secrets
from datetime import timedelta
from ipaddress import ip_address
from urllib.parse import urlsplit

from flask import request, session
from werkzeug.exceptions import BadRequest

from collector.errors import is_machine_path

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_FIELD = "csrf_token"

# No inline script or style anywhere: every script and stylesheet is a static file of our own.
# SVG charts are drawn inline in the page and styled by the same stylesheet, so no 'unsafe-inline'.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class CSRFError(BadRequest):
    """A form arrived without the token from our own page: another site may have sent it."""

    description = ("This form could not be accepted because it was not sent from a page of this service, "
                   "or the page was open too long. Go back, reload the page and try again.")


def _is_loopback_http(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "http":
        return False
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def cookie_is_secure(config) -> bool:
    """COOKIE_SECURE on/off, or auto: Secure unless the service is plain http on this machine (development)."""
    value = str(config.get("COOKIE_SECURE", "auto")).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    return not _is_loopback_http(config.get("PUBLIC_URL", ""))


def configure_cookies(app):
    """Session cookies: signed by SECRET_KEY, out of scripts' reach, not sent on cross-site posts."""
    app.config.update(
        SESSION_COOKIE_NAME="takeup_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=cookie_is_secure(app.config),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=app.config.get("SESSION_HOURS", 8)),
    )


def csrf_token() -> str:
    """This session's CSRF token, made on first use; every form carries it in a hidden field."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf():
    """Refuse any state-changing request to a page unless it carries this session's token."""
    if request.method in SAFE_METHODS or is_machine_path(request.path):
        return
    expected = session.get("csrf")
    sent = request.form.get(CSRF_FIELD) or request.headers.get("X-CSRF-Token") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CSRFError()


def add_headers(response):
    """Security headers on every page (not on the API or widget, which set their own)."""
    if is_machine_path(request.path):
        return response
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if "Cache-Control" not in response.headers and session.get("user_id") is not None:
        # A signed-in page holds a council's data: keep it out of shared and back/forward caches.
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app):
    configure_cookies(app)
    app.before_request(check_csrf)
    app.after_request(add_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["CSRF_FIELD"] = CSRF_FIELD
