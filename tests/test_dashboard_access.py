"""Who may see what: every council-scoped route, tried as a council user of another council.

The routes are read from the app's URL map, so a new page or export is
checked here as soon as it exists, without anyone remembering to add it.
"""
import pytest

from tests.dashboard_fixtures import CAMDEN_USER, NEWHAM_USER, PERIOD, STAFF, seeded, sign_in_as

__all__ = ["seeded"]

DASHBOARD_BLUEPRINTS = ("council.", "staff.", "summary.", "reports.")


def _routes(app, seeded, slug):
    """(method, path, endpoint) for every dashboard route, filled in with `slug`'s council and things."""
    values = {"slug": slug, "site_key": f"{slug}sitekey1", "what": "responses", "fmt": "csv",
              "user_id": seeded["users"][CAMDEN_USER if slug == "camden" else NEWHAM_USER]}
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(DASHBOARD_BLUEPRINTS):
            continue
        path = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            routes.append((method, path, rule.endpoint))
    return routes


def _scoped(app, seeded, slug):
    """The routes that name a council (or one of its sites or users), and every staff route."""
    scoped = {rule.endpoint for rule in app.url_map.iter_rules()
              if rule.arguments & {"slug", "site_key", "user_id"} or rule.endpoint.startswith("staff.")}
    return [route for route in _routes(app, seeded, slug) if route[2] in scoped]


def _call(client, method, path, token):
    if method == "POST":
        return client.post(path, data={"csrf_token": token})
    return client.get(path, query_string={"period": PERIOD})


def test_the_route_list_covers_every_kind_of_council_page(app, seeded):
    endpoints = {endpoint for _, _, endpoint in _routes(app, seeded, "camden")}
    assert {"council.dashboard", "council.comments", "council.export", "council.install", "summary.council_summary",
            "staff.overview", "staff.council", "staff.site", "staff.user", "staff.token_new"} <= endpoints


def test_a_council_user_gets_nothing_of_another_councils(app, client, store, seeded):
    token = sign_in_as(client, store, NEWHAM_USER)
    for method, path, endpoint in _scoped(app, seeded, "camden"):
        response = _call(client, method, path, token)
        body = response.get_data(as_text=True)
        expected = {403} if endpoint.startswith("staff.") else {403, 404}
        assert response.status_code in expected, (method, path, response.status_code)
        assert "London Borough of Camden" not in body and "parking" not in body.lower(), (method, path)


def test_a_council_user_sees_their_own_councils_pages(app, client, store, seeded):
    """The control for the test above: the same routes, for newham, answer 200 (a form posted empty is
    answered by its own page: saved and redirected, or shown again saying what to fill in)."""
    token = sign_in_as(client, store, NEWHAM_USER)
    for method, path, endpoint in _scoped(app, seeded, "newham"):
        if endpoint.startswith("staff."):
            continue
        response = _call(client, method, path, token)
        if method == "POST":
            assert response.status_code in (200, 302, 400), (method, path, response.status_code)
            assert "not sent from a page of this service" not in response.get_data(as_text=True), path
        else:
            assert response.status_code == 200, (method, path, response.status_code)


@pytest.mark.parametrize("path", [
    "/councils/CAMDEN", "/councils/camden/", "/councils/%63amden", "/councils/camden%2F..%2Fnewham",
    "/councils/newham/../camden", "/councils/camden/export/summary.json?council=newham",
    "/councils/camden/comments?slug=newham", "/api/v1/councils/camden/summary?council=newham",
])
def test_another_councils_data_stays_hidden_however_the_slug_is_written(client, store, seeded, path):
    sign_in_as(client, store, NEWHAM_USER)
    response = client.get(path + ("&" if "?" in path else "?") + f"period={PERIOD}")
    assert response.status_code in (403, 404, 308)
    assert "Camden" not in response.get_data(as_text=True)


def test_staff_see_every_council(app, client, store, seeded):
    token = sign_in_as(client, store, STAFF)
    for method, path, endpoint in _routes(app, seeded, "camden"):
        if method == "POST":
            continue  # the staff tests post real forms
        response = _call(client, method, path, token)
        assert response.status_code == 200, (method, path, response.status_code)


def test_signed_out_visitors_are_sent_to_sign_in(app, client, seeded):
    for method, path, endpoint in _routes(app, seeded, "newham"):
        response = _call(client, method, path, "")
        if endpoint.startswith(("summary.", "reports.")):
            assert response.status_code == 401
        elif method == "GET":
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/login?next=")
        else:
            assert response.status_code in (302, 400)  # no session: the CSRF check or the login redirect


def test_the_summary_api_follows_the_same_rule(client, store, seeded):
    sign_in_as(client, store, CAMDEN_USER)
    assert client.get(f"/api/v1/councils/camden/summary?period={PERIOD}").status_code == 200
    refused = client.get(f"/api/v1/councils/newham/summary?period={PERIOD}")
    assert refused.status_code in (403, 404)
    assert refused.get_json()["ok"] is False


def test_peers_are_named_for_staff_and_anonymised_for_council_users(client, store, seeded):
    sign_in_as(client, store, NEWHAM_USER)
    council_view = client.get(f"/councils/newham?period={PERIOD}").get_data(as_text=True)
    assert "Council A" in council_view and "London Borough of Camden" not in council_view
    sign_in_as(client, store, STAFF)
    staff_view = client.get(f"/councils/newham?period={PERIOD}").get_data(as_text=True)
    assert "London Borough of Camden" in staff_view and "Council A" not in staff_view
