"""Fault suite, network: hostile servers as real HTTP servers on 127.0.0.1 (never a mock of the
client). Each case asserts the coded error, a message naming the real cause, bounded time, and
that nothing incomplete or over the limit reaches the raw cache."""
from __future__ import annotations

import dataclasses
import gzip
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from kommunkollen.errors import DocumentError
from kommunkollen.fetch import plan_sources, read_source
from kommunkollen.fetch.cache import RawCache
from kommunkollen.fetch.http import PoliteFetcher, refused_address
from kommunkollen.fetch.urls import redact_url
from kommunkollen.settings import Settings
from tests.conftest import ROOT
from tests.httpserver import CannedSite, html_page, ok

# Only the test server's own address is allowed: every other private address stays refused.
HOSTILE = Settings(allowed_networks=("127.0.0.1",), fetch_delay=0.0, backoff=0.01, max_retries=1,
                   connect_timeout=2, read_timeout=1.0, fetch_deadline=3.0, max_bytes=1_000_000)
SWEDISH = "Kommunstyrelsen i Håbo kommun beslutade den 3 maj 2021 att bygga en ny skola."


def redirect(location: str):
    return lambda req: (302, {"Location": location}, b"")


@pytest.fixture
def site():
    s = CannedSite().start()
    s.routes["/robots.txt"] = ok(b"User-agent: *\nAllow: /\n", "text/plain")
    yield s
    s.stop()


def fetcher(tmp_path, **changes) -> PoliteFetcher:
    return PoliteFetcher(dataclasses.replace(HOSTILE, **changes), RawCache(tmp_path / "raw"))


def fails(f: PoliteFetcher, url: str) -> DocumentError:
    with pytest.raises(DocumentError) as exc:
        f.fetch(url)
    return exc.value


def gzip_bomb(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


# -- bodies --------------------------------------------------------------------------------------

def test_faults_http_truncated_body_is_a_failed_fetch_never_cached(site, tmp_path):
    site.routes["/kort"] = lambda req: (200, {"Content-Type": "text/html", "Content-Length": "5000"},
                                        html_page("Kort", SWEDISH))
    f = fetcher(tmp_path)
    err = fails(f, site.base + "/kort")
    assert err.code == "E130" and "Content-Length" in err.message and "gave up after 2 attempts" in err.message
    assert len(site.hits("/kort")) == 2 and len(f.cache) == 0


@pytest.mark.parametrize("headers", [{"Content-Encoding": "gzip"}, {}], ids=["declared", "undeclared"])
def test_faults_http_gzip_bomb_stops_at_the_limit_and_is_not_cached(site, tmp_path, headers):
    site.routes["/bomb"] = ok(gzip_bomb(200_000_000), "text/html", **headers)   # 200 MB in 200 KB
    f = fetcher(tmp_path)
    err = fails(f, site.base + "/bomb")
    assert err.code == "E103" and "1,000,000" in err.message
    assert len(f.cache) == 0 and not list((tmp_path / "raw").glob("*.body"))


def test_faults_http_sitemap_gz_bomb_and_entity_bomb_are_refused(site, tmp_path):
    site.routes["/sitemap.xml.gz"] = ok(gzip_bomb(300_000_000), "application/x-gzip")
    laughs = (b'<?xml version="1.0"?>\n<!-- ' + b"x" * 8000 + b' -->\n<!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><urlset><url><loc>&b;</loc></url></urlset>')
    site.routes["/sitemap.xml"] = ok(laughs, "application/xml")
    t0 = time.monotonic()
    sources = plan_sources([site.base + "/sitemap.xml.gz", site.base + "/sitemap.xml"],
                           dataclasses.replace(HOSTILE, cache_dir=str(tmp_path / "raw")))
    assert time.monotonic() - t0 < 20
    codes = {s.target.rsplit("/", 1)[1]: s.error.code for s in sources}
    assert codes == {"sitemap.xml.gz": "E103", "sitemap.xml": "E110"}
    assert "entity" in sources[1].error.message


def test_faults_http_binary_body_served_as_html_is_recognised_quickly(site, tmp_path):
    noise = bytes((i * 7919) % 128 + 128 for i in range(900_000))
    site.routes["/bild"] = ok(b"<html><body>" + noise, "text/html; charset=iso-8859-1")
    [source] = plan_sources([site.base + "/bild"], dataclasses.replace(HOSTILE, cache_dir=str(tmp_path / "raw")))
    t0 = time.monotonic()
    with pytest.raises(DocumentError) as exc:
        read_source(source, HOSTILE)
    assert exc.value.code == "E102" and time.monotonic() - t0 < 10


class SlowServer:
    """A raw TCP server that sends a canned response one byte every `gap` seconds (headers too)."""

    def __init__(self, response: bytes, gap: float):
        self.response, self.gap = response, gap
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn):
        try:
            conn.recv(65536)
            for i in range(len(self.response)):
                if self.stop.is_set():
                    break
                conn.sendall(self.response[i:i + 1])
                time.sleep(self.gap)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.stop.set()
        self.sock.close()


def test_faults_http_deadline_covers_slow_headers(tmp_path):
    """Headers one byte every 0.3 s: each read is quick, the whole response is not."""
    response = b"HTTP/1.0 200 OK\r\n" + b"X-Padding: " + b"a" * 200 + b"\r\nContent-Type: text/plain\r\n\r\nhej"
    slow = SlowServer(response, 0.3)
    try:
        f = fetcher(tmp_path, max_retries=0)
        f._robots[f"http://127.0.0.1:{slow.port}"] = None     # this server has no robots.txt to ask for
        t0 = time.monotonic()
        err = fails(f, f"http://127.0.0.1:{slow.port}/")
        took = time.monotonic() - t0
    finally:
        slow.close()
    assert err.code == "E130" and "within 3 s" in err.message and "headers" in err.message
    assert took < 3.0 + 5.0     # the deadline, and not the 70 s the headers would take


def test_faults_http_endless_body_stops_at_the_limit(site, tmp_path):
    site.routes["/evig"] = lambda req: (200, {"Content-Type": "text/html"}, ((0, b"<p>bla</p>" * 10_000)
                                                                              for _ in range(10_000)))
    err = fails(fetcher(tmp_path), site.base + "/evig")
    assert err.code == "E103"


# -- where a URL may lead ------------------------------------------------------------------------

@pytest.mark.parametrize("target,code,words", [
    ("file:///etc/passwd", "E133", "only http and https"),
    ("ftp://127.0.0.1/pub/fil.txt", "E133", "only http and https"),
    ("http://169.254.169.254/latest/meta-data/", "E132", "link-local"),
    ("http://127.0.0.2/", "E132", "loopback"),                    # a loopback alias
    ("http://2130706434/", "E132", "loopback"),                   # 127.0.0.2 written as one number
    ("http://[::1]/", "E132", "loopback"),
    ("http://10.1.2.3/", "E132", "private"),
    ("http://0.0.0.0/", "E132", "unspecified"),
])
def test_faults_http_redirects_to_other_schemes_and_private_addresses_are_refused(site, tmp_path, target, code,
                                                                                  words):
    site.routes["/vidare"] = redirect(target)
    t0 = time.monotonic()
    err = fails(fetcher(tmp_path), site.base + "/vidare")
    assert err.code == code and words in err.message and "robots.txt" not in err.message
    assert time.monotonic() - t0 < 5          # refused before any connection, not timed out


def test_faults_http_private_hosts_refused_by_default_and_allowed_by_flag(site, tmp_path):
    site.routes["/a"] = ok(html_page("A", SWEDISH))
    err = fails(fetcher(tmp_path, allowed_networks=()), site.base + "/a")
    assert err.code == "E132" and "--allow-private-hosts" in err.message and site.log == []
    assert fetcher(tmp_path, allowed_networks=(), allow_private_hosts=True).fetch(site.base + "/a").status == 200
    assert [refused_address(a) for a in ("8.8.8.8", "192.168.1.1", "::ffff:127.0.0.1", "100.64.0.1")] == [
        None, "private", "loopback", "reserved"]


def test_faults_http_connects_to_the_address_it_checked(site, tmp_path, monkeypatch):
    """A name whose DNS answer changes after the check (rebinding) cannot redirect the
    connection: the host is resolved once per request, and the connection goes to that address."""
    port = int(site.base.rsplit(":", 1)[1])
    answers = iter([("127.0.0.1", port), ("169.254.169.254", port)])
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "rebind.test":
            address = next(answers)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", address)]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    site.routes["/a"] = ok(html_page("A", SWEDISH))
    f = fetcher(tmp_path)
    f._robots[f"http://rebind.test:{port}"] = None
    assert f.fetch(f"http://rebind.test:{port}/a").status == 200       # one resolution, to 127.0.0.1
    assert len(site.hits("/a")) == 1
    err = fails(fetcher(tmp_path / "again"), f"http://rebind.test:{port}/b")   # the next answer is refused
    assert err.code == "E132"


# -- robots.txt --------------------------------------------------------------------------------

def test_faults_http_huge_robots_txt_is_read_to_500_kib(site, tmp_path):
    rules = b"User-agent: *\nDisallow: /privat/\n"
    site.routes["/robots.txt"] = ok(rules + b"# " + b"x" * 10_000_000 + b"\n", "text/plain")
    site.routes["/a"] = ok(html_page("A", SWEDISH))
    f = fetcher(tmp_path, max_bytes=20_000_000)
    assert f.fetch(site.base + "/a").status == 200
    assert fails(f, site.base + "/privat/x").code == "E131"


def test_faults_http_unreachable_host_is_could_not_fetch_not_disallowed(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]     # closed again below: nothing listens there
    f = fetcher(tmp_path)
    t0 = time.monotonic()
    err = fails(f, f"http://127.0.0.1:{port}/a")
    assert err.code == "E130" and "robots.txt" in err.message and "could not be fetched" in err.message
    assert "Connection" in err.message and time.monotonic() - t0 < 10
    again = fails(f, f"http://127.0.0.1:{port}/b")           # the host is not asked again
    assert again.code == "E130" and f.requests == 2


# -- secrets -----------------------------------------------------------------------------------

def test_faults_http_credentials_never_reach_the_outputs(site, tmp_path):
    site.routes["/skyddad"] = lambda req: ((200, {"Content-Type": "text/html; charset=utf-8"},
                                            html_page("Skyddad", SWEDISH))
                                           if req.headers.get("Authorization") == "Basic YW5uYTpodW50ZXIy"
                                           else (401, {}, b"no"))
    base = site.base.replace("http://", "")
    urls = [f"http://anna:hunter2@{base}/skyddad", f"http://{base}/saknas?token=s3cr3tvalue&sida=2"]
    out, cache = tmp_path / "out", tmp_path / "raw"
    r = subprocess.run([sys.executable, "-m", "kommunkollen", "run", *urls, "--out", str(out), "--cache", str(cache),
                        "--delay", "0", "--allow-network", "127.0.0.1", "--no-progress"],
                       capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert r.returncode == 0, r.stderr
    assert "hunter2" not in r.stderr and "s3cr3tvalue" not in r.stderr
    files = [p for p in (*out.rglob("*"), *cache.rglob("*")) if p.is_file()]
    assert any(p.suffix == ".xlsx" for p in files) and any(p.name.endswith(".json") for p in cache.iterdir())
    db = sqlite3.connect(out / "kommunkollen.db")
    assert db.execute("select count(*) from documents").fetchone() == (1,)
    db.close()
    for p in files:
        data = p.read_bytes()    # SQLite keeps text as it is in its pages; the workbooks are zips
        if p.suffix == ".xlsx":
            import zipfile
            data = b"".join(zipfile.ZipFile(p).read(n) for n in zipfile.ZipFile(p).namelist())
        assert b"hunter2" not in data and b"s3cr3tvalue" not in data, p
    docs = (out / "documents.csv").read_text(encoding="utf-8")
    assert f"http://{base}/skyddad" in docs                              # the page was fetched, shown bare
    assert "token=REDACTED" in (out / "errors.csv").read_text(encoding="utf-8")


def test_faults_http_redact_url():
    assert redact_url("https://u:p@Host.se:8443/a?b=1&api_key=x#f") == "https://host.se:8443/a?b=1&api_key=REDACTED#f"
    assert redact_url("https://www.example.se/a?sida=2") == "https://www.example.se/a?sida=2"


def test_faults_http_spreadsheet_copies_neutralise_formulas(tmp_path):
    """A title from a page's JSON-LD that is a formula, and a partial date, stay text in the
    Excel copies; the plain CSV keeps them exact."""
    site = CannedSite().start()
    try:
        page = ('<html><head><script type="application/ld+json">{"headline": "=cmd|\' /C calc\'!A0", '
                '"datePublished": "--10-13"}</script></head><body><article><h1>=cmd|\' /C calc\'!A0</h1><p>'
                + SWEDISH * 5 + "</p></article></body></html>")
        site.routes["/formel"] = ok(page.encode())
        site.routes["/robots.txt"] = ok(b"", "text/plain")
        out = tmp_path / "out"
        r = subprocess.run([sys.executable, "-m", "kommunkollen", "run", site.base + "/formel", "--out", str(out),
                            "--cache", str(tmp_path / "raw"), "--delay", "0", "--allow-private-hosts",
                            "--no-progress"], capture_output=True, text=True, cwd=ROOT, timeout=180)
    finally:
        site.stop()
    assert r.returncode == 0, r.stderr
    import csv

    import openpyxl
    [plain] = list(csv.DictReader((out / "documents.csv").open(encoding="utf-8")))
    assert plain["title"] == "=cmd|' /C calc'!A0"
    [excel] = list(csv.DictReader((out / "excel" / "documents.csv").open(encoding="utf-8-sig"), delimiter=";"))
    assert excel["title"] == "'=cmd|' /C calc'!A0"
    sheet = openpyxl.load_workbook(out / "excel" / "documents.xlsx").active
    header = [c.value for c in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert title.value == "'=cmd|' /C calc'!A0" and title.data_type == "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))), cell.value

