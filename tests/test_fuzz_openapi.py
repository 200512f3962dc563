"""Schema-driven fuzzing: schemathesis generates requests from the app's own OpenAPI document, in-process.

Bounded (a fixed number of examples per operation, no deadline) so it runs in seconds.
"""
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from collector import auth, clock, create_app

ORIGIN = "https://www.fuzz.gov.uk"
_db = Path(tempfile.mkdtemp(prefix="takeup-fuzz-")) / "fuzz.db"
app = create_app({"DATABASE": str(_db), "RATE_LIMIT": "off", "MIN_SUBMIT_MS": 0, "COUNT_BOTS": True,
                  "FLUSH_SECONDS": 0.0})
_store = app.extensions["takeup.store"]
_store.migrate()
_store.add_council("fuzz", "Fuzz", "unitary", 1, clock.iso(clock.now()))
_store.add_site("fuzzsitekey01", "fuzz", [ORIGIN], 1.0, ["en", "cy"], clock.iso(clock.now()))
TOKEN = auth.new_token()
_store.add_token(auth.hash_token(TOKEN), "fuzz", clock.iso(clock.now()))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_the_schema_allows_causes_a_server_error(case):
    response = case.call(headers={"Origin": ORIGIN, "Authorization": f"Bearer {TOKEN}", "User-Agent": "fuzz"})
    assert response.status_code < 500, response.text
