"""Shared fixtures for the dashboard tests: three councils, their users, and responses with awkward comments.

Import what a test module uses by name: ``from tests.dashboard_fixtures import seeded, sign_in_as``.
"""
import re
import uuid

import pytest
from werkzeug.security import generate_password_hash

from dashboards import auth

PASSWORD = "correct horse battery staple"
STAFF = "staff@takeup.example"
NEWHAM_USER = "web@newham.gov.uk"
CAMDEN_USER = "web@camden.gov.uk"
# Hashed once for the whole run: scrypt is slow on purpose.
PASSWORD_HASH = generate_password_hash(PASSWORD)
PERIOD = "2025-26-H1"          # 1 April to 30 September 2025: every seeded response falls in it
PREVIOUS_DAY = "2025-03-15"    # in the period before, for the change figures

XSS_SCRIPT = "<script>alert('xss')</script> the bins page is broken"
XSS_IMG = '<img src=x onerror="alert(1)"> cannot pay council tax'
# One comment per character that makes a spreadsheet cell a formula.
FORMULAS = {"=": "=HYPERLINK(\"http://evil.example\",\"click\")", "+": "+1+cmd|' /C calc'!A0",
            "-": "-2+3+cmd|' /C calc'!A0", "@": "@SUM(1+1)*cmd|' /C calc'!A0", "\t": "\t=1+1 tab first",
            "\r": "\r=1+1 carriage return first", "\n": "\n=1+1 line feed first"}
TEST_ONLY = "TEST-ONLY preview comment"
CAMDEN_SECRET = "Camden-only remark about parking"


def _response(council, site_key, day, n, **answers):
    return {"id": str(uuid.uuid4()), "site_key": site_key,
            "council_slug": council, "received_at": f"{day}T10:{n % 60:02d}:00+00:00", "day": day, "lang": "en",
            "path": "/bins", "device": "mobile", "browser": "Chrome", "service": None, "task": None, "rating": None,
            "reason": None, "alternative": None, "comment": None, "elapsed_ms": 9000, "is_test": 0, **answers}


@pytest.fixture
def seeded(store):
    """newham and camden (London boroughs) and leeds, a site each, three users, and a period of responses."""
    return seed(store)


def seed(store) -> dict:
    """What the ``seeded`` fixture puts in a store; returns the users' ids and the awkward comments."""
    now = "2025-04-01T09:00:00+00:00"
    store.add_council("newham", "London Borough of Newham", "london_borough", 351_000, now)
    store.add_council("camden", "London Borough of Camden", "london_borough", 210_000, now)
    store.add_council("leeds", "Leeds City Council", "metropolitan", 812_000, now)
    for slug in ("newham", "camden", "leeds"):
        store.add_site(f"{slug}sitekey1", slug, [f"https://www.{slug}.gov.uk"], 0.2, ["en", "cy"], now)
    password_hash = PASSWORD_HASH
    users = {
        STAFF: store.add_user(STAFF, password_hash, "staff", [], now),
        NEWHAM_USER: store.add_user(NEWHAM_USER, password_hash, "council", ["newham"], now),
        CAMDEN_USER: store.add_user(CAMDEN_USER, password_hash, "council", ["camden"], now),
    }
    rows = []
    for n in range(120):
        day = f"2025-05-{1 + n % 28:02d}"
        rows.append(_response("newham", "newhamsitekey1", day, n, service="bins_recycling" if n % 2 else "council_tax",
                              task=("yes", "partly", "no")[n % 3], rating=("good", "average", "poor")[n % 3],
                              alternative=("phone", "none", "email")[n % 3]))
        rows.append(_response("camden", "camdensitekey1", day, n, service="parking", task="yes" if n % 4 else "no",
                              rating="good" if n % 4 else "poor"))
    comments = [XSS_SCRIPT, XSS_IMG, *FORMULAS.values(), "Found the 100% recycling_rate page easily"]
    for n, comment in enumerate(comments):
        rows.append(_response("newham", "newhamsitekey1", "2025-06-10", 1000 + n, service="bins_recycling",
                              task="no", rating="poor", comment=comment))
    rows.append(_response("newham", "newhamsitekey1", "2025-06-11", 2000, task="yes", rating="good",
                          comment=TEST_ONLY, is_test=1))
    rows.append(_response("newham", "newhamsitekey1", PREVIOUS_DAY, 3000, task="yes", rating="good",
                          comment="From the period before"))
    rows.append(_response("camden", "camdensitekey1", "2025-06-10", 4000, task="no", rating="poor",
                          comment=CAMDEN_SECRET))
    store.bulk_insert("responses", rows)
    store.bulk_insert("takeup_daily", [
        {"site_key": f"{slug}sitekey1", "day": "2025-05-02", "device": device, "kind": kind, "count": count}
        for slug in ("newham", "camden") for device in ("mobile", "desktop")
        for kind, count in (("visit", 500), ("pageview", 1500), ("invite", 200))])
    store.rebuild_rollups()
    return {"users": users, "comments": comments}


def sign_in_as(client, store, email) -> str:
    """Put a signed-in session for this user in the test client's cookie; return its CSRF token.

    Faster than posting the login form (no password hashing); the login form has its own tests.
    """
    user = store.get_user_by_email(email)
    token = "test-csrf-token-" + email
    with client.session_transaction() as session:
        session["user_id"] = user["id"]
        session["auth"] = auth._fingerprint(user["password_hash"])
        session["csrf"] = token
    return token


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def login(client, email, password=PASSWORD, **extra):
    """Sign in through the real form: fetch it for the CSRF token, then post it."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token, **extra})
