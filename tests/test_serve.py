"""`takeup serve` runs gunicorn on the configured database, logging without addresses or query strings."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from collector.storage import migrations

from tests.support.server import free_port

pytestmark = pytest.mark.slow
TAKEUP = str(Path(sys.executable).with_name("takeup"))


def test_serve_answers_on_the_configured_database_and_logs_no_personal_data(tmp_path):
    port = free_port()
    env = {**os.environ, "TAKEUP_DATABASE": str(tmp_path / "served.db")}
    server = subprocess.Popen([TAKEUP, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                resp = requests.get(f"http://127.0.0.1:{port}/healthz?email=someone%40example.com", timeout=5)
                break
            except requests.RequestException:  # not listening yet, or a worker still booting
                assert time.monotonic() < deadline and server.poll() is None, server.stdout.read()
                time.sleep(0.1)
        assert resp.json() == {"ok": True, "schema_version": migrations.LATEST}
        assert (tmp_path / "served.db").exists()  # serve created and migrated the configured file
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0]
    access = [line for line in output.splitlines() if "GET /healthz" in line]
    assert access, output
    assert "someone" not in output and "email=" not in output
    assert not any("127.0.0.1" in line for line in access)


def test_serve_reports_a_bad_database_path_in_one_line(tmp_path):
    (tmp_path / "file").write_text("not a directory")
    env = {**os.environ, "TAKEUP_DATABASE": str(tmp_path / "file" / "x.db")}
    result = subprocess.run([TAKEUP, "serve"], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.strip().startswith("Error:")
