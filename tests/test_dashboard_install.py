"""Install health: the last beacon, the pages it came from, and posts refused for an origin not allowed."""
import re
from html import unescape

import pytest

from tests.dashboard_fixtures import NEWHAM_USER, seeded, sign_in_as

__all__ = ["seeded"]


@pytest.fixture
def install_page(client, store, seeded, app):
    sign_in_as(client, store, NEWHAM_USER)

    def get():
        app.extensions["takeup.counters"].flush()
        response = client.get("/councils/newham/install")
        assert response.status_code == 200
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())
    return get


def _beacon(client, origin, path="/bins/collection-days"):
    return client.post("/api/v1/events", json={"site": "newhamsitekey1", "kind": "pageview", "visit": True,
                                               "path": path}, headers={"Origin": origin})


def test_a_site_without_beacons_says_the_tag_is_not_installed(install_page):
    text = install_page()
    assert "Not installed" in text and "No beacon has ever arrived" in text
    assert 'data-site="newhamsitekey1"' in text  # the snippet to paste, as text


def test_beacons_show_when_and_from_which_pages(client, install_page):
    assert _beacon(client, "https://www.newham.gov.uk").status_code == 202
    assert _beacon(client, "https://www.newham.gov.uk", "/council-tax/pay?ref=123").status_code == 202
    text = install_page()
    assert "Working" in text and "just now" in text
    assert "/council-tax/pay" in text and "ref=123" not in text  # query strings are never kept
    assert "/bins/collection-days" in text


def test_posts_from_an_origin_not_allowed_are_listed(client, install_page):
    for _ in range(3):
        assert _beacon(client, "https://newham.gov.uk").status_code == 403
    assert _beacon(client, "https://evil.example").status_code == 403
    text = install_page()
    assert "https://newham.gov.uk 3" in text and "https://evil.example 1" in text
    assert "ask the takeup team to add it" in text


def test_a_tag_silent_for_a_week_is_flagged(client, db, install_page):
    db.execute("UPDATE sites SET last_beacon_at = '2020-01-01T00:00:00+00:00', last_beacon_path = '/old'"
               " WHERE site_key = 'newhamsitekey1'")
    db.commit()
    text = install_page()
    assert "No recent beacons" in text and "No beacon in the last 7 days" in text and "/old" in text


def test_markup_in_a_refused_origin_or_path_is_shown_as_text(client, db, install_page):
    db.execute("INSERT INTO refused_daily (site_key, day, origin, count) VALUES"
               " ('newhamsitekey1', date('now'), '<img src=x onerror=alert(1)>', 1)")
    db.execute("UPDATE sites SET last_beacon_at = '2020-01-01T00:00:00+00:00',"
               " last_beacon_path = '/<script>alert(1)</script>' WHERE site_key = 'newhamsitekey1'")
    db.commit()
    html = client.get("/councils/newham/install").get_data(as_text=True)
    assert "<img src=x" not in html and "<script>alert(1)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
