"""Small readers of the kiosk page's state, shared by its browser tests."""
import json


def focused(page) -> dict:
    """What has the focus: tag, id, text, and the data-* value of a kiosk button."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
                rating: el.dataset.rating || null, reason: el.dataset.reason || null,
                action: el.dataset.action || null};
    }""")


def screen(page) -> str:
    """The screen on show: start, reasons or thanks."""
    shown = page.eval_on_selector_all("section[data-screen]", "els => els.filter(e => !e.hidden)"
                                      ".map(e => e.dataset.screen)")
    assert len(shown) == 1, shown
    return shown[0]


def outbox(page, site_key) -> list:
    """The ratings the page still has to deliver, from localStorage."""
    return json.loads(page.evaluate("key => localStorage.getItem('takeup:kiosk:' + key) || '[]'", site_key))


def settle(page):
    """Wait until the screen's entrance animation (if motion is allowed) has finished."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
