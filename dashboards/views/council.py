"""A council's pages: the dashboard, the comments explorer, exports and install health.

Every route takes the council's slug and starts with ``council_or_404``:
a council user asking for another council's page, export or comment gets
404, whatever the path or query says.
"""
from datetime import timedelta

from flask import Blueprint, abort, current_app, g, render_template, request, stream_with_context, url_for

from collector import clock
from collector.cli import snippet
from collector.storage.sqlite_dashboard import EXPORT_COLUMNS
from collector.survey import RATINGS, SERVICES, TASKS

from .. import auth, charts, exports, summary
from ..formatting import CHANNELS, DEVICES, LABELS, month, number, percent
from .common import BadInput, Page, period_from_request, page_number, store

bp = Blueprint("council", __name__, url_prefix="/councils")

COMMENTS_PER_PAGE = 25
SEARCH_MAX = 200
STALE_DAYS = summary.STALE_BEACON_DAYS  # no beacon for this long: the tag is probably missing
REFUSED_DAYS = 30   # how far back refused posts are shown


@bp.get("")
@auth.login_required
def index():
    """The councils this user may see."""
    councils = [c for c in store().list_councils() if auth.can_see(g.user, c["slug"])]
    return render_template("council/index.html", councils=councils)


def council_summary(council, period):
    return summary.council_summary(store(), council["slug"], period.start, period.end,
                                   named_peers=auth.is_staff(g.user), config=current_app.config,
                                   period_id=period.id)


def _described(chart: dict, intro: str) -> dict:
    """Add the chart's text alternative: its intro and every bar's label and value, in words."""
    items = chart.get("bars") or chart.get("rows") or []
    words = "; ".join(f"{item['label']} {item['value']}" for item in items) or "no data"
    chart["desc"] = f"{intro}: {words}."
    return chart


def dashboard_charts(s: dict) -> dict:
    """The chart geometry for one summary (see charts.py), each with a text alternative."""
    months = s["by_month"]
    services = sorted(s["by_service"], key=lambda row: -row["responses"])
    devices = {d: s["devices"].get(d, 0) for d in DEVICES} | {d: n for d, n in s["devices"].items() if d not in DEVICES}
    device_total = sum(devices.values())
    long_months = [(month(m["month"]), m) for m in months]
    visits = charts.column_chart([(month(m["month"], short=True), m["visits"]) for m in months], fmt=number)
    responses = charts.column_chart([(month(m["month"], short=True), m["responses"]) for m in months], fmt=number)
    visits["desc"] = "Visits each month: " + "; ".join(f"{name} {number(m['visits'])}" for name, m in long_months) + "."
    responses["desc"] = ("Survey responses each month: "
                         + "; ".join(f"{name} {number(m['responses'])}" for name, m in long_months) + ".")
    return {
        "visits": visits,
        "responses": responses,
        "ratings": charts.stacked_chart(
            [(CHANNELS.get(c, c), grades) for c, grades in s["rating_distribution"].items()],
            ("good", "average", "poor")),
        "services": charts.stacked_chart(
            [(row["label"], {"success": row["success_rate"]["k"], "failed": row["failed_visit_rate"]["k"]})
             for row in services], ("success", "failed")),
        "devices": _described(charts.bar_chart(
            [(LABELS["device"].get(d, d), n) for d, n in devices.items()],
            fmt=lambda n: f"{number(n)} ({percent(n / device_total if device_total else None)})"), "Visits by device"),
        "reasons": _described(charts.bar_chart([(LABELS["reason"][r], n) for r, n in s["reasons"].items()],
                                               fmt=number), "Responses giving each reason"),
        "benchmarks": {metric: charts.benchmark_strip(entry) for metric, entry in s["benchmarks"].items()},
    }


@bp.get("/<slug>")
@auth.login_required
def dashboard(slug):
    council = auth.council_or_404(slug)
    period = period_from_request()
    s = council_summary(council, period)
    return render_template("council/dashboard.html", council=council, period=period, s=s,
                           charts=dashboard_charts(s)), (400 if period.error else 200)


# -- comments -------------------------------------------------------------------


def _choice(name, allowed):
    value = (request.args.get(name) or "").strip()
    return value if value in allowed else None


@bp.get("/<slug>/comments")
@auth.login_required
def comments(slug):
    council = auth.council_or_404(slug)
    period = period_from_request()
    filters = {"service": _choice("service", SERVICES), "task": _choice("task", TASKS),
               "rating": _choice("rating", RATINGS),
               "text": (request.args.get("q") or "").strip()[:SEARCH_MAX] or None}
    page = Page(page_number(), COMMENTS_PER_PAGE, 0)
    rows, page.total = store().search_comments(slug, period.start, period.end, limit=page.size,
                                               offset=page.offset, **filters)
    if page.number > page.count:  # past the end (an old link, a changed filter): show the last page
        page.number = page.count
        rows, page.total = store().search_comments(slug, period.start, period.end, limit=page.size,
                                                   offset=page.offset, **filters)
    query = {**period.args, **{k: v for k, v in (("service", filters["service"]), ("task", filters["task"]),
                                                  ("rating", filters["rating"]), ("q", filters["text"])) if v}}
    links = {
        "previous": url_for(".comments", slug=slug, **query, page=page.number - 1) if page.number > 1 else None,
        "next": url_for(".comments", slug=slug, **query, page=page.number + 1) if page.number < page.count else None,
    }
    return render_template("council/comments.html", council=council, period=period, filters=filters, rows=rows,
                           page=page, links=links, services=SERVICES, tasks=TASKS,
                           ratings=RATINGS), (400 if period.error else 200)


# -- exports --------------------------------------------------------------------


def _attachment(body, mimetype: str, name: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<slug>/export/<what>.<fmt>")
@auth.login_required
def export(slug, what, fmt):
    council = auth.council_or_404(slug)
    if what not in ("responses", "summary") or fmt not in ("csv", "json"):
        abort(404)
    period = period_from_request()
    if period.error:
        raise BadInput(period.error)
    name = exports.filename(slug, period.start, period.end, period.id, what, fmt)
    if what == "summary":
        s = council_summary(council, period)
        if fmt == "json":
            return _attachment(current_app.json.dumps(s), "application/json", name)
        return _attachment("".join(exports.csv_lines(exports.SUMMARY_HEADER, exports.summary_rows(s))),
                           "text/csv", name)
    rows = store().export_responses(slug, period.start, period.end)
    if fmt == "json":
        head = {"council": slug, "period": {"id": period.id, "from": period.start.isoformat(),
                                            "to": period.end.isoformat()}}
        return _attachment(stream_with_context(exports.json_lines(head, "responses", rows)), "application/json", name)
    lines = exports.csv_lines(EXPORT_COLUMNS, ([row[c] for c in EXPORT_COLUMNS] for row in rows))
    return _attachment(stream_with_context(lines), "text/csv", name)


# -- install health -------------------------------------------------------------


def site_health(site: dict, today) -> dict:
    """One site's install health: its last beacon, pages, refused origins, and a verdict."""
    since = today - timedelta(days=REFUSED_DAYS)
    refused = store().refused_origins(site["site_key"], since)
    last = site.get("last_beacon_at")
    stale_before = clock.iso(clock.now() - timedelta(days=STALE_DAYS))
    if not last:
        status, verdict = "missing", "No beacon has ever arrived: the tag is not on the site yet, or not working."
    elif last < stale_before:
        status, verdict = "stale", f"No beacon in the last {STALE_DAYS} days: check the tag is still on the site."
    else:
        status, verdict = "ok", "The tag is working: beacons are arriving."
    return {"site": site, "status": status, "verdict": verdict, "refused": refused,
            "pages": store().site_pages(site["site_key"], limit=10), "snippet": snippet(site["site_key"])}


@bp.get("/<slug>/install")
@auth.login_required
def install(slug):
    council = auth.council_or_404(slug)
    today = clock.today()
    sites = [site_health(site, today) for site in store().list_sites(slug)]
    return render_template("council/install.html", council=council, sites=sites, refused_days=REFUSED_DAYS,
                           site_cache_seconds=current_app.config.get("SITE_CACHE_SECONDS"))
