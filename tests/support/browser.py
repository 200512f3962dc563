"""What every browser test shares: Debian's Chromium, its flags, and polling for what a page caused."""
import os
import time

CHROMIUM = os.environ.get("TAKEUP_CHROMIUM", "/usr/bin/chromium")
# As root in a sandbox with no network: no Chromium sandbox, no GPU, and none of the background
# connections that this machine's closed network would refuse.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def wait_for(check, timeout=10.0, interval=0.1, message="condition"):
    """Poll check() until it returns something truthy, or fail after timeout seconds.

    The collector buffers counters and the pages post in the background, so tests wait for the
    database rather than assume how long that takes.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}; last value: {value!r}")
        time.sleep(interval)
