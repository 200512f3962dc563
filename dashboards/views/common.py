"""What every dashboard view needs: the store, the chosen period, a page of results."""
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, request
from werkzeug.exceptions import BadRequest

from collector import clock

from .. import periods

PERIOD_CHOICES = 6  # half-years offered in the period menu: three years


class BadInput(BadRequest):
    """A bad request whose message is written for people, shown on the error page as it is."""

    for_people = True

    def __init__(self, message: str):
        super().__init__(description=message)


def store():
    return current_app.extensions["takeup.store"]


@dataclass
class Period:
    """The period a page shows, from ?period=2026-27-H1 or ?from=...&to=..., and what the form offers."""

    start: date
    end: date
    id: str | None
    error: str | None = None
    options: list = field(default_factory=list)
    error_field: str = "period"
    typed: dict = field(default_factory=dict)  # what was asked for, to show again beside a message

    @property
    def args(self) -> dict:
        """Query arguments that name this period, for links to other pages of the same period."""
        if self.id:
            return {"period": self.id}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def custom(self) -> bool:
        return self.id is None

    @property
    def dates_open(self) -> bool:
        """Show the dates form open: dates are in use, or they were wrong."""
        return self.custom or self.error_field == "from"

    def date_value(self, name: str) -> str:
        if self.error_field == "from" and self.typed.get(name):
            return self.typed[name]
        if self.custom:
            return (self.start if name == "from" else self.end).isoformat()
        return ""


def period_from_request() -> Period:
    """The period asked for; on bad input, the default period and a message saying what was wrong."""
    wanted = {key: (request.args.get(key) or "").strip() or None for key in ("period", "from", "to")}
    today = clock.today()
    error = None
    try:
        start, end, period_id = periods.resolve(wanted["period"], wanted["from"], wanted["to"], today=today)
    except ValueError as exc:
        error = str(exc)
        start, end, period_id = periods.resolve(today=today)
    options = periods.recent_periods(today, PERIOD_CHOICES)
    if period_id and period_id not in options:
        options.append(period_id)
    error_field = "from" if error and (wanted["from"] or wanted["to"]) and not wanted["period"] else "period"
    return Period(start, end, period_id, error[:1].upper() + error[1:] if error else None, options, error_field,
                  {k: v[:20] for k, v in wanted.items() if v})


@dataclass
class Page:
    """One page of a long list: which page, how many in all, and the links either side."""

    number: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def count(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_item(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last_item(self) -> int:
        return min(self.total, self.offset + self.size)


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 100_000))
    except ValueError:
        return 1
