"""Reporting periods: the local-government financial halves, or any from/to dates.

``2026-27-H1`` is 1 April to 30 September 2026 and ``2026-27-H2`` is 1 October
2026 to 31 March 2027. Dates are UK local days and ranges are inclusive.
"""
import re
from datetime import date, timedelta

from collector import clock

_PERIOD = re.compile(r"(\d{4})-(\d{2})-H([12])")


def parse_period(period_id: str) -> tuple[date, date]:
    """'2026-27-H1' -> (2026-04-01, 2026-09-30); ValueError for anything else."""
    match = _PERIOD.fullmatch(period_id or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{period_id!r} is not a period such as 2026-27-H1 or 2026-27-H2.")
    year = int(match.group(1))
    if match.group(3) == "1":
        return date(year, 4, 1), date(year, 9, 30)
    return date(year, 10, 1), date(year + 1, 3, 31)


def period_for(day: date) -> str:
    """The financial half-year a day falls in."""
    year = day.year if day.month >= 4 else day.year - 1
    half = "H1" if 4 <= day.month <= 9 else "H2"
    return f"{year}-{(year + 1) % 100:02d}-{half}"


def previous_period(period_id: str) -> str:
    start, _ = parse_period(period_id)
    return period_for(start - timedelta(days=1))


def recent_periods(today: date | None = None, count: int = 4) -> list[str]:
    """The current half-year and the ones before it, newest first."""
    periods = [period_for(today or clock.today())]
    while len(periods) < count:
        periods.append(previous_period(periods[-1]))
    return periods


def _iso(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name.capitalize()} must be a date such as 2026-04-01, not {value!r}.") from None


def resolve(period: str | None = None, from_: str | None = None, to: str | None = None,
            today: date | None = None) -> tuple[date, date, str | None]:
    """(start, end, period id or None) from a period id, or from/to dates, or the latest complete half."""
    if period and (from_ or to):
        raise ValueError("Give either a period or from/to dates, not both.")
    if period:
        start, end = parse_period(period)
        return start, end, period
    if from_ or to:
        if not (from_ and to):
            raise ValueError("Give both a from date and a to date.")
        start, end = _iso(from_, "from"), _iso(to, "to")
        if end < start:
            raise ValueError("The to date is before the from date.")
        if (end - start).days > 3 * 366:
            raise ValueError("A range can be at most three years.")
        return start, end, None
    latest_complete = previous_period(period_for(today or clock.today()))
    start, end = parse_period(latest_complete)
    return start, end, latest_complete


def previous(start: date, end: date, period_id: str | None = None) -> tuple[date, date]:
    """The period before: the previous half-year, or a range of the same length just before."""
    if period_id:
        return parse_period(previous_period(period_id))
    length = end - start
    return start - length - timedelta(days=1), start - timedelta(days=1)
