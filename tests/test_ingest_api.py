"""The widget's endpoints: survey, events and responses, with their bad inputs."""
import json
import uuid

import pytest

from collector.storage import migrations

from tests.conftest import ORIGIN

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/130.0.0.0 Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Mobile/15E148 Safari/604.1")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def post(client, path, body, origin=ORIGIN, content_type="text/plain", ua=CHROME, raw=None):
    headers = {"User-Agent": ua}
    if origin:
        headers["Origin"] = origin
    data = raw if raw is not None else json.dumps(body)
    return client.post(path, data=data, headers=headers, content_type=content_type)


def response_body(site, **overrides):
    body = {"id": str(uuid.uuid4()), "site": site, "lang": "en", "path": "/bins",
            "answers": {"service": "bins_recycling", "task": "yes", "rating": "good"},
            "elapsed_ms": 12000, "hp": ""}
    body.update(overrides)
    return body


def assert_error_shape(resp, status):
    assert resp.status_code == status
    body = resp.get_json()
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], dict)
    return body


def counts(app, db):
    app.extensions["takeup.counters"].flush()
    return {(r["device"], r["kind"]): r["count"] for r in db.execute("SELECT * FROM takeup_daily")}


# -- survey -----------------------------------------------------------------

def test_survey_has_every_question_in_english_and_welsh(client, site):
    resp = client.get(f"/api/v1/sites/{site}/survey", headers={"Origin": ORIGIN})
    assert resp.status_code == 200
    survey = resp.get_json()
    assert survey["sample_rate"] == 0.2
    assert [q["key"] for q in survey["questions"]] == ["service", "task", "rating", "reason", "alternative", "comment"]
    for question in survey["questions"]:
        assert question["label"]["en"] and question["label"]["cy"]
        for option in question.get("options", []):
            assert option["label"]["en"] and option["label"]["cy"]
    assert survey["questions"][3]["show_if"] == {"rating": ["average", "poor"]}
    assert "public" in resp.headers["Cache-Control"]
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in resp.headers["Vary"]


def test_survey_for_an_unknown_site_is_404(client, site):
    assert_error_shape(client.get("/api/v1/sites/nosuchsitekey/survey"), 404)


def test_survey_gives_no_cors_header_to_another_origin(client, site):
    resp = client.get(f"/api/v1/sites/{site}/survey", headers={"Origin": "https://evil.example"})
    assert resp.status_code == 200
    assert "Access-Control-Allow-Origin" not in resp.headers


# -- events -----------------------------------------------------------------

@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "text/plain;charset=UTF-8"])
def test_pageview_is_counted_whatever_the_json_content_type(app, client, db, site, content_type):
    resp = post(client, "/api/v1/events", {"site": site, "kind": "pageview", "visit": True, "path": "/"},
                content_type=content_type)
    assert resp.status_code == 202
    assert resp.get_json() == {"ok": True}
    assert counts(app, db) == {("desktop", "pageview"): 1, ("desktop", "visit"): 1}


def test_counters_add_up_by_device_and_kind(app, client, db, site):
    for kind, visit, ua in [("pageview", True, CHROME), ("pageview", False, CHROME), ("pageview", True, IPHONE),
                            ("invite", False, IPHONE), ("open", False, IPHONE), ("dismiss", False, CHROME)]:
        assert post(client, "/api/v1/events", {"site": site, "kind": kind, "visit": visit}, ua=ua).status_code == 202
    assert counts(app, db) == {
        ("desktop", "pageview"): 2, ("desktop", "visit"): 1, ("desktop", "dismiss"): 1,
        ("mobile", "pageview"): 1, ("mobile", "visit"): 1, ("mobile", "invite"): 1, ("mobile", "open"): 1}


def test_last_beacon_is_recorded_without_its_query_string(app, client, db, site):
    post(client, "/api/v1/events", {"site": site, "kind": "pageview", "path": "/search?q=my+name#top"})
    app.extensions["takeup.counters"].flush()
    row = db.execute("SELECT last_beacon_at, last_beacon_path FROM sites").fetchone()
    assert row["last_beacon_path"] == "/search" and row["last_beacon_at"]


def test_bots_get_202_and_are_not_counted(app, client, db, site):
    resp = post(client, "/api/v1/events", {"site": site, "kind": "pageview", "visit": True}, ua=GOOGLEBOT)
    assert resp.status_code == 202
    assert counts(app, db) == {}


def test_the_count_bots_switch_counts_headless_browsers(tmp_path, site):
    from collector import create_app

    headless = CHROME.replace("Chrome/", "HeadlessChrome/")
    for count_bots, expected in [(False, 0), (True, 1)]:
        app = create_app({"DATABASE": str(tmp_path / "takeup.db"), "FLUSH_SECONDS": 0, "COUNT_BOTS": count_bots,
                          "RATE_LIMIT": "off"})
        resp = post(app.test_client(), "/api/v1/events", {"site": site, "kind": "invite"}, ua=headless)
        assert resp.status_code == 202
        app.extensions["takeup.counters"].flush()
        store = app.extensions["takeup.store"]
        total = store.connection().execute("SELECT coalesce(sum(count), 0) FROM takeup_daily").fetchone()[0]
        assert total == expected
        store.connection().execute("DELETE FROM takeup_daily")


def test_preview_events_are_not_counted(app, client, db, site):
    assert post(client, "/api/v1/events", {"site": site, "kind": "pageview", "preview": True}).status_code == 202
    assert counts(app, db) == {}


def test_event_from_an_origin_the_site_does_not_allow_is_403_and_noted(app, client, db, site):
    body = assert_error_shape(post(client, "/api/v1/events", {"site": site, "kind": "pageview"},
                                   origin="https://www.evil.example"), 403)
    assert "origin" in body["errors"]
    assert counts(app, db) == {}
    row = db.execute("SELECT origin, count FROM refused_daily").fetchone()
    assert tuple(row) == ("https://www.evil.example", 1)


def test_event_without_an_origin_is_403(client, site):
    assert_error_shape(post(client, "/api/v1/events", {"site": site, "kind": "pageview"}, origin=None), 403)


def test_event_for_an_unknown_site_is_404(client, site):
    assert_error_shape(post(client, "/api/v1/events", {"site": "nosuchsitekey", "kind": "pageview"}), 404)


@pytest.mark.parametrize("raw", ["{not json", "\xff\xfe", "[1, 2", "{'site': 1}"])
def test_malformed_json_is_400(client, site, raw):
    for path in ("/api/v1/events", "/api/v1/responses"):
        body = assert_error_shape(post(client, path, None, raw=raw), 400)
        assert "JSON" in body["error"]


def test_an_empty_body_is_422_naming_the_missing_fields(client, site):
    errors = assert_error_shape(post(client, "/api/v1/events", None, raw=""), 422)["errors"]
    assert set(errors) == {"site", "kind"}


def test_invalid_event_fields_are_422_naming_each_field(client, site):
    body = assert_error_shape(post(client, "/api/v1/events", {"site": "", "kind": "click", "visit": "maybe",
                                                              "path": "/" + "x" * 600, "extra": 1}), 422)
    assert set(body["errors"]) == {"site", "kind", "visit", "path", "extra"}


def test_a_json_array_is_422(client, site):
    assert_error_shape(post(client, "/api/v1/events", [1, 2]), 422)


def test_body_over_16_kib_is_413(client, site):
    body = {"site": site, "kind": "pageview", "path": "/" + "x" * 17000}
    assert_error_shape(post(client, "/api/v1/events", body), 413)
    assert_error_shape(post(client, "/api/v1/responses", response_body(site, hp="x" * 17000)), 413)


# -- responses ----------------------------------------------------------------

def test_response_is_stored_with_its_answers_and_device(client, db, site):
    body = response_body(site, path="/bins?postcode=E15+4BQ", lang="cy",
                         answers={"service": "bins_recycling", "task": "partly", "rating": "poor",
                                  "reason": "not_found", "alternative": "phone", "comment": "Could not find it"})
    resp = post(client, "/api/v1/responses", body, ua=IPHONE)
    assert resp.status_code == 201
    assert resp.get_json() == {"ok": True, "id": body["id"]}
    row = dict(db.execute("SELECT * FROM responses").fetchone())
    assert row["id"] == body["id"] and row["council_slug"] == "newham" and row["lang"] == "cy"
    assert (row["service"], row["task"], row["rating"], row["reason"], row["alternative"]) == (
        "bins_recycling", "partly", "poor", "not_found", "phone")
    assert row["comment"] == "Could not find it"
    assert row["path"] == "/bins"
    assert (row["device"], row["browser"], row["is_test"]) == ("mobile", "Mobile Safari", 0)
    # Neither the user agent string nor any address is kept anywhere.
    dump = "\n".join(db.iterdump())
    assert "iPhone OS" not in dump and "127.0.0.1" not in dump


def test_a_repeated_response_gets_200_with_the_same_body_and_is_stored_once(client, db, site):
    body = response_body(site)
    first = post(client, "/api/v1/responses", body)
    again = post(client, "/api/v1/responses", dict(body, answers={"task": "no"}))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json() == again.get_json()
    assert db.execute("SELECT count(*), min(task) FROM responses").fetchone()[:] == (1, "yes")


def test_comment_is_scrubbed_before_it_is_stored(client, db, site):
    comment = "Email me at jo.bloggs@example.com or ring 07700 900123, I live at E15 4BQ."
    body = response_body(site, answers={"comment": comment})
    assert post(client, "/api/v1/responses", body).status_code == 201
    assert db.execute("SELECT comment FROM responses").fetchone()[0] == (
        "Email me at [email] or ring [phone], I live at [postcode].")


@pytest.mark.parametrize("spam", [{"hp": "http://buy.example"}, {"elapsed_ms": 900}])
def test_spam_gets_the_same_answer_and_is_not_stored(client, db, site, spam):
    body = response_body(site, **spam)
    resp = post(client, "/api/v1/responses", body)
    assert resp.status_code == 201 and resp.get_json() == {"ok": True, "id": body["id"]}
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_bot_responses_are_answered_and_not_stored(client, db, site):
    assert post(client, "/api/v1/responses", response_body(site), ua=GOOGLEBOT).status_code == 201
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_preview_responses_are_stored_as_tests(client, db, site):
    assert post(client, "/api/v1/responses", response_body(site, preview=True)).status_code == 201
    assert db.execute("SELECT is_test FROM responses").fetchone()[0] == 1


def test_a_response_needs_at_least_one_answer(client, db, site):
    for answers in ({}, {"comment": ""}):
        body = assert_error_shape(post(client, "/api/v1/responses", response_body(site, answers=answers)), 422)
        assert "answers" in body["errors"]
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_invalid_response_fields_are_422_naming_each_field(client, db, site):
    body = response_body(site, id="not-a-uuid", lang="fr", elapsed_ms=-5, unexpected=True,
                         answers={"service": "moon", "task": "maybe", "rating": "great", "reason": "x",
                                  "alternative": "pigeon", "comment": "x" * 1001, "colour": "red"})
    errors = assert_error_shape(post(client, "/api/v1/responses", body), 422)["errors"]
    assert {"id", "lang", "elapsed_ms", "unexpected", "answers"} <= set(errors)
    assert set(errors["answers"]) == {"service", "task", "rating", "reason", "alternative", "comment", "colour"}
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_missing_required_response_fields_are_422(client, site):
    errors = assert_error_shape(post(client, "/api/v1/responses", {"site": site}), 422)["errors"]
    assert {"id", "answers", "elapsed_ms"} <= set(errors)


def test_response_from_a_wrong_origin_is_403_and_not_stored(client, db, site):
    assert_error_shape(post(client, "/api/v1/responses", response_body(site), origin="http://localhost"), 403)
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


# -- CORS -------------------------------------------------------------------

def test_cors_echoes_the_allowed_origin_exactly_and_never_allows_credentials(client, site):
    resp = post(client, "/api/v1/responses", response_body(site))
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in resp.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in resp.headers
    assert resp.headers["Access-Control-Expose-Headers"] == "Retry-After"


def test_no_cors_headers_for_a_refused_origin(client, site):
    resp = post(client, "/api/v1/events", {"site": site, "kind": "pageview"}, origin="https://www.evil.example")
    assert "Access-Control-Allow-Origin" not in resp.headers


def test_preflight_for_a_json_post_is_answered_for_known_origins_only(client, site):
    headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
    resp = client.options("/api/v1/responses", headers=headers)
    assert resp.status_code == 204
    assert resp.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    assert resp.headers["Access-Control-Allow-Headers"].lower() == "content-type"
    other = client.options("/api/v1/responses", headers=dict(headers, Origin="https://evil.example"))
    assert "Access-Control-Allow-Origin" not in other.headers


def test_non_widget_routes_send_no_cors_headers(client, site):
    for resp in (client.get("/healthz", headers={"Origin": ORIGIN}),
                 client.get("/api/openapi.json", headers={"Origin": ORIGIN})):
        assert not [h for h in resp.headers.keys() if h.lower().startswith("access-control-")]


# -- rate limit -----------------------------------------------------------------

def test_too_many_posts_from_one_client_get_429_with_retry_after(tmp_path, site):
    from collector import create_app

    app = create_app({"DATABASE": str(tmp_path / "takeup.db"), "RATE_LIMIT": "3/minute", "FLUSH_SECONDS": 0})
    client = app.test_client()
    statuses = [post(client, "/api/v1/events", {"site": site, "kind": "pageview"}).status_code for _ in range(4)]
    assert statuses == [202, 202, 202, 429]
    resp = post(client, "/api/v1/events", {"site": site, "kind": "pageview"})
    assert_error_shape(resp, 429)
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    # Another client is not affected.
    other = client.post("/api/v1/events", data=json.dumps({"site": site, "kind": "pageview"}),
                        headers={"Origin": ORIGIN, "User-Agent": CHROME}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 202


def test_rate_limit_setting_is_checked():
    from collector.ratelimit import parse_limit

    assert parse_limit("120/minute") == (120, 60)
    assert parse_limit("5/second") == (5, 1)
    assert parse_limit("off") is None
    with pytest.raises(ValueError):
        parse_limit("lots")


# -- errors, health, OpenAPI ----------------------------------------------------

def test_unknown_routes_and_methods_use_the_error_shape(client):
    assert_error_shape(client.get("/api/v1/nothing-here"), 404)
    resp = client.get("/api/v1/events")
    assert_error_shape(resp, 405)
    assert "POST" in resp.headers["Allow"]


def test_healthz_is_200_when_the_database_answers(client):
    assert client.get("/healthz").get_json() == {"ok": True, "schema_version": migrations.LATEST}


def test_healthz_is_503_when_the_database_cannot_be_reached(tmp_path):
    from collector import create_app

    app = create_app({"DATABASE": str(tmp_path)})  # a directory: sqlite cannot open it
    assert_error_shape(app.test_client().get("/healthz"), 503)


def test_openapi_document_describes_every_endpoint(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/events", "/api/v1/responses", "/api/v1/ratings", "/api/v1/sites/{site_key}/survey"} <= set(
        spec["paths"])
    post_response = spec["paths"]["/api/v1/responses"]["post"]
    assert "requestBody" in post_response and {"200", "201", "422"} <= set(post_response["responses"])


def test_a_blank_comment_is_no_answer(client, db, site):
    assert_error_shape(post(client, "/api/v1/responses", response_body(site, answers={"comment": "   "})), 422)
    assert post(client, "/api/v1/responses", response_body(site, answers={"task": "yes", "comment": "  "})).status_code == 201
    assert db.execute("SELECT comment FROM responses").fetchone()[0] is None


def test_personal_data_in_page_paths_is_scrubbed(app, client, db, site):
    post(client, "/api/v1/events", {"site": site, "kind": "pageview", "path": "/verify/jo.bloggs@example.com"})
    post(client, "/api/v1/responses", response_body(site, path="/tax/account/AB123456C"))
    app.extensions["takeup.counters"].flush()
    assert db.execute("SELECT path FROM site_pages").fetchone()[0] == "/verify/[email]"
    assert db.execute("SELECT last_beacon_path FROM sites").fetchone()[0] == "/verify/[email]"
    assert db.execute("SELECT path FROM responses").fetchone()[0] == "/tax/account/[ni-number]"


def test_made_up_paths_cannot_grow_the_pages_table_without_bound(app, client, db, site, monkeypatch):
    from collector import counters

    monkeypatch.setattr(counters, "MAX_PAGES_PER_FLUSH", 3)
    app.extensions["takeup.counters"].flush_seconds = 3600
    for n in range(10):
        post(client, "/api/v1/events", {"site": site, "kind": "pageview", "path": f"/made-up-{n}"})
    app.extensions["takeup.counters"].flush()
    rows = dict(db.execute("SELECT path, views FROM site_pages").fetchall())
    assert len(rows) == 4 and rows["(other pages)"] == 7


def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(tmp_path, site):
    from collector import create_app

    app = create_app({"DATABASE": str(tmp_path / "takeup.db"), "RATE_LIMIT": "2/minute", "TRUSTED_PROXIES": 1})
    client = app.test_client()
    event = json.dumps({"site": site, "kind": "pageview"})

    def from_client(address):
        return client.post("/api/v1/events", data=event, headers={"Origin": ORIGIN, "User-Agent": CHROME,
                                                                   "X-Forwarded-For": address}).status_code
    assert [from_client("203.0.113.1") for _ in range(3)] == [202, 202, 429]
    assert from_client("203.0.113.2") == 202


def test_an_untrusted_proxy_is_warned_about_once(tmp_path, site, caplog, monkeypatch):
    from collector import api, create_app

    client = create_app({"DATABASE": str(tmp_path / "takeup.db"), "RATE_LIMIT": "100/minute"}).test_client()
    monkeypatch.setattr(api, "_proxy_warning_given", False)
    for _ in range(2):
        client.post("/api/v1/events", data=json.dumps({"site": site, "kind": "pageview"}),
                    headers={"Origin": ORIGIN, "User-Agent": CHROME, "X-Forwarded-For": "203.0.113.1"})
    warnings = [r for r in caplog.records if "TAKEUP_TRUSTED_PROXIES" in r.getMessage()]
    assert len(warnings) == 1
