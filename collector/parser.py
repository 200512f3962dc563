"""Read widget posts as JSON whatever their Content-Type.

The widget sends JSON as ``text/plain`` so that browsers send no CORS
preflight; webargs would ignore such a body, so this parser reads any body
as JSON (malformed JSON still gets webargs' 400).
"""
from flask_smorest import Blueprint as _Blueprint
from webargs import core
from webargs.flaskparser import FlaskParser


class AnyTypeJSONParser(FlaskParser):
    def _raw_load_json(self, req):
        return core.parse_json(req.get_data(cache=True))


class Blueprint(_Blueprint):
    ARGUMENTS_PARSER = AnyTypeJSONParser()
