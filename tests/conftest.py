"""Fixtures over a temporary SQLite file: app, client, runner, and a council with a site and a token."""
import sqlite3

import pytest

from collector import auth, clock, create_app

ORIGIN = "https://www.newham.gov.uk"
TEST_CONFIG = {"RATE_LIMIT": "off", "MIN_SUBMIT_MS": 1500, "FLUSH_SECONDS": 0.0, "SITE_CACHE_SECONDS": 0}


@pytest.fixture
def app(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "takeup.db"), **TEST_CONFIG})
    app.extensions["takeup.store"].migrate()
    yield app
    app.extensions["takeup.counters"].flush()
    app.extensions["takeup.store"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def store(app):
    return app.extensions["takeup.store"]


@pytest.fixture
def db(app):
    """A separate plain connection, for reading what was stored."""
    conn = sqlite3.connect(app.config["DATABASE"])
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


@pytest.fixture
def site(store):
    """The council newham with one site allowing ORIGIN; returns the site key."""
    now = clock.iso(clock.now())
    store.add_council("newham", "London Borough of Newham", "london_borough", 351_000, now)
    store.add_site("newhamsitekey1", "newham", [ORIGIN], 0.2, ["en", "cy"], now)
    return "newhamsitekey1"


@pytest.fixture
def token(store, site):
    value = auth.new_token()
    store.add_token(auth.hash_token(value), "newham", clock.iso(clock.now()))
    return value


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser suite in the session.

    Only one sync Playwright can run in a thread, so the suites share this one rather than each
    starting its own. Each test still gets fresh browser contexts from its suite's fixtures.
    """
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
