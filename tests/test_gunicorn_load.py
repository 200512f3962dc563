"""A real gunicorn with 4 workers on loopback, a real SQLite file: load, duplicates and a hard crash."""
import json
import sqlite3
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from collector import clock
from collector.storage import SQLiteStore
from tests.support.server import GunicornServer

pytestmark = pytest.mark.slow
ORIGIN = "https://www.example.gov.uk"
SITE = "loadtestsite01"
CLIENTS, PER_CLIENT = 16, 100


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "load.db"
    store = SQLiteStore(path)
    store.migrate()
    now = clock.iso(clock.now())
    store.add_council("loadshire", "Loadshire", "county", 1000, now)
    store.add_site(SITE, "loadshire", [ORIGIN], 1.0, ["en"], now)
    store.close()
    return path


def body(response_id):
    return json.dumps({"id": response_id, "site": SITE, "lang": "en", "path": "/", "elapsed_ms": 5000, "hp": "",
                       "answers": {"task": "yes", "rating": "good", "comment": "fine"}})


def send(session, url, response_id):
    resp = session.post(url + "/api/v1/responses", data=body(response_id), timeout=30,
                        headers={"Origin": ORIGIN, "Content-Type": "text/plain"})
    return resp.status_code


def stored_ids(path):
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM responses")}
    finally:
        conn.close()


def integrity(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_concurrent_clients_with_duplicates_store_each_acknowledged_id_once(database):
    acknowledged, statuses, pair_statuses = set(), [], []
    lock = threading.Lock()

    def client(index):
        session = requests.Session()
        pair_pool = ThreadPoolExecutor(2)
        for n in range(PER_CLIENT):
            response_id = str(uuid.uuid4())
            if n % 5 == 0:
                # The same response twice at once, as a widget retrying over a slow network might.
                codes = list(pair_pool.map(lambda _: send(requests.Session(), server.url, response_id), range(2)))
                with lock:
                    pair_statuses.append(sorted(codes))
            else:
                codes = [send(session, server.url, response_id)]
            if n % 7 == 0:
                codes.append(send(session, server.url, response_id))  # a later retry
            with lock:
                statuses.extend(codes)
                if any(code in (200, 201) for code in codes):
                    acknowledged.add(response_id)
        pair_pool.shutdown()

    with GunicornServer(database, workers=4) as server:
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(client, range(CLIENTS)))
        log = server.log()

    assert not [s for s in statuses if s >= 500]
    assert set(statuses) <= {200, 201}
    assert len(acknowledged) == CLIENTS * PER_CLIENT
    assert stored_ids(database) == acknowledged
    # Exactly one of two simultaneous copies was stored (201); the other was told it already was (200).
    assert all(codes == [200, 201] for codes in pair_statuses) and len(pair_statuses) == CLIENTS * 20
    assert "database is locked" not in log and "Traceback" not in log
    assert integrity(database) == "ok"


def test_every_acknowledged_response_survives_a_sigkill_mid_load(database):
    acknowledged, stop = set(), threading.Event()
    lock = threading.Lock()
    server = GunicornServer(database, workers=4).start()

    def client():
        session = requests.Session()
        while not stop.is_set():
            response_id = str(uuid.uuid4())
            try:
                code = send(session, server.url, response_id)
            except requests.RequestException:
                continue  # the server is gone: this one was never acknowledged
            if code in (200, 201):
                with lock:
                    acknowledged.add(response_id)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    try:
        deadline = clock.now().timestamp() + 20
        while len(acknowledged) < 300 and clock.now().timestamp() < deadline:
            threading.Event().wait(0.05)
        server.kill()  # SIGKILL to master and workers while posts are in flight
        stop.set()
        for thread in threads:
            thread.join(30)
        assert len(acknowledged) >= 300
        server.start()  # same port, same file: SQLite recovers from its WAL
        assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
        missing = acknowledged - stored_ids(database)
        assert not missing, f"{len(missing)} acknowledged responses lost"
        assert integrity(database) == "ok"
    finally:
        stop.set()
        server.stop()
