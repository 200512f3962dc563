"""WCAG 2.2 AA: axe-core finds no violations on the dashboards' key pages, in Chromium, wide and narrow."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.dashboard_browser.conftest import NEWHAM, STAFF, sign_in

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                               "best-practice"]},
        "resultTypes": ["violations"]}
VIEWPORTS = pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 320, "height": 640}],
                                    ids=["desktop", "320px"])


def violations(page) -> str:
    # Open every <details>, so the data tables inside are checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    return Axe().run(page, options=WCAG).generate_snapshot()


@VIEWPORTS
def test_login_page(server, new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto(server.url + "/login")
    assert violations(page) == ""


def test_login_page_showing_an_error(server, page):
    sign_in(page, server, NEWHAM, "not the right password")
    assert page.get_by_role("alert").is_visible()
    assert violations(page) == ""


@VIEWPORTS
def test_council_dashboard(server, new_page, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, server, NEWHAM)
    assert page.get_by_role("heading", level=1, name="Dashboard").is_visible()
    assert violations(page) == ""


@VIEWPORTS
def test_staff_overview(server, new_page, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, server, STAFF)
    assert page.get_by_role("heading", level=1, name="Every council").is_visible()
    assert violations(page) == ""


@pytest.mark.parametrize("path", ["/councils/newham/comments", "/councils/newham/install", "/staff/councils/newham",
                                  "/staff/users/new", "/councils/newham?from=2026-05-01&to=2026-04-01"])
def test_other_pages(server, page, path):
    sign_in(page, server, STAFF)
    page.goto(server.url + path)
    assert violations(page) == ""
