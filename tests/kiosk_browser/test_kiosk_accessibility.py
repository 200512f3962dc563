"""WCAG 2.2 AA checks on every kiosk screen, at tablet width and at 320 px, in English and Welsh."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.kiosk_browser.conftest import NARROW, TABLET
from tests.kiosk_browser.helpers import screen, settle

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
axe = Axe()


def violations(page) -> list:
    settle(page)  # axe measures contrast as drawn: not halfway through a fade-in
    results = axe.run(page, options=AXE_OPTIONS)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]


def check_page(page):
    """What axe does not measure: everything fits the width, and every control is a large target."""
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
        "the page scrolls sideways"
    for box in page.eval_on_selector_all(
            "button:not([hidden] *), a", "els => els.filter(e => e.offsetParent).map(e => {"
            " const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]; })"):
        assert box[1] >= 44 and box[2] >= 44, box


@pytest.mark.parametrize("viewport", [TABLET, NARROW], ids=["tablet", "320px"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_no_axe_violations_on_the_start_reasons_and_thank_you_screens(new_page, kiosk, viewport, lang):
    page = new_page(viewport=viewport, has_touch=True)
    page.goto(f"{kiosk.url}?lang={lang}")
    assert screen(page) == "start"
    assert violations(page) == []
    check_page(page)

    page.tap("button[data-rating=average]")
    assert screen(page) == "reasons"
    assert violations(page) == []
    check_page(page)

    page.tap("button[data-action=skip]")
    assert screen(page) == "thanks"
    assert violations(page) == []
    check_page(page)
