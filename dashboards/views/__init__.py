"""The dashboard pages: signing in, the council dashboard, and the staff pages.

``register(app)`` adds, in order: who is signed in (``g.user``), CSRF checks
and security headers, the template filters, the blueprints, and the HTML
error page that collector.errors uses for these pages.
"""
import hashlib
from pathlib import Path

from flask import Blueprint, current_app, g, render_template, url_for

from .. import auth, formatting, security, uploads
from ..summary import DEFAULT_COST_PER_CONTACT

HERE = Path(__file__).resolve().parent
STATIC = HERE.parent / "static"

# Templates and static files for every dashboard blueprint. Static files are served under
# /static/dashboards/ with a content hash in the query string, so they can be cached for long.
core = Blueprint("dashboards", __name__, template_folder=str(HERE.parent / "templates"),
                 static_folder=str(STATIC), static_url_path="/static/dashboards")

ERROR_PAGES = {
    400: ("There was a problem with your request", "Check the address or the form, then try again."),
    401: ("Sign in to see this page", "Your session may have ended. Sign in again, then go back to the page."),
    403: ("You do not have access to this page", "Your account cannot see this page. If you think it should, "
                                                 "ask the takeup team."),
    404: ("Page not found", "If you typed the web address, check it is correct. If you pasted it, check you "
                            "copied the entire address."),
    405: ("That cannot be done here", "Go back and try again from the page's own links and buttons."),
    413: ("The form was too large", "Send less text at a time."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later."),
}


def asset(filename: str) -> str:
    """The URL of a static file, with a hash of its content so a new version is never served stale."""
    versions = current_app.extensions.setdefault("takeup.asset_versions", {})
    if filename not in versions:
        versions[filename] = hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:12]
    return url_for("dashboards.static", filename=filename, v=versions[filename])


def render_error(status: int, exc=None):
    """The HTML error page for people's pages (collector.errors calls it for non-API paths)."""
    title, advice = ERROR_PAGES.get(status, ERROR_PAGES[500] if status >= 500 else ERROR_PAGES[400])
    # Our own exceptions (the CSRF check, the login limit) carry a message written for people.
    if isinstance(exc, security.CSRFError) or getattr(exc, "for_people", False):
        advice = exc.description
    try:
        body = render_template("errors/error.html", status=status, title=title, advice=advice)
    except Exception:  # the error page itself must never fail
        current_app.logger.exception("Could not draw the error page")
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1>"
    response = current_app.response_class(body, status=status, mimetype="text/html")
    allowed = getattr(exc, "valid_methods", None)
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)
    retry_after = getattr(exc, "retry_after", None)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def register(app):
    from . import account, council, council_costs, council_ratings, staff  # noqa: F401  (routes on council.bp)

    auth.register(app)
    # Before the CSRF check, which reads the form: an upload route's larger size limit must already apply.
    app.before_request(uploads.apply_limit)
    security.register(app)
    formatting.register(app)
    app.jinja_env.globals.update(asset=asset, can_see=auth.can_see, is_staff=auth.is_staff, DEFAULT_COSTS=DEFAULT_COST_PER_CONTACT,
                                 has_endpoint=lambda name: name in current_app.view_functions)
    for blueprint in (core, account.bp, council.bp, staff.bp):
        app.register_blueprint(blueprint)
    app.extensions["takeup.html_errors"] = render_error

    @app.context_processor
    def council_names():
        # The header names a council user's councils; staff get the staff menu instead.
        user = g.get("user")
        if not user or auth.is_staff(user) or not user["councils"]:
            return {}
        store = current_app.extensions["takeup.store"]
        return {"council_names": {slug: (store.get_council(slug) or {}).get("name", slug) for slug in user["councils"]}}
