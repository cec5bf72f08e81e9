"""Fetch stage: turn the inputs of a run into Documents with decoded content.

Entry points: `plan_sources(inputs, settings)` expands files, directories,
URL lists, sitemaps, feeds and corpus files into a list of `Source`s (a
sitemap that cannot be read becomes a Source carrying its error), and
`read_source(source, settings)` reads one into a Document or raises a coded
DocumentError. URLs go through one PoliteFetcher per cache directory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.document import Document
from pipeline.errors import DocumentError
from pipeline.fetch.cache import RawCache
from pipeline.fetch.discover import expand
from pipeline.fetch.http import PoliteFetcher
from pipeline.fetch.local import document_from_bytes, expand_inputs, read_document
from pipeline.fetch.sources import Corpus, SourceSpec, classify_inputs
from pipeline.settings import Settings

__all__ = ["Corpus", "Source", "plan_sources", "read_source", "fetch_corpus", "expand_inputs", "read_document",
           "document_from_bytes"]


@dataclass
class Source:
    target: str                           # the path or URL, as the user or the sitemap gave it
    kind: str                             # "path" or "url"
    fetcher: PoliteFetcher | None = None
    metadata: dict = field(default_factory=dict)   # per-corpus metadata (e.g. municipality)
    error: DocumentError | None = None    # set when discovery already failed


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
        if src.target not in seen or src.error is not None:
            seen.add(src.target)
            out.append(src)

    for group_specs, group_settings, cache_dir, metadata in groups:
        fetcher = fetchers.get(cache_dir)
        for spec in group_specs:
            if spec.kind == "path":
                for path in expand_inputs([spec.target], group_settings):
                    add(Source(path, "path", metadata=metadata))
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
    if source.kind == "path":
        document = read_document(source.target, settings)
    else:
        response = source.fetcher.fetch(source.target)
        suffix = Path(response.final_url.split("?")[0]).suffix.lower()
        document = document_from_bytes(source.target, response.body, suffix=suffix,
                                       declared_charset=response.charset, media_type=response.media_type or None)
    document.hints = dict(source.metadata)
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

