"""Entry point for WSGI servers: `gunicorn wsgi:app`."""
from collector import create_app

app = create_app()
