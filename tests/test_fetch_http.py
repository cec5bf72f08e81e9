"""The polite fetcher against a real HTTP server on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import dataclasses
import gzip
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from kommunkollen.errors import DocumentError
from kommunkollen.fetch import plan_sources, read_source
from kommunkollen.fetch.cache import RawCache
from kommunkollen.fetch.discover import UrlFilter, expand
from kommunkollen.fetch.http import PoliteFetcher
from kommunkollen.settings import Settings
from tests.conftest import ROOT, read_jsonl
from tests.httpserver import CannedSite, html_page, ok

FAST = Settings(allow_private_hosts=True, fetch_delay=0.0, backoff=0.01, max_retries=2, connect_timeout=2, read_timeout=0.5,
                fetch_deadline=2.0, revalidate_after=3600)
SWEDISH = "Uppföljning av åtgärder för nyanlända i Håbo kommun – ”Öppen förskola”."


@pytest.fixture
def site():
    s = CannedSite().start()
    s.routes["/robots.txt"] = ok(b"User-agent: *\nDisallow: /privat/\nCrawl-delay: 0.2\n", "text/plain")
    yield s
    s.stop()


def fetcher(tmp_path, **changes) -> PoliteFetcher:
    return PoliteFetcher(dataclasses.replace(FAST, **changes), RawCache(tmp_path / "raw"))


def test_fetch_http_robots_disallow_and_crawl_delay(site, tmp_path):
    site.routes["/a"] = ok(html_page("A", SWEDISH))
    site.routes["/b"] = ok(html_page("B", SWEDISH))
    site.routes["/privat/x"] = ok(html_page("X", SWEDISH))
    f = fetcher(tmp_path)
    f.fetch(site.base + "/a")
    f.fetch(site.base + "/b")
    with pytest.raises(DocumentError) as exc:
        f.fetch(site.base + "/privat/x")
    assert exc.value.code == "E131"
    assert site.hits("/privat/x") == []
    assert len(site.hits("/robots.txt")) == 1                  # robots.txt read once per host
    times = [r.at for r in site.log]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.19   # Crawl-delay 0.2 s between requests
    ua = site.hits("/a")[0].headers["user-agent"]
    assert ua.startswith("Kommunkollen/") and FAST.contact_url in ua


def test_fetch_http_robots_5xx_means_nothing_is_fetched_and_says_why(tmp_path):
    s = CannedSite().start()
    try:
        s.routes["/robots.txt"] = lambda req: (503, {}, b"down")
        s.routes["/a"] = ok(html_page("A", SWEDISH))
        with pytest.raises(DocumentError) as exc:
            fetcher(tmp_path).fetch(s.base + "/a")
        # RFC 9309: nothing is fetched from the host; the error says robots.txt could not be
        # fetched (E130), not that it disallows the page (E131).
        assert exc.value.code == "E130" and s.hits("/a") == []
        assert "robots.txt" in exc.value.message and "could not be fetched" in exc.value.message
        assert "HTTP 503" in exc.value.message
    finally:
        s.stop()


def test_fetch_http_429_then_success_honours_retry_after(site, tmp_path):
    calls = []

    def flaky(req):
        calls.append(1)
        if len(calls) == 1:
            return 429, {"Retry-After": "1"}, b"slow down"
        return 200, {"Content-Type": "text/html"}, html_page("OK", SWEDISH)
    site.routes["/flaky"] = flaky
    resp = fetcher(tmp_path, max_backoff=5).fetch(site.base + "/flaky")
    assert resp.status == 200 and len(calls) == 2
    first, second = site.hits("/flaky")
    assert second.at - first.at >= 0.95                      # waited as Retry-After asked


def test_fetch_http_repeated_500_gives_up_with_e130(site, tmp_path):
    site.routes["/broken"] = lambda req: (500, {}, b"oops")
    with pytest.raises(DocumentError) as exc:
        fetcher(tmp_path).fetch(site.base + "/broken")
    assert exc.value.code == "E130" and "HTTP 500" in exc.value.message
    assert len(site.hits("/broken")) == 3                    # one try and max_retries=2 retries


def test_fetch_http_slow_responses_time_out(site, tmp_path):
    site.routes["/silent"] = lambda req: (200, {"Content-Type": "text/html"}, [(1.5, b"<html>late</html>")])
    site.routes["/trickle"] = lambda req: (200, {"Content-Type": "text/html"}, [(0.3, b"<p>x</p>")] * 20)
    f = fetcher(tmp_path, max_retries=0)
    for path in ("/silent", "/trickle"):
        t0 = time.monotonic()
        with pytest.raises(DocumentError) as exc:
            f.fetch(site.base + path)
        assert exc.value.code == "E130" and time.monotonic() - t0 < 5


def test_fetch_http_redirects_followed_and_loops_stopped(site, tmp_path):
    site.routes["/old"] = lambda req: (301, {"Location": "/new"}, b"")
    site.routes["/new"] = ok(html_page("Ny", SWEDISH))
    site.routes["/loop1"] = lambda req: (302, {"Location": "/loop2"}, b"")
    site.routes["/loop2"] = lambda req: (302, {"Location": "/loop1"}, b"")
    resp = fetcher(tmp_path).fetch(site.base + "/old")
    assert resp.final_url == site.base + "/new" and b"Ny" in resp.body
    with pytest.raises(DocumentError) as exc:
        fetcher(tmp_path).fetch(site.base + "/loop1")
    assert exc.value.code == "E130" and "redirect loop" in exc.value.message


def test_fetch_http_huge_bodies_are_refused(site, tmp_path):
    site.routes["/declared"] = lambda req: (200, {"Content-Type": "text/html", "Content-Length": "999999999"},
                                            [(0, b"<html>")])
    site.routes["/undeclared"] = lambda req: (200, {"Content-Type": "text/html"}, [(0, b"x" * 50_000)] * 10)
    f = fetcher(tmp_path, max_bytes=200_000)
    for path in ("/declared", "/undeclared"):
        with pytest.raises(DocumentError) as exc:
            f.fetch(site.base + path)
        assert exc.value.code == "E103"


def test_fetch_http_wrong_charset_header_and_gzip(site, tmp_path):
    site.routes["/cp1252"] = ok(html_page("Fel", SWEDISH, charset="windows-1252").replace(b"windows-1252", b"utf-8"),
                                "text/html; charset=utf-8")
    site.routes["/gz"] = ok(gzip.compress(html_page("Gzip", SWEDISH)), **{"Content-Encoding": "gzip"})
    settings = dataclasses.replace(FAST, cache_dir=str(tmp_path / "raw"))
    for path in ("/cp1252", "/gz"):
        [source] = plan_sources([site.base + path], settings)
        doc = read_source(source, settings)
        assert SWEDISH in doc.content, path


def test_fetch_http_content_type_check(site, tmp_path):
    site.routes["/image"] = ok(b"\x89PNG....", "image/png")
    with pytest.raises(DocumentError) as exc:
        fetcher(tmp_path).fetch(site.base + "/image")
    assert exc.value.code == "E104"


def test_fetch_http_cache_and_conditional_requests(site, tmp_path):
    site.routes["/etag"] = lambda req: ((304, {}, b"") if req.headers.get("If-None-Match") == '"v1"' else
                                        (200, {"Content-Type": "text/html", "ETag": '"v1"'}, html_page("E", SWEDISH)))
    first = fetcher(tmp_path).fetch(site.base + "/etag")
    fresh = fetcher(tmp_path).fetch(site.base + "/etag")          # younger than revalidate_after: no request
    assert fresh.from_cache and fresh.body == first.body and len(site.hits("/etag")) == 1
    f = fetcher(tmp_path, revalidate_after=0)
    again = f.fetch(site.base + "/etag")
    assert again.from_cache and again.body == first.body and f.not_modified == 1
    assert site.hits("/etag")[-1].headers["if-none-match"] == '"v1"'
    sidecars = list((tmp_path / "raw").glob("*.json"))
    assert len(sidecars) == 1 and '"etag": "\\"v1\\""' in sidecars[0].read_text()


def _sitemaps(site, n_pages=6):
    pages = []
    for i in range(n_pages):
        path = f"/nyheter/{i}" if i % 3 else f"/evenemang/{i}"
        site.routes[path] = ok(html_page(f"Nyhet {i}", SWEDISH))
        pages.append((path, f"2023-0{1 + i % 6}-15"))
    urls = "".join(f"<url><loc>{site.base}{p}</loc><lastmod>{d}</lastmod></url>" for p, d in pages)
    child = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    site.routes["/sitemap-1.xml.gz"] = ok(gzip.compress(child.encode()), "application/x-gzip")
    site.routes["/sitemap.xml"] = ok(
        (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         f"<sitemap><loc>{site.base}/sitemap-1.xml.gz</loc></sitemap></sitemapindex>").encode(), "application/xml")
    return pages


def test_fetch_http_sitemap_index_gz_date_and_pattern_filters(site, tmp_path):
    _sitemaps(site)
    f = fetcher(tmp_path)
    flt = UrlFilter(since=__import__("datetime").date(2023, 2, 1), include=["/nyheter/"], exclude=["/nyheter/5$"])
    found = list(expand("sitemap", site.base + "/sitemap.xml", lambda u: f.fetch(u).body, flt))
    assert found == [site.base + "/nyheter/1", site.base + "/nyheter/2", site.base + "/nyheter/4"]


def test_fetch_http_rss_and_atom_feeds(site, tmp_path):
    rss = (f"<rss version='2.0'><channel><item><title>A</title><link>{site.base}/a</link>"
           f"<pubDate>Mon, 06 Mar 2023 10:00:00 +0100</pubDate></item><item><link>{site.base}/b</link>"
           f"<pubDate>Sun, 01 Jan 2017 10:00:00 +0100</pubDate></item></channel></rss>")
    atom = (f"<feed xmlns='http://www.w3.org/2005/Atom'><entry><link rel='alternate' href='{site.base}/c'/>"
            f"<updated>2023-03-06T10:00:00Z</updated></entry></feed>")
    site.routes["/rss"] = ok(rss.encode(), "application/rss+xml")
    site.routes["/atom"] = ok(atom.encode(), "application/atom+xml")
    f = fetcher(tmp_path)
    flt = UrlFilter(since=__import__("datetime").date(2020, 1, 1))
    assert list(expand("feed", site.base + "/rss", lambda u: f.fetch(u).body, flt)) == [site.base + "/a"]
    assert list(expand("feed", site.base + "/atom", lambda u: f.fetch(u).body, flt)) == [site.base + "/c"]


def test_fetch_http_run_over_a_corpus_file(site, tmp_path):
    _sitemaps(site, 3)
    site.routes["/trasig"] = lambda req: (500, {}, b"")
    corpus = tmp_path / "testkommun.yaml"
    corpus.write_text(f"name: testkommun\nmetadata:\n  municipality: Håbo\nfetch:\n  fetch_delay: 0\n"
                      f"  backoff: 0.01\n  max_retries: 1\nsources:\n  - sitemap: {site.base}/sitemap.xml\n"
                      f"  - url: {site.base}/trasig\n  - glob: lokala/*.txt\n", encoding="utf-8")
    (tmp_path / "lokala").mkdir()
    (tmp_path / "lokala" / "beslut.txt").write_text(SWEDISH, encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "kommunkollen", "run", str(corpus), "--out", str(out),
                        "--allow-private-hosts"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    docs = read_jsonl(out / "documents.jsonl")
    # A glob's files are named from the corpus file's folder, not by the machine's absolute path.
    assert [d["source"] for d in docs] == [site.base + p for p in ("/evenemang/0", "/nyheter/1", "/nyheter/2")] + [
        f"{tmp_path.name}/lokala/beslut.txt"]
    assert all(d["municipality"] == "Håbo" and d["municipality_code"] == "0305" for d in docs)
    assert docs[1]["title"] == "Nyhet 1" and SWEDISH in docs[1]["text"]
    assert (tmp_path / "testkommun" / "raw").is_dir()
    assert "E130" in (out / "errors.csv").read_text(encoding="utf-8")


def test_fetch_http_200_page_site_polite_resumable_and_revalidated(tmp_path):
    """A 200-page site: robots obeyed, delays kept, a killed fetch resumes, a re-run revalidates."""
    s = CannedSite().start()
    try:
        s.routes["/robots.txt"] = ok(b"User-agent: *\nDisallow: /intern/\n", "text/plain")
        urls = []
        def page(i):
            def route(req):
                if req.headers.get("If-None-Match") == f'"e{i}"':
                    return 304, {}, b""
                return 200, {"Content-Type": "text/html", "ETag": f'"e{i}"'}, html_page(f"Sida {i}", SWEDISH)
            return route

        for i in range(200):
            path = f"/intern/{i}" if i % 20 == 0 else f"/sida/{i}"
            s.routes[path] = page(i)
            urls.append(f"<url><loc>{s.base}{path}</loc></url>")
        s.routes["/sitemap.xml"] = ok(("<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                                       + "".join(urls) + "</urlset>").encode(), "application/xml")
        cache = tmp_path / "raw"
        log = tmp_path / "requests.jsonl"
        cmd = [sys.executable, "-m", "kommunkollen", "fetch", s.base + "/sitemap.xml", "--cache", str(cache),
               "--delay", "0.02", "--request-log", str(log), "--allow-private-hosts"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len([r for r in s.log if r.path.startswith("/sida/")]) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        first_pass = {r.path for r in s.log if r.path.startswith("/sida/")}
        assert 60 <= len(first_pass) < 190

        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        page_hits = [r.path for r in s.log if r.path.startswith("/sida/")]
        assert len(set(page_hits)) == 190                        # every allowed page, once...
        assert len(page_hits) <= 191                             # ...except one in flight at the kill
        assert not [r for r in s.log if r.path.startswith("/intern/")]   # robots obeyed
        # The per-host delay, measured where the fetcher controls it: the send times in its own
        # request log (a server on a loaded machine may read two spaced requests back to back).
        # time.monotonic is one clock for every process on the machine; the killed run's last
        # line may be cut off.
        sent = []
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                sent.append(json.loads(line)["monotonic"])
            except (json.JSONDecodeError, KeyError):
                continue
        gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
        assert len(gaps) >= 190 and min(gaps) >= 0.02 - 1e-6    # the per-host delay held
        assert RawCache(cache).__len__() == 191                  # 190 pages and the sitemap

        before = len(s.log)
        again = subprocess.run(cmd + ["--revalidate"], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0 and "190 not modified" in again.stderr, again.stderr
        second = [r for r in s.log[before:] if r.path.startswith("/sida/")]
        assert len(second) == 190 and all("if-none-match" in r.headers for r in second)
    finally:
        s.stop()


def test_fetch_http_url_list_file_and_fetch_command(site, tmp_path):
    site.routes["/a"] = ok(html_page("A", SWEDISH))
    site.routes["/b"] = ok(html_page("B", SWEDISH))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# nyheter\n{site.base}/a\n\n{site.base}/b\n{site.base}/a\n", encoding="utf-8")
    cache = tmp_path / "cache"
    args = ["fetch", str(listing), "--cache", str(cache), "--delay", "0", "--allow-private-hosts"]
    r = subprocess.run([sys.executable, "-m", "kommunkollen", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0 and "2 URLs: 2 fetched" in r.stderr, r.stderr
    again = subprocess.run([sys.executable, "-m", "kommunkollen", *args], capture_output=True, text=True, cwd=ROOT,
                           timeout=60)
    assert "2 fresh in cache" in again.stderr and len(site.hits("/a")) == 1
