"""Signing in and out: passwords, the one message for wrong credentials, rate limits, cookies, CSRF."""
import pytest
from flask import g

from collector import create_app
from tests.conftest import TEST_CONFIG
from tests.dashboard_fixtures import (CAMDEN_USER, NEWHAM_USER, PASSWORD, STAFF, csrf_from, login, seed, seeded,
                                      sign_in_as)

__all__ = ["seeded"]  # a fixture, used by name


@pytest.fixture
def seeded_app_factory(tmp_path):
    """Apps with extra settings, over their own database holding the seeded councils and users."""
    apps = []

    def make(extra):
        app = create_app({"DATABASE": str(tmp_path / f"takeup{len(apps)}.db"), **TEST_CONFIG, **extra})
        app.extensions["takeup.store"].migrate()
        seed(app.extensions["takeup.store"])
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["takeup.store"].close()


def _session_cookie(response):
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("takeup_session="))


def test_the_login_page_has_a_labelled_form_with_a_csrf_token(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label class="label" for="email">Email address</label>' in page
    assert 'autocomplete="current-password"' in page
    assert csrf_from(page)


def test_staff_sign_in_lands_on_the_overview_and_sign_out_ends_the_session(client, seeded):
    response = login(client, STAFF)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    token = csrf_from(client.get("/staff/").get_data(as_text=True))
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/staff/").status_code == 302  # back to the login page


def test_a_council_user_with_one_council_lands_on_its_dashboard(client, seeded):
    response = login(client, NEWHAM_USER)
    assert response.headers["Location"] == "/councils/newham"


def test_email_is_matched_without_regard_to_case_or_spaces(client, seeded):
    assert login(client, "  Web@Newham.GOV.uk ").status_code == 302


@pytest.mark.parametrize("email, password", [
    (NEWHAM_USER, "not the password at all"),   # right email, wrong password
    ("nobody@newham.gov.uk", PASSWORD),          # unknown email, a real password
])
def test_wrong_credentials_get_one_message_that_does_not_say_which_part(client, seeded, email, password):
    response = login(client, email, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The email address or password is not right" in page
    assert "no account" not in page.lower() and "password is wrong" not in page.lower()
    assert client.get("/staff/").status_code == 302  # still not signed in


def test_the_two_wrong_credential_pages_are_the_same(client, seeded):
    wrong_password = login(client, NEWHAM_USER, "not the password at all").get_data(as_text=True)
    unknown_email = login(client, "nobody@newham.gov.uk", "not the password at all").get_data(as_text=True)
    strip = lambda page: page.replace(NEWHAM_USER, "EMAIL").replace("nobody@newham.gov.uk", "EMAIL")  # noqa: E731
    assert strip(wrong_password) == strip(unknown_email)


def test_empty_fields_are_named(client, seeded):
    page = login(client, "", "").get_data(as_text=True)
    assert "Enter your email address" in page and "Enter your password" in page
    assert 'href="#email"' in page  # the error summary links to the field


def test_sign_in_attempts_are_rate_limited(seeded_app_factory):
    app = seeded_app_factory({"LOGIN_RATE_LIMIT": "3/hour"})
    client = app.test_client()
    statuses = [login(client, NEWHAM_USER, "wrong password number x").status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    blocked = login(client, NEWHAM_USER, PASSWORD)  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Too many sign-in attempts" in blocked.get_data(as_text=True)


def test_the_rate_limit_counts_attempts_on_one_account_from_anywhere(seeded_app_factory):
    app = seeded_app_factory({"LOGIN_RATE_LIMIT": "2/hour"})
    first = app.test_client()
    assert login(first, CAMDEN_USER, "wrong password number 1").status_code == 400
    other_address = app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert login(other_address, CAMDEN_USER, "wrong password number 2").status_code == 400
    third = app.test_client()
    third.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    assert login(third, CAMDEN_USER, PASSWORD).status_code == 429


def test_a_bad_login_rate_limit_setting_fails_at_start_up(tmp_path):
    with pytest.raises(ValueError, match="TAKEUP_LOGIN_RATE_LIMIT"):
        create_app({"DATABASE": str(tmp_path / "x.db"), **TEST_CONFIG, "LOGIN_RATE_LIMIT": "lots"})


def test_next_returns_to_the_page_asked_for(client, seeded):
    response = client.get("/councils/newham/comments?period=2025-26-H1")
    assert response.status_code == 302 and "next=" in response.headers["Location"]
    assert login(client, NEWHAM_USER, next="/councils/newham/comments?period=2025-26-H1").headers["Location"] \
        == "/councils/newham/comments?period=2025-26-H1"


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                  "javascript:alert(1)", "http:/evil.example"])
def test_next_never_leads_to_another_site(client, seeded, evil):
    assert login(client, NEWHAM_USER, next=evil).headers["Location"] == "/councils/newham"


def test_session_cookie_is_httponly_and_samesite_lax_and_not_secure_in_development(client, seeded):
    cookie = _session_cookie(login(client, STAFF))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the default PUBLIC_URL is http://127.0.0.1:8000: development


@pytest.mark.parametrize("config", [{"PUBLIC_URL": "https://takeup.example.org"}, {"COOKIE_SECURE": "on"}])
def test_session_cookie_is_secure_outside_development(seeded_app_factory, config):
    client = seeded_app_factory(config).test_client()
    cookie = _session_cookie(client.get("/login", base_url="https://localhost"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_without_a_csrf_token_is_refused(client, seeded):
    client.get("/login")
    response = client.post("/login", data={"email": STAFF, "password": PASSWORD})
    assert response.status_code == 400
    assert "not sent from a page of this service" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_a_csrf_token_from_another_session_is_refused(app, seeded):
    ours, theirs = app.test_client(), app.test_client()
    their_token = csrf_from(theirs.get("/login").get_data(as_text=True))
    ours.get("/login")
    response = ours.post("/login", data={"email": STAFF, "password": PASSWORD, "csrf_token": their_token})
    assert response.status_code == 400


def test_logout_without_a_csrf_token_is_refused(client, store, seeded):
    sign_in_as(client, store, STAFF)
    assert client.post("/logout").status_code == 400
    assert client.get("/staff/").status_code == 200  # still signed in


def test_changing_the_password_ends_other_sessions_but_not_this_one(app, store, seeded):
    here, elsewhere = app.test_client(), app.test_client()
    login(elsewhere, NEWHAM_USER)
    login(here, NEWHAM_USER)
    token = csrf_from(here.get("/account/password").get_data(as_text=True))
    response = here.post("/account/password", data={"csrf_token": token, "current_password": PASSWORD,
                                                    "new_password": "a brand new long password",
                                                    "confirm_password": "a brand new long password"})
    assert response.status_code == 302
    assert here.get("/councils/newham").status_code == 200
    assert elsewhere.get("/councils/newham").status_code == 302  # signed out
    assert login(app.test_client(), NEWHAM_USER, "a brand new long password").status_code == 302


def test_changing_the_password_checks_the_current_one_and_the_length(client, store, seeded):
    token = sign_in_as(client, store, NEWHAM_USER)
    response = client.post("/account/password", data={"csrf_token": token, "current_password": "wrong wrong wrong",
                                                      "new_password": "short", "confirm_password": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your current password is not right" in page and "at least 12 characters" in page


def test_a_deleted_users_session_ends(client, store, seeded):
    sign_in_as(client, store, CAMDEN_USER)
    assert client.get("/councils/camden").status_code == 200
    store.delete_user(seeded["users"][CAMDEN_USER])
    assert client.get("/councils/camden").status_code == 302


def test_g_user_is_set_for_every_request_with_a_session(app, store, seeded):
    seen = []

    @app.get("/api/v1/test-whoami")
    def whoami():
        seen.append(g.get("user"))
        return {}

    client = app.test_client()
    client.get("/api/v1/test-whoami")
    sign_in_as(client, store, NEWHAM_USER)
    client.get("/api/v1/test-whoami")
    assert seen[0] is None
    assert seen[1] == {"id": seeded["users"][NEWHAM_USER], "email": NEWHAM_USER, "role": "council",
                       "councils": ["newham"]}
    assert "password_hash" not in seen[1]


def test_a_forged_session_cookie_is_ignored(client, seeded):
    client.set_cookie("takeup_session", "eyJ1c2VyX2lkIjoxfQ.forged.signature")
    assert client.get("/staff/").status_code == 302
