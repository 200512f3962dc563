"""The channel-costs CSV reader and the rules it shares with the costs form: every row checked, every bad one named."""
import io

import pytest

from dashboards import costs_csv
from dashboards.channel_costs import check_pair, parse_contacts, parse_cost

HEADER = "period,channel,contacts,cost\n"


def read(text, visits=None):
    return costs_csv.read(io.StringIO(text, newline=""), (lambda period: visits.get(period, 0)) if visits else None)


def test_good_rows_are_read_in_any_column_order():
    rows, errors = read("cost,channel,period,contacts\n118860.00,phone,2026-27-H1,42000\n"
                        "\"1,250.50\",email,2026-27-H1,500\n,face_to_face,2025-26-H2,0\n")
    assert errors == {}
    assert rows == [{"period": "2026-27-H1", "channel": "phone", "contacts": 42000, "cost": 118860.0},
                    {"period": "2026-27-H1", "channel": "email", "contacts": 500, "cost": 1250.5},
                    {"period": "2025-26-H2", "channel": "face_to_face", "contacts": 0, "cost": None}]


def test_every_bad_row_is_reported_with_its_line_number():
    rows, errors = read(HEADER + "2026-27-H1,phone,42000,100\n"       # line 2: good
                                 "2026-27-H3,phone,1,1\n"             # 3: no such half-year
                                 "2026-27-H1,fax,1,1\n"               # 4: no such channel
                                 "2026-27-H1,email,-5,10\n"           # 5: negative contacts
                                 "2026-27-H1,face_to_face,ten,10\n"   # 6: text
                                 "2026-27-H1,web,10,1.005\n"          # 7: fractions of a penny
                                 "2026-27-H2,phone,0,250\n"           # 8: a cost over no contacts
                                 "2026-27-H1,phone,42000,100\n"       # 9: repeats line 2
                                 "2026-27-H2,email,,\n")              # 10: nothing given
    assert [r["channel"] for r in rows] == ["phone"]
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10]
    report = "\n".join(costs_csv.describe(errors))
    for expected in ("Line 3: period must be a half-year", "Line 4: channel must be one of",
                     "Line 5: contacts must be 0 or more", "Line 6: contacts must be a whole number",
                     "Line 7: cost must have no more than 2 decimal places",
                     "Line 8: contacts must be more than 0 when a cost is entered",
                     "Line 9: repeats the phone costs for 2026-27-H1 from line 2",
                     "Line 10: give the contacts, the cost or both"):
        assert expected in report


def test_blank_web_contacts_take_the_visits_counted_in_that_period():
    rows, errors = read(HEADER + "2026-27-H1,web,,900\n", visits={"2026-27-H1": 12000})
    assert errors == {} and rows == [{"period": "2026-27-H1", "channel": "web", "contacts": 12000, "cost": 900.0}]
    rows, errors = read(HEADER + "2026-27-H1,web,,900\n", visits={"2026-27-H1": 0})
    assert rows == [] and "no web visits were counted" in errors[2][0]
    # Any other channel needs its contacts for a cost.
    assert "Enter contacts as well as the cost" in read(HEADER + "2026-27-H1,phone,,900\n")[1][2][0]


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("period,channel,contacts,price\n", "unknown column(s) price; missing column(s) cost"),
    ("period,channel,cost\n", "missing column(s) contacts"),
])
def test_a_file_without_the_right_header_is_one_clear_error(content, message):
    with pytest.raises(costs_csv.BadFile, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(content)


def test_extra_cells_and_blank_lines():
    rows, errors = read(HEADER + "\n2026-27-H1,phone,1,1,surprise\n,,,\n")
    assert rows == [] and errors == {3: ["more cells than columns"]}


def test_a_file_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(costs_csv, "MAX_ROWS", 3)
    with pytest.raises(costs_csv.BadFile, match="more than 3 rows"):
        read(HEADER + "2026-27-H1,phone,1,1\n" * 4)


@pytest.mark.parametrize("text, value", [("12500", 12500), (" 12,500 ", 12500), ("0", 0), ("", None)])
def test_contacts_accept_whole_numbers(text, value):
    assert parse_contacts(text, "Phone contacts") == (value, None)


@pytest.mark.parametrize("text, message", [
    ("-1", "Phone contacts must be 0 or more"), ("12.5", "Phone contacts must be a whole number"),
    ("lots", "Phone contacts must be a whole number"), ("1e6", "Phone contacts must be a whole number"),
    ("2000000000", "Phone contacts must be 1,000,000,000 or fewer"),
])
def test_contacts_refuse_anything_else(text, message):
    value, problem = parse_contacts(text, "Phone contacts")
    assert value is None and problem.startswith(message)


@pytest.mark.parametrize("text, value", [("12500", 12500.0), ("£12,500.50", 12500.5), ("0.1", 0.1), (".5", 0.5),
                                         ("", None)])
def test_costs_accept_pounds_and_pence(text, value):
    assert parse_cost(text, "Phone total cost") == (value, None)


@pytest.mark.parametrize("text, message", [
    ("-3", "must be £0 or more"), ("12.345", "no more than 2 decimal places"), ("a lot", "an amount in pounds"),
    ("1e3", "an amount in pounds"), ("NaN", "an amount in pounds"), ("1_000", "an amount in pounds"),
    ("20000000000", "must be £10,000,000,000 or less"),
])
def test_costs_refuse_anything_else(text, message):
    value, problem = parse_cost(text, "Phone total cost")
    assert value is None and problem.startswith("Phone total cost") and message in problem


def test_a_cost_needs_contacts_to_divide_it_by():
    assert check_pair(100, 250.0, contacts_subject="Phone contacts") == (100, None)
    assert check_pair(100, None, contacts_subject="Phone contacts") == (100, None)
    assert check_pair(0, None, contacts_subject="Phone contacts") == (0, None)
    assert check_pair(0, 250.0, contacts_subject="Phone contacts")[1] == \
        "Phone contacts must be more than 0 when a cost is entered"
    assert check_pair(None, 250.0, contacts_subject="Phone contacts")[1] == \
        "Enter phone contacts as well as the cost"
    assert check_pair(None, 90.0, contacts_subject="Web contacts", web_visits=1200) == (1200, None)
