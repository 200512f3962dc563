"""Uploading a CSV file of ratings (phone IVR systems, contact-centre tools) from a council's dashboard.

The same reader as ``takeup ratings import`` (collector.ratings_csv): every
row is checked first, each bad row is reported by its line number, and
nothing is stored unless every row is good. "Check only" reports and stores
nothing. A route on the council blueprint, behind its guard.
"""
import csv
import io

from flask import flash, redirect, render_template, request, url_for

from collector import ratings_csv

from .. import auth
from ..uploads import MIB, allow_upload, read_text, size_words
from .common import store
from .council import bp

RATINGS_UPLOAD_BYTES = 5 * MIB  # about 100,000 ratings; larger exports can be split


def _page(council, *, error=None, bad_rows=(), checked=None, check_only=False):
    return render_template(
        "council/ratings_upload.html", council=council, errors={"ratings_file": error} if error else {},
        bad_rows=list(bad_rows), checked=checked, check_only=check_only,
        upload_limit=size_words(RATINGS_UPLOAD_BYTES),
    ), (400 if error else 200)


@bp.get("/<slug>/ratings/upload")
@auth.login_required
def ratings_upload(slug):
    return _page(auth.council_or_404(slug))


def _line_report(errors: dict) -> list[str]:
    """ratings_csv's report, one line per bad row, with a capital letter: 'Line 3: rating: ...'."""
    return [line[:1].upper() + line[1:] for line in ratings_csv.describe(errors)]


@bp.post("/<slug>/ratings/upload")
@allow_upload(RATINGS_UPLOAD_BYTES)
@auth.login_required
def ratings_upload_post(slug):
    council = auth.council_or_404(slug)
    check_only = request.form.get("check_only") == "yes"
    upload = request.files.get("ratings_file")
    if upload is None or not upload.filename:
        return _page(council, error="Select a CSV file of ratings", check_only=check_only)
    filename = upload.filename[:100]  # shown back in a message, which travels in the session cookie
    try:
        rows, errors = ratings_csv.read(io.StringIO(read_text(upload), newline=""), slug, source="upload")
    except ratings_csv.BadFile as exc:
        return _page(council, error=f"The file cannot be read as ratings: {exc}", check_only=check_only)
    except (ValueError, csv.Error) as exc:
        return _page(council, error=str(exc), check_only=check_only)
    if errors:
        n = len(errors)
        return _page(council, error=f"{n} row{'s' if n > 1 else ''} of {filename} {'are' if n > 1 else 'is'} not "
                                    f"right, so nothing was imported: fix {'them' if n > 1 else 'it'} and upload "
                                    "the file again", bad_rows=_line_report(errors), check_only=check_only)
    if not rows:
        return _page(council, error="The file has no ratings under its first line", check_only=check_only)
    if check_only:
        return _page(council, checked={"filename": filename, "valid": len(rows)}, check_only=True)
    stored = store().insert_ratings(rows)
    repeats = len(rows) - stored
    flash(f"Imported {stored} rating{'' if stored == 1 else 's'} from {filename}"
          + (f"; {repeats} had been imported before and {'was' if repeats == 1 else 'were'} skipped." if repeats
             else "."))
    return redirect(url_for(".ratings_upload", slug=slug))
