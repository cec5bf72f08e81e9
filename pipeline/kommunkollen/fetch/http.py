"""A polite HTTP client: robots.txt, per-host delays, retries, size limits, a cache.

`PoliteFetcher.fetch(url)` returns the response body (from the network or
the cache) or raises a coded DocumentError: E131 when robots.txt forbids the
URL, E130 for HTTP errors, timeouts, truncated bodies, redirect loops,
unreachable hosts and a robots.txt that cannot be fetched, E132 for hosts at
loopback, private, link-local or reserved addresses (unless allowed), E133 for
schemes other than http and https, E103 for bodies over the size limit
(compressed or not), E104 for unsupported content types. Redirects are followed
by hand so that each hop is checked against the scheme, the address policy,
robots.txt and the delay.

Network policy: the host name is resolved first, every address it resolves to
is checked, and the connection goes to the address that was checked (so a DNS
answer that changes between the check and the connection cannot point it
elsewhere). One deadline covers connecting, the headers and the body.
"""
from __future__ import annotations

import base64
import email.utils
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urljoin, urlsplit

from protego import Protego

from kommunkollen.errors import DocumentError
from kommunkollen.fetch.cache import CachedResponse, RawCache
from kommunkollen.fetch.urls import redact_url
from kommunkollen.settings import Settings

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/pdf",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
                  "application/x-gzip", "application/gzip", "application/octet-stream")
CHUNK = 64 * 1024
# RFC 9309: a crawler must parse at least the first 500 KiB of robots.txt; the rest is ignored.
ROBOTS_MAX_BYTES = 512 * 1024
GZIP_MAGIC = b"\x1f\x8b"


def inflate_bounded(data: bytes, limit: int, what: str) -> bytes:
    """A gzip body inflated in bounded steps: E103 as soon as it would pass `limit` bytes (a
    compression bomb never reaches memory), E110 when it is not gzip after all."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out, size = [], 0
    pending = data
    try:
        while pending:
            chunk = inflater.decompress(pending, CHUNK)
            size += len(chunk)
            if size > limit:
                raise DocumentError("E103", f"{what}: inflates past the limit of {limit:,} bytes", stage="fetch")
            out.append(chunk)
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error as exc:
        raise DocumentError("E110", f"{what}: damaged gzip data: {exc}", stage="fetch") from exc
    return b"".join(out)


def refused_address(address: str) -> str | None:
    """Why an address may not be fetched from by default (None: a public address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("private", ip.is_private), ("reserved", ip.is_reserved)):
        if flag:
            return kind
    return None if ip.is_global else "reserved"


class _Expired(Exception):
    """The whole-response deadline passed while connecting, waiting for headers or reading."""


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
        """Parsed robots.txt (None: everything allowed), per RFC 9309: a 4xx means no rules; the
        first 500 KiB are parsed. When it cannot be fetched (unreachable, 5xx) nothing is fetched
        from the host: each of its URLs gets E130 saying so (not "disallowed")."""
        if origin in self._robots:
            robots = self._robots[origin]
            if isinstance(robots, DocumentError):
                raise DocumentError("E130", robots.message, stage="fetch")
            return robots
        try:
            status, _headers, body, _final = self._request(origin + "/robots.txt", {}, check_robots=False,
                                                          redirects_left=self.settings.max_redirects,
                                                          max_body=ROBOTS_MAX_BYTES)
            if status >= 500:
                raise DocumentError("E130", f"HTTP {status}", stage="fetch")
        except DocumentError as exc:
            if exc.code in ("E132", "E133"):
                raise
            failure = DocumentError("E130", f"robots.txt of {redact_url(origin)} could not be fetched "
                                    f"({redact_url(exc.message)}); nothing is fetched from that host without it",
                                    stage="fetch")
            self._robots[origin] = failure
            raise DocumentError("E130", failure.message, stage="fetch") from exc
        parsed = None if status >= 400 else Protego.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace"))
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
                 "url": redact_url(url), "attempt": attempt + 1, "status": status, "bytes": size,
                 "seconds": round(self._clock() - sent, 4)}
        if error:
            entry["error"] = error
        self._request_log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._request_log.flush()

    # -- one HTTP exchange -------------------------------------------------------
    def _read_body(self, resp: http.client.HTTPResponse, url: str, limit: int, truncate: bool) -> bytes:
        """The body, inflated as it arrives when the server declares gzip or deflate, never more
        than `limit` bytes after inflation (over it: E103, or the first `limit` bytes when
        `truncate`); a body that ends before its Content-Length is a transient failure."""
        length = resp.getheader("Content-Length")
        declared = int(length) if length and length.strip().isdigit() else None
        if declared is not None and declared > limit and not truncate:
            raise DocumentError("E103", f"{url}: {declared:,} bytes is over the limit of {limit:,}", stage="fetch")
        encoding = (resp.getheader("Content-Encoding") or "").lower()
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding in ("gzip", "x-gzip") else (
            zlib.decompressobj() if encoding == "deflate" else None)
        chunks, size, received = [], 0, 0
        try:
            while True:
                chunk = resp.read1(CHUNK)   # what has arrived; the deadline watchdog bounds the waiting
                if not chunk:
                    break
                received += len(chunk)
                if inflater is not None:
                    chunk = inflater.decompress(chunk, limit + 1 - size)
                size += len(chunk)
                if size > limit:
                    if truncate:
                        chunks.append(chunk[:len(chunk) - (size - limit)])
                        return b"".join(chunks)
                    raise DocumentError("E103", f"{url}: body over the limit of {limit:,} bytes"
                                        + (" after decompression" if inflater is not None else ""), stage="fetch")
                chunks.append(chunk)
        except zlib.error as exc:
            raise DocumentError("E130", f"{url}: damaged {encoding} body: {exc}", stage="fetch") from exc
        if declared is not None and received < declared:
            raise _Transient(f"{url}: the body ended after {received:,} of the {declared:,} bytes its "
                             "Content-Length announced")
        return b"".join(chunks)

    def _allowed_network(self, address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        return any(ip in ipaddress.ip_network(net, strict=False) for net in self.settings.allowed_networks)

    def _address_for(self, host: str, port: int) -> str:
        """The address to connect to: the first that `host` resolves to, after checking every one
        against the network policy (E132 for a loopback, private, link-local or reserved one)."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise _Transient(f"{host}: the name does not resolve ({exc})") from exc
        addresses = [info[4][0] for info in infos]
        if not self.settings.allow_private_hosts:
            for address in addresses:
                why = refused_address(address)
                if why and not self._allowed_network(address):
                    raise DocumentError("E132", f"{host} is at {address}, a {why} address; only public hosts are "
                                        "fetched (--allow-private-hosts allows others)", stage="fetch")
        return addresses[0]

    def _exchange(self, url: str, headers: dict[str, str], max_body: int | None = None
                  ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        started = self._clock()
        address = self._address_for(host, port)
        conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
        conn = conn_cls(host, port, timeout=self.settings.connect_timeout, **kwargs)
        # Connect to the address that was checked; TLS still verifies the host name.
        conn._create_connection = lambda _addr, timeout, source=None: socket.create_connection(
            (address, port), timeout, source)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.username is not None:   # credentials in the URL: sent as Basic auth, shown nowhere
            token = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            headers = {**headers, "Authorization": "Basic " + base64.b64encode(token).decode("ascii")}
        expired = threading.Event()
        sockets: list[socket.socket] = []   # the connection's socket (http.client lets go of it early)

        def expire():   # the deadline: whatever the connection waits for, it stops waiting now
            expired.set()
            for sock in sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        watchdog = threading.Timer(max(0.0, self.settings.fetch_deadline - (self._clock() - started)), expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.connect()
            sockets.append(conn.sock)
            if expired.is_set():   # the deadline passed while connecting
                raise _Expired
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
            body = b"" if status in REDIRECT_STATUSES or status == 304 else self._read_body(
                resp, url, max_body or self.settings.max_bytes, truncate=max_body is not None)
            if expired.is_set():
                raise _Expired
            return status, resp_headers, body
        except (_Expired, _Transient, TimeoutError, ConnectionError, http.client.HTTPException, OSError) as exc:
            if expired.is_set():
                raise _Transient(f"{url}: no complete response within {self.settings.fetch_deadline:g} s "
                                 "(connection, headers and body)") from exc
            if isinstance(exc, _Transient):
                raise
            if isinstance(exc, TimeoutError):
                raise _Transient(f"{url}: timed out") from exc
            if isinstance(exc, ssl.SSLCertVerificationError):
                raise DocumentError("E130", f"{url}: TLS certificate not valid: {exc}", stage="fetch") from exc
            raise _Transient(f"{url}: {type(exc).__name__}: {exc}") from exc
        finally:
            watchdog.cancel()
            conn.close()

    def _request(self, url: str, headers: dict[str, str], *, check_robots: bool, redirects_left: int,
                 seen: tuple[str, ...] = (), max_body: int | None = None) -> tuple[int, dict[str, str], bytes, str]:
        """One URL with retries and redirects: (status, headers, body, final url)."""
        if url in seen:
            raise DocumentError("E130", f"redirect loop: {' -> '.join((*seen, url))}", stage="fetch")
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            how = f"redirected from {seen[-1]} to" if seen else "given"
            raise DocumentError("E133", f"{how} {url}: only http and https URLs are fetched", stage="fetch")
        origin = self._origin(url)
        if check_robots and not self.allowed(url):
            raise DocumentError("E131", f"{url}: disallowed by {origin}/robots.txt", stage="fetch")
        attempt = 0
        while True:
            sent = self._wait_for_host(origin)
            self.requests += 1
            try:
                status, resp_headers, body = self._exchange(url, headers, max_body)
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
                                 redirects_left=redirects_left - 1, seen=(*seen, url), max_body=max_body)
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
        if body[:2] == GZIP_MAGIC and not urlsplit(final_url).path.endswith(".gz"):
            # gzip sent without Content-Encoding: inflated here, within the same limit
            body = inflate_bounded(body, self.settings.max_bytes, redact_url(url))
        entry = self.cache.put(url, final_url, status, resp_headers, body)
        return Response(url, final_url, status, entry.headers, body)
