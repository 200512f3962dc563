"""Staff pages: councils, sites (origins, sample rate, snippet), users and API tokens."""
import re
from html import unescape

import pytest
from werkzeug.security import check_password_hash

from collector import auth as tokens
from tests.dashboard_fixtures import NEWHAM_USER, PASSWORD, STAFF, login, seeded, sign_in_as

__all__ = ["seeded"]


@pytest.fixture
def staff(client, store, seeded):
    """post(path, **form) as a signed-in member of staff, with the CSRF token filled in."""
    token = sign_in_as(client, store, STAFF)

    def post(path, data=None, **kwargs):
        return client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)
    client.post_form = post
    return client


def _errors(page: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', page, flags=re.S)
    return [unescape(m) for m in re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary.group(0))] if summary else []


# -- councils ---------------------------------------------------------------------


def test_staff_add_a_council(staff, store):
    response = staff.post_form("/staff/councils/new", {"slug": "hackney", "name": "London Borough of Hackney",
                                                       "kind": "london_borough", "population": "259,000"})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/councils/hackney"
    assert store.get_council("hackney") == {**store.get_council("hackney"), "name": "London Borough of Hackney",
                                            "kind": "london_borough", "population": 259000}


@pytest.mark.parametrize("form, field", [
    ({"slug": "Bad Slug!", "name": "X", "kind": "district"}, "short name"),
    ({"slug": "ok", "name": "", "kind": "district"}, "Enter the council's name"),
    ({"slug": "ok", "name": "X", "kind": "galactic"}, "Select the kind of council"),
    ({"slug": "ok", "name": "X", "kind": "district", "population": "-5"}, "Population must be a whole number"),
    ({"slug": "newham", "name": "X", "kind": "district"}, "exists already"),
])
def test_a_council_form_with_mistakes_says_what_to_fix(staff, store, form, field):
    response = staff.post_form("/staff/councils/new", form)
    assert response.status_code == 400
    assert any(field in message for message in _errors(response.get_data(as_text=True)))
    assert store.get_council("ok") is None


def test_staff_edit_a_councils_details(staff, store):
    response = staff.post_form("/staff/councils/newham", {"name": "Newham Council", "kind": "unitary",
                                                          "population": ""})
    assert response.status_code == 302
    council = store.get_council("newham")
    assert (council["name"], council["kind"], council["population"]) == ("Newham Council", "unitary", None)


# -- sites -------------------------------------------------------------------------


def test_staff_add_a_site_and_see_its_snippet(staff, store):
    response = staff.post_form("/staff/councils/camden/sites", {
        "origins": "https://WWW.Camden.gov.uk/some/page\nhttps://beta.camden.gov.uk\n\n", "sample_rate": "0.5",
        "languages": ["en"]})
    assert response.status_code == 302
    site_key = response.headers["Location"].rsplit("/", 1)[1]
    site = store.get_site(site_key)
    assert site["origins"] == ["https://beta.camden.gov.uk", "https://www.camden.gov.uk"]
    assert site["sample_rate"] == 0.5 and site["languages"] == ["en"]
    assert len(site_key) >= 12
    page = staff.get(f"/staff/sites/{site_key}").get_data(as_text=True)
    snippet = (f'&lt;script src=&#34;http://127.0.0.1:8000/widget/v1/takeup.js&#34; data-site=&#34;{site_key}&#34;'
               ' defer&gt;&lt;/script&gt;')
    assert snippet in page
    assert 'data-copy="snippet"' in page  # the copy button, shown by dashboard.js where the browser can copy


@pytest.mark.parametrize("form, message", [
    ({"origins": "", "sample_rate": "0.2", "languages": ["en"]}, "Enter at least one web address"),
    ({"origins": "ftp://files.example", "sample_rate": "0.2", "languages": ["en"]}, "is not a web address"),
    ({"origins": "javascript:alert(1)", "sample_rate": "0.2", "languages": ["en"]}, "is not a web address"),
    ({"origins": "https://x.gov.uk", "sample_rate": "1.5", "languages": ["en"]}, "sample rate from 0 to 1"),
    ({"origins": "https://x.gov.uk", "sample_rate": "lots", "languages": ["en"]}, "sample rate from 0 to 1"),
    ({"origins": "https://x.gov.uk", "sample_rate": "0.2", "languages": ["fr"]}, "Select at least one language"),
])
def test_a_site_form_with_mistakes_says_what_to_fix(staff, store, form, message):
    response = staff.post_form("/staff/sites/newhamsitekey1", form)
    assert response.status_code == 400
    assert any(message in m for m in _errors(response.get_data(as_text=True)))
    assert store.get_site("newhamsitekey1")["origins"] == ["https://www.newham.gov.uk"]


def test_staff_change_a_sites_origins_and_sample_rate(staff, store):
    response = staff.post_form("/staff/sites/newhamsitekey1", {
        "origins": "https://www.newham.gov.uk\nhttps://new.newham.gov.uk", "sample_rate": "10%",
        "languages": ["en", "cy"]})
    assert response.status_code == 302
    site = store.get_site("newhamsitekey1")
    assert site["origins"] == ["https://new.newham.gov.uk", "https://www.newham.gov.uk"]
    assert site["sample_rate"] == pytest.approx(0.1)


def test_a_changed_origin_is_used_by_the_ingest_api(staff, app):
    staff.post_form("/staff/sites/newhamsitekey1", {"origins": "https://moved.newham.gov.uk", "sample_rate": "0.2",
                                                    "languages": ["en"]})
    beacon = {"site": "newhamsitekey1", "kind": "pageview", "visit": True, "path": "/"}
    moved = staff.post("/api/v1/events", json=beacon, headers={"Origin": "https://moved.newham.gov.uk"})
    old = staff.post("/api/v1/events", json=beacon, headers={"Origin": "https://www.newham.gov.uk"})
    assert (moved.status_code, old.status_code) == (202, 403)


def test_an_unknown_site_or_council_is_404(staff):
    assert staff.get("/staff/sites/nosuchsitekey").status_code == 404
    assert staff.get("/staff/councils/atlantis").status_code == 404
    assert staff.post_form("/staff/councils/atlantis/sites", {"origins": "https://a.gov.uk"}).status_code == 404


# -- users ------------------------------------------------------------------------------


def test_staff_add_a_council_user_with_a_password_they_chose(staff, store, app):
    response = staff.post_form("/staff/users/new", {"email": "New.Person@Camden.gov.uk", "role": "council",
                                                    "councils": ["camden"], "password": "a good long password"})
    assert response.status_code == 200
    user = store.get_user_by_email("new.person@camden.gov.uk")
    assert user["role"] == "council" and user["councils"] == ["camden"]
    assert user["password_hash"].startswith("scrypt:")
    assert "a good long password" not in response.get_data(as_text=True)
    assert login(app.test_client(), "new.person@camden.gov.uk", "a good long password").status_code == 302


def test_a_user_added_without_a_password_gets_a_random_one_shown_once(staff, store, app):
    response = staff.post_form("/staff/users/new", {"email": "ops@takeup.example", "role": "staff"})
    password = re.search(r'id="password-value">([^<]+)</pre>', response.get_data(as_text=True)).group(1)
    assert len(password) >= 12
    assert check_password_hash(store.get_user_by_email("ops@takeup.example")["password_hash"], password)


@pytest.mark.parametrize("form, message", [
    ({"email": "not-an-email", "role": "staff"}, "Enter an email address"),
    ({"email": "a@b.gov.uk", "role": "admin"}, "Select what the user may see"),
    ({"email": "a@b.gov.uk", "role": "council"}, "Select at least one council"),
    ({"email": "a@b.gov.uk", "role": "council", "councils": ["atlantis"]}, "Select at least one council"),
    ({"email": "a@b.gov.uk", "role": "staff", "password": "short"}, "at least 12 characters"),
    ({"email": NEWHAM_USER, "role": "staff"}, "exists already"),
])
def test_a_user_form_with_mistakes_says_what_to_fix(staff, store, form, message):
    response = staff.post_form("/staff/users/new", form)
    assert response.status_code == 400
    assert any(message in m for m in _errors(response.get_data(as_text=True)))
    assert store.get_user_by_email("a@b.gov.uk") is None


def test_staff_change_what_a_user_sees(staff, store, seeded):
    user_id = seeded["users"][NEWHAM_USER]
    response = staff.post_form(f"/staff/users/{user_id}", {"role": "council", "councils": ["newham", "camden"]})
    assert response.status_code == 302
    assert store.get_user(user_id)["councils"] == ["camden", "newham"]


def test_staff_cannot_remove_their_own_staff_access(staff, store, seeded):
    response = staff.post_form(f"/staff/users/{seeded['users'][STAFF]}", {"role": "council", "councils": ["newham"]})
    assert response.status_code == 400
    assert store.get_user_by_email(STAFF)["role"] == "staff"


def test_staff_set_a_new_password_which_ends_the_users_sessions(staff, store, seeded, app):
    user_id = seeded["users"][NEWHAM_USER]
    their_browser = app.test_client()
    sign_in_as(their_browser, store, NEWHAM_USER)
    response = staff.post_form(f"/staff/users/{user_id}/password", {"new_password": ""})
    new_password = re.search(r'id="password-value">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert their_browser.get("/councils/newham").status_code == 302
    assert login(app.test_client(), NEWHAM_USER, PASSWORD).status_code == 400
    assert login(app.test_client(), NEWHAM_USER, new_password).status_code == 302


def test_staff_delete_a_user_but_not_themselves(staff, store, seeded):
    assert staff.post_form(f"/staff/users/{seeded['users'][NEWHAM_USER]}/delete").status_code == 302
    assert store.get_user_by_email(NEWHAM_USER) is None
    staff.post_form(f"/staff/users/{seeded['users'][STAFF]}/delete")
    assert store.get_user_by_email(STAFF) is not None


# -- API tokens ---------------------------------------------------------------------------


def test_a_token_is_shown_once_and_works_for_the_ratings_api(staff, store):
    response = staff.post_form("/staff/councils/newham/tokens")
    token = re.search(r'id="token-value">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert store.council_for_token(tokens.hash_token(token)) == "newham"
    rating = {"channel": "phone", "rating": "good", "time": "2025-05-02T10:00:00+01:00"}
    assert staff.post("/api/v1/ratings", json=rating, headers={"Authorization": f"Bearer {token}"}).status_code == 201
    listing = staff.get("/staff/councils/newham").get_data(as_text=True)
    assert token not in listing and tokens.hash_token(token)[:12] in listing


def test_a_revoked_token_stops_working(staff, store):
    token = re.search(r'id="token-value">([^<]+)<',
                      staff.post_form("/staff/councils/newham/tokens").get_data(as_text=True)).group(1)
    response = staff.post_form("/staff/tokens/revoke", {"token_hash": tokens.hash_token(token), "council": "newham"})
    assert response.status_code == 302
    assert store.council_for_token(tokens.hash_token(token)) is None
    assert staff.post_form("/staff/tokens/revoke", {"token_hash": "nonsense"}).status_code == 404


def test_the_token_list_shows_every_council(staff, store):
    staff.post_form("/staff/councils/newham/tokens")
    staff.post_form("/staff/councils/camden/tokens")
    page = staff.get("/staff/tokens").get_data(as_text=True)
    assert "London Borough of Newham" in page and "London Borough of Camden" in page
