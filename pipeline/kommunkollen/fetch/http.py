"""A polite HTTP client: robots.txt, per-host delays, retries, size limits, a cache.

`PoliteFetcher.fetch(url)` returns the response body (from the network or
the cache) or raises a coded DocumentError: E131 when robots.txt forbids the
URL, E130 for HTTP errors, timeouts, redirect loops and unreachable hosts,
E103 for bodies over the size limit, E104 for unsupported content types.
Only http and https; redirects are followed by hand so that each hop is
checked against robots.txt and the delay.
"""
from __future__ import annotations

import email.utils
import gzip
import http.client
import json
import ssl
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from protego import Protego

from kommunkollen.errors import DocumentError
from kommunkollen.fetch.cache import CachedResponse, RawCache
from kommunkollen.settings import Settings

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/pdf",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
                  "application/x-gzip", "application/gzip", "application/octet-stream")
CHUNK = 64 * 1024


@dataclass
class Response:
    url: str            # as asked for
    final_url: str      # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    from_cache: bool = False

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


class _Transient(Exception):
    """A failure worth retrying: 429, 5xx, timeouts, refused connections."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class PoliteFetcher:
    """One fetcher per run: it remembers robots.txt and the last request time per host."""

    def __init__(self, settings: Settings, cache: RawCache, *, sleep=time.sleep, clock=time.monotonic):
        self.settings = settings
        self.cache = cache
        self.user_agent = settings.user_agent_string
        self._robots: dict[str, Protego | None] = {}
        self._last_request: dict[str, float] = {}
        self._sleep = sleep
        self._clock = clock
        self.requests = 0                 # requests actually sent, robots.txt included
        self._request_log = None          # settings.request_log, opened at the first request
        self.conditional_requests = 0     # of which with If-None-Match / If-Modified-Since
        self.not_modified = 0

    # -- politeness ------------------------------------------------------------
    def _origin(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _wait_for_host(self, origin: str) -> float:
        """Sleep until this host may be asked again; returns the time of the request slot taken."""
        delay = self.settings.fetch_delay
        robots = self._robots.get(origin)
        if robots is not None:
            crawl_delay = robots.crawl_delay(self.user_agent)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        last = self._last_request.get(origin)
        if last is not None:
            remaining = last + delay - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[origin] = now = self._clock()
        return now

    def _robots_for(self, origin: str) -> Protego | None:
        """Parsed robots.txt (None: everything allowed). RFC 9309: a 4xx means no rules,
        an unreachable robots.txt or a 5xx means everything is disallowed."""
        if origin in self._robots:
            return self._robots[origin]
        try:
            status, _headers, body, _final = self._request(origin + "/robots.txt", {}, check_robots=False,
                                                          redirects_left=self.settings.max_redirects)
        except (_Transient, DocumentError):
            self._robots[origin] = Protego.parse("User-agent: *\nDisallow: /")
            return self._robots[origin]
        if status >= 500:
            parsed = Protego.parse("User-agent: *\nDisallow: /")
        elif status >= 400:
            parsed = None
        else:
            parsed = Protego.parse(body.decode("utf-8", errors="replace"))
        self._robots[origin] = parsed
        return parsed

    def allowed(self, url: str) -> bool:
        robots = self._robots_for(self._origin(url))
        return robots is None or robots.can_fetch(url, self.user_agent)

    def _log_request(self, url: str, sent: float, attempt: int, *, status: int | None = None, size: int = 0,
                     error: str | None = None) -> None:
        """One line of the request log (settings.request_log): when this client sent the request, by
        its own clocks, so the spacing of requests can be audited from the client's side."""
        if not self.settings.request_log:
            return
        if self._request_log is None:
            self._request_log = open(self.settings.request_log, "a", encoding="utf-8")  # noqa: SIM115
        entry = {"sent": datetime.now(UTC).isoformat(timespec="milliseconds"), "monotonic": round(sent, 6),
                 "url": url, "attempt": attempt + 1, "status": status, "bytes": size,
                 "seconds": round(self._clock() - sent, 4)}
        if error:
            entry["error"] = error
        self._request_log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._request_log.flush()

    # -- one HTTP exchange -------------------------------------------------------
    def _read_body(self, resp: http.client.HTTPResponse, url: str, started: float) -> bytes:
        limit = self.settings.max_bytes
        length = resp.getheader("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise DocumentError("E103", f"{url}: {int(length):,} bytes is over the limit of {limit:,}", stage="fetch")
        encoding = (resp.getheader("Content-Encoding") or "").lower()
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding in ("gzip", "x-gzip") else (
            zlib.decompressobj() if encoding == "deflate" else None)
        chunks, size = [], 0
        while True:
            if self._clock() - started > self.settings.fetch_deadline:
                raise _Transient(f"{url}: response took longer than {self.settings.fetch_deadline:g} s")
            chunk = resp.read1(CHUNK)   # what has arrived, so the deadline is checked as data trickles
            if not chunk:
                break
            if inflater is not None:
                chunk = inflater.decompress(chunk, limit + 1 - size)
            size += len(chunk)
            if size > limit:
                raise DocumentError("E103", f"{url}: body over the limit of {limit:,} bytes", stage="fetch")
            chunks.append(chunk)
        return b"".join(chunks)

    def _exchange(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise DocumentError("E130", f"{url}: only http and https URLs are fetched", stage="fetch")
        conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
        conn = conn_cls(parts.hostname, parts.port, timeout=self.settings.connect_timeout, **kwargs)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        started = self._clock()
        try:
            conn.connect()
            conn.sock.settimeout(self.settings.read_timeout)
            conn.request("GET", path, headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip",
                                               "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,"
                                                         "application/pdf,text/plain;q=0.8,*/*;q=0.5",
                                               "Accept-Language": "sv,en;q=0.5", **headers})
            resp = conn.getresponse()
            status = resp.status
            resp_headers = {k.lower(): v for k, v in resp.getheaders()}
            if status in RETRY_STATUSES:
                raise _Transient(f"{url}: HTTP {status}", _retry_after(resp_headers.get("retry-after")))
            body = b"" if status in REDIRECT_STATUSES or status == 304 else self._read_body(resp, url, started)
            return status, resp_headers, body
        except TimeoutError as exc:
            raise _Transient(f"{url}: timed out") from exc
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            if isinstance(exc, ssl.SSLCertVerificationError):
                raise DocumentError("E130", f"{url}: TLS certificate not valid: {exc}", stage="fetch") from exc
            raise _Transient(f"{url}: {type(exc).__name__}: {exc}") from exc
        finally:
            conn.close()

    def _request(self, url: str, headers: dict[str, str], *, check_robots: bool, redirects_left: int,
                 seen: tuple[str, ...] = ()) -> tuple[int, dict[str, str], bytes, str]:
        """One URL with retries and redirects: (status, headers, body, final url)."""
        if url in seen:
            raise DocumentError("E130", f"redirect loop: {' -> '.join((*seen, url))}", stage="fetch")
        origin = self._origin(url)
        if check_robots and not self.allowed(url):
            raise DocumentError("E131", f"{url}: disallowed by {origin}/robots.txt", stage="fetch")
        attempt = 0
        while True:
            sent = self._wait_for_host(origin)
            self.requests += 1
            try:
                status, resp_headers, body = self._exchange(url, headers)
                self._log_request(url, sent, attempt, status=status, size=len(body))
                break
            except (_Transient, DocumentError) as exc:
                self._log_request(url, sent, attempt, error=str(exc))
                if isinstance(exc, DocumentError):
                    raise
                if attempt >= self.settings.max_retries:
                    raise DocumentError("E130", f"{exc} (gave up after {attempt + 1} attempts)", stage="fetch") from exc
                wait = exc.retry_after if exc.retry_after is not None else self.settings.backoff * 2 ** attempt
                self._sleep(min(wait, self.settings.max_backoff))
                attempt += 1
        if status in REDIRECT_STATUSES:
            location = resp_headers.get("location")
            if not location:
                raise DocumentError("E130", f"{url}: HTTP {status} without a Location", stage="fetch")
            if redirects_left <= 0:
                raise DocumentError("E130", f"{url}: more than {self.settings.max_redirects} redirects", stage="fetch")
            # Conditional headers belong to the URL asked for, not to where it redirects.
            return self._request(urljoin(url, location), {}, check_robots=check_robots,
                                 redirects_left=redirects_left - 1, seen=(*seen, url))
        return status, resp_headers, body, url

    # -- the public call -------------------------------------------------------
    def fetch(self, url: str) -> Response:
        cached: CachedResponse | None = self.cache.get(url)
        if cached is not None and cached.age_seconds() < self.settings.revalidate_after:
            return Response(url, cached.final_url, cached.status, cached.headers, cached.body, from_cache=True)
        headers = {}
        if cached is not None:
            if cached.headers.get("etag"):
                headers["If-None-Match"] = cached.headers["etag"]
            if cached.headers.get("last-modified"):
                headers["If-Modified-Since"] = cached.headers["last-modified"]
            if headers:
                self.conditional_requests += 1
        status, resp_headers, body, final_url = self._request(url, headers, check_robots=True,
                                                              redirects_left=self.settings.max_redirects)
        if status == 304 and cached is not None:
            self.not_modified += 1
            self.cache.touch(cached, datetime.now(UTC).isoformat(timespec="seconds"))
            return Response(url, cached.final_url, cached.status, cached.headers, cached.body, from_cache=True)
        if status >= 400:
            raise DocumentError("E130", f"{url}: HTTP {status}", stage="fetch")
        media = resp_headers.get("content-type", "").split(";")[0].strip().lower()
        if media and not media.startswith(ACCEPTED_TYPES):
            raise DocumentError("E104", f"{url}: content type {media} is not a document", stage="fetch")
        if body[:2] == b"\x1f\x8b" and not url.endswith(".gz"):   # gzip sent without Content-Encoding
            try:
                body = gzip.decompress(body)
            except OSError:
                pass
        entry = self.cache.put(url, final_url, status, resp_headers, body)
        return Response(url, final_url, status, entry.headers, body)
