"""Fixtures for the kiosk's browser tests.

A real collector (gunicorn from tests/support/server.py) on a temporary
SQLite file, set up through SQLiteStore; headless Debian Chromium driven by
Playwright's sync API. Each test gets its own council and site, so the
ratings it finds in the database are its own.

Every page a test opens is watched: an uncaught script error or a Content
Security Policy violation on it fails the test.
"""
import itertools
import sqlite3

import pytest

from collector import clock
from collector.storage import SQLiteStore
from tests.support.browser import wait_for  # noqa: F401 (the kiosk tests import it from here)
from tests.support.server import GunicornServer

TABLET = {"width": 768, "height": 1024}
NARROW = {"width": 320, "height": 640}
_numbers = itertools.count(1)


class Collector:
    def __init__(self, database, server):
        self.database, self.server = database, server

    @property
    def url(self):
        return self.server.url

    def add_site(self, origins=()):
        """A new council with one site; returns (council_slug, site_key)."""
        number = next(_numbers)
        slug, site_key = f"kiosk{number}", f"kiosksitekey{number:04d}"
        store = SQLiteStore(self.database)
        now = clock.iso(clock.now())
        store.add_council(slug, f"Kiosk Test Council {number}", "unitary", None, now)
        store.add_site(site_key, slug, list(origins), 0.2, ["en", "cy"], now)
        store.close()
        return slug, site_key

    def ratings(self, council_slug):
        conn = sqlite3.connect(self.database, timeout=10)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(row) for row in conn.execute(
                "SELECT * FROM ratings WHERE council_slug = ? ORDER BY rated_at, id", (council_slug,))]
        finally:
            conn.close()


@pytest.fixture(scope="package")
def collector(tmp_path_factory):
    database = tmp_path_factory.mktemp("kiosk") / "takeup.db"
    SQLiteStore(database).migrate()
    server = GunicornServer(database, workers=2).start()
    yield Collector(database, server)
    server.stop()


@pytest.fixture
def kiosk(collector):
    """A fresh council and site: .slug, .key, .url (the kiosk page), .ratings()."""
    slug, key = collector.add_site()

    class Kiosk:
        pass

    kiosk = Kiosk()
    kiosk.slug, kiosk.key, kiosk.url = slug, key, f"{collector.url}/kiosk/{key}"
    kiosk.ratings = lambda: collector.ratings(slug)
    return kiosk


@pytest.fixture
def new_page(browser):
    """new_page(**context_options): a page in a new browser context (its own localStorage)."""
    contexts, problems = [], []

    def factory(context=None, **options):
        if context is None:
            context = browser.new_context(**{"viewport": TABLET, **options})
            context.set_default_timeout(10_000)
            contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"uncaught on {page.url}: {error}"))
        page.on("console", lambda message: problems.append(f"on {page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)
        return page

    yield factory
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)
