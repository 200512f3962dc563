# gunicorn reads this file when started from the repository root (`gunicorn wsgi:app`);
# `takeup serve` loads the same settings from the package.
from collector.gunicorn_conf import *  # noqa: F401,F403
