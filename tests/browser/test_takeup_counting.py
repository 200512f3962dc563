"""Every page with the tag is counted: page views, and visits (one per tab session)."""
import pytest

pytestmark = pytest.mark.browser


def test_page_views_and_visits_are_counted(collector, host, site_key, new_page):
    # Left out of the survey, so only page views are sent.
    tag = {"site": site_key, "sample": "0"}
    first_tab = new_page()
    first_tab.goto(host.url("/page/1", **tag))
    collector.wait_for_counts(site_key, {"pageview": 1, "visit": 1})
    first_tab.click("#next")
    first_tab.wait_for_url("**/page/2?*")
    collector.wait_for_counts(site_key, {"pageview": 2, "visit": 1})

    # A new tab is a new visit: sessionStorage, not a cookie, marks a visit.
    second_tab = new_page()
    second_tab.goto(host.url("/page/7", **tag))
    collector.wait_for_counts(site_key, {"pageview": 3, "visit": 2})

    # Reloading a page of the visit is another page view but not another visit.
    second_tab.reload()
    collector.wait_for_counts(site_key, {"pageview": 4, "visit": 2})


def test_history_navigations_of_single_page_sites_are_page_views(collector, host, site_key, page):
    page.goto(host.url("/app", site=site_key, sample="0"))
    collector.wait_for_counts(site_key, {"pageview": 1, "visit": 1})
    page.evaluate("history.pushState({}, '', '/app/step-2?ref=123')")
    page.evaluate("history.pushState({}, '', '/app/step-2?ref=456')")  # same path: not a new page
    collector.wait_for_counts(site_key, {"pageview": 2, "visit": 1})
    page.go_back(wait_until="commit")
    page.go_back(wait_until="commit")  # popstate back to /app
    collector.wait_for_counts(site_key, {"pageview": 3, "visit": 1})


def test_beacons_are_simple_requests_without_credentials_or_query(collector, host, site_key, page):
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method != "GET" else None)
    with page.expect_request(lambda request: request.url.endswith("/api/v1/events")) as beacon_info:
        page.goto(host.url("/page/1", site=site_key, sample="0") + "&q=my+postcode#results")
    collector.wait_for_counts(site_key, {"pageview": 1, "visit": 1})
    page.wait_for_load_state("networkidle")
    # No OPTIONS: a preflight would double the requests and fail on old setups.
    assert [request.method for request in posts] == ["POST"]
    beacon = beacon_info.value
    assert beacon.headers["content-type"].startswith("text/plain")
    assert "cookie" not in {name.lower() for name in beacon.headers}
    assert beacon.post_data_json == {"site": site_key, "kind": "pageview", "visit": True, "path": "/page/1"}
