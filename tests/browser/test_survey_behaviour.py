"""When the survey invites, what it asks, and what it sends."""
import re
import uuid

import pytest

from tests.browser.harness import active, outbox, panel, wait_for

pytestmark = pytest.mark.browser

NOT_SHOWN = 0


def settle(page):
    """Waits until the widget has done what it does at load (its requests are over)."""
    page.wait_for_load_state("networkidle")


def test_dismissal_prevents_a_second_invitation_in_the_visit(collector, host, site_key, page):
    tag = {"site": site_key, "trigger": "delay:0"}
    page.goto(host.url("/page/1", **tag))
    panel(page).get_by_role("button", name="No thanks").click()
    panel(page).wait_for(state="detached")

    page.click("#next")
    page.wait_for_url("**/page/2?*")
    settle(page)
    assert page.locator("takeup-survey").count() == NOT_SHOWN
    collector.wait_for_counts(site_key, {"pageview": 2, "visit": 1, "invite": 1, "dismiss": 1})


def test_an_answer_ends_the_invitations_of_the_visit(collector, host, site_key, page):
    tag = {"site": site_key, "trigger": "delay:0"}
    page.goto(host.url("/page/1", **tag))
    survey = panel(page)
    survey.get_by_role("button", name="Take the survey").click()
    survey.get_by_label("Good").check()
    survey.get_by_role("button", name="Send").click()
    survey.get_by_role("button", name="Close").click()
    page.click("#next")
    page.wait_for_url("**/page/2?*")
    settle(page)
    assert page.locator("takeup-survey").count() == NOT_SHOWN
    assert [row["rating"] for row in collector.responses(site_key)] == ["good"]
    collector.wait_for_counts(site_key, {"pageview": 2, "visit": 1, "invite": 1, "open": 1})


def test_an_ignored_invitation_is_shown_again_on_the_next_page_but_counted_once(collector, host, site_key, page):
    tag = {"site": site_key, "trigger": "delay:0"}
    page.goto(host.url("/page/1", **tag))
    panel(page).wait_for()
    page.click("#next")
    page.wait_for_url("**/page/2?*")
    panel(page).wait_for()
    collector.wait_for_counts(site_key, {"pageview": 2, "visit": 1, "invite": 1})


def test_exit_intent_invites_when_the_pointer_leaves_through_the_top(collector, host, site_key, page):
    page.goto(host.url("/page/1", site=site_key))
    settle(page)
    page.mouse.move(600, 400)
    page.mouse.move(600, 790)
    page.mouse.move(1279, 400)  # along the sides and bottom: still reading
    assert page.locator("takeup-survey").count() == NOT_SHOWN
    page.mouse.move(600, 400)
    page.mouse.move(600, -20)  # towards the tabs and the address bar
    panel(page).wait_for()
    assert active(page)["tag"] == "body"  # not modal: the focus stays on the page


def test_touch_screens_are_invited_on_a_fast_scroll_back_to_the_top(host, site_key, new_page):
    phone = new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    phone.goto(host.url("/page/1", site=site_key, cards="20"))
    settle(phone)
    phone.evaluate("scrollTo(0, 2000)")
    phone.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert phone.locator("takeup-survey").count() == NOT_SHOWN
    phone.evaluate("scrollTo(0, 0)")
    panel(phone).wait_for()


def test_pages_trigger_invites_on_the_nth_page_of_the_visit(collector, host, site_key, page):
    tag = {"site": site_key, "trigger": "pages:3"}
    page.goto(host.url("/page/1", **tag))
    settle(page)
    page.click("#next")
    page.wait_for_url("**/page/2?*")
    settle(page)
    assert page.locator("takeup-survey").count() == NOT_SHOWN
    page.evaluate("history.pushState({}, '', '/page/3')")  # a single-page site's navigation counts
    panel(page).wait_for()
    collector.wait_for_counts(site_key, {"pageview": 3, "visit": 1, "invite": 1})


def test_manual_trigger_waits_for_the_page_to_call_takeup_open(collector, host, site_key, page):
    page.goto(host.url("/page/1", site=site_key, trigger="manual"))
    settle(page)
    assert page.locator("takeup-survey").count() == NOT_SHOWN
    page.click("#feedback")  # the page calls takeup('open')
    survey = panel(page)
    survey.get_by_role("group", name="What did you come to the website to do?").wait_for()
    # Asked for by the visitor, so it opens with the focus in it...
    wait_for(lambda: active(page)["name"] == "service", message="the focus in the first question")
    survey.get_by_role("button", name="No thanks").click()
    # ...and gives the focus back to the page's control when it closes.
    assert active(page)["id"] == "feedback"
    collector.wait_for_counts(site_key, {"pageview": 1, "visit": 1, "invite": 1, "open": 1, "dismiss": 1})


def test_calls_made_before_the_script_loaded_are_replayed(host, site_key, page):
    # The page's own script calls takeup('open') through the queue stub before the widget loads.
    page.goto(host.url("/page/1", site=site_key, trigger="manual", queue="open"))
    panel(page).get_by_role("group", name="What did you come to the website to do?").wait_for()
    assert page.evaluate("typeof takeup.open") == "function"


def test_visits_left_out_of_the_sample_are_never_invited(collector, host, site_key, page):
    # The site invites every visit; data-sample overrides it.
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0", sample="0"))
    settle(page)
    page.click("#next")
    page.wait_for_url("**/page/2?*")
    settle(page)
    assert page.locator("takeup-survey").count() == NOT_SHOWN
    collector.wait_for_counts(site_key, {"pageview": 2, "visit": 1})


def test_the_sample_rate_comes_from_the_site_when_the_tag_has_none(collector, host, new_page):
    never = collector.add_site(host.origin, sample=0.0)
    page = new_page()
    surveys = []
    page.on("request", lambda request: surveys.append(request.url) if "/survey" in request.url else None)
    page.goto(host.url("/page/1", site=never, trigger="delay:0"))
    settle(page)
    page.click("#next")
    page.wait_for_url("**/page/2?*")
    settle(page)
    assert page.locator("takeup-survey").count() == NOT_SHOWN
    # One draw per visit: the second page does not even ask for the survey.
    assert len(surveys) == 1


def test_preview_always_invites_and_marks_responses_as_tests(collector, host, new_page):
    never = collector.add_site(host.origin, sample=0.0)
    page = new_page()
    tag = {"site": never, "trigger": "delay:0", "preview": ""}
    page.goto(host.url("/page/1", **tag))
    survey = panel(page)
    survey.get_by_role("button", name="Take the survey").click()
    survey.get_by_label("Yes").check()
    survey.get_by_role("button", name="Send").click()
    rows = wait_for(lambda: collector.responses(never), message="the preview response")
    assert [(row["task"], row["is_test"]) for row in rows] == [("yes", 1)]
    page.reload()
    panel(page).get_by_role("button", name="No thanks").click()
    page.reload()
    panel(page).wait_for()  # even after an answer and a dismissal
    settle(page)
    collector.wait_for_counts(never, {})  # previews are not counted as takeup


def test_reason_and_alternative_follow_the_earlier_answers(collector, host, site_key, page):
    page.goto(host.url("/page/1", site=site_key, trigger="manual", queue="open"))
    survey = panel(page)
    reason = survey.get_by_role("group", name="What was the main reason?")
    survey.get_by_role("group", name="How would you rate your visit today?").wait_for()
    assert reason.is_hidden()
    survey.get_by_label("Average").check()
    assert reason.is_visible()
    survey.get_by_label("The website was hard to use").check()
    survey.get_by_label("Good").check()
    assert reason.is_hidden()  # and its answer is not sent

    alternative = survey.locator("fieldset").nth(4).locator("legend")
    assert alternative.inner_text() == "What will you do now?"
    survey.get_by_label("Yes", exact=True).check()
    assert alternative.inner_text() == "If you couldn't have used the website, how would you have contacted us?"
    survey.get_by_label("Partly").check()
    assert alternative.inner_text() == "What will you do now?"
    survey.get_by_label("Email").check()

    comment = survey.get_by_role("textbox", name="Anything else you'd like to tell us?")
    assert "Do not include personal or financial details" in comment.evaluate(
        "el => el.getRootNode().getElementById(el.getAttribute('aria-describedby').split(' ')[0]).textContent")
    comment.fill("x" * 1200)
    assert comment.input_value() == "x" * 1000  # the collector's limit
    assert survey.get_by_text("You have 0 characters remaining").is_visible()
    comment.fill("Call me on 07700 900123")
    survey.get_by_role("button", name="Send").click()
    survey.get_by_role("alert").filter(has_text="Thank you").wait_for()

    rows = wait_for(lambda: collector.responses(site_key), message="the stored response")
    answers = {key: rows[0][key] for key in ("service", "task", "rating", "reason", "alternative", "comment")}
    assert answers == {"service": None, "task": "partly", "rating": "good", "reason": None,
                       "alternative": "email", "comment": "Call me on [phone]"}


def test_sending_nothing_asks_for_an_answer(collector, host, site_key, page):
    posts = []
    page.on("request", lambda request: posts.append(request.url) if "/responses" in request.url else None)
    page.goto(host.url("/page/1", site=site_key, trigger="manual", queue="open"))
    survey = panel(page)
    survey.get_by_role("button", name="Send").click()
    survey.get_by_role("alert").filter(has_text="Answer at least one question").wait_for()
    assert posts == []
    survey.get_by_label("Poor").check()
    survey.get_by_role("button", name="Send").click()
    wait_for(lambda: collector.responses(site_key), message="the stored response")


def test_response_ids_are_uuids_even_on_pages_without_randomUUID(collector, host, site_key, page):
    # crypto.randomUUID only exists in secure contexts (https); plain http council pages lack it.
    page.add_init_script("delete Crypto.prototype.randomUUID")
    page.goto(host.url("/page/1", site=site_key, trigger="manual", queue="open"))
    survey = panel(page)
    survey.get_by_label("Housing").check()
    with page.expect_request("**/api/v1/responses") as sent:
        survey.get_by_role("button", name="Send").click()
    rows = wait_for(lambda: collector.responses(site_key), message="the stored response")
    body = sent.value.post_data_json
    assert uuid.UUID(body["id"]).version == 4
    assert rows[0]["id"] == body["id"]
    assert set(body) == {"id", "site", "lang", "path", "answers", "elapsed_ms", "hp"}
    assert body["answers"] == {"service": "housing"} and body["hp"] == ""
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", body["id"])
    wait_for(lambda: outbox(page, site_key) == [], message="an empty outbox")


def test_a_page_control_focused_under_the_panel_sends_the_panel_to_the_top(host, site_key, page):
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    survey = panel(page)
    survey.wait_for()
    assert survey.bounding_box()["y"] > 400  # at the bottom
    page.focus("#contact")  # the footer's link, at the bottom right once scrolled into view
    contact = page.locator("#contact").bounding_box()
    wait_for(lambda: survey.bounding_box()["y"] < 100, message="the panel at the top")
    box = survey.bounding_box()
    assert contact["y"] >= box["y"] + box["height"]  # no longer hidden


def test_the_tag_pasted_twice_counts_once_and_shows_one_panel(collector, host, site_key, page):
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0", double="1"))
    panel(page).wait_for()
    settle(page)
    assert page.locator("takeup-survey").count() == 1
    collector.wait_for_counts(site_key, {"pageview": 1, "visit": 1, "invite": 1})


def test_the_widget_adds_no_global_name_but_takeup(host, site_key, new_page):
    def globals_of(page):
        return set(page.evaluate("Object.getOwnPropertyNames(window)"))

    without = new_page()
    without.goto(host.url("/page/1", widget="0"))
    with_widget = new_page()
    with_widget.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    panel(with_widget).get_by_role("button", name="Take the survey").click()
    # The page's own stub defines takeup in both; the widget replaces it and adds nothing.
    assert globals_of(with_widget) - globals_of(without) == set()
    assert with_widget.evaluate("typeof takeup.open") == "function"


def test_styles_apply_on_a_cross_origin_page_with_a_strict_csp(collector, host, site_key, page):
    response = page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    policy = response.headers["content-security-policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert host.origin != collector.url
    survey = panel(page)
    survey.wait_for()
    # The constructable stylesheet applied (a blocked <style> would leave the panel unstyled and in the flow;
    # the page's watcher fails the test on any CSP violation).
    assert survey.evaluate("el => getComputedStyle(el).position") == "fixed"
    assert page.locator("takeup-survey").get_attribute("style") is None
