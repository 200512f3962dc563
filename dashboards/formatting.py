"""How figures read on the pages: numbers, rates, money, dates and the names of things.

Jinja filters and globals, so templates say ``{{ rate.value|percent }}`` and
every page writes a figure the same way. ``None`` always reads "no data".
"""
from datetime import date, datetime, timezone

from collector import clock
from collector.survey import ALTERNATIVES, REASONS, RATINGS, SERVICES, TASKS

NO_DATA = "no data"
KINDS = {
    "district": "District", "county": "County", "unitary": "Unitary", "metropolitan": "Metropolitan",
    "london_borough": "London borough", "welsh_unitary": "Welsh unitary", "scottish": "Scottish",
    "northern_irish": "Northern Irish",
}
CHANNELS = {"web": "Web", "phone": "Phone", "face_to_face": "Face to face", "email": "Email"}
DEVICES = {"desktop": "Desktop", "mobile": "Mobile", "tablet": "Tablet"}
LABELS = {
    "kind": KINDS, "channel": CHANNELS, "device": DEVICES,
    "service": {key: pair[0] for key, pair in SERVICES.items()},
    "task": {key: pair[0] for key, pair in TASKS.items()},
    "rating": {key: pair[0] for key, pair in RATINGS.items()},
    "reason": {key: pair[0] for key, pair in REASONS.items()},
    "alternative": {key: pair[0] for key, pair in ALTERNATIVES.items()},
}
# The benchmarked metrics: their names and how their values read.
METRICS = {
    "success_rate": ("Success rate", "rate"),
    "failed_visit_rate": ("Failed-visit rate", "rate"),
    "net_satisfaction": ("Net satisfaction (web)", "score"),
    "response_rate": ("Response rate", "rate"),
    "takeup_per_1000": ("Visits per 1,000 residents", "count"),
    "satisfaction_phone": ("Net satisfaction (phone)", "score"),
    "satisfaction_face_to_face": ("Net satisfaction (face to face)", "score"),
    "satisfaction_email": ("Net satisfaction (email)", "score"),
    "cost_per_contact_web": ("Cost per contact (web)", "pounds"),
    "cost_per_contact_phone": ("Cost per contact (phone)", "pounds"),
    "cost_per_contact_face_to_face": ("Cost per contact (face to face)", "pounds"),
    "cost_per_contact_email": ("Cost per contact (email)", "pounds"),
    "web_share": ("Share of contacts made on the web", "rate"),
}
# Whose cost per contact a costed estimate used (summary's cost_source), as words after "costed with".
COST_SOURCES = {"council": "your own costs per contact",
                "default": "the default costs per contact",
                "mixed": "your own costs per contact for some channels and the default costs for others"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def label(value, kind: str) -> str:
    """The words for a stored value: label('bins_recycling', 'service') -> 'Bins and recycling'."""
    if value is None or value == "":
        return "Not answered"
    return LABELS.get(kind, {}).get(value, str(value).replace("_", " ").capitalize())


def number(value, digits: int = 0) -> str:
    if value is None:
        return NO_DATA
    return f"{value:,.{digits}f}"


def percent(value, digits: int = 0) -> str:
    """0.625 -> '63%'."""
    if value is None:
        return NO_DATA
    return f"{value * 100:.{digits}f}%"


def score(value) -> str:
    """A net satisfaction score, -1 to +1, always with its sign: '+0.34'."""
    if value is None:
        return NO_DATA
    return f"{value:+.2f}".replace("-", "\N{MINUS SIGN}")


def pounds(value, pence: bool = False) -> str:
    if value is None:
        return NO_DATA
    return f"£{value:,.2f}" if pence else f"£{value:,.0f}"


def change_words(change, kind: str = "count") -> str:
    """The change from the previous period in words.

    kind 'count': change is relative (0.12 -> 'up 12%'); 'rate': a difference of proportions
    (0.031 -> 'up 3.1 points'); 'score': a difference of scores (0.05 -> 'up 0.05').
    """
    if change is None:
        return "no previous figure to compare"
    if kind == "rate":
        size = f"{abs(change) * 100:.1f} points"
        flat = abs(change) < 0.0005
    elif kind == "score":
        size = f"{abs(change):.2f}"
        flat = abs(change) < 0.005
    else:
        size = f"{abs(change) * 100:.0f}%"
        flat = abs(change) < 0.005
    if flat:
        return "no change"
    return ("up " if change > 0 else "down ") + size


def change_direction(change, kind: str = "count") -> str:
    """'up', 'down' or 'flat', for a CSS class (the words above say the same for screen readers)."""
    if change is None:
        return "none"
    threshold = 0.0005 if kind == "rate" else 0.005
    return "flat" if abs(change) < threshold else "up" if change > 0 else "down"


def day(value) -> str:
    """'2026-04-01' or a date -> '1 April 2026'."""
    if not value:
        return NO_DATA
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month(value: str, short: bool = False) -> str:
    """'2026-04' -> 'April 2026' (or 'Apr')."""
    year, number_ = value.split("-")[:2]
    name = MONTHS[int(number_) - 1]
    return name[:3] if short else f"{name} {year}"


def moment(value) -> str:
    """A stored UTC timestamp as UK local time: '3 May 2026, 14:05'."""
    if not value:
        return "never"
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    local = when.astimezone(clock.LONDON)
    return f"{day(local.date())}, {local:%H:%M}"


def ago(value, now: datetime | None = None) -> str:
    """How long ago a stored UTC timestamp was: '3 hours ago'."""
    if not value:
        return "never"
    when = datetime.fromisoformat(value)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    seconds = ((now or clock.now()) - when).total_seconds()
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return "just now"


def period_name(period_id) -> str:
    """'2026-27-H1' -> 'April to September 2026'."""
    if not period_id:
        return ""
    year, _, half = period_id.split("-")
    year = int(year)
    return f"April to September {year}" if half == "H1" else f"October {year} to March {year + 1}"


def metric_name(metric: str) -> str:
    return METRICS.get(metric, (metric.replace("_", " ").capitalize(),))[0]


def metric_value(value, metric: str) -> str:
    """A benchmarked metric's value as it reads: '63%', '+0.34' or '1,234.5'."""
    kind = METRICS.get(metric, (None, "count"))[1]
    if kind == "rate":
        return percent(value)
    if kind == "score":
        return score(value)
    if kind == "pounds":
        return pounds(value, pence=True)
    return number(value, 1)


def cost_source(source) -> str:
    return COST_SOURCES.get(source, COST_SOURCES["default"])


def first_label(item) -> tuple[str, str]:
    """A survey option as a menu entry: ('bins_recycling', ('Bins and recycling', 'Biniau ...')) -> English."""
    key, pair = item
    return key, pair[0]


def council_name(slug, names: dict) -> str:
    return names.get(slug, slug)


def council_choice(council: dict) -> tuple[str, str]:
    return council["slug"], council["name"]


def period_option(period_id) -> tuple[str, str]:
    """A period menu entry: ('2026-27-H1', '2026-27-H1: April to September 2026')."""
    return period_id, f"{period_id}: {period_name(period_id)}"


def register(app):
    app.jinja_env.filters.update(
        number=number, percent=percent, score=score, pounds=pounds,
        change_words=change_words, change_direction=change_direction, day=day, month=month, moment=moment, ago=ago,
        period_name=period_name, period_option=period_option, label=label, first_label=first_label,
        metric_name=metric_name, metric_value=metric_value, council_name=council_name, council_choice=council_choice,
        cost_source=cost_source,
    )
    # The same functions as globals, for macros that take a formatter as an argument.
    app.jinja_env.globals.update(LABELS=LABELS, KINDS=KINDS, CHANNELS=CHANNELS, number_filter=number,
                                 percent_filter=percent, score_filter=score, pounds_filter=pounds)
