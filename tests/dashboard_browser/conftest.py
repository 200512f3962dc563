"""Fixtures for the dashboards' browser tests: a real gunicorn over the demo data, and headless Chromium.

The collector is started once per session on a database filled by
``collector.demo.seed`` (a year of data for twelve councils). Every page a
test opens is watched: an uncaught error or a Content Security Policy
violation fails the test.
"""
import pytest

from collector import demo
from collector.storage import SQLiteStore
from tests.support.server import GunicornServer

DESKTOP = {"width": 1280, "height": 800}
STAFF = demo.LOGINS[0]["email"]
NEWHAM = demo.LOGINS[1]["email"]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("dashboards") / "takeup.db"
    store = SQLiteStore(database)
    store.migrate()
    demo.seed(store)
    store.close()
    server = GunicornServer(database, workers=2, env={"TAKEUP_LOGIN_RATE_LIMIT": "off"}).start()
    yield server
    server.stop()


@pytest.fixture
def new_page(browser):
    """new_page(**context_options): a page in a fresh browser context (its own cookies)."""
    contexts, problems = [], []

    def on_console(page, message):
        source = (message.location or {}).get("url", "")
        # Chromium logs a page answered with 4xx (a form with mistakes is a 400) as a failed load of
        # the page itself: that one is expected. Any other error, or a CSP violation, is a problem.
        expected = source == page.url or source.endswith("/favicon.ico")
        if "Content Security Policy" in message.text or (message.type == "error" and not expected):
            problems.append(f"on {page.url}: {message.text} ({source})")

    def watch(page):
        page.on("pageerror", lambda error: problems.append(f"uncaught on {page.url}: {error}"))
        page.on("console", lambda message: on_console(page, message))

    def factory(**options):
        # A UK locale, as council staff have: date fields read day, month, year.
        context = browser.new_context(**{"viewport": DESKTOP, "locale": "en-GB", **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch(page)
        return page

    yield factory
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, server, email, password=demo.DEMO_PASSWORD):
    """Sign in through the real form, by keyboard as a person would: type, Tab, type, Enter."""
    page.goto(server.url + "/login")
    page.get_by_label("Email address").fill(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
