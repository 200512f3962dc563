"""Ratings from a CSV file (phone systems, contact-centre tools): read, check every row, then store all or none.

Columns (a header row names them; order does not matter; other columns are an error):

  channel   required: web, phone, face_to_face or email
  rating    required: good, average or poor
  reason    optional: not_found, unclear_or_wrong, could_not_complete, hard_to_use
  service   optional: a service key from SPEC, such as council_tax
  comment   optional: free text, at most 1000 characters (scrubbed of personal data)
  time      optional: ISO 8601, such as 2026-05-01T09:30:00 (UK local time without an offset)
  id        optional: a UUID; a row whose id was imported before is skipped, so a file can be re-sent
"""
import csv

from marshmallow import ValidationError

from . import clock
from .ratings import rating_row
from .schemas import RatingSchema

COLUMNS = ("channel", "rating", "reason", "service", "comment", "time", "id")
REQUIRED = ("channel", "rating")
_schema = RatingSchema()


class BadFile(Exception):
    """The file cannot be read as a ratings CSV at all (no header, unknown columns)."""


def read(lines, council_slug: str, source: str = "csv", progress=None):
    """Check every row; return (rows ready for store.insert_ratings, {line number: messages})."""
    reader = csv.DictReader(lines)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not header:
        raise BadFile("the file is empty; the first line must name the columns, such as channel,rating")
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    if unknown or missing:
        problems = ([f"unknown column(s) {', '.join(unknown)}"] if unknown else []) + (
            [f"missing column(s) {', '.join(missing)}"] if missing else [])
        raise BadFile("; ".join(problems) + f" (columns: {', '.join(COLUMNS)})")
    reader.fieldnames = header
    rows, errors, received_at = [], {}, clock.now()
    for record in reader:
        line = reader.line_num
        if progress:
            progress(1)
        if None in record:
            errors[line] = {"_row": ["more cells than columns"]}
            continue
        values = {key: value.strip() for key, value in record.items() if value and value.strip()}
        if not values:
            continue  # blank line
        try:
            item = _schema.load(values)
        except ValidationError as exc:
            errors[line] = exc.messages
            continue
        rows.append(rating_row(item, council_slug, source, received_at))
    return rows, errors


def describe(errors: dict, limit: int = 50) -> list[str]:
    """One line per bad row: 'line 7: rating: Must be one of: good, average, poor.'"""
    lines = []
    for line, messages in sorted(errors.items())[:limit]:
        parts = [f"{field}: {' '.join(m if isinstance(m, str) else str(m) for m in msgs)}"
                 for field, msgs in messages.items()]
        lines.append(f"line {line}: " + "; ".join(parts))
    if len(errors) > limit:
        lines.append(f"... and {len(errors) - limit} more bad rows")
    return lines
