"""A per-client limit on posts, counted in memory in each worker process.

Clients are counted by a hash of their address with a salt that is random
per process and replaced every day, so the address is never stored and the
counts cannot be joined across days. Because each worker counts on its own, a
client spread over N workers may get up to N times the limit; a shared store
(the PostgreSQL backend) can tighten that later.
"""
import hashlib
import re
import secrets
import threading
import time

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_limit(text: str):
    """'120/minute' -> (120, 60); 'off' -> None."""
    if str(text).strip().lower() in {"off", "none", "0", ""}:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*", str(text).lower())
    if not match:
        raise ValueError(f"TAKEUP_RATE_LIMIT must look like 120/minute or be off, not {text!r}")
    return int(match.group(1)), _UNITS[match.group(2)]


class RateLimiter:
    def __init__(self, limit: int, window_seconds: int, clock=time.monotonic):
        self.limit, self.window = limit, window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._window_start = clock()
        self._salt, self._salt_day = secrets.token_bytes(16), time.gmtime().tm_yday

    def _client_key(self, address: str) -> str:
        today = time.gmtime().tm_yday
        if today != self._salt_day:
            self._salt, self._salt_day = secrets.token_bytes(16), today
        return hashlib.blake2b(address.encode(), key=self._salt, digest_size=12).hexdigest()

    def hit(self, address: str) -> int:
        """Count one post; return 0 if allowed, else the seconds until the client may post again."""
        with self._lock:
            now = self._clock()
            if now - self._window_start >= self.window:
                # A fixed window: cheap, and the whole table is dropped once a window.
                self._counts.clear()
                self._window_start = now
            key = self._client_key(address)
            count = self._counts.get(key, 0) + 1
            self._counts[key] = count
            if count > self.limit:
                return max(1, int(self.window - (now - self._window_start) + 0.999))
            return 0
