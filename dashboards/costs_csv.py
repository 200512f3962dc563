"""Channel costs from a CSV file: read, check every row, and say what is wrong with each bad one.

Columns (a header row names them; order does not matter; all four are needed, others are an error):

  period    a financial half-year, such as 2026-27-H1
  channel   web, phone, face_to_face or email
  contacts  a whole number, 0 or more; may be blank for web (the visits counted in the period)
  cost      the total cost in pounds, 0 or more, at most two decimal places; may be blank

The same rules as the costs form (dashboards.channel_costs). Nothing is saved here: the caller saves the
rows only when there are no errors, so a file is taken whole or not at all.
"""
import csv

from . import periods
from .channel_costs import CHANNELS, check_pair, parse_contacts, parse_cost

COLUMNS = ("period", "channel", "contacts", "cost")
MAX_ROWS = 10_000  # far more than a council has half-years times channels; a bigger file is a mistake


class BadFile(Exception):
    """The file cannot be read as a costs CSV at all (empty, wrong columns, too many rows)."""


def read(lines, web_visits=None) -> tuple[list[dict], dict]:
    """Check every row; return (rows for store.save_channel_costs, {line number: [messages]}).

    ``web_visits(period)`` gives the visits counted in a period, the default for blank web contacts.
    """
    reader = csv.DictReader(lines)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not header:
        raise BadFile("The file is empty: its first line must name the columns period,channel,contacts,cost")
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in COLUMNS if name not in header]
    if unknown or missing:
        problems = ([f"unknown column(s) {', '.join(unknown)}"] if unknown else []) + (
            [f"missing column(s) {', '.join(missing)}"] if missing else [])
        raise BadFile("The first line must name the columns period,channel,contacts,cost: "
                      + "; ".join(problems))
    reader.fieldnames = header
    rows, errors, seen = [], {}, {}
    for record in reader:
        line = reader.line_num
        if len(rows) + len(errors) >= MAX_ROWS:
            raise BadFile(f"The file has more than {MAX_ROWS:,} rows: send one council's costs at a time")
        if None in record:
            errors[line] = ["more cells than columns"]
            continue
        values = {key: (value or "").strip() for key, value in record.items()}
        if not any(values.values()):
            continue  # a blank line
        row, messages = _check(values, web_visits)
        if row:
            key = (row["period"], row["channel"])
            if key in seen:
                messages.append(f"repeats the {row['channel']} costs for {row['period']} from line {seen[key]}")
            seen.setdefault(key, line)
        if messages:
            errors[line] = messages
        else:
            rows.append(row)
    return rows, errors


def _check(values: dict, web_visits) -> tuple[dict | None, list[str]]:
    messages = []
    period, channel = values["period"], values["channel"].lower()
    try:
        periods.parse_period(period)
    except ValueError:
        messages.append("period must be a half-year such as 2026-27-H1")
    if channel not in CHANNELS:
        messages.append(f"channel must be one of {', '.join(CHANNELS)}")
    contacts, problem = parse_contacts(values["contacts"], "contacts")
    messages += [problem] if problem else []
    cost, problem = parse_cost(values["cost"], "cost")
    messages += [problem] if problem else []
    if messages:
        return None, messages
    if contacts is None and cost is None:
        return None, ["give the contacts, the cost or both"]
    visits = (web_visits(period) if web_visits else 0) if channel == "web" else None
    contacts, problem = check_pair(contacts, cost, contacts_subject="contacts", web_visits=visits)
    if problem:
        return None, [problem]
    return {"period": period, "channel": channel, "contacts": contacts, "cost": cost}, []


def describe(errors: dict, limit: int = 50) -> list[str]:
    """One line per bad row: 'Line 3: cost must be £0 or more'."""
    lines = [f"Line {line}: {'; '.join(messages)}" for line, messages in sorted(errors.items())[:limit]]
    if len(errors) > limit:
        lines.append(f"... and {len(errors) - limit} more bad rows")
    return lines
