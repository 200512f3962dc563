"""Settings, declared as data.

Every setting has a default, can be overridden by an environment variable
``TAKEUP_<NAME>`` and, in tests, by the mapping passed to ``create_app``.
"""
from dataclasses import dataclass
from typing import Any, Callable


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str


SETTINGS = [
    Setting("DATABASE", "instance/takeup.db", str, "Path of the SQLite file."),
    Setting("SECRET_KEY", "dev-only-not-secret", str, "Signs session cookies; set it in production."),
    Setting("RATE_LIMIT", "120/minute", str, "Posts allowed per client and worker, such as 120/minute, or off."),
    Setting("COUNT_BOTS", False, _bool, "Count and store traffic from bots. Tests set it: headless browsers look like bots."),
    Setting("MIN_SUBMIT_MS", 1500, int, "A survey submitted faster than this after opening is treated as spam."),
    Setting("FLUSH_SECONDS", 1.0, float, "How long page-view counters may wait in memory before they are written."),
    Setting("SITE_CACHE_SECONDS", 30.0, float, "How long a worker may keep a site's settings before reading them again."),
    Setting("SYNCHRONOUS", "NORMAL", str,
            "SQLite's synchronous pragma. NORMAL (with WAL) keeps every acknowledged write through a crash of "
            "the server process; FULL also through power loss, at about half the response throughput."),
    Setting("BUSY_TIMEOUT_MS", 10000, int, "How long a writer waits for the database lock before failing."),
    Setting("TRUSTED_PROXIES", 0, int, "Number of reverse proxies in front whose X-Forwarded-For may be believed."),
    Setting("MIN_N", 30, int, "Below this many answers a rate is flagged as too few responses."),
    Setting("BENCHMARK_MIN_N", 100, int, "Councils with fewer answers are left out of peer benchmarks."),
    Setting("PUBLIC_URL", "http://127.0.0.1:8000", str, "The collector's address as council pages reach it, for the snippet."),
    Setting("BENCH_ENDPOINTS", False, _bool, "Expose /bench/noop, the floor that bench/ingest.py measures against."),
    Setting("COOKIE_SECURE", "auto", str,
            "Mark the dashboard's session cookie Secure: on, off, or auto (on unless PUBLIC_URL is plain http "
            "on this machine, as in development)."),
    Setting("SESSION_HOURS", 8, int, "How long a dashboard sign-in lasts."),
    Setting("LOGIN_RATE_LIMIT", "20/hour", str,
            "Sign-in attempts allowed per client address and per email address, per worker, such as 20/hour, or off."),
]


def load(environ, test_config=None) -> dict:
    """Defaults, then ``TAKEUP_*`` environment variables, then the test mapping."""
    config = {s.name: s.default for s in SETTINGS}
    for setting in SETTINGS:
        raw = environ.get(f"TAKEUP_{setting.name}")
        if raw is not None:
            config[setting.name] = setting.parse(raw)
    config.update(test_config or {})
    return config
