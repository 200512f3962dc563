"""The comments explorer: shown as text, filtered, searched, paged, and only the council's own."""
import re
from html import unescape

import pytest

from dashboards.views import council as council_views
from tests.dashboard_fixtures import (CAMDEN_SECRET, NEWHAM_USER, PERIOD, TEST_ONLY, XSS_IMG, XSS_SCRIPT, seeded,
                                      sign_in_as)

__all__ = ["seeded"]


@pytest.fixture
def comments(client, store, seeded):
    """comments(**query) -> (status, page html), as newham's webmaster, for the seeded period."""
    sign_in_as(client, store, NEWHAM_USER)

    def get(**query):
        response = client.get("/councils/newham/comments", query_string={"period": PERIOD, **query})
        return response.status_code, response.get_data(as_text=True)
    return get


def _cells(page) -> list[str]:
    """The text of every comment cell on the page."""
    return [unescape(cell) for cell in re.findall(r'<td class="comment-text">(.*?)</td>', page, flags=re.S)]


def test_comments_holding_markup_are_shown_as_text(comments):
    status, page = comments()
    assert status == 200
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert XSS_SCRIPT in _cells(page) and XSS_IMG in _cells(page)  # the words survive, as text


def test_test_responses_and_other_councils_comments_are_left_out(comments):
    _, page = comments()
    assert TEST_ONLY not in page and CAMDEN_SECRET not in page
    assert "From the period before" not in page  # outside the period


def test_filter_by_service_task_and_rating(comments, store, seeded):
    _, everything = comments()
    assert len(_cells(everything)) == len(seeded["comments"])
    _, none_match = comments(service="parking")
    assert _cells(none_match) == [] and "No comments match" in none_match
    _, bins_poor = comments(service="bins_recycling", task="no", rating="poor")
    assert len(_cells(bins_poor)) == len(seeded["comments"])
    _, good = comments(rating="good")
    assert _cells(good) == []


def test_text_search_is_literal_and_case_insensitive(comments):
    _, page = comments(q="CANNOT PAY")
    assert _cells(page) == [XSS_IMG]
    _, percent = comments(q="100%")
    assert _cells(percent) == ["Found the 100% recycling_rate page easily"]
    _, underscore = comments(q="g_r")  # '_' is not a wildcard: 'ng_ra' matches, 'ng ra' would not
    assert _cells(underscore) == ["Found the 100% recycling_rate page easily"]
    _, wildcard = comments(q="%")
    assert _cells(wildcard) == ["Found the 100% recycling_rate page easily"]


@pytest.mark.parametrize("query", [{"service": "not_a_service"}, {"task": "'; DROP TABLE responses; --"},
                                   {"rating": "<b>"}, {"page": "-3"}, {"page": "abc"}, {"page": "99999"},
                                   {"q": "x" * 5000}])
def test_bad_filter_values_are_ignored_not_errors(comments, query):
    status, page = comments(**query)
    assert status == 200
    assert "<b>" not in page


def test_the_search_box_keeps_what_was_typed_escaped(comments):
    _, page = comments(q='"><script>alert(1)</script>')
    assert "<script>alert(1)</script>" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_comments_are_paged(comments, monkeypatch, seeded):
    monkeypatch.setattr(council_views, "COMMENTS_PER_PAGE", 4)
    total = len(seeded["comments"])
    _, first = comments()
    _, second = comments(page=2)
    _, last = comments(page=99)
    assert len(_cells(first)) == 4 and len(_cells(second)) == 4
    assert not set(_cells(first)) & set(_cells(second))
    assert f"Page 1 of {-(-total // 4)}" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert len(_cells(last)) == (total % 4 or 4)  # past the end: the last page
    assert 'rel="next"' not in last


def test_paging_links_keep_the_filters(comments, monkeypatch):
    monkeypatch.setattr(council_views, "COMMENTS_PER_PAGE", 2)
    _, page = comments(service="bins_recycling", q="=")
    link = unescape(re.search(r'href="([^"]+)" rel="next"', page).group(1))
    assert "service=bins_recycling" in link and "q=%3D" in link and f"period={PERIOD}" in link
