"""Operator endpoints: /healthz, and the no-op floor that bench/ingest.py measures against."""
from flask import Blueprint, current_app, request

from .errors import error_response

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers."""
    store = current_app.extensions["takeup.store"]
    try:
        store.ping()
        version = store.schema_version()
    except Exception:
        current_app.logger.exception("Health check could not reach the database")
        return error_response(503, "The database cannot be reached.")
    return {"ok": True, "schema_version": version}


noop = Blueprint("bench", __name__)


@noop.post("/bench/noop")
def bench_noop():
    """Reads the body and answers 204: the framework's own cost, for bench/ingest.py."""
    request.get_data()
    return current_app.response_class(status=204)
