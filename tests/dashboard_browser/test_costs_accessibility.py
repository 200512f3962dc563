"""WCAG 2.2 AA on the channel-costs and ratings-upload pages: axe-core finds nothing, wide and narrow, errors shown too.

The forms are filled in wrongly on purpose, so nothing is saved to the shared demo database.
"""
import pytest

from tests.dashboard_browser.conftest import NEWHAM, STAFF, sign_in
from tests.dashboard_browser.test_dashboard_accessibility import VIEWPORTS, violations

pytestmark = pytest.mark.browser

COSTS = "/councils/newham/costs"
RATINGS = "/councils/newham/ratings/upload"


@VIEWPORTS
def test_costs_page(server, new_page, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, server, NEWHAM)
    page.goto(server.url + COSTS)
    assert page.get_by_role("heading", level=1, name="Channel costs").is_visible()
    assert violations(page) == ""


@VIEWPORTS
def test_costs_page_showing_errors(server, new_page, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, server, NEWHAM)
    page.goto(server.url + COSTS)
    page.get_by_label("Phone contacts").fill("-5")
    page.get_by_label("Email total cost in pounds").fill("12.345")
    with page.expect_navigation():
        page.get_by_role("button", name="Save costs").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert "Phone contacts must be 0 or more" in summary.inner_text()
    # The summary takes focus (dashboard.js), and its links lead to the fields.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    summary.get_by_role("link", name="Email total cost must have no more than 2 decimal places (pounds and pence)").click()
    assert page.evaluate("document.activeElement.id") == "cost-email"
    assert violations(page) == ""


def test_costs_upload_showing_bad_rows(server, page, tmp_path):
    sign_in(page, server, STAFF)
    page.goto(server.url + COSTS)
    bad = tmp_path / "costs.csv"
    bad.write_text("period,channel,contacts,cost\n2025-26-H1,phone,ten,100\n2025-26-H1,fax,1,1\n")
    page.get_by_label("CSV file of costs").set_input_files(str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload costs").click()
    assert "Line 2: contacts must be a whole number" in page.locator("#costs_file-problems").inner_text()
    assert violations(page) == ""


@VIEWPORTS
def test_ratings_upload_page(server, new_page, viewport):
    page = new_page(viewport=viewport)
    sign_in(page, server, NEWHAM)
    page.goto(server.url + RATINGS)
    assert page.get_by_role("heading", level=1, name="Upload ratings").is_visible()
    assert violations(page) == ""


@VIEWPORTS
def test_ratings_upload_showing_bad_rows(server, new_page, viewport, tmp_path):
    page = new_page(viewport=viewport)
    sign_in(page, server, NEWHAM)
    page.goto(server.url + RATINGS)
    bad = tmp_path / "calls.csv"
    bad.write_text("channel,rating\nphone,excellent\n")
    page.get_by_label("CSV file of ratings").set_input_files(str(bad))
    page.get_by_label("Check only").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Upload ratings").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert "Line 2: rating" in page.locator("#ratings_file-problems").inner_text()
    assert violations(page) == ""
