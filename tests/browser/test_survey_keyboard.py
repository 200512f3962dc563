"""A visitor who uses only the keyboard finds, completes and closes the survey."""
import pytest

from tests.browser.harness import active, panel, wait_for

pytestmark = pytest.mark.browser


def tab_to(page, name, limit=30):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page)["text"] == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_keyboard_only_visitor_completes_the_survey(collector, host, site_key, page):
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    invitation = panel(page)
    invitation.get_by_text("Help us improve this website").wait_for()

    # It appeared without taking the focus from the page.
    assert active(page)["tag"] == "body"
    # It sits last in the page, so Tab reaches it after the page's own controls.
    tab_to(page, "Take the survey")
    take = invitation.get_by_role("button", name="Take the survey")
    assert take.get_attribute("aria-expanded") == "false"

    page.keyboard.press("Enter")
    assert take.get_attribute("aria-expanded") == "true"
    # Opening moves the focus to the first question (once it is laid out).
    focus = wait_for(lambda: active(page)["inWidget"] and active(page)["name"] and active(page),
                     message="the focus in the first question")
    assert (focus["name"], focus["value"]) == ("service", "bins_recycling")

    page.keyboard.press("ArrowDown")  # council_tax
    page.keyboard.press("Tab")  # task: Yes
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # No
    page.keyboard.press("Tab")  # rating: Good
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Poor: reveals the reason
    page.keyboard.press("Tab")
    assert active(page)["name"] == "reason"
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # hard_to_use
    page.keyboard.press("Tab")
    assert active(page)["name"] == "alternative"
    page.keyboard.press("Space")  # phone
    page.keyboard.press("Tab")
    assert active(page)["tag"] == "textarea"
    page.keyboard.type("The form kept timing out.")
    assert invitation.get_by_text("You have 975 characters remaining").is_visible()
    page.keyboard.press("Tab")
    assert active(page)["text"] == "Send"
    page.keyboard.press("Enter")

    # The thank-you is announced and takes the focus, as the Send button is gone.
    thanks = invitation.get_by_role("alert").filter(has_text="Thank you for your feedback.")
    thanks.wait_for()
    assert active(page)["text"] == "Thank you for your feedback."

    rows = wait_for(lambda: collector.responses(site_key), message="the stored response")
    assert len(rows) == 1
    stored = {key: rows[0][key] for key in ("service", "task", "rating", "reason", "alternative", "comment",
                                             "lang", "path", "is_test")}
    assert stored == {"service": "council_tax", "task": "no", "rating": "poor", "reason": "hard_to_use",
                      "alternative": "phone", "comment": "The form kept timing out.", "lang": "en",
                      "path": "/page/1", "is_test": 0}

    # Escape closes it, and the focus goes back to where it was on the page.
    page.keyboard.press("Escape")
    invitation.wait_for(state="detached")
    # (the page's last control, the footer's link, from which Tab went into the survey)
    assert active(page) == {"tag": "a", "id": "contact", "inWidget": False, "name": None,
                            "value": None, "text": "Contact us"}
    collector.wait_for_counts(site_key, {"pageview": 1, "visit": 1, "invite": 1, "open": 1})


def test_escape_closes_the_open_survey_and_gives_the_focus_back(collector, host, site_key, page):
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    panel(page).wait_for()
    tab_to(page, "Take the survey")
    page.keyboard.press("Enter")
    wait_for(lambda: active(page)["name"] == "service", message="the focus in the first question")
    page.keyboard.press("Escape")
    panel(page).wait_for(state="detached")
    assert active(page)["id"] == "contact"
    collector.wait_for_counts(site_key, {"pageview": 1, "visit": 1, "invite": 1, "open": 1, "dismiss": 1})


def test_no_thanks_closes_the_invitation_from_the_keyboard(collector, host, site_key, page):
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    panel(page).wait_for()
    tab_to(page, "No thanks")
    page.keyboard.press("Enter")
    panel(page).wait_for(state="detached")
    assert active(page)["id"] == "contact"
    collector.wait_for_counts(site_key, {"pageview": 1, "visit": 1, "invite": 1, "dismiss": 1})
