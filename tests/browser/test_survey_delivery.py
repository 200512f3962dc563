"""A submitted response reaches the collector: when the visitor leaves at once, and when the collector was down."""
import pytest

from tests.browser.harness import SlowLink, outbox, panel, start_collector, wait_for
from tests.browser.hostpage import HostPage

pytestmark = pytest.mark.browser


def answer(page, comment):
    survey = panel(page)
    survey.get_by_label("Bins and recycling").check()
    survey.get_by_role("textbox").fill(comment)
    survey.get_by_role("button", name="Send").click()


def test_leaving_straight_after_sending_still_delivers_the_response(collector, new_page):
    # Through a slow link, so the post is still on its way when the tab closes.
    with SlowLink(collector.server.port) as link, HostPage(link.url) as host:
        site_key = collector.add_site(host.origin)
        first = new_page()
        first.goto(host.url("/page/0", site=site_key, sample="0"))  # the script is in the cache from here on
        for n in range(20):
            page = new_page(tab_of=first)
            page.goto(host.url("/page/1", site=site_key, trigger="manual", queue="open"))
            answer(page, f"leaving at once number {n}")
            # Closed at once: no later page of the visit is there to send it again.
            page.close()
        rows = wait_for(lambda: len(collector.responses(site_key)) >= 20 and collector.responses(site_key),
                        timeout=20, message="20 responses")
    assert sorted(row["comment"] for row in rows) == sorted(f"leaving at once number {n}" for n in range(20))


@pytest.fixture
def flaky(tmp_path):
    """A collector of its own, that the test stops and starts, and a host page that uses it."""
    collector = start_collector(tmp_path)
    with HostPage(collector.url) as host:
        yield collector, host
    collector.server.stop()


def test_a_response_sent_while_the_collector_is_down_is_delivered_once_from_a_later_page(flaky, new_page):
    collector, host = flaky
    site_key = collector.add_site(host.origin)
    tag = {"site": site_key, "trigger": "manual"}
    page = new_page()
    page.goto(host.url("/page/1", queue="open", **tag))
    panel(page).get_by_role("button", name="Send").wait_for()

    collector.server.kill()
    answer(page, "sent while the collector was down")
    # The visitor is thanked all the same; the response waits in the visit's storage.
    panel(page).get_by_role("alert").filter(has_text="Thank you").wait_for()
    waiting = wait_for(lambda: outbox(page, site_key), message="the response in the outbox")
    response_id = waiting[0]["b"]["id"]
    page.click("#next")  # still down: this page's try fails too
    page.wait_for_url("**/page/2?*")
    assert [item["b"]["id"] for item in outbox(page, site_key)] == [response_id]

    collector.server.start()
    page.click("#next")
    page.wait_for_url("**/page/3?*")
    wait_for(lambda: outbox(page, site_key) == [], message="the outbox to empty")
    rows = collector.rows("SELECT id, comment FROM responses")
    assert rows == [{"id": response_id, "comment": "sent while the collector was down"}]

    # Delivered means forgotten: the next page sends nothing more.
    posts = []
    page.on("request", lambda request: posts.append(request.url) if "/responses" in request.url else None)
    page.click("#next")
    page.wait_for_url("**/page/4?*")
    page.wait_for_load_state("networkidle")
    assert posts == []
    assert len(collector.rows("SELECT id FROM responses")) == 1


def test_a_response_refused_for_good_is_not_retried(collector, host, site_key, page):
    posts = []
    page.on("request", lambda request: posts.append(request.url) if "/responses" in request.url else None)
    # The post is altered on its way so that the collector refuses it for good (422).
    page.route("**/api/v1/responses", lambda route: route.continue_(
        post_data=route.request.post_data.replace('"rating":"good"', '"rating":"great"')))
    page.goto(host.url("/page/1", site=site_key, trigger="manual", queue="open"))
    panel(page).get_by_label("Good").check()
    panel(page).get_by_role("button", name="Send").click()
    wait_for(lambda: posts and outbox(page, site_key) == [], message="the refused response to be dropped")
    page.click("#next")
    page.wait_for_load_state("networkidle")
    assert len(posts) == 1
    assert collector.responses(site_key) == []
