"""Financial half-years and from/to ranges."""
from datetime import date

import pytest

from dashboards import periods


def test_half_years_follow_the_financial_year():
    assert periods.parse_period("2026-27-H1") == (date(2026, 4, 1), date(2026, 9, 30))
    assert periods.parse_period("2026-27-H2") == (date(2026, 10, 1), date(2027, 3, 31))
    assert periods.parse_period("1999-00-H2") == (date(1999, 10, 1), date(2000, 3, 31))


@pytest.mark.parametrize("bad", ["2026-28-H1", "2026-27-H3", "2026-H1", "", "2026-27-h1 "])
def test_malformed_periods_are_refused(bad):
    with pytest.raises(ValueError):
        periods.parse_period(bad)


def test_period_for_a_day_and_the_one_before():
    assert periods.period_for(date(2026, 3, 31)) == "2025-26-H2"
    assert periods.period_for(date(2026, 4, 1)) == "2026-27-H1"
    assert periods.period_for(date(2026, 9, 30)) == "2026-27-H1"
    assert periods.period_for(date(2026, 10, 1)) == "2026-27-H2"
    assert periods.previous_period("2026-27-H1") == "2025-26-H2"
    assert periods.previous_period("2026-27-H2") == "2026-27-H1"
    assert periods.recent_periods(date(2026, 12, 4), 3) == ["2026-27-H2", "2026-27-H1", "2025-26-H2"]


def test_resolve_takes_a_period_or_dates_or_defaults_to_the_last_complete_half():
    assert periods.resolve("2026-27-H1") == (date(2026, 4, 1), date(2026, 9, 30), "2026-27-H1")
    assert periods.resolve(None, "2026-01-01", "2026-01-31") == (date(2026, 1, 1), date(2026, 1, 31), None)
    assert periods.resolve(today=date(2026, 12, 4)) == (date(2026, 4, 1), date(2026, 9, 30), "2026-27-H1")
    for args in [("2026-27-H1", "2026-01-01", "2026-01-31"), (None, "2026-01-01", None),
                 (None, "2026-02-01", "2026-01-01"), (None, "01/02/2026", "2026-03-01"),
                 (None, "2020-01-01", "2026-01-01")]:
        with pytest.raises(ValueError):
            periods.resolve(*args)


def test_the_previous_range_has_the_same_length():
    assert periods.previous(date(2026, 1, 11), date(2026, 1, 20)) == (date(2026, 1, 1), date(2026, 1, 10))
    assert periods.previous(date(2026, 4, 1), date(2026, 9, 30), "2026-27-H1") == (date(2025, 10, 1),
                                                                                  date(2026, 3, 31))
