"""The dashboard's channel figures: satisfaction per channel with n and interval, and cost per contact against peers."""
import re
import uuid
from html import unescape

import pytest

from dashboards import formatting, summary
from tests.dashboard_fixtures import CAMDEN_USER, NEWHAM_USER, PERIOD, seeded, sign_in_as

__all__ = ["seeded"]

DASHBOARD = f"/councils/newham?period={PERIOD}"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _row(page: str, attribute: str, key: str) -> str:
    return _text(re.search(rf'<tr {attribute}="{key}">(.*?)</tr>', page, flags=re.S).group(1))


def _phone_ratings(store, slug, good, average, poor):
    rows = []
    for rating, count in (("good", good), ("average", average), ("poor", poor)):
        rows += [{"id": str(uuid.uuid4()), "council_slug": slug, "channel": "phone", "rating": rating,
                  "rated_at": "2025-05-02T09:00:00+00:00", "day": "2025-05-02", "source": "api",
                  "received_at": "2025-05-02T09:00:00+00:00"} for _ in range(count)]
    store.insert_ratings(rows)


def _costs(store, slug, **per_channel):
    store.save_channel_costs(slug, [{"period": PERIOD, "channel": channel, "contacts": contacts, "cost": cost}
                                    for channel, (contacts, cost) in per_channel.items()], [], "2025-10-01T09:00:00+00:00")


def test_satisfaction_per_channel_shows_n_and_the_interval(client, store, seeded):
    _phone_ratings(store, "newham", 25, 10, 5)
    sign_in_as(client, store, NEWHAM_USER)
    page = client.get(DASHBOARD).get_data(as_text=True)
    api = client.get(f"/api/v1/councils/newham/summary?period={PERIOD}").get_json()
    phone = api["satisfaction_by_channel"]["phone"]
    assert phone["n"] == 40
    row = _row(page, "data-channel", "phone")
    assert row.startswith("Phone 25 10 5 40 ")
    assert formatting.score(phone["value"]) in row
    assert f"{formatting.score(phone['low'])} to {formatting.score(phone['high'])}" in row
    # The web row counts the survey's ratings: 130 answered (120 + 10 comments).
    assert _row(page, "data-channel", "web").split()[4] == "130"


def test_cost_per_contact_is_shown_against_the_peer_median(client, store, seeded):
    _costs(store, "newham", phone=(10_000, 25_000.0))
    _costs(store, "camden", phone=(5_000, 20_500.0))
    sign_in_as(client, store, NEWHAM_USER)
    page = client.get(DASHBOARD).get_data(as_text=True)
    # newham £2.50 (its own figure), 91% of its contacts (1,000 web visits counted besides); peers newham and
    # camden (£4.10): median £3.30, middle half £2.90 to £3.70.
    assert _row(page, "data-cost-channel", "phone") == \
        "Phone 10,000 91% £25,000.00 £2.50 Your own figure £3.30 2 councils £2.90 to £3.70"
    assert "Default cost" in _row(page, "data-cost-channel", "email")
    assert 'data-cost-note="mixed"' in page


def test_a_council_with_no_costs_is_told_the_default_costs_are_used(client, store, seeded):
    _costs(store, "newham", phone=(10_000, 25_000.0))  # another council's costs change nothing for camden
    sign_in_as(client, store, CAMDEN_USER)
    page = client.get(f"/councils/camden?period={PERIOD}").get_data(as_text=True)
    note = _text(re.search(r'<div class="inset" data-cost-note="default">(.*?)</div>', page, flags=re.S).group(1))
    assert note.startswith(f"No channel costs have been entered for {PERIOD}, so the default costs per contact are "
                           "used for every channel: web £0.15, phone £2.83, face to face £8.62, email £2.83")
    assert f'href="/councils/camden/costs?period={PERIOD}"' in page
    for channel in ("web", "phone", "face_to_face", "email"):
        assert "Default cost" in _row(page, "data-cost-channel", channel)
    costed = _text(re.search(r'<p data-cost-source="avoidable">(.*?)</p>', page, flags=re.S).group(1))
    assert costed.endswith("costed with the default costs per contact.")


def test_the_estimates_say_which_costs_they_used(client, store, seeded):
    """newham's failed visits name email, its successful ones phone: own phone cost, default email cost."""
    _costs(store, "newham", phone=(10_000, 25_000.0))
    sign_in_as(client, store, NEWHAM_USER)
    page = client.get(DASHBOARD).get_data(as_text=True)
    avoidable = _text(re.search(r'<p data-cost-source="avoidable">(.*?)</p>', page, flags=re.S).group(1))
    avoided = _text(re.search(r'<p data-cost-source="avoided">(.*?)</p>', page, flags=re.S).group(1))
    assert "costed with the default costs per contact" in avoidable
    assert "valued with your own costs per contact" in avoided
    _costs(store, "newham", email=(1_000, 3_000.0))
    page = client.get(DASHBOARD).get_data(as_text=True)
    assert "costed with your own costs per contact" in _text(
        re.search(r'<p data-cost-source="avoidable">(.*?)</p>', page, flags=re.S).group(1))


def test_the_web_share_of_contacts_is_shown_against_peers(client, store, seeded):
    _costs(store, "newham", web=(1_000, None), phone=(3_000, 9_000.0))
    _costs(store, "camden", web=(1_000, None), phone=(1_000, 3_000.0))
    sign_in_as(client, store, NEWHAM_USER)
    page = client.get(DASHBOARD).get_data(as_text=True)
    share = _text(re.search(r"<p data-web-share>(.*?)</p>", page, flags=re.S).group(1))
    assert share == ("Web share of contacts: 25% ; peer median 38%, middle half of peers 31% to 44% (2 councils).")


@pytest.mark.parametrize("metric", [metric for metric, _ in summary.BENCHMARKED])
def test_every_benchmarked_metric_has_a_name_and_reads_in_its_unit(metric):
    assert metric in formatting.METRICS
    if metric.startswith("cost_per_contact_"):
        assert formatting.metric_value(2.8301, metric) == "£2.83"
    elif metric.startswith("satisfaction_"):
        assert formatting.metric_value(0.25, metric) == "+0.25"
    elif metric == "web_share":
        assert formatting.metric_value(0.625, metric) == "62%"
