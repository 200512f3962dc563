"""Reading request bodies, and flask-smorest decorators that only document.

The widget sends JSON as ``text/plain`` so that browsers send no CORS
preflight, so bodies are read as JSON whatever their Content-Type: webargs
(behind ``blp.arguments``) is taught to do so for ordinary endpoints.

The widget's own endpoints take a post for every page view on every council
site, and webargs' and flask-smorest's wrappers cost about as much as the
rest of such a request. There ``json_body`` validates with the same
marshmallow schema directly, and ``doc_only`` applies a flask-smorest
decorator for the OpenAPI document without wrapping the view.
"""
import functools
import json

from flask import request
from flask_smorest import Blueprint as _Blueprint
from marshmallow import ValidationError
from webargs import core
from webargs.flaskparser import FlaskParser

from .errors import APIError, Invalid


class AnyTypeJSONParser(FlaskParser):
    def _raw_load_json(self, req):
        return core.parse_json(req.get_data(cache=True))


class Blueprint(_Blueprint):
    ARGUMENTS_PARSER = AnyTypeJSONParser()


def doc_only(smorest_decorator):
    """Use a flask-smorest decorator (arguments, response, alt_response) for the document only."""
    def apply(view):
        view._apidoc = smorest_decorator(view)._apidoc
        return view
    return apply


def json_body(blp: Blueprint, schema):
    """Validate the body with ``schema`` and pass the result to the view; documented as blp.arguments would."""
    def decorator(view):
        view = doc_only(blp.arguments(schema))(view)

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            raw = request.get_data(cache=True)
            try:
                # An empty body is an empty object, so its answer names the missing fields.
                data = json.loads(raw) if raw else {}
            except (ValueError, UnicodeDecodeError):
                raise APIError("The body is not valid JSON.") from None
            try:
                loaded = schema.load(data)
            except ValidationError as exc:
                raise Invalid(errors=exc.messages if isinstance(exc.messages, dict) else {"_body": exc.messages}) from None
            return view(loaded, *args, **kwargs)
        return wrapper
    return decorator
