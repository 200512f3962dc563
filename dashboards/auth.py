"""Who is signed in, and what they may see.

* ``g.user`` is set for every request: a dict (id, email, role, councils) or
  None. The session cookie is read only when the request has one, so the
  widget's posts, which never carry cookies, pay nothing for it.
* A session remembers the user's id and a fingerprint of their password
  hash: changing the password, or deleting the user, ends every session.
* ``can_see(user, slug)`` is the one rule for council data: staff see every
  council, council users only their own. Pages, exports and the summary API
  all ask it.
"""
import functools
import hashlib
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from collector.ratelimit import RateLimiter, parse_limit

ROLES = ("staff", "council")
STATIC_ENDPOINTS = frozenset({"dashboards.static", "static"})  # files: no need to know who asks
MIN_PASSWORD_LENGTH = 12


@functools.cache
def _dummy_hash() -> str:
    """Checked when the email matches no user, so a wrong email takes as long as a wrong password and the
    timing does not tell which part was wrong. Made on first use: scrypt is slow, and workers start often."""
    return generate_password_hash("not a real password, only here to spend the same time")


def can_see(user, slug) -> bool:
    """May this user (g.user, or None) see this council's data?"""
    if not user or not slug:
        return False
    return user.get("role") == "staff" or slug in (user.get("councils") or ())


def is_staff(user) -> bool:
    return bool(user) and user.get("role") == "staff"


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:24]


def _public(user: dict) -> dict:
    return {"id": user["id"], "email": user["email"], "role": user["role"], "councils": list(user["councils"])}


def load_user():
    """before_app_request: set g.user from the session cookie, if there is one."""
    g.user = None
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies or request.endpoint in STATIC_ENDPOINTS:
        return
    user_id = session.get("user_id")
    if user_id is None:
        return
    user = current_app.extensions["takeup.store"].get_user(user_id)
    if user is None or session.get("auth") != _fingerprint(user["password_hash"]):
        session.clear()  # the user was deleted or their password changed since this session began
        return
    g.user = _public(user)


def authenticate(email: str, password: str):
    """The user with this email and password, or None; the same work whichever part is wrong."""
    user = current_app.extensions["takeup.store"].get_user_by_email(email.strip().lower())
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user["password_hash"], password):
        return None
    return user


def sign_in(user: dict):
    """Start a new session for this user (a fresh one: nothing from before signing in is kept)."""
    session.clear()
    session.permanent = True
    session["user_id"] = user["id"]
    session["auth"] = _fingerprint(user["password_hash"])
    g.user = _public(user)


def sign_out():
    session.clear()
    g.user = None


# -- sign-in attempts ------------------------------------------------------------


def _make_limiters(config) -> tuple:
    """(by client address, by email), or () when LOGIN_RATE_LIMIT is off; a bad value fails at start-up."""
    value = config.get("LOGIN_RATE_LIMIT", "20/hour")
    try:
        limit = parse_limit(value)
    except ValueError:
        raise ValueError(f"TAKEUP_LOGIN_RATE_LIMIT must look like 20/hour or be off, not {value!r}") from None
    return (RateLimiter(*limit), RateLimiter(*limit)) if limit else ()


def login_attempt_wait(email: str) -> int:
    """Count one sign-in attempt; 0 if allowed, else the seconds to wait.

    Attempts are counted per client address (one machine guessing many accounts) and per email
    address (many machines guessing one account), in memory, in each worker.
    """
    limiters = current_app.extensions["takeup.login_limits"]
    if not limiters:
        return 0
    by_address, by_email = limiters
    waits = (by_address.hit(request.remote_addr or ""), by_email.hit(email.strip().lower()))
    return max(waits)


# -- guarding views -----------------------------------------------------------------


def safe_next(target) -> str | None:
    """A path on this site to go back to after signing in, or None (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped


def staff_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
        if not is_staff(g.user):
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def council_or_404(slug: str) -> dict:
    """The council, if it exists and the signed-in user may see it; 404 otherwise.

    404 rather than 403 for another council's data, so its slug does not even confirm it exists.
    """
    if not can_see(g.get("user"), slug):
        abort(404)
    council = current_app.extensions["takeup.store"].get_council(slug)
    if council is None:
        abort(404)
    return council


def register(app):
    app.extensions["takeup.login_limits"] = _make_limiters(app.config)
    app.before_request(load_user)
