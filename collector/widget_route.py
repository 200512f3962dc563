"""Serves the widget's minified build at /widget/v1/takeup.js.

The file is read and gzipped once per worker. Its URL has no version
hash (councils paste it once and never change it), so caching is long but
revalidated with an ETag: browsers keep it a day and refetch it cheaply.
"""
import gzip
import hashlib
from pathlib import Path

from flask import Blueprint, current_app, request

from .errors import error_response

bp = Blueprint("widget", __name__)
BUILD = Path(__file__).resolve().parent.parent / "widget" / "dist" / "takeup.min.js"


def _load():
    cached = current_app.extensions.get("takeup.widget")
    if cached is None:
        source = BUILD.read_bytes()
        cached = {"plain": source, "gzip": gzip.compress(source, 9, mtime=0),
                  "etag": hashlib.sha256(source).hexdigest()[:20]}
        current_app.extensions["takeup.widget"] = cached
    return cached


@bp.get("/widget/v1/takeup.js")
def takeup_js():
    try:
        widget = _load()
    except FileNotFoundError:
        return error_response(404, "The widget has not been built.")
    response = current_app.response_class(mimetype="text/javascript")
    response.set_etag(widget["etag"])
    response.headers["Cache-Control"] = "public, max-age=86400, stale-while-revalidate=604800"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["Access-Control-Allow-Origin"] = "*"  # a public script; lets pages use SRI/crossorigin
    response.vary.add("Accept-Encoding")
    if request.if_none_match.contains(widget["etag"]):
        response.status_code = 304
        return response
    if "gzip" in request.accept_encodings:
        response.set_data(widget["gzip"])
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(widget["plain"])
    return response
