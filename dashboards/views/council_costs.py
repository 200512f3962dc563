"""A council's channel costs: the form for one half-year, and a CSV upload for any number.

Routes on the council blueprint, so they share its guard (``council_or_404``:
a council user sees only their own councils, staff see every one) and its
place in the access tests. Both ways in check entries with the same rules
(dashboards.channel_costs) and save all of them in one transaction, or none.
"""
import csv
import io

from flask import flash, redirect, render_template, request, url_for

from collector import clock

from .. import auth, costs_csv, periods
from ..channel_costs import CHANNELS, check_pair, parse_contacts, parse_cost
from ..formatting import CHANNELS as CHANNEL_NAMES
from ..formatting import period_name
from ..summary import DEFAULT_COST_PER_CONTACT
from ..uploads import allow_upload, read_text, size_words
from .common import BadInput, period_from_request, store
from .council import bp

COSTS_UPLOAD_BYTES = 256 * 1024  # a year of costs is a few hundred bytes; this is thousands of rows


def _cost_period():
    """(the page's period, the half-year costs are entered for). Dates in place of a half-year pick the
    half-year they start in, as the summary does."""
    period = period_from_request()
    return period, period.id or periods.period_for(period.start)


def counted_visits(slug: str, period_id: str) -> int:
    """The visits counted for the council in a half-year: the default number of web contacts."""
    start, end = periods.parse_period(period_id)
    return store().council_totals(start, end, [slug]).get(slug, {}).get("visits", 0)


def _shown(entry: dict | None) -> dict:
    """An entry as the form shows it: plain numbers that read back in unchanged."""
    if not entry:
        return {"contacts": "", "cost": ""}
    return {"contacts": "" if entry["contacts"] is None else str(entry["contacts"]),
            "cost": "" if entry["cost"] is None else f"{entry['cost']:.2f}"}


def _page(council, period, cost_period, *, values=None, errors=None, upload_error=None, bad_rows=()):
    entries = store().channel_cost_entries(council["slug"], cost_period)
    failed = bool(errors or upload_error or period.error)
    return render_template(
        "council/costs.html", council=council, period=period, cost_period=cost_period,
        channels=CHANNELS, entries=entries, values=values or {c: _shown(entries.get(c)) for c in CHANNELS},
        errors=errors or {}, upload_errors={"costs_file": upload_error} if upload_error else {},
        bad_rows=list(bad_rows), visits=counted_visits(council["slug"], cost_period),
        defaults=DEFAULT_COST_PER_CONTACT, upload_limit=size_words(COSTS_UPLOAD_BYTES),
    ), (400 if failed else 200)


@bp.get("/<slug>/costs")
@auth.login_required
def costs(slug):
    council = auth.council_or_404(slug)
    period, cost_period = _cost_period()
    return _page(council, period, cost_period)


def check_form(form, visits: int) -> tuple[dict, list, list, dict]:
    """(values as typed, rows to save, channels to clear, errors by field id) from the costs form.

    A channel whose fields are not in the form at all is left as it is; both fields empty clears it.
    """
    values, rows, cleared, errors = {}, [], [], {}
    for channel in CHANNELS:
        contacts_id, cost_id = f"contacts-{channel}", f"cost-{channel}"
        if contacts_id not in form and cost_id not in form:
            continue
        name = CHANNEL_NAMES[channel]
        typed = {"contacts": (form.get(contacts_id) or "").strip()[:40], "cost": (form.get(cost_id) or "").strip()[:40]}
        values[channel] = typed
        contacts, contacts_error = parse_contacts(typed["contacts"], f"{name} contacts")
        cost, cost_error = parse_cost(typed["cost"], f"{name} total cost")
        if not (contacts_error or cost_error):
            contacts, contacts_error = check_pair(contacts, cost, contacts_subject=f"{name} contacts",
                                                  web_visits=visits if channel == "web" else None)
        if contacts_error:
            errors[contacts_id] = contacts_error
        if cost_error:
            errors[cost_id] = cost_error
        if contacts_error or cost_error:
            continue
        if contacts is None and cost is None:
            cleared.append(channel)
        else:
            rows.append({"channel": channel, "contacts": contacts, "cost": cost})
    return values, rows, cleared, errors


@bp.post("/<slug>/costs")
@auth.login_required
def costs_save(slug):
    council = auth.council_or_404(slug)
    period, cost_period = _cost_period()
    if period.error:
        raise BadInput(period.error)
    values, rows, cleared, errors = check_form(request.form, counted_visits(slug, cost_period))
    if errors:
        shown = {c: values.get(c) or _shown(None) for c in CHANNELS}
        return _page(council, period, cost_period, values=shown, errors=errors)
    store().save_channel_costs(slug, [{**row, "period": cost_period} for row in rows],
                               [(cost_period, channel) for channel in cleared], clock.iso(clock.now()))
    flash(f"Channel costs for {period_name(cost_period)} ({cost_period}) saved.")
    return redirect(url_for(".costs", slug=slug, period=cost_period))


@bp.post("/<slug>/costs/upload")
@allow_upload(COSTS_UPLOAD_BYTES)
@auth.login_required
def costs_upload(slug):
    council = auth.council_or_404(slug)
    period, cost_period = _cost_period()
    upload = request.files.get("costs_file")
    if upload is None or not upload.filename:
        return _page(council, period, cost_period, upload_error="Select a CSV file of costs")
    filename = upload.filename[:100]  # shown back in a message, which travels in the session cookie
    visits: dict = {}

    def web_visits(period_id):
        if period_id not in visits:
            visits[period_id] = counted_visits(slug, period_id)
        return visits[period_id]

    try:
        rows, bad = costs_csv.read(io.StringIO(read_text(upload), newline=""), web_visits)
    except (ValueError, costs_csv.BadFile, csv.Error) as exc:
        return _page(council, period, cost_period, upload_error=str(exc))
    if bad:
        message = (f"{len(bad)} row{'s' if len(bad) > 1 else ''} of {filename} "
                   f"{'are' if len(bad) > 1 else 'is'} not right, so nothing was saved: fix "
                   f"{'them' if len(bad) > 1 else 'it'} and upload the file again")
        return _page(council, period, cost_period, upload_error=message, bad_rows=costs_csv.describe(bad))
    if not rows:
        return _page(council, period, cost_period, upload_error="The file has no rows of costs under its first line")
    store().save_channel_costs(slug, rows, [], clock.iso(clock.now()))
    uploaded = sorted({row["period"] for row in rows})
    flash(f"Saved {len(rows)} channel cost entr{'ies' if len(rows) > 1 else 'y'} from {filename}, "
          f"for {', '.join(uploaded)}.")
    return redirect(url_for(".costs", slug=slug, period=uploaded[-1]))
