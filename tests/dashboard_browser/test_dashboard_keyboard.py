"""Keyboard-only use of the key pages: skip link, signing in, choosing a period, sorting, copying, filters.

Every step is a key press; nothing is clicked. Each focused control must show
a visible focus indicator.
"""
import re

import pytest

from tests.dashboard_browser.conftest import NEWHAM, STAFF, sign_in

pytestmark = pytest.mark.browser

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || el.name || '').trim().slice(0, 60),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                   && style.outlineColor !== 'rgba(0, 0, 0, 0)',
          shadow: style.boxShadow !== 'none', background: style.backgroundColor};
}"""
YELLOW = "rgb(255, 221, 0)"


def focus_is_visible(state) -> bool:
    return state["outline"] or state["shadow"] or state["background"] == YELLOW


def tab_to(page, name: str = None, *, id: str = None, limit: int = 80):
    """Press Tab until the focused element's text starts with `name` (or its id is `id`); return its focus state."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if (id and state["id"] == id) or (name and state["text"].startswith(name)):
            return state
        seen.append(state["text"] or state["tag"])
    raise AssertionError(f"Tab never reached {name or id!r}; it went through {seen}")


def type_date(page, iso: str):
    """Type a date into the focused date field by keyboard, in whichever order the browser's locale shows
    (day first in the UK, month first in the US): try day first, and retype month first if that was wrong."""
    year, month, day = iso.split("-")
    page.keyboard.type(day + month + year)  # each part moves on to the next by itself
    if page.evaluate("document.activeElement.value") != iso:
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(month + day + year)
    assert page.evaluate("document.activeElement.value") == iso


def test_the_skip_link_is_first_visible_on_focus_and_moves_focus_to_the_content(server, page):
    page.goto(server.url + "/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # on screen once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"


def test_sign_in_and_out_by_keyboard(server, page):
    sign_in(page, server, NEWHAM)  # typed, Tab, typed, Enter
    assert page.url.endswith("/councils/newham")
    state = tab_to(page, "Sign out")
    assert focus_is_visible(state)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/login$"))
    assert page.get_by_text("You have signed out.").is_visible()


def test_wrong_credentials_move_focus_to_the_error_summary(server, page):
    sign_in(page, server, NEWHAM, "not the right password")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    page.keyboard.press("Tab")  # the summary's link to the field
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "email"


def test_every_control_on_the_dashboard_shows_where_focus_is(server, page):
    sign_in(page, server, NEWHAM)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state["tag"] == "BODY":
            break
        assert focus_is_visible(state), state
        seen.append(state["text"])
    assert any(text.startswith("Choose your own dates") for text in seen)


def test_choose_a_half_year_and_then_dates_by_keyboard(server, page):
    sign_in(page, server, NEWHAM)
    shown = page.get_by_text(re.compile(r"^Showing")).inner_text()
    tab_to(page, id="period")  # the half-year menu, on the latest complete half-year (2026-27-H1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, "Show half-year")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"period=2025-26-H1"))
    assert page.get_by_text(re.compile(r"^Showing")).inner_text() != shown

    tab_to(page, "Choose your own dates")
    page.keyboard.press("Enter")  # opens the details
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "from"
    type_date(page, "2026-05-01")
    tab_to(page, id="to", limit=4)
    type_date(page, "2026-05-31")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"from=2026-05-01&to=2026-05-31"))
    assert "Showing 1 May 2026 to 31 May 2026" in page.get_by_text(re.compile(r"^Showing")).inner_text()


def test_open_a_chart_table_by_keyboard(server, page):
    sign_in(page, server, NEWHAM)
    tab_to(page, "Show visits and responses by month as a table")
    page.keyboard.press("Enter")
    assert page.get_by_role("table", name="Visits, page views and responses by month").is_visible()


def test_sort_the_overview_by_keyboard(server, page):
    sign_in(page, server, STAFF)
    state = tab_to(page, "Success rate")
    assert focus_is_visible(state)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"sort=success&order=desc"))
    header = page.locator("th[aria-sort]")
    assert header.inner_text().startswith("Success rate") and header.get_attribute("aria-sort") == "descending"


def test_filter_comments_by_keyboard(server, page):
    sign_in(page, server, NEWHAM)
    page.goto(server.url + "/councils/newham/comments")
    tab_to(page, id="rating")
    page.keyboard.press("ArrowDown")  # Good
    page.keyboard.press("Tab")
    page.keyboard.type("phone")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"rating=good.*q=phone"))
    assert page.get_by_role("heading", level=2, name=re.compile(r"^\d+ comments?$")).is_visible()


def test_copy_the_snippet_by_keyboard(server, new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    sign_in(page, server, NEWHAM)
    page.goto(server.url + "/councils/newham/install")
    state = tab_to(page, "Copy the tag")
    assert focus_is_visible(state)
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Copied").wait_for()
    assert 'data-site="demo-newham-site"' in page.evaluate("navigator.clipboard.readText()")
