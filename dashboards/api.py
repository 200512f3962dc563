"""The summary API: GET /api/v1/councils/<slug>/summary, for council users and staff.

It returns exactly what the council dashboard shows (both call
dashboards.summary.council_summary). Council systems authenticate with the
council's bearer token; people with their dashboard session.
"""
from flask import current_app, g, request
from marshmallow import Schema, fields

from collector import auth
from collector.errors import APIError, Invalid, Unauthorized
from collector.parser import Blueprint
from collector.schemas import ErrorSchema

from . import periods, summary
from .auth import can_see, is_staff

blp = Blueprint("summary", __name__, url_prefix="/api/v1", description="Per-council results and benchmarks.")


class SummaryQuerySchema(Schema):
    period = fields.String(metadata={"description": "A financial half-year such as 2026-27-H1."})
    from_ = fields.Date(data_key="from", metadata={"description": "First day (with `to`), ISO 8601."})
    to = fields.Date(metadata={"description": "Last day, inclusive (with `from`)."})


class SummarySchema(Schema):
    council = fields.Dict(required=True)
    period = fields.Dict(required=True)
    previous = fields.Dict(required=True)
    thresholds = fields.Dict(required=True)
    headline = fields.Dict(required=True, metadata={"description": "Each figure with n, 95% interval and change."})
    satisfaction_by_channel = fields.Dict(required=True)
    rating_distribution = fields.Dict(required=True)
    reasons = fields.Dict(required=True)
    by_service = fields.List(fields.Dict(), required=True)
    by_month = fields.List(fields.Dict(), required=True)
    devices = fields.Dict(required=True)
    channel_costs = fields.Dict(required=True)
    benchmarks = fields.Dict(required=True)


class CouncilNotFound(APIError):
    """No council with that slug that this caller may see."""

    status = 404


def viewer_for(slug: str) -> dict:
    """Who is asking about this council: a bearer token of that council, or a signed-in user who may see it."""
    store = current_app.extensions["takeup.store"]
    if request.headers.get("Authorization"):
        if auth.council_from_bearer(store) != slug:
            raise CouncilNotFound("No council with that slug for this token.")
        return {"role": "council", "councils": [slug]}
    user = g.get("user")
    if not user:
        raise Unauthorized("Sign in, or send the council's bearer token.")
    if not can_see(user, slug):
        raise CouncilNotFound("No council with that slug that you can see.")
    return user


@blp.route("/councils/<slug>/summary", endpoint="council_summary")
@blp.arguments(SummaryQuerySchema(), location="query")
@blp.response(200, SummarySchema)
@blp.alt_response(401, schema=ErrorSchema)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(422, schema=ErrorSchema)
@blp.doc(security=[{"bearerAuth": []}])
def council_summary(query, slug):
    """Every metric for one council and period (default: the last complete half-year), with peer benchmarks."""
    viewer = viewer_for(slug)
    try:
        start, end, period_id = periods.resolve(
            query.get("period"), *(str(query[k]) if k in query else None for k in ("from_", "to")))
    except ValueError as exc:
        raise Invalid(str(exc), {"period": [str(exc)]}) from None
    result = summary.council_summary(current_app.extensions["takeup.store"], slug, start, end,
                                     named_peers=is_staff(viewer), config=current_app.config,
                                     period_id=period_id)
    if result is None:
        raise CouncilNotFound("No council with that slug.")
    response = current_app.json.response(result)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def register(app):
    from . import report_views

    app.extensions["takeup.api"].register_blueprint(blp)
    report_views.register(app)
