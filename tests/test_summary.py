"""Council summaries from the rollups, on a small hand-computed dataset, and the summary API."""
import json
import uuid
from datetime import date, datetime, timezone

import pytest
from flask import g

from collector import clock
from dashboards import periods, summary
from tests.conftest import ORIGIN


def answer(client, site, **answers):
    answers = {key: value for key, value in answers.items() if value is not None}
    body = {"id": str(uuid.uuid4()), "site": site, "lang": "en", "path": "/", "answers": answers,
            "elapsed_ms": 9000, "hp": ""}
    resp = client.post("/api/v1/responses", data=json.dumps(body), content_type="text/plain",
                       headers={"Origin": ORIGIN, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"})
    assert resp.status_code == 201


# 200 answered responses: task yes 120 (alternative phone 40, email 20, none 60),
# partly 30 (phone 10, face_to_face 5, none 15), no 50 (phone 20, face_to_face 10, email 5, none 15).
ANSWERS = ([("yes", "phone")] * 40 + [("yes", "email")] * 20 + [("yes", "none")] * 60
           + [("partly", "phone")] * 10 + [("partly", "face_to_face")] * 5 + [("partly", "none")] * 15
           + [("no", "phone")] * 20 + [("no", "face_to_face")] * 10 + [("no", "email")] * 5 + [("no", "none")] * 15)


@pytest.fixture
def hand_dataset(app, client, store, site):
    for index, (task, alternative) in enumerate(ANSWERS):
        rating = ("good", "average", "poor")[index % 3] if index < 150 else None
        answer(client, site, task=task, alternative=alternative, rating=rating,
               service="bins_recycling" if index % 2 else "council_tax")
    answer(client, site, comment="only a comment")  # a response that did not answer task
    today = clock.local_day(clock.now())
    store.add_counts({(site, today, "mobile", "visit"): 6000, (site, today, "desktop", "visit"): 4000,
                      (site, today, "mobile", "pageview"): 25000, (site, today, "mobile", "invite"): 1000},
                     {}, {}, {})
    day = date.fromisoformat(today)
    return day, day


def council_summary(app, start, end, named_peers=False):
    store = app.extensions["takeup.store"]
    return summary.council_summary(store, "newham", start, end, named_peers=named_peers, config=app.config)


def test_headline_rates_and_counts(app, hand_dataset):
    result = council_summary(app, *hand_dataset)
    headline = result["headline"]
    assert headline["visits"]["value"] == 10_000 and headline["page_views"]["value"] == 25_000
    assert headline["responses"]["value"] == 201 and headline["invitations"]["value"] == 1000
    assert headline["takeup_per_1000"]["value"] == pytest.approx(10_000 / 351_000 * 1000)
    assert headline["response_rate"]["k"] == 201 and headline["response_rate"]["n"] == 1000
    success = headline["success_rate"]
    assert (success["k"], success["n"], success["value"]) == (120, 200, 0.6)
    assert (success["low"], success["high"]) == (pytest.approx(0.53088, abs=1e-4), pytest.approx(0.66543, abs=1e-4))
    assert headline["failed_visit_rate"]["k"] == 80
    # 150 ratings, 50 of each: net satisfaction 0.
    assert headline["net_satisfaction"]["value"] == 0 and headline["net_satisfaction"]["n"] == 150
    assert result["devices"] == {"mobile": 6000, "desktop": 4000}
    assert {row["service"]: row["responses"] for row in result["by_service"]} == {"bins_recycling": 100,
                                                                                  "council_tax": 100}


def test_avoidable_contact_is_scaled_to_visits_and_costed_at_default_costs(app, hand_dataset):
    avoidable = council_summary(app, *hand_dataset)["headline"]["avoidable_contacts"]
    # Failed visits with a channel: 10 + 5 + 20 + 10 + 5 = 50 of 200 answered = 0.25 of 10,000 visits.
    assert avoidable["share"]["k"] == 50 and avoidable["value"] == pytest.approx(2500)
    channels = avoidable["by_channel"]
    assert channels["phone"]["contacts"] == pytest.approx(1500)
    assert channels["face_to_face"]["contacts"] == pytest.approx(750)
    assert channels["email"]["contacts"] == pytest.approx(250)
    assert avoidable["cost"] == pytest.approx(1500 * 2.83 + 750 * 8.62 + 250 * 2.83)  # 11,417.50
    assert avoidable["cost_source"] == "default"


def test_contacts_avoided_are_valued_as_the_channel_cost_less_the_web_cost(app, hand_dataset):
    avoided = council_summary(app, *hand_dataset)["headline"]["contacts_avoided"]
    assert avoided["value"] == pytest.approx(3000)  # (40 + 20) / 200 x 10,000
    assert avoided["value_pounds"] == pytest.approx(2000 * (2.83 - 0.15) + 1000 * (2.83 - 0.15))  # 8,040


def test_the_councils_own_costs_replace_the_defaults(app, store, hand_dataset):
    start, end = hand_dataset
    period = periods.period_for(start)
    store.bulk_insert("channel_costs", [
        {"council_slug": "newham", "period": period, "channel": "phone", "contacts": 1000, "cost_pounds": 3000.0,
         "updated_at": "2026-01-01"},
        {"council_slug": "newham", "period": period, "channel": "web", "contacts": 10000, "cost_pounds": 1000.0,
         "updated_at": "2026-01-01"}])
    result = council_summary(app, start, end)
    avoidable = result["headline"]["avoidable_contacts"]
    assert avoidable["cost"] == pytest.approx(1500 * 3.00 + 750 * 8.62 + 250 * 2.83)  # 11,672.50
    assert avoidable["cost_source"] == "mixed"
    assert avoidable["by_channel"]["phone"]["cost_source"] == "council"
    avoided = result["headline"]["contacts_avoided"]
    assert avoided["value_pounds"] == pytest.approx(2000 * (3.00 - 0.10) + 1000 * (2.83 - 0.10))  # 8,530
    costs = result["channel_costs"]["channels"]
    assert costs["phone"] == {"contacts": 1000, "cost": 3000.0, "cost_per_contact": 3.0, "source": "council",
                              "share": pytest.approx(1000 / 11000)}
    assert costs["email"]["source"] == "default" and costs["email"]["cost_per_contact"] == 2.83
    assert result["channel_costs"]["web_share"] == pytest.approx(10000 / 11000)
    bench = result["benchmarks"]
    assert bench["cost_per_contact_phone"]["value"] == 3.0 and bench["cost_per_contact_phone"]["included"]
    assert bench["cost_per_contact_email"]["value"] is None  # no cost entered: estimates only, no benchmark


def test_a_web_cost_without_contacts_is_divided_by_the_counted_visits(app, store, hand_dataset):
    start, end = hand_dataset
    store.bulk_insert("channel_costs", [{"council_slug": "newham", "period": periods.period_for(start),
                                         "channel": "web", "contacts": None, "cost_pounds": 2000.0,
                                         "updated_at": "2026-01-01"}])
    web = council_summary(app, start, end)["channel_costs"]["channels"]["web"]
    assert web["cost_per_contact"] == pytest.approx(0.2) and web["source"] == "council"  # £2,000 / 10,000 visits


def test_web_contacts_default_to_counted_visits(app, hand_dataset):
    costs = council_summary(app, *hand_dataset)["channel_costs"]
    assert costs["channels"]["web"]["contacts"] == 10_000 and costs["channels"]["web"]["source"] == "default"
    assert costs["web_share"] is None  # phone contacts unknown


def test_rollups_kept_as_data_arrives_equal_a_rebuild_from_scratch(app, store, hand_dataset, token, client):
    client.post("/api/v1/ratings", json=[{"channel": "phone", "rating": "good"}, {"channel": "email",
                                                                                  "rating": "poor"}],
                headers={"Authorization": f"Bearer {token}"})
    conn = store.connection()
    tables = ("council_daily", "service_daily", "rating_daily")
    before = {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    store.rebuild_rollups()
    after = {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    assert before == after and before["council_daily"] and before["rating_daily"]


def test_days_are_uk_local_days_at_period_boundaries(app, store, site):
    # 23:30 UTC on 30 September 2026 is 00:30 on 1 October in London: the second half-year.
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April (BST began on 29 March): the first.
    for index, instant in enumerate(["2026-09-30T23:30:00", "2026-09-30T22:30:00", "2026-03-31T23:30:00"]):
        moment = datetime.fromisoformat(instant).replace(tzinfo=timezone.utc)
        store.insert_response({"id": f"r{index}", "site_key": site, "council_slug": "newham",
                               "received_at": clock.iso(moment), "day": clock.local_day(moment), "task": "yes",
                               "is_test": 0})
    h1 = council_summary(app, *periods.parse_period("2026-27-H1"))["headline"]["responses"]["value"]
    h2 = council_summary(app, *periods.parse_period("2026-27-H2"))["headline"]["responses"]["value"]
    assert (h1, h2) == (2, 1)


def test_preview_responses_are_left_out_of_the_results(app, client, site):
    body = {"id": str(uuid.uuid4()), "site": site, "answers": {"task": "no"}, "elapsed_ms": 9000, "preview": True}
    client.post("/api/v1/responses", json=body, headers={"Origin": ORIGIN, "User-Agent": "Mozilla/5.0 Firefox/130"})
    today = date.fromisoformat(clock.local_day(clock.now()))
    assert council_summary(app, today, today)["headline"]["responses"]["value"] == 0


def _add_peer(store, slug, name, yes, no, day="2026-05-01"):
    store.add_council(slug, name, "london_borough", 100_000, "2026-01-01T00:00:00+00:00")
    store.add_site(f"{slug}-site-key", slug, [f"https://www.{slug}.gov.uk"], 0.2, ["en"], "2026-01-01T00:00:00+00:00")
    for n, task in enumerate(["yes"] * yes + ["no"] * no):
        store.insert_response({"id": f"{slug}-{n}", "site_key": f"{slug}-site-key", "council_slug": slug,
                               "received_at": f"{day}T10:00:00+00:00", "day": day, "task": task, "is_test": 0})


def test_benchmarks_use_peers_of_the_same_kind_with_enough_responses(app, store, site):
    for n, task in enumerate(["yes"] * 60 + ["no"] * 60):
        store.insert_response({"id": f"newham-{n}", "site_key": site, "council_slug": "newham",
                               "received_at": "2026-05-01T10:00:00+00:00", "day": "2026-05-01", "task": task,
                               "is_test": 0})
    _add_peer(store, "camden", "Camden", 90, 30)     # 0.75
    _add_peer(store, "hackney", "Hackney", 30, 90)   # 0.25
    _add_peer(store, "lewisham", "Lewisham", 70, 30)  # 0.70
    _add_peer(store, "tiny", "Tiny", 5, 0)           # too few to benchmark
    store.add_council("kent", "Kent", "county", 1_500_000, "2026-01-01T00:00:00+00:00")  # another kind
    start, end = periods.parse_period("2026-27-H1")
    bench = council_summary(app, start, end)["benchmarks"]["success_rate"]
    assert bench["peers"] == 4 and bench["included"]
    assert bench["median"] == pytest.approx(0.6) and bench["q1"] == pytest.approx(0.4375)
    assert bench["q3"] == pytest.approx(0.7125)
    assert bench["value"] == 0.5 and bench["position"] == "below median"
    labels = [peer["label"] for peer in bench["peer_values"]]
    assert labels == ["Council A", "Council B", "London Borough of Newham", "Council C"]
    assert "Tiny" not in labels
    named = council_summary(app, start, end, named_peers=True)["benchmarks"]["success_rate"]
    assert [peer["label"] for peer in named["peer_values"]] == ["Camden", "Lewisham", "London Borough of Newham",
                                                                "Hackney"]
    failed = council_summary(app, start, end)["benchmarks"]["failed_visit_rate"]
    # 0.5 failed against a median of 0.4: worse than the median, since fewer failures are better.
    assert failed["position"] == "below median" and failed["higher_is_better"] is False


def test_overview_flags_missing_beacons_and_small_samples(app, store, site, hand_dataset):
    _add_peer(store, "camden", "Camden", 3, 1)
    start, end = hand_dataset
    rows = {row["slug"]: row for row in summary.overview(store, start, end, config=app.config)}
    assert rows["newham"]["flags"] == ["no beacons in 7 days"]  # counters were added without a beacon time
    assert "too few responses" in rows["camden"]["flags"]
    assert rows["newham"]["success_rate"]["n"] == 200


# -- the API --------------------------------------------------------------------------------

def get_summary(client, slug="newham", query="", token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1/councils/{slug}/summary{query}", headers=headers)


def test_summary_api_returns_the_same_figures_as_the_function(app, client, token, hand_dataset):
    start, end = hand_dataset
    resp = get_summary(client, query=f"?from={start}&to={end}", token=token)
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "private, no-store"
    expected = json.loads(json.dumps(council_summary(app, start, end)))
    assert resp.get_json() == expected


def test_summary_api_needs_the_councils_own_token_or_a_session(app, client, store, token):
    store.add_council("camden", "Camden", "london_borough", 1, "2026-01-01T00:00:00+00:00")
    assert get_summary(client).status_code == 401
    assert get_summary(client, token="tku_not-a-token").status_code == 401
    assert get_summary(client, "camden", token=token).status_code == 404  # another council's token
    assert get_summary(client, "nowhere", token=token).status_code == 404


def test_summary_api_for_signed_in_users(app, client, store, site):
    store.add_council("camden", "Camden", "london_borough", 1, "2026-01-01T00:00:00+00:00")
    viewer = {}

    @app.before_request
    def sign_in():
        g.user = viewer.get("user")

    viewer["user"] = {"id": 1, "email": "w@camden.gov.uk", "role": "council", "councils": ["camden"]}
    assert get_summary(client, "camden").status_code == 200
    assert get_summary(client, "newham").status_code == 404
    viewer["user"] = {"id": 2, "email": "staff@lga.example", "role": "staff", "councils": []}
    assert get_summary(client, "newham").status_code == 200
    assert get_summary(client, "nowhere").status_code == 404


@pytest.mark.parametrize("query", ["?period=2026-27-H3", "?from=2026-01-01", "?from=2026-02-01&to=2026-01-01",
                                   "?period=2026-27-H1&from=2026-01-01&to=2026-01-31", "?from=x&to=y"])
def test_summary_api_rejects_bad_periods_with_422(client, token, query):
    body = get_summary(client, query=query, token=token).get_json()
    assert body["status"] == 422 and body["ok"] is False and body["errors"]
