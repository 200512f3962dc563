"""CSV and JSON exports of a council's responses and summary.

Comments and page paths come from the public, so a CSV cell could hold a
spreadsheet formula (``=HYPERLINK(...)``, ``@SUM(...)``, ``-2+3``) that runs
when a council officer opens the file. Every text cell that begins with
``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed gets a
leading ``'``, which spreadsheets read as "this is text". Numbers we wrote
ourselves are left as numbers: a negative change is data, not a formula.
"""
import csv
import io
import itertools
import json


DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """One CSV cell, safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(DANGEROUS_FIRST) else text


def csv_lines(header, rows):
    """Yield a CSV file line by line (for a streamed response), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # A byte order mark first: Excel, which most councils open CSV files in, then reads UTF-8 (Welsh, £).
    yield "\ufeff"
    for row in itertools.chain([header], rows):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in row])
        yield buffer.getvalue()


def json_lines(head: dict, key: str, items):
    """Yield a JSON object ``{**head, key: [items...]}`` piece by piece, so big exports stream."""
    opening = json.dumps(head, ensure_ascii=False)
    yield (opening[:-1] + ", " if head else "{") + json.dumps(key) + ": ["
    for i, item in enumerate(items):
        yield ("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"


def filename(slug: str, start, end, period_id, what: str, extension: str) -> str:
    span = period_id or f"{start.isoformat()}-to-{end.isoformat()}"
    return f"{slug}-{span}-{what}.{extension}"


# -- the summary as rows ------------------------------------------------------------

SUMMARY_HEADER = ("section", "item", "measure", "value", "k", "n", "low", "high", "too_few", "previous", "change")


def _figure_row(section, item, measure, figure):
    if not isinstance(figure, dict):
        return (section, item, measure, figure, None, None, None, None, None, None, None)
    return (section, item, measure, figure.get("value"), figure.get("k"), figure.get("n"), figure.get("low"),
            figure.get("high"), figure.get("too_few"), figure.get("previous"), figure.get("change"))


def summary_rows(summary: dict):
    """The summary (dashboards.summary.council_summary) flattened to one row per figure."""
    council, period = summary["council"], summary["period"]
    yield ("council", council["slug"], "name", council["name"], *[None] * 7)
    yield ("council", council["slug"], "kind", council["kind"], *[None] * 7)
    yield ("council", council["slug"], "population", council["population"], *[None] * 7)
    yield ("period", period["id"] or "", "from", period["from"], *[None] * 7)
    yield ("period", period["id"] or "", "to", period["to"], *[None] * 7)
    yield ("previous", "", "from", summary["previous"]["from"], *[None] * 7)
    yield ("previous", "", "to", summary["previous"]["to"], *[None] * 7)
    for name, figure in summary["headline"].items():
        if name in ("avoidable_contacts", "contacts_avoided"):
            yield _figure_row("headline", name, "contacts", figure)
            money = "cost" if name == "avoidable_contacts" else "value_pounds"
            yield ("headline", name, money, figure.get(money), *[None] * 7)
            yield ("headline", name, "cost_source", figure.get("cost_source"), *[None] * 7)
            yield _figure_row("headline", name, "share", figure.get("share"))
            for channel, row in (figure.get("by_channel") or {}).items():
                for key, value in row.items():
                    yield (f"{name}_by_channel", channel, key, value, *[None] * 7)
        else:
            yield _figure_row("headline", name, "value", figure)
    for channel, figure in summary["satisfaction_by_channel"].items():
        yield _figure_row("net_satisfaction_by_channel", channel, "score", figure)
    for channel, grades in summary["rating_distribution"].items():
        for grade, n in grades.items():
            yield ("rating_distribution", channel, grade, n, *[None] * 7)
    for reason, n in summary["reasons"].items():
        yield ("reasons", reason, "responses", n, *[None] * 7)
    for row in summary["by_service"]:
        yield ("by_service", row["service"], "responses", row["responses"], *[None] * 7)
        yield _figure_row("by_service", row["service"], "success_rate", row["success_rate"])
        yield _figure_row("by_service", row["service"], "failed_visit_rate", row["failed_visit_rate"])
    for row in summary["by_month"]:
        for key in ("visits", "page_views", "responses"):
            yield ("by_month", row["month"], key, row[key], *[None] * 7)
    for device, n in summary["devices"].items():
        yield ("devices", device, "visits", n, *[None] * 7)
    for channel, row in summary["channel_costs"]["channels"].items():
        for key, value in row.items():
            yield ("channel_costs", channel, key, value, *[None] * 7)
    for metric, entry in summary["benchmarks"].items():
        for key in ("value", "peers", "median", "q1", "q3", "position", "included"):
            yield ("benchmarks", metric, key, entry.get(key), *[None] * 7)
