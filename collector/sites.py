"""A per-worker cache of site settings, read on every widget request.

Sites change rarely and are read on every beacon, so each worker keeps them
for ``SITE_CACHE_SECONDS``; a change made with the CLI or the dashboard
reaches every worker within that time. Unknown keys are cached too, so a
flood of made-up keys does not reach the database each time.
"""
import threading
import time
from urllib.parse import urlsplit


def normalise_origin(url: str) -> str:
    """'https://WWW.Example.gov.uk/some/page' -> 'https://www.example.gov.uk'; ValueError if not http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http or https origin, such as https://www.example.gov.uk")
    default_port = {"http": 80, "https": 443}[parts.scheme]
    port = f":{parts.port}" if parts.port and parts.port != default_port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


class SiteCache:
    MAX_ENTRIES = 10_000

    def __init__(self, store, ttl_seconds: float):
        self.store, self.ttl = store, ttl_seconds
        self._sites: dict = {}
        self._origins = (0.0, frozenset())
        self._lock = threading.Lock()

    def get(self, site_key: str):
        now = time.monotonic()
        hit = self._sites.get(site_key)
        if hit and hit[0] > now:
            return hit[1]
        site = self.store.get_site(site_key)
        if site:
            site["origin_set"] = frozenset(site["origins"])
        with self._lock:
            if len(self._sites) >= self.MAX_ENTRIES:
                self._sites.clear()
            self._sites[site_key] = (now + self.ttl, site)
        return site

    def any_site_allows(self, origin: str) -> bool:
        """For CORS preflights, which arrive before the site key in the body can be read."""
        expires, origins = self._origins
        if expires <= time.monotonic():
            origins = frozenset(self.store.all_origins())
            self._origins = (time.monotonic() + self.ttl, origins)
        return origin in origins
