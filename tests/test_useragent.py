"""User agents become device class, browser family and a bot flag."""
from collector.useragent import classify
from tests.test_ingest_api import CHROME, GOOGLEBOT, IPHONE

IPAD = ("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/16.6 Mobile/15E148 Safari/604.1")


def test_devices_and_browsers():
    assert classify(CHROME) == ("desktop", "Chrome", False)
    assert classify(IPHONE) == ("mobile", "Mobile Safari", False)
    assert classify(IPAD)[0] == "tablet"


def test_bots_and_headless_browsers_are_bots():
    assert classify(GOOGLEBOT).is_bot
    assert classify(CHROME.replace("Chrome/", "HeadlessChrome/")).is_bot
    assert classify("").is_bot


def test_parsing_is_cached():
    classify.cache_clear()
    classify(CHROME)
    classify(CHROME)
    assert classify.cache_info().hits == 1
