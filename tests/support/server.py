"""A real gunicorn serving the real app on loopback, for tests that need one.

    with GunicornServer(db_path, workers=2, env={"TAKEUP_RATE_LIMIT": "off"}) as server:
        requests.get(server.url + "/healthz")
        server.kill()      # SIGKILL the master and its workers, mid-flight
        server.start()     # again, on the same port
"""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
TEST_ENV = {
    "TAKEUP_RATE_LIMIT": "off",
    "TAKEUP_COUNT_BOTS": "1",
    "TAKEUP_MIN_SUBMIT_MS": "0",
    "TAKEUP_FLUSH_SECONDS": "0.2",
    "TAKEUP_SITE_CACHE_SECONDS": "0",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GunicornServer:
    def __init__(self, database, workers=2, port=None, env=None, worker_class="sync"):
        self.database = str(database)
        self.workers = workers
        self.port = port or free_port()
        self.env = {**TEST_ENV, **(env or {})}
        self.worker_class = worker_class
        self.process = None
        self.log_path = Path(self.database).with_suffix(f".{self.port}.log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=60):
        env = {**os.environ, **self.env, "TAKEUP_DATABASE": self.database,
               "TAKEUP_BIND": f"127.0.0.1:{self.port}", "TAKEUP_WORKERS": str(self.workers)}
        argv = [sys.executable, "-m", "gunicorn", "-c", "python:collector.gunicorn_conf",
                "--worker-class", self.worker_class, "--access-logfile", "-" if os.environ.get("TAKEUP_TEST_ACCESS_LOG") else "/dev/null",
                "collector:create_app()"]
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout=15):
        """Graceful stop: SIGTERM, so workers flush their counters."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def kill(self):
        """Hard crash: SIGKILL to the master and every worker at once."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
