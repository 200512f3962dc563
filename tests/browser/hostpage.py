"""A council's web page on its own origin, for the widget's browser tests and bench.

It is served from a different port than the collector (so a different
origin: every call the widget makes is cross-origin) with a strict
Content-Security-Policy: scripts only from itself and the collector, network
only to the collector, no inline scripts or styles anywhere.

The embed snippet's attributes come from the query string:

    host.url("/page/1", site=KEY, trigger="delay:0", lang="cy")

site, trigger, sample, preview, lang become data- attributes of the tag;
page_lang is the page's <html lang> (default "en"); queue=open makes the
page call takeup('open') before the widget has loaded; widget=0 leaves the
tag out (the bench's baseline), double=1 pastes it twice; cards=N sets the
page's length. Links on the page keep the same query, so a
test can walk from page to page with the same tag.
"""
from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

TAG_ATTRIBUTES = ("site", "trigger", "sample", "preview", "lang")

# Runs before the widget: the queue stub from the README, and a record of
# anything that went wrong on the page, for the tests to read.
HOST_JS = """\
window.takeup = window.takeup || function () { (takeup.q = takeup.q || []).push(arguments); };
window.pageErrors = [];
window.cspViolations = [];
addEventListener('error', function (e) { pageErrors.push(String(e.message)); });
addEventListener('unhandledrejection', function (e) { pageErrors.push(String(e.reason)); });
document.addEventListener('securitypolicyviolation', function (e) {
  cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
if (document.currentScript.getAttribute('data-queue') === 'open') takeup('open');
document.addEventListener('click', function (e) {
  if (e.target.id === 'feedback') takeup('open');
});
"""

HOST_CSS = """\
body { margin: 0; font: 18px/1.5 Georgia, serif; color: #111; }
header, footer { background: #1d3f6e; color: #fff; padding: 12px 24px; }
header a, footer a { color: #fff; }
main { max-width: 40em; padding: 0 24px 48px; }
.card { border: 1px solid #bbb; padding: 12px; margin: 12px 0; }
button { font-size: 1rem; min-height: 44px; }
.end { text-align: right; }
"""

PAGE = """\
<!doctype html>
<html lang="{page_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Example Borough Council</title>
<link rel="stylesheet" href="/host.css">
<script src="/host.js"{queue}></script>
</head>
<body>
<header><a href="/page/home?{query}">Example Borough Council</a></header>
<main>
<h1>{title}</h1>
<p>Find out which bin goes out this week, report a missed collection or order a new recycling box.</p>
<p><a id="next" href="/page/{next}?{query}">Next page</a></p>
<p><button id="feedback" type="button">Give feedback about this website</button></p>
{cards}
</main>
<footer>
<p>Example Borough Council, Town Hall</p>
<p class="end"><a id="contact" href="/page/contact?{query}">Contact us</a></p>
</footer>
{tag}
</body>
</html>
"""

CARD = ('<div class="card"><h2>Collection day {n}</h2><p>Your general waste and recycling are collected '
        'on alternate weeks. Put your bins out by 7am.</p></div>')


class HostPage:
    def __init__(self, collector_url: str):
        self.collector_url = collector_url.rstrip("/")
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def csp(self) -> str:
        return (f"default-src 'self'; script-src 'self' {self.collector_url}; "
                f"connect-src {self.collector_url}; style-src 'self'")

    def url(self, path: str = "/page/1", **params) -> str:
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"{self.origin}{path}?{query}" if query else f"{self.origin}{path}"

    def start(self) -> "HostPage":
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def render(self, path: str, params: dict) -> str:
        attrs = "".join(f' data-{name}="{html.escape(params[name])}"'
                        for name in TAG_ATTRIBUTES if name in params)
        tag = ("" if params.get("widget") == "0" else
               f'<script src="{self.collector_url}/widget/v1/takeup.js"{attrs} defer></script>')
        page = path.rstrip("/").rsplit("/", 1)[-1] or "home"
        number = int(page) if page.isdigit() else 0
        return PAGE.format(
            page_lang=html.escape(params.get("page_lang", "en")),
            title=f"Bins and recycling, page {page}" if number else "Bins and recycling",
            queue=' data-queue="open"' if params.get("queue") == "open" else "",
            query=html.escape(urlencode(params)),
            next=number + 1,
            cards="\n".join(CARD.format(n=n) for n in range(1, int(params.get("cards", "3")) + 1)),
            tag=tag * 2 if params.get("double") == "1" else tag,
        )

    def _handler(self):
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                if parts.path == "/host.js":
                    self._send(200, "text/javascript", HOST_JS)
                elif parts.path == "/host.css":
                    self._send(200, "text/css", HOST_CSS)
                elif parts.path == "/favicon.ico":
                    self._send(204, "image/x-icon", "")
                else:
                    self._send(200, "text/html; charset=utf-8",
                               host.render(parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))))

            def _send(self, status, content_type, body):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Content-Security-Policy", host.csp)
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
