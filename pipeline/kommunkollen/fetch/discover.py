"""Expanding sitemaps (indexes and .gz too) and RSS/Atom feeds into article URLs."""
from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import regex

from kommunkollen.errors import DocumentError


@dataclass
class UrlFilter:
    """Which discovered URLs to keep: a date window and include/exclude patterns."""

    since: date | None = None
    until: date | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    limit: int | None = None

    def keep(self, url: str, when: date | None) -> bool:
        if self.include and not any(regex.search(p, url) for p in self.include):
            return False
        if any(regex.search(p, url) for p in self.exclude):
            return False
        if when is not None and ((self.since and when < self.since) or (self.until and when > self.until)):
            return False
        return True


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()   # RSS: RFC 822 dates
    except (TypeError, ValueError):
        return None


# A sitemap or feed larger than this, after inflating, is refused (the sitemap protocol allows 50 MB).
MAX_XML_BYTES = 50 * 1024 * 1024


def _xml(body: bytes, url: str, limit: int = MAX_XML_BYTES) -> ET.Element:
    from kommunkollen.fetch.http import GZIP_MAGIC, inflate_bounded

    if body[:2] == GZIP_MAGIC:   # .xml.gz, inflated in bounded steps: a bomb stops at the limit
        body = inflate_bounded(body, limit, url)
    if b"<!ENTITY" in body or b"<!entity" in body:   # no entity expansion from strangers' XML, wherever declared
        raise DocumentError("E110", f"{url}: XML with entity declarations is refused", stage="fetch")
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise DocumentError("E110", f"{url}: not valid XML: {exc}", stage="fetch") from exc


def parse_sitemap(body: bytes, url: str) -> tuple[list[tuple[str, date | None]], list[tuple[str, date | None]]]:
    """(pages, child sitemaps), each as (url, lastmod)."""
    root = _xml(body, url)
    pages, children = [], []
    kind = _local(root.tag)
    for entry in root:
        loc = lastmod = None
        for child in entry:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = _parse_date(child.text)
        if loc:
            (children if kind == "sitemapindex" else pages).append((loc, lastmod))
    return pages, children


def parse_feed(body: bytes, url: str) -> list[tuple[str, date | None]]:
    """Item links of an RSS 2.0 or Atom feed, with their publication dates."""
    root = _xml(body, url)
    out = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        link, when = None, None
        for child in item:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                if href and child.get("rel", "alternate") == "alternate":
                    link = href
                elif not href and child.text:
                    link = child.text.strip()
            elif cname in ("pubdate", "published", "updated", "date") and when is None:
                when = _parse_date(child.text)
        if link:
            out.append((link, when))
    return out


def expand(kind: str, url: str, fetch, url_filter: UrlFilter, _depth: int = 0) -> Iterable[str]:
    """Article URLs from a sitemap or feed; `fetch(url) -> bytes` is the polite fetcher."""
    body = fetch(url)
    if kind == "feed":
        entries = parse_feed(body, url)
        children = []
    else:
        entries, children = parse_sitemap(body, url)
    count = 0
    for child, lastmod in children:
        if _depth < 3 and (lastmod is None or url_filter.since is None or lastmod >= url_filter.since):
            yield from expand("sitemap", child, fetch, url_filter, _depth + 1)
    for link, when in entries:
        if url_filter.keep(link, when):
            count += 1
            if url_filter.limit and count > url_filter.limit:
                return
            yield link
