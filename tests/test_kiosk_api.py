"""The reception-desk kiosk: its page (GET /kiosk/<site_key>) and its endpoint
(POST /api/v1/kiosk/<site_key>/ratings), through Flask's test client."""
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from collector import clock, create_app, survey
from tests.conftest import ORIGIN, TEST_CONFIG
from tests.test_ingest_api import assert_error_shape

# The test client's requests come from http://localhost: the kiosk page served by the collector itself.
OWN_ORIGIN = "http://localhost"


def post(client, site, body, origin=OWN_ORIGIN):
    headers = {"Origin": origin} if origin else {}
    return client.post(f"/api/v1/kiosk/{site}/ratings", json=body, headers=headers)


def rating(**fields):
    return {"id": str(uuid.uuid4()), "rating": "good", "lang": "en", **fields}


def stored(db):
    return [dict(row) for row in db.execute("SELECT * FROM ratings ORDER BY rated_at")]


# --- the endpoint ---------------------------------------------------------------

def test_a_good_rating_is_stored_as_face_to_face_from_the_kiosk_for_the_sites_council(client, db, site):
    made = (datetime.now(timezone.utc) - timedelta(minutes=10)).replace(microsecond=0)
    body = rating(time=made.isoformat())
    resp = post(client, site, body)
    assert resp.status_code == 201
    assert resp.get_json() == {"ok": True, "id": body["id"]}
    (row,) = stored(db)
    assert row["id"] == body["id"]
    assert (row["council_slug"], row["channel"], row["source"], row["rating"]) == (
        "newham", "face_to_face", "kiosk", "good")
    assert (row["reason"], row["service"], row["comment"]) == (None, None, None)
    # The time the kiosk says the rating was made is kept, and its day is the UK local day.
    assert row["rated_at"] == made.isoformat()
    assert row["day"] == clock.local_day(made)


def test_a_repeated_id_is_answered_200_and_stored_once(client, db, site):
    body = rating(rating="poor", reason="could_not_complete")
    assert post(client, site, body).status_code == 201
    again = post(client, site, body)
    assert again.status_code == 200
    assert again.get_json() == {"ok": True, "id": body["id"]}
    assert len(stored(db)) == 1


def test_average_or_poor_keeps_its_reason_and_the_desks_service(client, db, site):
    assert post(client, site, rating(rating="average", reason="unclear_or_wrong", service="housing",
                                     lang="cy")).status_code == 201
    (row,) = stored(db)
    assert (row["rating"], row["reason"], row["service"]) == ("average", "unclear_or_wrong", "housing")


def test_a_rating_counts_in_the_councils_daily_rollup(client, db, site):
    post(client, site, rating(rating="poor"))
    rows = [dict(r) for r in db.execute("SELECT * FROM rating_daily WHERE council_slug = 'newham'")]
    assert [(r["channel"], r["poor"]) for r in rows] == [("face_to_face", 1)]


def test_every_bad_field_is_named_and_nothing_is_stored(client, db, site):
    body = {"id": "not-a-uuid", "rating": "excellent", "reason": "too_slow", "service": "space_travel",
            "lang": "fr", "time": "yesterday", "comment": "free text is not taken at the kiosk"}
    errors = assert_error_shape(post(client, site, body), 422)["errors"]
    assert set(errors) == {"id", "rating", "reason", "service", "lang", "time", "comment"}
    assert errors["comment"] == ["Unknown field."]
    assert stored(db) == []


def test_id_rating_and_lang_are_required(client, db, site):
    errors = assert_error_shape(post(client, site, {}), 422)["errors"]
    assert set(errors) == {"id", "rating", "lang"}


@pytest.mark.parametrize("field, value", [("rating", "g" * 5000), ("lang", "x" * 1000), ("id", 12), ("rating", None)])
def test_long_or_wrongly_typed_values_are_refused(client, db, site, field, value):
    errors = assert_error_shape(post(client, site, rating(**{field: value})), 422)["errors"]
    assert field in errors
    assert stored(db) == []


def test_a_reason_is_refused_with_a_good_rating(client, db, site):
    errors = assert_error_shape(post(client, site, rating(rating="good", reason="not_found")), 422)["errors"]
    assert "reason" in errors
    assert stored(db) == []


def test_an_unknown_site_key_is_404(client, db, site):
    body = assert_error_shape(post(client, "no-such-site-key", rating()), 404)
    assert "site" in body["errors"]


def test_an_unknown_site_key_is_404_before_the_body_is_read(client, site):
    assert_error_shape(post(client, "no-such-site-key", {"rating": "nonsense"}), 404)


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost:8000", "null", None])
def test_an_origin_that_is_neither_the_collector_nor_the_site_is_403(client, db, site, origin):
    body = assert_error_shape(post(client, site, rating(), origin=origin), 403)
    assert "origin" in body["errors"]
    assert stored(db) == []


def test_a_foreign_origin_learns_nothing_about_its_body(client, site):
    # The origin is checked before the body, so another site gets 403 whatever it sends.
    assert_error_shape(post(client, site, {"rating": "nonsense"}, origin="https://evil.example"), 403)


def test_one_of_the_sites_own_origins_may_post_and_read_the_answer(client, db, site):
    resp = post(client, site, rating(), origin=ORIGIN)
    assert resp.status_code == 201
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in resp.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in resp.headers
    assert len(stored(db)) == 1


def test_a_preflight_from_a_sites_origin_is_answered(client, site):
    resp = client.options(f"/api/v1/kiosk/{site}/ratings",
                          headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                   "Access-Control-Request-Headers": "content-type"})
    assert resp.status_code == 204
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Content-Type" in resp.headers["Access-Control-Allow-Headers"]


def test_the_collectors_own_origin_gets_no_cors_headers(client, site):
    resp = post(client, site, rating())
    assert resp.status_code == 201
    assert "Access-Control-Allow-Origin" not in resp.headers


def test_a_time_in_the_future_is_replaced_by_the_time_received(client, db, site):
    future = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
    assert post(client, site, rating(time=future)).status_code == 201
    (row,) = stored(db)
    assert row["rated_at"] == row["received_at"]


def test_a_time_older_than_a_kiosk_could_have_held_it_is_replaced_by_the_time_received(client, db, site):
    assert post(client, site, rating(time="2001-01-01T09:00:00+00:00")).status_code == 201
    (row,) = stored(db)
    assert row["rated_at"] == row["received_at"]


def test_a_rating_made_offline_an_hour_ago_keeps_its_time(client, db, site):
    earlier = (datetime.now(timezone.utc) - timedelta(hours=1)).replace(microsecond=0)
    assert post(client, site, rating(time=earlier.isoformat())).status_code == 201
    (row,) = stored(db)
    assert row["rated_at"] == earlier.isoformat() and row["received_at"] > row["rated_at"]


def test_malformed_json_is_400_in_the_one_error_shape(client, site):
    resp = client.post(f"/api/v1/kiosk/{site}/ratings", data="{not json", headers={
        "Origin": OWN_ORIGIN, "Content-Type": "application/json"})
    assert_error_shape(resp, 400)


def test_too_many_posts_from_one_client_is_429_with_retry_after(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "limited.db"), **TEST_CONFIG, "RATE_LIMIT": "2/minute"})
    store = app.extensions["takeup.store"]
    store.migrate()
    store.add_council("newham", "Newham", "london_borough", None, "2026-01-01T00:00:00+00:00")
    store.add_site("newhamsitekey1", "newham", [ORIGIN], 0.2, ["en", "cy"], "2026-01-01T00:00:00+00:00")
    client = app.test_client()
    assert [post(client, "newhamsitekey1", rating()).status_code for _ in range(2)] == [201, 201]
    resp = post(client, "newhamsitekey1", rating())
    assert_error_shape(resp, 429)
    assert int(resp.headers["Retry-After"]) > 0
    store.close()


def test_the_endpoint_is_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    operation = paths["/api/v1/kiosk/{site_key}/ratings"]["post"]
    assert {"200", "201", "403", "404", "422", "429"} <= set(operation["responses"])


# --- the page -------------------------------------------------------------------

def test_the_page_has_a_strict_csp_and_sets_no_cookie(client, site):
    resp = client.get(f"/kiosk/{site}")
    assert resp.status_code == 200
    policy = {d.split()[0]: d.split()[1:] for d in resp.headers["Content-Security-Policy"].split("; ")}
    for directive, sources in {"default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
                               "connect-src": ["'self'"], "frame-ancestors": ["'none'"]}.items():
        assert policy[directive] == sources
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in resp.headers


def test_the_page_has_no_inline_script_or_style(client, site):
    html = client.get(f"/kiosk/{site}").get_data(as_text=True)
    assert re.findall(r"<script\b[^>]*>", html) == [re.search(r'<script src="[^"]+" defer>', html).group(0)]
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+\s*=", html)  # no event handler attributes


def test_the_page_shows_the_survey_labels_in_english_by_default(client, site):
    html = client.get(f"/kiosk/{site}").get_data(as_text=True)
    assert '<html lang="en">' in html
    for english, _welsh in survey.RATINGS.values():
        assert f">{english}<" in html
    assert "How would you rate your visit today?" in html


def test_lang_cy_shows_the_page_in_welsh(client, site):
    html = client.get(f"/kiosk/{site}?lang=cy").get_data(as_text=True)
    assert '<html lang="cy">' in html
    for _english, welsh in survey.RATINGS.values():
        assert f">{welsh}<" in html
    _en, reason_cy = survey.REASONS["not_found"]
    assert reason_cy.replace("'", "&#39;") in html
    assert 'href="/kiosk/newhamsitekey1?lang=en"' in html  # the switch back to English


def test_the_desks_service_is_passed_to_the_page_and_an_unknown_one_is_ignored(client, site):
    assert 'data-service="housing"' in client.get(f"/kiosk/{site}?service=housing").get_data(as_text=True)
    assert "data-service" not in client.get(f"/kiosk/{site}?service=moon").get_data(as_text=True)


def test_the_page_for_an_unknown_site_is_404(client, site):
    assert client.get("/kiosk/no-such-site-key").status_code == 404


def test_the_pages_script_and_stylesheet_are_served_with_nosniff(client, site):
    html = client.get(f"/kiosk/{site}").get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="(/kiosk/static/[^"]+)"', html):
        resp = client.get(url)
        assert resp.status_code == 200
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
