"""Entering channel costs on a council's costs page: the form, the CSV upload, who may, and what the summary then says."""
import io
import re
from html import unescape

import pytest

from dashboards import periods, summary
from tests.dashboard_fixtures import CAMDEN_USER, NEWHAM_USER, PERIOD, STAFF, seeded, sign_in_as

__all__ = ["seeded"]

COSTS = f"/councils/newham/costs?period={PERIOD}"
UPLOAD = f"/councils/newham/costs/upload?period={PERIOD}"
BLANK_FORM = {f"{field}-{channel}": "" for field in ("contacts", "cost")
              for channel in ("web", "phone", "face_to_face", "email")}


def _summary(app, store, slug="newham", period=PERIOD):
    start, end = periods.parse_period(period)
    return summary.council_summary(store, slug, start, end, named_peers=False, config=app.config, period_id=period)


def _errors(page: str) -> list[str]:
    box = re.search(r'<div class="error-summary".*?</div>', page, flags=re.S)
    return [unescape(m) for m in re.findall(r'<a href="#[^"]+">([^<]+)</a>', box.group(0))] if box else []


def _entries(db):
    return [dict(r) for r in db.execute("SELECT council_slug, period, channel, contacts, cost_pounds FROM channel_costs"
                                        " ORDER BY council_slug, period, channel")]


@pytest.fixture
def newham(client, store, seeded):
    """post(path, data) as newham's council user, with this session's CSRF token."""
    token = sign_in_as(client, store, NEWHAM_USER)
    client.post_form = lambda path, data=None, **kw: client.post(path, data={"csrf_token": token, **(data or {})}, **kw)
    return client


def _upload(client, path, text: str, name="costs.csv"):
    return client.post_form(path, {"costs_file": (io.BytesIO(text.encode()), name)}, content_type="multipart/form-data")


# -- the form ----------------------------------------------------------------------


def test_the_page_has_a_row_per_channel_and_shows_counted_visits_as_the_web_default(newham):
    page = newham.get(COSTS).get_data(as_text=True)
    for channel in ("web", "phone", "face_to_face", "email"):
        assert f'id="contacts-{channel}"' in page and f'id="cost-{channel}"' in page
    assert "Leave empty to use the 1,000 visits counted in this half-year" in page
    assert 'name="csrf_token"' in page


def test_a_council_user_saves_costs_and_the_summary_uses_them(app, newham, store, db):
    response = newham.post_form(COSTS, {**BLANK_FORM, "contacts-phone": "12,000", "cost-phone": "33960.60",
                                        "contacts-email": "400", "cost-email": "£1,000"})
    assert response.status_code == 302 and response.headers["Location"].endswith(COSTS)
    assert "Channel costs for April to September 2025 (2025-26-H1) saved." in newham.get(COSTS).get_data(as_text=True)
    costs = _summary(app, store)["channel_costs"]["channels"]
    assert costs["phone"]["cost_per_contact"] == pytest.approx(33960.60 / 12000)
    assert costs["phone"]["source"] == "council"
    assert costs["email"]["cost_per_contact"] == pytest.approx(2.5) and costs["email"]["source"] == "council"
    assert costs["face_to_face"]["source"] == "default"
    # The summary API says the same.
    api = newham.get(f"/api/v1/councils/newham/summary?period={PERIOD}").get_json()
    assert api["channel_costs"]["channels"]["phone"]["cost_per_contact"] == pytest.approx(2.8300, abs=1e-4)
    assert api["channel_costs"]["channels"]["phone"]["source"] == "council"


def test_saved_values_are_shown_again_and_emptying_a_row_clears_it(newham, db):
    newham.post_form(COSTS, {**BLANK_FORM, "contacts-phone": "100", "cost-phone": "250",
                             "contacts-email": "10", "cost-email": "30"})
    page = newham.get(COSTS).get_data(as_text=True)
    assert 'id="contacts-phone" name="contacts-phone" type="text" value="100"' in page
    assert 'id="cost-phone" name="cost-phone" type="text" value="250.00"' in page
    newham.post_form(COSTS, {**BLANK_FORM, "contacts-email": "10", "cost-email": "30"})
    assert [r["channel"] for r in _entries(db)] == ["email"]


def test_blank_web_contacts_with_a_cost_use_the_counted_visits(app, newham, store):
    assert newham.post_form(COSTS, {**BLANK_FORM, "cost-web": "150"}).status_code == 302
    web = _summary(app, store)["channel_costs"]["channels"]["web"]
    assert web["contacts"] == 1000 and web["cost_per_contact"] == pytest.approx(150 / 1000)
    assert web["source"] == "council"


@pytest.mark.parametrize("field, value, message", [
    ("contacts-phone", "-5", "Phone contacts must be 0 or more"),
    ("contacts-phone", "twelve", "Phone contacts must be a whole number, such as 12500"),
    ("cost-phone", "-1", "Phone total cost must be £0 or more"),
    ("cost-phone", "lots", "Phone total cost must be an amount in pounds, such as 12500 or 12500.50"),
    ("cost-phone", "12.345", "Phone total cost must have no more than 2 decimal places (pounds and pence)"),
    ("contacts-phone", "0", "Phone contacts must be more than 0 when a cost is entered"),
    ("contacts-phone", "", "Enter phone contacts as well as the cost"),
])
def test_a_bad_value_is_named_and_nothing_is_saved(newham, db, field, value, message):
    form = {**BLANK_FORM, "contacts-phone": "100", "cost-phone": "250", "contacts-email": "10", "cost-email": "30",
            field: value}
    response = newham.post_form(COSTS, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _errors(page) == [message]
    assert f'href="#{field}"' in page  # the summary links to the field
    assert re.search(rf'<p class="error-message" id="{field}-error">.*?{re.escape(message)}', unescape(page), re.S)
    assert f'value="{value}"' in page  # what was typed is kept
    assert _entries(db) == []  # not even the good email row


def test_staff_enter_costs_for_any_council(app, client, store, seeded):
    token = sign_in_as(client, store, STAFF)
    response = client.post(f"/councils/camden/costs?period={PERIOD}",
                           data={"csrf_token": token, **BLANK_FORM, "contacts-phone": "50", "cost-phone": "100"})
    assert response.status_code == 302
    assert _summary(app, store, "camden")["channel_costs"]["channels"]["phone"]["cost_per_contact"] == 2.0


def test_another_councils_user_gets_404_for_the_page_and_every_post(client, store, db, seeded):
    token = sign_in_as(client, store, CAMDEN_USER)
    assert client.get(COSTS).status_code == 404
    form = {"csrf_token": token, **BLANK_FORM, "contacts-phone": "50", "cost-phone": "100"}
    assert client.post(COSTS, data=form).status_code == 404
    upload = client.post(UPLOAD, data={"csrf_token": token, "costs_file": (io.BytesIO(
        b"period,channel,contacts,cost\n2025-26-H1,phone,1,1\n"), "c.csv")}, content_type="multipart/form-data")
    assert upload.status_code == 404
    assert _entries(db) == []


@pytest.mark.parametrize("token", [None, "", "a-token-from-somewhere-else"])
def test_the_form_and_the_upload_are_refused_without_this_sessions_csrf_token(client, store, db, seeded, token):
    sign_in_as(client, store, NEWHAM_USER)
    extra = {} if token is None else {"csrf_token": token}
    form = client.post(COSTS, data={**extra, **BLANK_FORM, "contacts-phone": "50", "cost-phone": "100"})
    upload = client.post(UPLOAD, data={**extra, "costs_file": (io.BytesIO(
        b"period,channel,contacts,cost\n2025-26-H1,phone,1,1\n"), "c.csv")}, content_type="multipart/form-data")
    for response in (form, upload):
        assert response.status_code == 400
        assert "not sent from a page of this service" in response.get_data(as_text=True)
    assert _entries(db) == []


def test_the_page_is_linked_from_the_dashboard(newham):
    page = newham.get(f"/councils/newham?period={PERIOD}").get_data(as_text=True)
    assert f'href="/councils/newham/costs?period={PERIOD}"' in page


# -- the CSV upload ---------------------------------------------------------------------


def test_a_good_csv_saves_every_row(app, newham, store, db):
    response = _upload(newham, UPLOAD, "period,channel,contacts,cost\n"
                                       "2025-26-H1,phone,12000,33960.00\n"
                                       "2025-26-H1,web,,150\n"
                                       "2025-26-H2,face_to_face,800,6896\n")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/councils/newham/costs?period=2025-26-H2")
    assert _entries(db) == [
        {"council_slug": "newham", "period": "2025-26-H1", "channel": "phone", "contacts": 12000, "cost_pounds": 33960.0},
        {"council_slug": "newham", "period": "2025-26-H1", "channel": "web", "contacts": 1000, "cost_pounds": 150.0},
        {"council_slug": "newham", "period": "2025-26-H2", "channel": "face_to_face", "contacts": 800,
         "cost_pounds": 6896.0}]
    page = newham.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved 3 channel cost entries from costs.csv, for 2025-26-H1, 2025-26-H2." in page
    phone = _summary(app, store)["channel_costs"]["channels"]["phone"]
    assert phone["cost_per_contact"] == pytest.approx(2.83) and phone["source"] == "council"


def test_a_csv_with_one_bad_row_saves_nothing_and_names_the_line(newham, db):
    response = _upload(newham, UPLOAD, "period,channel,contacts,cost\n"
                                       "2025-26-H1,phone,12000,33960.00\n"
                                       "2025-26-H1,email,400,12.345\n"
                                       "2025-26-H1,face_to_face,800,6896\n")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert _errors(page) == ["1 row of costs.csv is not right, so nothing was saved: fix it and upload the file again"]
    assert "Line 3: cost must have no more than 2 decimal places" in page
    assert "Line 2" not in page and "Line 4" not in page
    assert _entries(db) == []


@pytest.mark.parametrize("content, message", [
    (None, "Select a CSV file of costs"),
    ("", "The file is empty"),
    ("period,channel,contacts\n", "missing column(s) cost"),
    ("period,channel,contacts,cost\n", "The file has no rows of costs"),
])
def test_an_unusable_upload_is_one_clear_error(newham, db, content, message):
    if content is None:
        response = newham.post_form(UPLOAD, {}, content_type="multipart/form-data")
    else:
        response = _upload(newham, UPLOAD, content)
    assert response.status_code == 400
    assert message in _errors(response.get_data(as_text=True))[0]
    assert _entries(db) == []


def test_a_file_that_is_not_utf8_text_is_refused(newham, db):
    response = newham.post_form(UPLOAD, {"costs_file": (io.BytesIO(b"\xff\xfe\x00p\x00e"), "costs.xlsx")},
                                content_type="multipart/form-data")
    assert response.status_code == 400 and "UTF-8" in _errors(response.get_data(as_text=True))[0]


def test_a_too_large_costs_upload_is_refused_clearly(newham, db):
    big = "period,channel,contacts,cost\n" + "2025-26-H1,phone,1,1\n" * 20_000
    response = _upload(newham, UPLOAD, big)
    assert response.status_code == 413
    assert "The file must be smaller than 256 KB" in response.get_data(as_text=True)
    assert _entries(db) == []
