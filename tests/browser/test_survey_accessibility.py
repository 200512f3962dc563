"""WCAG 2.2 AA: axe-core finds nothing on the open survey, on a desktop and at 320 px wide."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.harness import PERFORMANCE_OBSERVERS, panel, performance

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                               "best-practice"]},
        "resultTypes": ["violations"]}


def open_everything(page, host, site_key):
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    survey = panel(page)
    survey.get_by_role("button", name="Take the survey").click()
    survey.get_by_label("Poor").check()  # shows the conditional question too
    survey.get_by_role("group", name="What was the main reason?").wait_for()
    return survey


def violations(page) -> str:
    results = Axe().run(page, options=WCAG)
    return results.generate_snapshot()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 640, "height": 400},
                                      {"width": 320, "height": 640}],
                         ids=["desktop", "desktop-at-200%-zoom", "320px"])
def test_open_survey_has_no_axe_violations(host, site_key, new_page, viewport):
    # Reduced motion: axe measures colours, which must not be caught mid-animation.
    page = new_page(viewport=viewport, reduced_motion="reduce")
    open_everything(page, host, site_key)
    assert violations(page) == ""


def test_invitation_and_thank_you_have_no_axe_violations(host, site_key, new_page):
    page = new_page(reduced_motion="reduce")
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    survey = panel(page)
    survey.get_by_role("button", name="Take the survey").wait_for()
    assert violations(page) == ""
    survey.get_by_role("button", name="Take the survey").click()
    survey.get_by_label("Good").check()
    survey.get_by_role("button", name="Send").click()
    survey.get_by_role("alert").filter(has_text="Thank you").wait_for()
    assert violations(page) == ""


def test_survey_reflows_at_320_px_and_keeps_targets_at_least_24_px(host, site_key, new_page):
    # 320 CSS px is a 1280 px window at 400% zoom (WCAG 1.4.10).
    page = new_page(viewport={"width": 320, "height": 640}, reduced_motion="reduce")
    survey = open_everything(page, host, site_key)
    box = survey.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert box["y"] >= 0 and box["y"] + box["height"] <= 640  # it scrolls inside, it is never cut off
    assert survey.evaluate("el => el.scrollWidth <= el.clientWidth")  # no sideways scrolling
    small = survey.evaluate("""el => [...el.querySelectorAll('button, input, textarea')]
        .filter(c => c.offsetParent)
        .map(c => [c.name || c.textContent, c.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24).map(([n]) => n)""")
    assert small == []


def test_page_does_not_move_when_the_survey_appears(host, site_key, new_page):
    page = new_page()
    page.add_init_script(PERFORMANCE_OBSERVERS)
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    panel(page).get_by_role("button", name="Take the survey").click()
    page.wait_for_load_state("networkidle")
    assert performance(page)["cls"] == 0
    # Out of the page's flow altogether, whatever the page's layout.
    assert page.locator("takeup-survey").evaluate("el => getComputedStyle(el).position") == "fixed"


def test_forced_colours_keep_the_panel_and_focus_visible(host, site_key, new_page):
    page = new_page(forced_colors="active", reduced_motion="reduce")
    page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
    take = panel(page).get_by_role("button", name="Take the survey")
    take.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    outline = take.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert outline == "solid 3px"
    border = panel(page).evaluate("el => getComputedStyle(el).borderTopStyle")
    assert border == "solid"


def test_reduced_motion_turns_off_the_slide_in(host, site_key, new_page):
    def animation(page):
        page.goto(host.url("/page/1", site=site_key, trigger="delay:0"))
        return panel(page).evaluate("el => getComputedStyle(el).animationName")

    assert animation(new_page(reduced_motion="no-preference")) != "none"
    assert animation(new_page(reduced_motion="reduce")) == "none"
