"""The council dashboard and the staff overview: what they show, and that it is what the API says."""
import re
from html import unescape

import pytest

from dashboards import charts, formatting
from tests.dashboard_fixtures import NEWHAM_USER, PERIOD, STAFF, seeded, sign_in_as

__all__ = ["seeded"]


@pytest.fixture
def as_newham(client, store, seeded):
    sign_in_as(client, store, NEWHAM_USER)
    return client


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _cards(page: str) -> dict:
    """{metric: the card's text} for every headline card."""
    cards = re.findall(r'<li class="card" data-metric="([a-z_0-9]+)">(.*?)</li>', page, flags=re.S)
    return {metric: _text(body) for metric, body in cards}


def _card_values(page: str) -> dict:
    cards = re.findall(r'data-metric="([a-z_0-9]+)">.*?<p class="card__value" data-value>(.*?)</p>', page, flags=re.S)
    return {metric: _text(value) for metric, value in cards}


def test_the_dashboard_shows_what_the_summary_api_returns(as_newham):
    page = as_newham.get(f"/councils/newham?period={PERIOD}").get_data(as_text=True)
    api = as_newham.get(f"/api/v1/councils/newham/summary?period={PERIOD}").get_json()
    h = api["headline"]
    values, cards = _card_values(page), _cards(page)
    for name in ("visits", "page_views", "responses", "takeup_per_1000", "avoidable_contacts", "contacts_avoided"):
        assert values[name] == formatting.number(h[name]["value"]), name
    for name in ("response_rate", "success_rate", "failed_visit_rate"):
        rate = h[name]
        assert values[name] == formatting.percent(rate["value"]), name
        assert f"{formatting.number(rate['k'])} of {formatting.number(rate['n'])}" in cards[name]
        assert f"95% interval: {formatting.percent(rate['low'])} to {formatting.percent(rate['high'])}" in cards[name]
    sat = h["net_satisfaction"]
    assert values["net_satisfaction"] == formatting.score(sat["value"])
    assert f"n = {sat['n']}" in cards["net_satisfaction"]
    assert formatting.pounds(h["avoidable_contacts"]["cost"]) in cards["avoidable_contacts"]
    assert formatting.pounds(h["contacts_avoided"]["value_pounds"]) in cards["contacts_avoided"]
    # The benchmark table: this council's value, the peer median and its position.
    for metric, entry in api["benchmarks"].items():
        row = _text(re.search(rf'<tr data-benchmark="{metric}">(.*?)</tr>', page, flags=re.S).group(1))
        assert formatting.metric_value(entry["value"], metric) in row and \
            formatting.metric_value(entry["median"], metric) in row, metric
        if entry["position"]:
            assert entry["position"].capitalize() in row


def test_the_seeded_figures_are_right(as_newham):
    """An independent check on the numbers: 130 answered responses, 43 + 1 'yes' of them."""
    page = as_newham.get(f"/councils/newham?period={PERIOD}").get_data(as_text=True)
    values = _card_values(page)
    assert values["responses"] == "130"
    assert values["visits"] == "1,000"
    assert values["success_rate"] == "31%"  # 40 of 130: every third of 120 said yes, the 10 comments said no


def test_every_chart_has_a_text_alternative_and_a_table(as_newham):
    page = as_newham.get(f"/councils/newham?period={PERIOD}").get_data(as_text=True)
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", page, flags=re.S)
    assert len(svgs) >= 6
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, flags=re.S).group(1)
        assert len(desc) > 20
    assert "Visits each month: May 2025 1,000" in page
    for caption in ("Visits, page views and responses by month", "Ratings and net satisfaction by channel",
                    "Success and failed-visit rates by service area", "Benchmarks against peer councils"):
        assert f"<caption>{caption}</caption>" in page
    assert '<th scope="col">' in page and '<th scope="row">' in page


def test_a_period_can_be_chosen_by_dates(as_newham):
    response = as_newham.get("/councils/newham?from=2025-05-01&to=2025-05-31")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Showing 1 May 2025 to 31 May 2025" in page
    assert _card_values(page)["responses"] == "120"  # May only: not the June comments


@pytest.mark.parametrize("query, field", [
    ("period=2025-H7", "period"),
    ("period=2025-26-H1&from=2025-05-01&to=2025-05-31", "period"),
    ("from=2025-06-01&to=2025-05-01", "from"),
    ("from=2025-06-01", "from"),
    ("from=someday&to=2025-05-01", "from"),
])
def test_a_bad_period_shows_what_is_wrong_and_the_default_period(as_newham, query, field):
    response = as_newham.get(f"/councils/newham?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and f'<li><a href="#{field}">' in page
    assert f'id="{field}-error"' in page and f'aria-describedby="{field}-error"' in page
    assert "<title>Error: " in page
    assert "Headline figures" in page  # the default period, shown below the message


def test_dates_that_were_wrong_are_kept_in_the_form(as_newham):
    page = as_newham.get("/councils/newham?from=2025-06-01&to=2025-05-01").get_data(as_text=True)
    assert 'value="2025-06-01"' in page and 'value="2025-05-01"' in page
    assert "<details open>" in page


def test_a_council_with_no_data_yet_still_has_a_dashboard(client, store, seeded):
    store.add_council("empty", "Empty District Council", "district", None, "2025-01-01T00:00:00+00:00")
    sign_in_as(client, store, STAFF)
    response = client.get(f"/councils/empty?period={PERIOD}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _card_values(page)["success_rate"] == "no data"
    assert "No population recorded" in page


def test_the_staff_overview_lists_every_council_with_flags(client, store, seeded):
    sign_in_as(client, store, STAFF)
    page = client.get(f"/staff/?period={PERIOD}").get_data(as_text=True)
    rows = re.findall(r'<tr data-council="([a-z]+)">(.*?)</tr>', page, flags=re.S)
    assert [slug for slug, _ in rows] == ["leeds", "camden", "newham"]  # by name
    leeds = _text(dict(rows)["leeds"])
    assert "Too few responses" in leeds and "No beacons in 7 days" in leeds


def test_the_overview_sorts_by_any_column_both_ways(client, store, seeded):
    sign_in_as(client, store, STAFF)

    def order(**query):
        page = client.get("/staff/", query_string={"period": PERIOD, **query}).get_data(as_text=True)
        return [slug for slug in re.findall(r'<tr data-council="([a-z]+)">', page)], page

    by_success, page = order(sort="success", order="desc")
    assert by_success == ["camden", "newham", "leeds"]  # camden 75%, newham 31%, leeds no data (last)
    assert 'aria-sort="descending"' in page
    assert order(sort="success", order="asc")[0] == ["newham", "camden", "leeds"]
    assert order(sort="responses", order="desc")[0][-1] == "leeds"
    assert order(sort="nonsense")[0] == ["leeds", "camden", "newham"]


def test_league_tables_rank_within_a_kind_and_leave_out_small_samples(client, store, seeded):
    sign_in_as(client, store, STAFF)
    page = client.get(f"/staff/?period={PERIOD}").get_data(as_text=True)
    london = re.search(r"<caption>London borough councils</caption>(.*?)</table>", page, flags=re.S).group(1)
    ranks = re.findall(r'<td class="num">(\d+|Not ranked)</td><th scope="row">([^<]+)</th>', london)
    assert ranks == [("1", "London Borough of Camden"), ("2", "London Borough of Newham")]
    metropolitan = re.search(r"<caption>Metropolitan councils</caption>(.*?)</table>", page, flags=re.S).group(1)
    assert "Not ranked" in metropolitan and "Leeds City Council" in metropolitan


def test_nice_ticks_cover_the_largest_value():
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(9_400) == [0, 2500, 5000, 7500, 10000]
    assert charts.nice_ticks(3)[-1] >= 3


def test_a_strip_chart_needs_peers():
    assert charts.benchmark_strip({"value": 0.5, "median": None, "peer_values": []}) is None
    strip = charts.benchmark_strip({"value": 0.5, "median": 0.5, "q1": 0.5, "q3": 0.5,
                                    "peer_values": [{"label": "x", "value": 0.5, "is_self": True}]})
    assert strip["left"] <= strip["own_x"] <= strip["right"]
