"""Exports: responses and summary as CSV (formula-safe, as attachments) and JSON."""
import csv
import io
import json

import pytest

from dashboards import exports
from tests.dashboard_fixtures import FORMULAS, NEWHAM_USER, PERIOD, TEST_ONLY, XSS_SCRIPT, seeded, sign_in_as

__all__ = ["seeded"]


@pytest.fixture
def download(client, store, seeded):
    sign_in_as(client, store, NEWHAM_USER)

    def get(name, **query):
        return client.get(f"/councils/newham/export/{name}", query_string={"period": PERIOD, **query})
    return get


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_each_dangerous_first_character_is_neutralised_in_the_csv(download, first):
    comments = [row["comment"] for row in _rows(download("responses.csv"))]
    original = FORMULAS[first]
    assert "'" + original in comments
    assert original not in comments
    assert not any(c.startswith(exports.DANGEROUS_FIRST) for c in comments if c)


def test_neutralise_leaves_safe_text_and_our_own_numbers_alone():
    assert exports.neutralise("Bins were fine") == "Bins were fine"
    assert exports.neutralise("a=b") == "a=b"       # only the first character matters
    assert exports.neutralise(-0.25) == -0.25       # a number we computed is data, not a formula
    assert exports.neutralise(None) == ""
    assert exports.neutralise("-0.25") == "'-0.25"  # text that looks like one is still neutralised


def test_the_responses_csv_is_an_attachment_with_the_periods_responses(download, seeded):
    response = download("responses.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="newham-{PERIOD}-responses.csv"'
    rows = _rows(response)
    assert len(rows) == 120 + len(seeded["comments"])  # neither the test response nor the one from before
    assert TEST_ONLY not in response.get_data(as_text=True)
    assert list(rows[0]) == ["id", "received_at", "day", "lang", "path", "device", "browser", "service", "task",
                             "rating", "reason", "alternative", "comment"]
    assert {row["day"][:7] for row in rows} <= {"2025-05", "2025-06"}


def test_the_responses_json_has_the_same_responses_unaltered(download):
    response = download("responses.json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = json.loads(response.get_data(as_text=True))
    assert body["council"] == "newham" and body["period"]["id"] == PERIOD
    comments = {r["comment"] for r in body["responses"]}
    assert XSS_SCRIPT in comments and FORMULAS["="] in comments  # JSON is for programs: no neutralising
    assert len(body["responses"]) == len(_rows(download("responses.csv")))


def test_the_summary_json_is_what_the_summary_api_returns(download, client):
    exported = json.loads(download("summary.json").get_data(as_text=True))
    from_api = client.get(f"/api/v1/councils/newham/summary?period={PERIOD}").get_json()
    assert exported == from_api
    assert exported["headline"]["responses"]["value"] == 130


def test_the_summary_csv_has_one_row_per_figure(download):
    response = download("summary.csv")
    assert response.headers["Content-Disposition"] == f'attachment; filename="newham-{PERIOD}-summary.csv"'
    rows = _rows(response)
    by_key = {(r["section"], r["item"], r["measure"]): r for r in rows}
    assert by_key[("headline", "responses", "value")]["value"] == "130"
    success = by_key[("headline", "success_rate", "value")]
    assert int(success["n"]) == 130 and float(success["low"]) < float(success["value"]) < float(success["high"])
    assert ("council", "newham", "name") in by_key


def test_custom_dates_name_the_file_by_its_dates(download):
    response = download("responses.csv", period="", **{"from": "2025-05-01", "to": "2025-05-31"})
    assert 'filename="newham-2025-05-01-to-2025-05-31-responses.csv"' in response.headers["Content-Disposition"]
    assert {row["day"][:7] for row in _rows(response)} == {"2025-05"}


@pytest.mark.parametrize("query", [{"period": "2025-H1"}, {"period": "", "from": "2025-05-01"},
                                   {"period": "", "from": "2025-06-01", "to": "2025-05-01"},
                                   {"period": "", "from": "yesterday", "to": "today"}])
def test_a_bad_period_is_a_clear_400(download, query):
    response = download("responses.csv", **query)
    assert response.status_code == 400
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("name", ["responses.xlsx", "everything.csv", "summary.html"])
def test_unknown_exports_are_404(download, name):
    assert download(name).status_code == 404
