"""The kiosk flow in Chromium: by touch, by keyboard alone, the reset, the Welsh page."""
import pytest

from tests.kiosk_browser.conftest import wait_for
from tests.kiosk_browser.helpers import focused, screen

pytestmark = pytest.mark.browser


def stored(kiosk, count):
    return wait_for(lambda: (rows := kiosk.ratings()) and len(rows) >= count and rows,
                    message=f"{count} ratings stored")


def test_by_touch_poor_then_a_reason_then_next_person(new_page, kiosk):
    page = new_page(has_touch=True, is_mobile=True)
    page.goto(kiosk.url)
    page.tap("button[data-rating=poor]")
    assert screen(page) == "reasons"
    assert focused(page)["id"] == "kiosk-reasons-heading"
    page.tap("button[data-reason=could_not_complete]")
    assert screen(page) == "thanks"
    assert focused(page)["id"] == "kiosk-thanks-heading"
    assert "has been recorded" in page.text_content("[role=status]")
    page.tap("button[data-action=next]")
    assert screen(page) == "start"
    assert focused(page)["id"] == "kiosk-start-heading"
    assert page.text_content("[role=status]") == ""

    (row,) = stored(kiosk, 1)
    assert (row["channel"], row["source"], row["rating"], row["reason"]) == (
        "face_to_face", "kiosk", "poor", "could_not_complete")


def test_by_touch_good_goes_straight_to_thank_you(new_page, kiosk):
    page = new_page(has_touch=True, is_mobile=True)
    page.goto(kiosk.url)
    page.tap("button[data-rating=good]")
    assert screen(page) == "thanks"
    (row,) = stored(kiosk, 1)
    assert (row["rating"], row["reason"]) == ("good", None)


def test_by_keyboard_alone_with_tab_enter_and_space(new_page, kiosk):
    page = new_page()
    page.goto(kiosk.url)
    # Tab order: the language switch, then Good, Average, Poor.
    presses = 0
    while focused(page)["rating"] != "average":
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 6, focused(page)
    # The focus is visible: the outline from :focus-visible, not the browser's thin default.
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert outline[0] == "solid" and outline[1] >= 3
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "kiosk-reasons-heading"
    page.keyboard.press("Tab")
    assert focused(page)["reason"] == "not_found"  # the first reason is next
    page.keyboard.press("Space")
    assert screen(page) == "thanks" and focused(page)["id"] == "kiosk-thanks-heading"
    page.keyboard.press("Tab")
    assert focused(page)["action"] == "next"
    page.keyboard.press("Enter")
    assert screen(page) == "start" and focused(page)["id"] == "kiosk-start-heading"

    # The next person: Poor, then skip the optional reason.
    for _ in range(3):
        page.keyboard.press("Tab")
    assert focused(page)["rating"] == "poor"
    page.keyboard.press("Space")
    while focused(page)["action"] != "skip":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert screen(page) == "thanks"

    rows = stored(kiosk, 2)
    assert sorted((r["rating"], r["reason"]) for r in rows) == [("average", "not_found"), ("poor", None)]


def test_back_from_the_reasons_stores_nothing(new_page, kiosk):
    page = new_page()
    page.goto(kiosk.url)
    page.click("button[data-rating=average]")
    page.click("button[data-action=back]")
    assert screen(page) == "start" and focused(page)["id"] == "kiosk-start-heading"
    page.click("button[data-rating=good]")
    (row,) = stored(kiosk, 1)
    assert row["rating"] == "good"  # only the rating that was finished


def test_the_thank_you_resets_itself_for_the_next_person(new_page, kiosk):
    page = new_page()
    page.clock.install()
    page.goto(kiosk.url)
    page.click("button[data-rating=good]")
    assert screen(page) == "thanks"
    page.clock.run_for(3000)
    assert screen(page) == "thanks"  # long enough to read
    page.clock.run_for(10_000)
    assert screen(page) == "start"
    assert focused(page)["id"] == "kiosk-start-heading"
    assert page.text_content("[role=status]") == ""


def test_a_reasons_screen_left_alone_keeps_the_rating_without_a_reason(new_page, kiosk):
    page = new_page()
    page.clock.install()
    page.goto(kiosk.url)
    page.click("button[data-rating=poor]")
    page.clock.run_for(120_000)
    assert screen(page) == "start"
    (row,) = stored(kiosk, 1)
    assert (row["rating"], row["reason"]) == ("poor", None)


def test_the_language_switch_and_lang_cy_show_the_page_in_welsh(new_page, kiosk):
    page = new_page()
    page.goto(kiosk.url)
    assert page.get_attribute("html", "lang") == "en"
    page.click("a[hreflang=cy]")
    page.wait_for_url("**lang=cy")
    assert page.get_attribute("html", "lang") == "cy"
    assert page.text_content("button[data-rating=poor]").strip() == "Gwael"
    page.click("button[data-rating=average]")
    page.click("button[data-action=skip]")
    assert page.text_content("#kiosk-thanks-heading") == "Diolch am eich adborth"
    page.click("a[hreflang=en]")
    page.wait_for_url("**lang=en")
    assert page.text_content("button[data-rating=poor]").strip() == "Poor"
    (row,) = stored(kiosk, 1)
    assert row["rating"] == "average"


def test_reduced_motion_means_no_animation(new_page, kiosk):
    def animation(page):
        page.goto(kiosk.url)
        page.click("button[data-rating=poor]")
        return page.eval_on_selector("#kiosk-reasons", "el => getComputedStyle(el).animationName")

    assert animation(new_page(reduced_motion="reduce")) == "none"
    assert animation(new_page(reduced_motion="no-preference")) != "none"  # so the line above can fail
