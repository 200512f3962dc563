"""One rating, as the store keeps it, from whichever door it came in (API, CSV file, kiosk)."""
import uuid

from . import clock
from .scrub import scrub


def rating_row(item: dict, council_slug: str, source: str, received_at, channel: str | None = None) -> dict:
    """A validated rating (RatingSchema or the kiosk's) as a row for store.insert_ratings.

    A missing id gets a new one; a missing time is when the rating was received; the comment is
    scrubbed of personal data; the day is the UK local day of the rating.
    """
    moment = item.get("time") or received_at
    return {
        "id": str(item.get("id") or uuid.uuid4()), "council_slug": council_slug,
        "channel": channel or item["channel"], "rating": item["rating"], "reason": item.get("reason"),
        "service": item.get("service"), "comment": scrub((item.get("comment") or "").strip() or None),
        "rated_at": clock.iso(moment), "day": clock.local_day(moment), "source": source,
        "received_at": clock.iso(received_at),
    }
