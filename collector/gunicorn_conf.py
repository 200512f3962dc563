"""gunicorn settings for `takeup serve` (and for `gunicorn wsgi:app`, through ../gunicorn.conf.py)."""
import multiprocessing
import os

bind = [os.environ.get("TAKEUP_BIND", "127.0.0.1:8000")]  # loopback unless told otherwise
workers = int(os.environ.get("TAKEUP_WORKERS") or 0) or multiprocessing.cpu_count() * 2 + 1
worker_class = "sync"
timeout = 30
graceful_timeout = 10
accesslog = "-"
# No client address (%(h)s) and no query string (%(U)s is the path alone): nothing personal in the log.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def worker_exit(server, worker):
    """Write this worker's buffered page-view counters before it goes."""
    app = getattr(worker, "wsgi", None)
    counters = getattr(app, "extensions", {}).get("takeup.counters")
    if counters is not None:
        counters.flush()
