"""Time in one place: UTC for timestamps, Europe/London for the days that reports count."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """A UTC timestamp as ISO 8601, to the second."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def local_day(moment: datetime) -> str:
    """The UK local date of a moment, as YYYY-MM-DD."""
    return moment.astimezone(LONDON).date().isoformat()


def today() -> date:
    return now().astimezone(LONDON).date()
