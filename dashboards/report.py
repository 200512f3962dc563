"""The bi-annual report for one council and period, as HTML ready to print, PDF or CSV.

Every figure comes from dashboards.summary.council_summary, as on the
dashboard and in the summary API; the report adds a year-long trend, a sample
of comments and a few highlights computed from the data. Reports go to
councils, so peers are anonymised unless ``named_peers`` is asked for.
"""
import re

from collector import clock

from . import charts, exports, formatting, metrics, periods, summary

FORMATS = ("html", "pdf", "csv")
COST_SOURCES = {"council": "at the council's own costs per contact", "default": "at the default costs per contact",
                "mixed": "at the council's own costs where entered, default costs otherwise"}


def report_data(store, slug: str, period_id: str, config, named_peers: bool = False) -> dict | None:
    """Everything the report shows, as plain data; None for an unknown council."""
    start, end = periods.parse_period(period_id)
    result = summary.council_summary(store, slug, start, end, named_peers=named_peers, config=config,
                                     period_id=period_id)
    if result is None:
        return None
    trend_start = periods.parse_period(periods.previous_period(periods.previous_period(period_id)))[0]
    return {
        "summary": result,
        "trend": store.council_months(slug, trend_start, end),
        "comments": store.representative_comments(slug, start, end),
        "highlights": highlights(store, result, start, end, config),
        "generated_at": clock.iso(clock.now()),
        "named_peers": named_peers,
    }


def _service_failures_against_peers(store, result, start, end, config):
    """(service, council's failed-visit Rate, peer median) for services with enough answers."""
    council = result["council"]
    peers = [c["slug"] for c in store.list_councils() if c["kind"] == council["kind"] and c["slug"] != council["slug"]]
    by_peer = store.service_totals_by_council(start, end, peers) if peers else {}
    rows = []
    for row in result["by_service"]:
        failed = row["failed_visit_rate"]
        if failed["too_few"]:
            continue
        peer_rates = [p[row["service"]]["failed"] / p[row["service"]]["answered"] for p in by_peer.values()
                      if row["service"] in p and p[row["service"]]["answered"] >= config["MIN_N"]]
        if peer_rates:
            rows.append((row, failed, metrics.quartiles(sorted(peer_rates))[1]))
    return sorted(rows, key=lambda item: item[1]["value"] - item[2], reverse=True)


def highlights(store, result, start, end, config) -> list[dict]:
    """A short list of what stands out, each {"kind": "concern"|"strength"|"change"|"note", "text"}."""
    found = []
    for row, failed, median in _service_failures_against_peers(store, result, start, end, config)[:2]:
        if failed["value"] > median:
            found.append({"kind": "concern", "text": (
                f"{row['label']}: {formatting.percent(failed['value'])} of visits failed "
                f"(n = {failed['n']}), against a peer median of {formatting.percent(median)}.")})
    headline = result["headline"]
    changes = [(name, headline[name]) for name in ("success_rate", "failed_visit_rate", "response_rate")
               if headline[name]["change"] is not None and not headline[name]["too_few"]]
    if changes:
        name, figure = max(changes, key=lambda item: abs(item[1]["change"]))
        found.append({"kind": "change", "text": (
            f"The largest change since the previous period: {formatting.metric_name(name).lower()} "
            f"{'rose' if figure['change'] > 0 else 'fell'} by {abs(figure['change']) * 100:.1f} points, "
            f"from {formatting.percent(figure['previous'])} to {formatting.percent(figure['value'])} "
            f"(n = {figure['n']}).")})
    visits = headline["visits"]
    if visits["change"] is not None:
        found.append({"kind": "change", "text": (
            f"Visits {'rose' if visits['change'] >= 0 else 'fell'} by {abs(visits['change']) * 100:.0f}% "
            f"to {formatting.number(visits['value'])}.")})
    # At most two strengths and two concerns from the benchmarks, the headline measures first.
    for position, kind in (("top quarter", "strength"), ("bottom quarter", "concern")):
        metrics_here = [m for m, entry in result["benchmarks"].items() if entry["position"] == position]
        for metric in metrics_here[:2]:
            entry = result["benchmarks"][metric]
            found.append({"kind": kind, "text": (
                f"{formatting.metric_name(metric)} is in the {position} of {entry['peers']} "
                f"{formatting.label(result['council']['kind'], 'kind')} councils.")})
    avoidable = headline["avoidable_contacts"]
    if avoidable["value"]:
        found.append({"kind": "note", "text": (
            f"An estimated {formatting.number(avoidable['value'])} avoidable contacts followed failed visits, "
            f"costing about {formatting.pounds(avoidable['cost'])} ({COST_SOURCES[avoidable['cost_source']]}).")})
    if headline["success_rate"]["too_few"]:
        found.append({"kind": "note", "text": (
            f"Too few answers (n = {headline['success_rate']['n']}) to rely on the success rate; "
            f"at least {result['thresholds']['min_n']} are needed.")})
    return found


def render_csv(data: dict) -> str:
    """Every figure of the report, one per row, safe to open in a spreadsheet."""
    rows = list(exports.summary_rows(data["summary"]))
    rows += [("highlights", str(i + 1), item["kind"], item["text"], *[None] * 7)
             for i, item in enumerate(data["highlights"])]
    return "".join(exports.csv_lines(exports.SUMMARY_HEADER, rows))


def _charts(data: dict) -> dict:
    """Geometry for the report's SVG charts (drawn by the dashboard's chart macros)."""
    result = data["summary"]
    services = [(formatting.label(row["service"], "service"),
                 {"yes": row["success_rate"]["k"], "no": row["failed_visit_rate"]["k"]})
                for row in result["by_service"]]
    return {
        "trend": charts.column_chart([(formatting.month(row["month"], short=True), row["visits"])
                                      for row in data["trend"]], fmt=formatting.number),
        "services": charts.stacked_chart(services, ["yes", "no"]),
        "channels": charts.stacked_chart([(formatting.label(c, "channel"), grades)
                                          for c, grades in result["rating_distribution"].items()],
                                         ["good", "average", "poor"]),
        "strips": {metric: charts.benchmark_strip(entry) for metric, entry in result["benchmarks"].items()
                   if metric in formatting.METRICS},
    }


def render_html(data: dict) -> str:
    """A single self-contained, print-ready HTML file (its styles are inside it)."""
    from flask import render_template

    return render_template("report/report.html", report=data, summary=data["summary"], charts=_charts(data),
                           cost_sources=COST_SOURCES)


# WeasyPrint draws inline SVG with its own renderer, which reads styles from inside each <svg> only
# (the page's stylesheet does not reach it), so the chart styles are repeated there for the PDF.
_SVG_STYLE = re.compile(r"(<svg\b[^>]*>)")


def _svg_styles(html: str) -> str:
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    chart_rules = "\n".join(line for line in css.splitlines() if ".chart__" in line)
    page_rules = "\n".join(line for line in css.splitlines() if ".chart__" not in line)
    html = html.replace(css, page_rules, 1)
    return _SVG_STYLE.sub(lambda m: f"{m.group(1)}<style>{chart_rules}</style>", html)


class PDFUnavailable(Exception):
    """WeasyPrint, or the system libraries it needs, is not installed."""


def render_pdf(data: dict) -> bytes:
    # Imported here: WeasyPrint needs Pango from the system, and only PDF reports need it.
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PDFUnavailable("PDF reports need WeasyPrint and Pango: pip install 'takeup[pdf]' "
                             "and apt-get install libpango-1.0-0 libpangoft2-1.0-0") from exc

    return HTML(string=_svg_styles(render_html(data))).write_pdf()


def render(data: dict, fmt: str):
    """The report in one format: str for html and csv, bytes for pdf."""
    return {"html": render_html, "pdf": render_pdf, "csv": render_csv}[fmt](data)


def filename(slug: str, period_id: str, fmt: str) -> str:
    return f"{slug}-{period_id}.{fmt}"
