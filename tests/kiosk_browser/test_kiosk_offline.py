"""The kiosk's outbox: ratings made offline wait in localStorage and are stored exactly once.

No timing assertions: the tests poll the database (with a timeout) until
what should arrive has arrived, then check that nothing more did.
"""
import pytest

from tests.kiosk_browser.conftest import wait_for
from tests.kiosk_browser.helpers import outbox, screen

pytestmark = pytest.mark.browser


def delivered(page, kiosk, count):
    """Wait until the page's outbox is empty, then return what is stored (it should be count ratings)."""
    wait_for(lambda: outbox(page, kiosk.key) == [], timeout=15, message="the outbox to empty")
    rows = kiosk.ratings()
    assert len(rows) == count, rows
    return rows


def test_ratings_made_offline_are_sent_once_when_the_connection_returns(new_page, kiosk):
    page = new_page(has_touch=True)
    page.goto(kiosk.url)
    page.context.set_offline(True)

    page.tap("button[data-rating=good]")
    page.tap("button[data-action=next]")
    page.tap("button[data-rating=poor]")
    page.tap("button[data-reason=unclear_or_wrong]")
    assert screen(page) == "thanks"  # the visitor is thanked whether or not the network is there

    waiting = outbox(page, kiosk.key)
    assert [(item["rating"], item.get("reason")) for item in waiting] == [("good", None), ("poor", "unclear_or_wrong")]
    assert kiosk.ratings() == []

    page.context.set_offline(False)
    rows = delivered(page, kiosk, 2)
    assert {row["id"] for row in rows} == {item["id"] for item in waiting}
    assert sorted((row["rating"], row["reason"]) for row in rows) == [("good", None), ("poor", "unclear_or_wrong")]
    # The time kept is when the rating was made, not when it arrived.
    assert {row["rated_at"][:19] for row in rows} == {item["time"][:19] for item in waiting}


def test_a_rating_whose_answer_was_lost_is_sent_again_and_stored_once(new_page, kiosk):
    page = new_page()
    lost, answers = [], []

    def lose_first_answer(route):
        if not lost:
            response = route.fetch()  # the collector stores it...
            lost.append((route.request.post_data_json["id"], response.status))
            route.abort("connectionreset")  # ...but the kiosk never hears back
        else:
            route.continue_()

    page.route("**/api/v1/kiosk/*/ratings", lose_first_answer)
    page.on("response", lambda response: answers.append(response.status) if "/ratings" in response.url else None)
    page.goto(kiosk.url)
    page.click("button[data-rating=average]")
    page.click("button[data-reason=not_found]")

    (row,) = delivered(page, kiosk, 1)
    assert lost == [(row["id"], 201)]
    assert answers == [200]  # the resend: "that id was stored already"


def test_ratings_left_waiting_by_a_closed_page_are_sent_by_the_next_one(new_page, kiosk):
    page = new_page()
    page.route("**/api/v1/kiosk/*/ratings", lambda route: route.abort("internetdisconnected"))
    page.goto(kiosk.url)
    page.click("button[data-rating=good]")
    assert len(outbox(page, kiosk.key)) == 1
    context = page.context
    page.close()  # the tablet was switched off with a rating still waiting
    assert kiosk.ratings() == []

    again = new_page(context)  # same device, same localStorage
    again.goto(kiosk.url)
    (row,) = delivered(again, kiosk, 1)
    assert row["rating"] == "good"


def test_a_rating_the_collector_refuses_is_not_kept_forever(new_page, kiosk):
    page = new_page()
    page.goto(kiosk.url)
    # A rating from an older page that the collector now refuses (422) must not block the ones behind it.
    page.evaluate("""key => localStorage.setItem('takeup:kiosk:' + key, JSON.stringify([
        {id: 'not-a-uuid', rating: 'good', lang: 'en'}]))""", kiosk.key)
    page.click("button[data-rating=good]")
    (row,) = delivered(page, kiosk, 1)
    assert row["rating"] == "good"


def test_a_rating_told_to_wait_with_429_is_kept_and_sent_after_retry_after(new_page, kiosk):
    page = new_page()
    told_to_wait = []

    def too_many_once(route):
        if not told_to_wait:
            told_to_wait.append(route.request.post_data_json["id"])
            route.fulfill(status=429, headers={"Retry-After": "1"}, content_type="application/json",
                          body='{"ok": false, "status": 429, "error": "Too many posts", "errors": {}}')
        else:
            route.continue_()

    page.route("**/api/v1/kiosk/*/ratings", too_many_once)
    page.goto(kiosk.url)
    page.click("button[data-rating=good]")
    (row,) = delivered(page, kiosk, 1)
    assert told_to_wait == [row["id"]]
