"""The reception-desk kiosk: the page at /kiosk/<site_key> and the face-to-face ratings it posts.

Two blueprints, one job:

* ``GET /kiosk/<site_key>`` (``kiosk`` blueprint) draws the page a council
  leaves open on a tablet at reception: Good / Average / Poor, then the
  optional reason, a thank-you, and a reset for the next person. Every
  word on it comes from survey.py or TEXT below, rendered server-side in
  the chosen language (``?lang=en`` or ``?lang=cy``), so the script only
  shows and hides screens. ``?service=housing`` tags the desk's ratings
  with a service.
* ``POST /api/v1/kiosk/<site_key>/ratings`` (``kiosk_api``, in the OpenAPI
  document) stores one rating on the council's ``face_to_face`` channel.
  It lives under /api/ so that, like every machine route, its errors keep
  the one JSON shape and the dashboards' CSRF check (for people's forms)
  leaves it alone; the kiosk's origin check plays that part here.

The page keeps ratings in ``localStorage`` until the collector has them, so
the same rating may arrive more than once: the client makes its ``id`` and a
repeat is answered 200 and stored once (``store.insert_ratings``).
"""
import hashlib
from datetime import timedelta
from pathlib import Path

from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from . import clock, schemas, survey
from .api import limit_posts_from_this_client
from .errors import OriginNotAllowed, SiteNotFound
from .parser import Blueprint as ApiBlueprint
from .ratings import rating_row
from .sites import normalise_origin

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
LANGUAGES = ("en", "cy")

# The kiosk asks SPEC's rating and reason questions, in survey.py's words. "The website was hard
# to use" is about the website, which a visitor at the desk has not been asked about, so the
# kiosk offers the other reasons (the endpoint still accepts every reason in SPEC).
KIOSK_REASONS = ("not_found", "unclear_or_wrong", "could_not_complete")
_QUESTIONS = {question["key"]: question for question in survey.QUESTIONS}

# Words only the kiosk uses, as (English, Welsh) like survey.py's labels.
TEXT = {
    "title": ("Rate your visit", "Graddiwch eich ymweliad"),
    "language": ("Language", "Iaith"),
    "optional": ("This question is optional.", "Mae'r cwestiwn hwn yn ddewisol."),
    "skip": ("Skip this question", "Hepgor y cwestiwn hwn"),
    "back": ("Back", "Yn ôl"),
    "thanks": ("Thank you for your feedback", "Diolch am eich adborth"),
    "recorded": ("Your answer has been recorded. This screen will reset for the next person.",
                 "Mae eich ateb wedi'i gofnodi. Bydd y sgrin hon yn ailosod ar gyfer y person nesaf."),
    "next": ("Next person", "Y person nesaf"),
    "needs_js": ("This page needs JavaScript. Please ask a member of staff.",
                 "Mae angen JavaScript ar y dudalen hon. Gofynnwch i aelod o staff."),
}
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}

# The page runs only our own script and stylesheet, talks only to us, and is never framed
# (a framed kiosk could be overlaid by another site's content).
PAGE_HEADERS = {
    "Content-Security-Policy": "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'",
        "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ]),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

# A tablet's clock can be wrong, and a kiosk that was offline delivers its ratings late. The time a
# rating was made is kept when it is plausible; otherwise the time it arrived is the best we know.
# (Refusing it with a 422 would make the kiosk drop a real rating for good.)
CLOCK_SKEW = timedelta(minutes=5)
OLDEST = timedelta(days=30)

page_bp = Blueprint("kiosk", __name__, static_folder=str(STATIC), static_url_path="/kiosk/static")
api_bp = ApiBlueprint("kiosk_api", __name__, url_prefix="/api/v1/kiosk",
                      description="Face-to-face ratings from the reception-desk kiosk page.")


class KioskRatingSchema(Schema):
    """One rating made at the kiosk.

    Unknown fields are rejected (no free text reaches the kiosk's ratings), every string is one of a
    fixed list, and the body as a whole is capped at 16 KiB by the app. ``lang`` is the language the
    page was shown in; it is checked but not stored, as ratings have no language.
    """

    id = fields.UUID(required=True, metadata={"description": "Made by the kiosk; a resend reuses it."})
    rating = fields.String(required=True, validate=validate.OneOf(survey.RATINGS))
    reason = fields.String(validate=validate.OneOf(survey.REASONS))
    service = fields.String(validate=validate.OneOf(survey.SERVICES))
    lang = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    time = fields.AwareDateTime(default_timezone=clock.LONDON, metadata={
        "description": "When the rating was made (ISO 8601); an implausible time is replaced by the time received."})

    @validates_schema
    def reason_follows_average_or_poor(self, data, **kwargs):
        # As in the survey, the reason question is only asked after average or poor.
        if data.get("reason") and data.get("rating") == "good":
            raise ValidationError("Give a reason only with an average or poor rating.", "reason")


# --- the page ----------------------------------------------------------------

def _ext(name):
    return current_app.extensions[f"takeup.{name}"]


def asset(filename: str) -> str:
    """A static file's URL with a hash of its content, so a kiosk never runs a stale script."""
    versions = current_app.extensions.setdefault("takeup.kiosk_assets", {})
    if filename not in versions:
        versions[filename] = hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:12]
    return url_for("kiosk.static", filename=filename, v=versions[filename])


def _choose_language(site: dict) -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    offered = [lang for lang in site.get("languages") or () if lang in LANGUAGES]
    return offered[0] if offered == ["cy"] else "en"


@page_bp.get("/kiosk/<site_key>")
def page(site_key):
    """The kiosk page for one site, in English or Welsh."""
    site = _ext("sites").get(site_key)
    if site is None:
        abort(404)
    lang = _choose_language(site)
    index = LANGUAGES.index(lang)
    service = request.args.get("service")
    service = service if service in survey.SERVICES else None
    council = _ext("store").get_council(site["council_slug"]) or {}

    def label(pair):
        return pair[index]

    def options(question, keys):
        return [(option["value"], option["label"][lang]) for option in _QUESTIONS[question]["options"]
                if option["value"] in keys]

    return render_template(
        "kiosk.html",
        lang=lang, asset=asset,
        text={key: label(pair) for key, pair in TEXT.items()},
        council_name=council.get("name") or site["council_slug"],
        rating_question=_QUESTIONS["rating"]["label"][lang],
        reason_question=_QUESTIONS["reason"]["label"][lang],
        ratings=options("rating", survey.RATINGS),
        reasons=options("reason", KIOSK_REASONS),
        languages=[(code, LANGUAGE_NAMES[code], url_for("kiosk.page", site_key=site_key, lang=code, service=service))
                   for code in LANGUAGES],
        site_key=site_key, service=service,
        endpoint=url_for("kiosk_api.post_rating", site_key=site_key),
    )


@page_bp.after_request
def add_page_headers(response):
    """The page's own security headers (also on its script and stylesheet); set before anyone's defaults."""
    for name, value in PAGE_HEADERS.items():
        response.headers[name] = value
    if request.endpoint == "kiosk.page":
        # Revalidate each time, so a change of wording or script reaches the kiosk on its next load.
        response.headers["Cache-Control"] = "no-cache"
    return response


# --- the endpoint ------------------------------------------------------------

def _own_origins() -> set:
    """The collector's own origin, as the browser that loaded the kiosk page from it sees it."""
    origins = set()
    for url in (request.host_url, current_app.config.get("PUBLIC_URL") or ""):
        try:
            origins.add(normalise_origin(url))
        except ValueError:
            pass
    return origins


@api_bp.before_request
def check_client():
    """Who may post, before what they posted is read: the rate limit, the site (404), the origin (403)."""
    limit_posts_from_this_client()
    site = _ext("sites").get((request.view_args or {}).get("site_key", ""))
    if site is None:
        raise SiteNotFound("No site has that key.", {"site": ["Unknown site key."]})
    origin = request.headers.get("Origin", "")
    if origin in _own_origins():
        g.kiosk_cors_origin = None  # same origin: nothing for CORS to say
    elif origin in site["origin_set"]:
        # A council may host its own copy of the page on one of the site's origins.
        g.kiosk_cors_origin = origin
    else:
        raise OriginNotAllowed(errors={"origin": [f"{origin or 'No origin'} may not post ratings for this site."]})
    g.kiosk_site = site
    if request.method == "OPTIONS":
        return _preflight()
    return None


def _preflight():
    response = current_app.response_class(status=204)
    response.headers["Access-Control-Allow-Methods"] = "POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


@api_bp.after_request
def add_cors_headers(response):
    # Echo a site origin exactly (never *), never with credentials: the kiosk sends no cookies.
    response.vary.add("Origin")
    origin = g.get("kiosk_cors_origin")
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
    return response


def _rated_at(sent, received):
    if sent is None or not received - OLDEST <= sent <= received + CLOCK_SKEW:
        return received
    return sent


@api_bp.route("/<site_key>/ratings", methods=["POST"], endpoint="post_rating")
@api_bp.arguments(KioskRatingSchema())
@api_bp.response(201, schemas.StoredSchema)
@api_bp.alt_response(200, schema=schemas.StoredSchema, description="That id was stored already; nothing new is stored.")
@api_bp.alt_response(403, schema=schemas.ErrorSchema)
@api_bp.alt_response(404, schema=schemas.ErrorSchema)
@api_bp.alt_response(422, schema=schemas.ErrorSchema)
@api_bp.alt_response(429, schema=schemas.ErrorSchema)
def post_rating(rating, site_key):
    """One face-to-face rating from the kiosk page, for the site's council. Stored once per ``id``."""
    site = g.kiosk_site
    received = clock.now()
    rating = {**rating, "time": _rated_at(rating.get("time"), received)}
    row = rating_row(rating, site["council_slug"], "kiosk", received, channel="face_to_face")
    stored = _ext("store").insert_ratings([row])
    return {"ok": True, "id": row["id"]}, 201 if stored else 200


def register(app):
    app.register_blueprint(page_bp)
    app.extensions["takeup.api"].register_blueprint(api_bp)
