"""The JSON API the widget and contact-centre systems post to.

A widget post goes through, in order: the rate limit, the schema (400, 413,
422), the site (404), the origin (403), then bots and spam, which get the
same answer as a real post but are not kept.
"""
import json

from flask import current_app, request
from marshmallow import ValidationError

from . import auth, clock, cors, schemas, survey
from .errors import APIError, Invalid, OriginNotAllowed, SiteNotFound, TooManyRequests
from .parser import Blueprint, doc_only, json_body
from .ratings import rating_row
from .scrub import scrub
from .useragent import classify

blp = Blueprint("ingest", __name__, url_prefix="/api/v1", description="Survey answers, takeup beacons and ratings.")

RATINGS_MAX_ITEMS = 1000
RATINGS_MAX_BYTES = 2 * 1024 * 1024
_ACCEPTED = b'{"ok":true}'


def _ext(name):
    return current_app.extensions[f"takeup.{name}"]


def _strip_query(path: str) -> str:
    # Query strings and fragments can carry personal data (search terms, reference numbers);
    # what is left of the path is scrubbed before it is stored (see counters and post_response).
    return path.split("?", 1)[0].split("#", 1)[0] or "/"


_proxy_warning_given = False


def _warn_about_an_untrusted_proxy():
    """Once per worker: behind a proxy that is not trusted, every client looks like the proxy."""
    global _proxy_warning_given
    if not _proxy_warning_given and not current_app.config["TRUSTED_PROXIES"] and "X-Forwarded-For" in request.headers:
        _proxy_warning_given = True
        current_app.logger.warning(
            "Posts arrive with X-Forwarded-For but TAKEUP_TRUSTED_PROXIES is 0: every client counts as the "
            "proxy's address, so the rate limit is shared by all. Set TAKEUP_TRUSTED_PROXIES to the number "
            "of proxies in front.")


def limit_posts_from_this_client():
    """Count a post against its client's rate limit; 429 with Retry-After once it is used up.

    Shared by every endpoint the public posts to (widget, ratings, kiosk).
    """
    limiter = _ext("ratelimit")
    if request.method != "POST" or limiter is None:
        return
    _warn_about_an_untrusted_proxy()
    retry_after = limiter.hit(request.remote_addr or "")
    if retry_after:
        raise TooManyRequests(headers={"Retry-After": str(retry_after)})


blp.before_request(limit_posts_from_this_client)


def _site_for_post(site_key: str) -> dict:
    """The site named in a widget post, if the post's Origin is one of its allowed origins."""
    site = _ext("sites").get(site_key)
    if site is None:
        cors.allow_origin(None)
        raise SiteNotFound("No site has that key.", {"site": ["Unknown site key."]})
    origin = request.headers.get("Origin", "")
    if origin not in site["origin_set"]:
        cors.allow_origin(None)
        _ext("counters").refuse(site_key, clock.local_day(clock.now()), origin or "(none)")
        raise OriginNotAllowed(errors={"origin": [f"{origin or 'No origin'} is not an allowed origin of this site."]})
    cors.allow_origin(origin)
    return site


def _is_bot(client) -> bool:
    return client.is_bot and not current_app.config["COUNT_BOTS"]


def _json(body: bytes, status: int):
    return current_app.response_class(body, status=status, mimetype="application/json")


@blp.route("/sites/<site_key>/survey", endpoint="survey")
@doc_only(blp.response(200, schemas.SurveySchema))
@doc_only(blp.alt_response(404, schema=schemas.ErrorSchema))
def get_survey(site_key):
    """The survey for a site: questions, labels in English and Welsh, sample rate."""
    site = _ext("sites").get(site_key)
    if site is None:
        raise SiteNotFound("No site has that key.")
    origin = request.headers.get("Origin")
    cors.allow_origin(origin if origin in site["origin_set"] else None)
    response = _json(json.dumps(survey.for_site(site), ensure_ascii=False).encode(), 200)
    # Short enough that a change of sample rate reaches visitors within minutes.
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@blp.route("/events", methods=["POST"], endpoint="post_event")
@json_body(blp, schemas.EventSchema())
@doc_only(blp.response(202, schemas.OkSchema))
@doc_only(blp.alt_response(403, schema=schemas.ErrorSchema))
@doc_only(blp.alt_response(404, schema=schemas.ErrorSchema))
@doc_only(blp.alt_response(422, schema=schemas.ErrorSchema))
@doc_only(blp.alt_response(429, schema=schemas.ErrorSchema))
def post_event(event):
    """A takeup beacon: a page view (the first of a visit sets ``visit``), or an invitation shown, opened or dismissed."""
    _site_for_post(event["site"])
    client = classify(request.headers.get("User-Agent", ""))
    if not (_is_bot(client) or event["preview"]):
        moment = clock.now()
        kinds = [event["kind"], "visit"] if event["kind"] == "pageview" and event["visit"] else [event["kind"]]
        _ext("counters").add(event["site"], clock.local_day(moment), client.device, kinds,
                             clock.iso(moment), _strip_query(event["path"]))
    return _json(_ACCEPTED, 202)


@blp.route("/responses", methods=["POST"], endpoint="post_response")
@json_body(blp, schemas.ResponseSchema())
@doc_only(blp.response(201, schemas.StoredSchema))
@doc_only(blp.alt_response(200, schema=schemas.StoredSchema,
                           description="That id was stored already; nothing new is stored."))
@doc_only(blp.alt_response(403, schema=schemas.ErrorSchema))
@doc_only(blp.alt_response(404, schema=schemas.ErrorSchema))
@doc_only(blp.alt_response(422, schema=schemas.ErrorSchema))
@doc_only(blp.alt_response(429, schema=schemas.ErrorSchema))
def post_response(posted):
    """One visitor's survey answers. Stored once per ``id``: a retry gets 200 and stores nothing."""
    site = _site_for_post(posted["site"])
    body = json.dumps({"ok": True, "id": str(posted["id"])}).encode()
    client = classify(request.headers.get("User-Agent", ""))
    spam = posted["hp"] != "" or posted["elapsed_ms"] < current_app.config["MIN_SUBMIT_MS"]
    if spam or _is_bot(client):
        # The same answer as a stored response, so a bot learns nothing from it.
        return _json(body, 201)
    moment = clock.now()
    answers = posted["answers"]
    row = {
        "id": str(posted["id"]), "site_key": site["site_key"], "council_slug": site["council_slug"],
        "received_at": clock.iso(moment), "day": clock.local_day(moment), "lang": posted["lang"],
        "path": scrub(_strip_query(posted["path"])), "device": client.device, "browser": client.browser,
        "service": answers.get("service"), "task": answers.get("task"), "rating": answers.get("rating"),
        "reason": answers.get("reason"), "alternative": answers.get("alternative"),
        "comment": scrub((answers.get("comment") or "").strip() or None), "elapsed_ms": posted["elapsed_ms"],
        "is_test": int(posted["preview"]),
    }
    stored = _ext("store").insert_response(row)
    return _json(body, 201 if stored else 200)


def _read_ratings() -> list:
    request.max_content_length = RATINGS_MAX_BYTES
    try:
        body = json.loads(request.get_data(cache=True))
    except (ValueError, UnicodeDecodeError):
        raise APIError("The body is not valid JSON.") from None
    items = body if isinstance(body, list) else [body]
    if not 1 <= len(items) <= RATINGS_MAX_ITEMS:
        raise Invalid(f"Send one rating or a list of 1 to {RATINGS_MAX_ITEMS}.",
                      {"_body": [f"Expected 1 to {RATINGS_MAX_ITEMS} ratings, got {len(items)}."]})
    try:
        return schemas.RatingSchema(many=True).load(items)
    except ValidationError as exc:
        # Name each bad item by its position in the list (0-based).
        raise Invalid(f"{len(exc.messages)} of {len(items)} ratings are not valid; none was stored.",
                      {str(index): messages for index, messages in exc.messages.items()}) from None


@blp.route("/ratings", methods=["POST"], endpoint="post_ratings")
@blp.doc(
    security=[{"bearerAuth": []}],
    requestBody={"required": True, "content": {"application/json": {"schema": {"oneOf": [
        {"$ref": "#/components/schemas/Rating"},
        {"type": "array", "items": {"$ref": "#/components/schemas/Rating"}, "minItems": 1,
         "maxItems": RATINGS_MAX_ITEMS}]}}}},
)
@blp.response(201, schemas.RatingsStoredSchema)
@blp.alt_response(401, schema=schemas.ErrorSchema)
@blp.alt_response(422, schema=schemas.ErrorSchema)
def post_ratings():
    """Ratings from any channel, with the council's bearer token: one, or a list of up to 1,000 (all or nothing)."""
    council = auth.council_from_bearer(_ext("store"))
    received_at = clock.now()
    rows = [rating_row(item, council, "api", received_at) for item in _read_ratings()]
    stored = _ext("store").insert_ratings(rows)
    return {"ok": True, "received": len(rows), "stored": stored}, 201
