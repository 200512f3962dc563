"""Reduce a user agent string to what the statistics need: device class, browser family, bot flag.

The string itself is never stored. Parsing costs about 0.7 ms, and a site's
visitors share a few hundred distinct strings, so results are cached.
"""
from functools import lru_cache
from typing import NamedTuple

from user_agents import parse


class Client(NamedTuple):
    device: str  # desktop, mobile or tablet
    browser: str
    is_bot: bool


@lru_cache(maxsize=4096)
def classify(user_agent: str) -> Client:
    if not user_agent:
        return Client("desktop", "Other", True)
    ua = parse(user_agent[:512])
    device = "mobile" if ua.is_mobile else "tablet" if ua.is_tablet else "desktop"
    is_bot = ua.is_bot or "headless" in user_agent.lower()
    return Client(device, ua.browser.family or "Other", is_bot)
