"""Fixtures for the widget's browser tests.

A real collector (gunicorn) on one loopback port, a council's page
(hostpage.py) on another port, so another origin, with a strict
Content-Security-Policy, and headless Chromium driven by Playwright. Each
test makes its own site, so its counts and responses are its own, and its
own browser contexts, so its own visits (sessionStorage is per tab).

Every page a test opens is watched: an uncaught error or a Content Security
Policy violation on it fails the test.

The collector and the host page last as long as this package's tests;
Chromium is the session's (the ``browser`` fixture in tests/conftest.py).
"""
import pytest

from tests.browser.harness import DESKTOP, start_collector
from tests.browser.hostpage import HostPage


@pytest.fixture(scope="package")
def collector(tmp_path_factory):
    collector = start_collector(tmp_path_factory.mktemp("collector"))
    yield collector
    collector.server.stop()


@pytest.fixture(scope="package")
def host(collector):
    with HostPage(collector.url) as host:
        yield host


@pytest.fixture
def site_key(collector, host) -> str:
    """A new site of the example council, on the host page's origin, inviting every visit."""
    return collector.add_site(host.origin, sample=1.0)


@pytest.fixture
def new_page(browser):
    """new_page(**context_options): a page in a new browser context; each page is a new tab session."""
    contexts, problems = [], []

    def watch(page):
        page.on("pageerror", lambda error: problems.append(f"uncaught on {page.url}: {error}"))
        page.on("console", lambda message: problems.append(f"on {page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)

    def factory(tab_of=None, **options):
        """A page in a new context, or a new tab (its own visit) in the context of the page tab_of."""
        if tab_of is not None:
            context = tab_of.context
        else:
            context = browser.new_context(**{"viewport": DESKTOP, **options})
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
