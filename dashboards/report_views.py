"""Report downloads from the dashboard: /councils/<slug>/report.<format>?period=2026-27-H1."""
from flask import Blueprint, abort, current_app, g, request

from . import periods, report
from .auth import can_see, is_staff

bp = Blueprint("reports", __name__)
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


@bp.get("/councils/<slug>/report.<fmt>")
def download(slug, fmt):
    """The bi-annual report as a file; a council user only for their own councils (404 otherwise)."""
    user = g.get("user")
    if not user:
        abort(401)
    if fmt not in MEDIA_TYPES or not can_see(user, slug):
        abort(404)
    try:
        _, _, period = periods.resolve(request.args.get("period"))
    except ValueError:
        abort(400)
    data = report.report_data(current_app.extensions["takeup.store"], slug, period, current_app.config,
                              named_peers=is_staff(user))
    if data is None:
        abort(404)
    try:
        content = report.render(data, fmt)
    except report.PDFUnavailable:
        current_app.logger.exception("PDF report requested but WeasyPrint is not available")
        abort(503)
    response = current_app.response_class(content, mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{report.filename(slug, period, fmt)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def register(app):
    app.register_blueprint(bp)
