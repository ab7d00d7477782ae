"""A real HTTP server on 127.0.0.1 for the `--online` tests: routes by path, requests counted.

`Server` serves `Route`s (status, headers, body, a delay, an endless body, a different answer
per attempt) on a thread per request, over plain HTTP and, given a TLS context, HTTPS on the
same port (a request over TLS is routed by `https:` + its path). It records every request it saw
(path, Host, headers) and the most requests in flight per host at once. It stops at the end of
the `with` block; every handler ends by itself (an endless body stops when the client goes, or
after `ENDLESS_CAP`).
"""

from __future__ import annotations

import io
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise

from PIL import Image

ENDLESS_CAP = 64 * 1024 * 1024  # an "endless" body still ends, should a client read it all


def picture(fmt: str, width: int, height: int) -> bytes:
    """A real picture made by Pillow, in `fmt` (JPEG, PNG, GIF, WEBP, AVIF)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer
    endless: bool = False  # after `body`, bytes for ever (to ENDLESS_CAP)
    then: Route | None = None  # the answer from the next request on


class Server:
    def __init__(self, routes: dict | None = None, tls: ssl.SSLContext | None = None):
        self.routes: dict[str, Route] = dict(routes or {})
        self.seen: list[tuple[str, str, dict]] = []  # (path, host, headers)
        self.arrived: list[tuple[str, float]] = []  # (path, time.monotonic()) of each request
        self.busy: dict[str, int] = {}
        self.most_busy: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server._answer(self)

            do_HEAD = do_GET

        class Both(ThreadingHTTPServer):
            def get_request(self):
                connection, address = super().get_request()
                if tls is not None and connection.recv(1, socket.MSG_PEEK) == b"\x16":
                    connection = tls.wrap_socket(connection, server_side=True)  # a TLS hello
                return connection, address

        self.httpd = Both(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for seen, _, _ in self.seen if seen == path)

    def gaps(self, path: str) -> list[float]:
        """Seconds between one request for `path` and the next."""
        with self._lock:
            times = [when for seen, when in self.arrived if seen == path]
        return [later - earlier for earlier, later in pairwise(times)]

    def _answer(self, handler) -> None:
        host = handler.headers.get("Host", "").rpartition(":")[0]
        with self._lock:
            self.seen.append((handler.path, host, dict(handler.headers)))
            self.arrived.append((handler.path, time.monotonic()))
            key = ("https:" if isinstance(handler.connection, ssl.SSLSocket) else "") + handler.path
            route = self.routes.get(key, Route(404, b"not here"))
            if route.then is not None:
                self.routes[key] = route.then
            self.busy[host] = self.busy.get(host, 0) + 1
            self.most_busy[host] = max(self.most_busy.get(host, 0), self.busy[host])
        try:
            if route.delay:
                time.sleep(route.delay)
            handler.send_response(route.status)
            for name, value in route.headers.items():
                handler.send_header(name, value)
            if route.endless:
                handler.send_header("Connection", "close")
            else:
                handler.send_header("Content-Length", str(len(route.body)))
            handler.end_headers()
            handler.wfile.write(route.body)
            if route.endless:
                sent, block = 0, b"\0" * 65536
                while sent < ENDLESS_CAP:
                    handler.wfile.write(block)
                    sent += len(block)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what an endless body is for
        finally:
            with self._lock:
                self.busy[host] -= 1

    def __enter__(self) -> Server:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(10)
