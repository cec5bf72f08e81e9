"""Fetch stage: turn the inputs of a run into Documents with decoded content.

Entry points: `plan_sources(inputs, settings)` expands files, directories,
URL lists, sitemaps, feeds and corpus files into a list of `Source`s (a
sitemap that cannot be read becomes a Source carrying its error), and
`read_source(source, settings)` reads one into a Document or raises a coded
DocumentError. URLs go through one PoliteFetcher per cache directory.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from kommunkollen.document import Document
from kommunkollen.errors import DocumentError
from kommunkollen.fetch.cache import RawCache
from kommunkollen.fetch.discover import expand
from kommunkollen.fetch.http import PoliteFetcher
from kommunkollen.fetch.local import document_from_bytes, expand_inputs, read_document
from kommunkollen.fetch.sources import Corpus, SourceSpec, classify_inputs
from kommunkollen.fetch.urls import redact_url
from kommunkollen.limits import time_limit
from kommunkollen.settings import Settings

__all__ = ["Corpus", "Source", "canonical_url", "plan_sources", "read_source", "fetch_corpus", "expand_inputs", "read_document",
           "document_from_bytes"]


@dataclass
class Source:
    target: str                           # the path or URL to read, as the user or the sitemap gave it
    kind: str                             # "path" or "url"
    fetcher: PoliteFetcher | None = None
    metadata: dict = field(default_factory=dict)   # per-corpus metadata (e.g. municipality)
    error: DocumentError | None = None    # set when discovery already failed
    canonical: str = ""                   # the name doc_ids and the result cache use (see LocalFile)
    display: str = ""                     # the name the `source` column shows

    def __post_init__(self):
        if self.kind == "url":   # credentials in the URL are used to fetch it, and shown nowhere
            self.canonical = self.canonical or canonical_url(redact_url(self.target))
            self.display = self.display or redact_url(self.target)
        self.canonical = self.canonical or self.target
        self.display = self.display or self.target


def canonical_url(url: str) -> str:
    """One spelling per URL: scheme and host in lower case, no default port, no fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def plan_sources(inputs: list[str], settings: Settings, fetchers: dict | None = None) -> list[Source]:
    """Every document source of a run, in a stable order, duplicates dropped."""
    specs, corpora = classify_inputs(list(inputs), settings)
    fetchers = fetchers if fetchers is not None else {}
    groups: list[tuple[list[SourceSpec], Settings, Path, dict]] = []
    if specs:
        groups.append((specs, settings, Path(settings.cache_dir), {}))
    for corpus in corpora:
        groups.append((corpus.specs, corpus.settings, corpus.cache_dir or Path(settings.cache_dir),
                       corpus.metadata))
    out: list[Source] = []
    seen: set[str] = set()

    def add(src: Source):
        key = src.canonical if src.kind == "url" else os.path.realpath(src.target)
        if key not in seen or src.error is not None:
            seen.add(key)
            out.append(src)

    for group_specs, group_settings, cache_dir, metadata in groups:
        fetcher = fetchers.get(cache_dir)
        for spec in group_specs:
            if spec.kind == "path":
                for f in expand_inputs([spec.target], group_settings, root=spec.root):
                    add(Source(f.path, "path", metadata=metadata, canonical=f.canonical, display=f.display,
                               error=f.error))
                continue
            if fetcher is None:
                fetcher = fetchers[cache_dir] = PoliteFetcher(group_settings, RawCache(cache_dir))
            if spec.kind == "url":
                add(Source(spec.target, "url", fetcher, metadata))
                continue
            try:
                for url in expand(spec.kind, spec.target, lambda u, f=fetcher: f.fetch(u).body, spec.url_filter):
                    add(Source(url, "url", fetcher, metadata))
            except DocumentError as exc:
                add(Source(spec.target, "url", fetcher, metadata, error=exc))
    return out


def read_source(source: Source, settings: Settings) -> Document:
    """One source as a Document; raises a coded DocumentError."""
    if source.error is not None:
        raise source.error
    # The network has its own deadline (fetch_deadline); reading the bytes into text (a PDF's
    # or DOCX's parser, decoding) has the document time limit.
    if source.kind == "path":
        with time_limit(settings.doc_timeout, "fetch"):
            document = read_document(source.target, settings)
    else:
        response = source.fetcher.fetch(source.target)
        suffix = Path(response.final_url.split("?")[0]).suffix.lower()
        with time_limit(settings.doc_timeout, "fetch"):
            document = document_from_bytes(source.target, response.body, suffix=suffix,
                                           declared_charset=response.charset,
                                           media_type=response.media_type or None,
                                           max_bytes=settings.max_bytes)
    document.hints = dict(source.metadata)
    document.source = source.display
    document.canonical_source = source.canonical
    return document


def fetch_corpus(source: Source) -> str:
    """Fetch one URL source into its cache; returns 'fetched', 'cached' or 'revalidated'."""
    if source.error is not None:
        raise source.error
    fetcher = source.fetcher
    before = fetcher.not_modified
    response = fetcher.fetch(source.target)
    if fetcher.not_modified > before:
        return "revalidated"
    return "cached" if response.from_cache else "fetched"

