"""Security headers, CSRF on every form, no inline script or style, and error pages in the right shape."""
import re
from html.parser import HTMLParser

import pytest

from tests.dashboard_fixtures import NEWHAM_USER, PERIOD, STAFF, seeded, sign_in_as

__all__ = ["seeded"]

PAGES = ["/login", f"/councils/newham?period={PERIOD}", f"/councils/newham/comments?period={PERIOD}",
         "/councils/newham/install", f"/staff/?period={PERIOD}", "/staff/councils", "/staff/councils/new",
         "/staff/councils/newham", "/staff/sites/newhamsitekey1", "/staff/users", "/staff/users/new",
         "/staff/users/1", "/staff/tokens", "/account/password", "/councils"]


def _csp(response) -> dict:
    return {part.split()[0]: part.split()[1:] for part in response.headers["Content-Security-Policy"].split("; ")}


@pytest.mark.parametrize("path", PAGES + ["/no-such-page"])
def test_every_page_has_the_security_headers(client, store, seeded, path):
    if path != "/login":
        sign_in_as(client, store, STAFF)
    response = client.get(path)
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"] and "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_not_cached(client, store, seeded):
    sign_in_as(client, store, NEWHAM_USER)
    assert client.get(f"/councils/newham?period={PERIOD}").headers["Cache-Control"] == "no-store"


def test_the_api_and_widget_keep_their_own_headers(client, seeded):
    assert "Content-Security-Policy" not in client.get("/healthz").headers
    assert "Content-Security-Policy" not in client.get("/api/v1/sites/newhamsitekey1/survey").headers


class _Inline(HTMLParser):
    """Collects anything the CSP would block: inline scripts, style elements and attributes, event handlers."""

    def __init__(self):
        super().__init__()
        self.problems, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs:
            self._in_script = True
        if tag == "style":
            self.problems.append("<style> element")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
        if tag == "a" and (attrs.get("href") or "").lower().startswith("javascript:"):
            self.problems.append("javascript: link")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline <script>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


@pytest.mark.parametrize("path", PAGES)
def test_no_page_has_inline_script_or_style(client, store, seeded, path):
    if path != "/login":
        sign_in_as(client, store, STAFF)
    parser = _Inline()
    parser.feed(client.get(path).get_data(as_text=True))
    assert parser.problems == []


@pytest.mark.parametrize("path", PAGES)
def test_every_form_that_changes_something_carries_a_csrf_token(client, store, seeded, path):
    if path != "/login":
        sign_in_as(client, store, STAFF)
    page = client.get(path).get_data(as_text=True)
    for form in re.findall(r"<form\b[^>]*>.*?</form>", page, flags=re.S):
        if re.search(r'method="post"', form):
            assert 'name="csrf_token"' in form, form[:200]


STAFF_POSTS = [
    ("/staff/councils/new", {"slug": "hackney", "name": "Hackney", "kind": "london_borough"}),
    ("/staff/councils/newham", {"name": "Renamed", "kind": "london_borough"}),
    ("/staff/councils/newham/sites", {"origins": "https://evil.example", "sample_rate": "1", "languages": "en"}),
    ("/staff/sites/newhamsitekey1", {"origins": "https://evil.example", "sample_rate": "1", "languages": "en"}),
    ("/staff/councils/newham/tokens", {}),
    ("/staff/users/new", {"email": "evil@example.com", "role": "staff", "password": "long enough password"}),
    ("/staff/users/2", {"role": "staff"}),
    ("/staff/users/2/password", {"new_password": "attacker chosen password"}),
    ("/staff/users/2/delete", {}),
    ("/account/password", {"current_password": "x", "new_password": "attacker chosen password"}),
    ("/logout", {}),
]


@pytest.mark.parametrize("path, data", STAFF_POSTS)
@pytest.mark.parametrize("token", [None, "", "a-token-from-somewhere-else"])
def test_forms_are_refused_without_this_sessions_csrf_token(client, store, seeded, path, data, token):
    sign_in_as(client, store, STAFF)
    before = (store.get_council("newham"), store.get_site("newhamsitekey1"), store.list_users(), store.list_tokens(),
              store.get_user_by_email(NEWHAM_USER)["password_hash"])
    form = dict(data) if token is None else {**data, "csrf_token": token}
    response = client.post(path, data=form)
    assert response.status_code == 400
    assert "not sent from a page of this service" in response.get_data(as_text=True)
    after = (store.get_council("newham"), store.get_site("newhamsitekey1"), store.list_users(), store.list_tokens(),
             store.get_user_by_email(NEWHAM_USER)["password_hash"])
    assert after == before and store.get_council("hackney") is None


def test_a_form_with_the_token_in_a_header_is_accepted(client, store, seeded):
    """Scripts may send the token as X-CSRF-Token; a cross-site page cannot set that header."""
    token = sign_in_as(client, store, STAFF)
    response = client.post("/staff/councils/newham", data={"name": "Newham", "kind": "london_borough"},
                           headers={"X-CSRF-Token": token})
    assert response.status_code == 302


def test_dashboard_errors_are_html_pages(client, store, seeded):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Page not found" in response.get_data(as_text=True)
    sign_in_as(client, store, NEWHAM_USER)
    forbidden = client.get("/staff/")
    assert forbidden.status_code == 403 and "You do not have access" in forbidden.get_data(as_text=True)
    wrong_method = client.delete("/login")
    assert wrong_method.status_code in (400, 405)


def test_api_errors_keep_the_json_shape_exactly(client, seeded):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json() == {"ok": False, "status": 404, "error": "Not found.", "errors": {}}
    assert client.post("/api/v1/events", data="{").get_json()["ok"] is False
    assert client.get("/widget/v1/nope.js").get_json()["status"] == 404


def test_an_unexpected_error_on_a_page_is_a_friendly_html_page(app, client, store, seeded, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(store, "search_comments", broken)
    sign_in_as(client, store, NEWHAM_USER)
    response = client.get(f"/councils/newham/comments?period={PERIOD}")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in page and "boom" not in page
