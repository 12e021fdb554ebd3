"""A fake HTTP service on 127.0.0.1 for the online-geocoder tests (no real network)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeService:
    """Serves GET on a free local port; subclasses decide each reply in :meth:`answer`.

    ``hits`` counts requests, so tests can prove how often a client retried.
    """

    def __init__(self):
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.hits += 1
                outer.answer(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        self.reply(request, 200, "[]")

    @staticmethod
    def reply(request: BaseHTTPRequestHandler, status: int, body: str, headers: dict | None = None) -> None:
        data = body.encode()
        request.send_response(status)
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
