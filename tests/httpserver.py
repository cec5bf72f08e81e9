"""A real HTTP server on 127.0.0.1 serving canned pages, for the fetch tests.

Routes map a path to a function(request) -> (status, headers, body); a body
may be a list of (delay_seconds, bytes) chunks to serve slowly. Every
request is logged with its time and headers.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Logged:
    at: float
    path: str
    headers: dict


@dataclass
class CannedSite:
    routes: dict = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def hits(self, path: str) -> list[Logged]:
        return [r for r in self.log if r.path == path]

    def start(self) -> CannedSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):   # keep test output quiet
                pass

            def do_GET(self):
                site.log.append(Logged(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = route(self)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if isinstance(body, bytes) and "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if isinstance(body, bytes):
                        self.wfile.write(body)
                    else:
                        for delay, chunk in body:
                            time.sleep(delay)
                            self.wfile.write(chunk)
                            self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def ok(body: bytes, ctype="text/html; charset=utf-8", **headers):
    """A route answering 200 with `body`."""
    return lambda req: (200, {"Content-Type": ctype, **headers}, body)


def html_page(title: str, body: str, charset: str = "utf-8") -> bytes:
    return (f"<!DOCTYPE html><html lang='sv'><head><meta charset='{charset}'><title>{title}</title></head>"
            f"<body><nav><a href='/'>Start</a></nav><main><h1>{title}</h1><p>{body}</p></main>"
            f"<footer>Kommunen, telefon 0123-45 67 89</footer></body></html>").encode(charset)
