"""What a run or fetch is given, expanded into sources: local files and URLs.

Inputs may be files, directories, URLs, text files of URLs (`.urls`, or a
`.txt` whose every line is a URL), and corpus files (`corpora/<name>.yaml`)
that list URLs, sitemaps, feeds and local globs with per-corpus metadata and
fetch settings.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from kommunkollen.errors import UserError
from kommunkollen.fetch.discover import UrlFilter
from kommunkollen.settings import Settings


@dataclass
class SourceSpec:
    """One entry of a corpus: kind is url, sitemap, feed or path."""

    kind: str
    target: str
    url_filter: UrlFilter = field(default_factory=UrlFilter)
    root: str | None = None    # for a corpus file's globs: the folder its matches are named from


@dataclass
class Corpus:
    name: str
    specs: list[SourceSpec]
    metadata: dict = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    cache_dir: Path | None = None


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _is_url_list(path: Path) -> bool:
    if path.suffix.lower() in (".urls", ".list"):
        return True
    try:
        if path.suffix.lower() != ".txt" or path.stat().st_size > 5_000_000:
            return False
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:   # unreadable: read as a document, which gets its coded row
        return False
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and all(is_url(line) and " " not in line for line in lines)


def _date(value, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise UserError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def load_corpus(path: str | Path, base: Settings) -> Corpus:
    """Read a corpus file; relative globs are relative to the file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not data.get("sources"):
        raise UserError(f"{path}: a corpus file needs a 'sources' list (see corpora/README.md)")
    name = str(data.get("name") or path.stem)
    overrides = data.get("fetch") or {}
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = set(overrides) - known
    if unknown:
        raise UserError(f"{path}: unknown fetch settings {sorted(unknown)}")
    settings = dataclasses.replace(base, **overrides)
    specs = []
    for i, entry in enumerate(data["sources"]):
        where = f"{path}: sources[{i}]"
        if isinstance(entry, str):
            entry = {"url": entry} if is_url(entry) else {"glob": entry}
        kinds = [k for k in ("url", "sitemap", "feed", "glob") if k in entry]
        if len(kinds) != 1:
            raise UserError(f"{where}: give exactly one of url, sitemap, feed or glob")
        kind = kinds[0]
        flt = UrlFilter(since=_date(entry.get("since"), where), until=_date(entry.get("until"), where),
                        include=list(entry.get("include") or []), exclude=list(entry.get("exclude") or []),
                        limit=entry.get("limit"))
        if kind == "glob":
            for match in sorted(path.parent.glob(entry["glob"])):
                specs.append(SourceSpec("path", str(match), root=str(path.parent)))
        else:
            specs.append(SourceSpec(kind, entry[kind], flt))
    return Corpus(name, specs, dict(data.get("metadata") or {}), settings,
                  path.parent / name / "raw")


def classify_inputs(inputs: list[str], settings: Settings) -> tuple[list[SourceSpec], list[Corpus]]:
    """Inputs as given, to plain specs and corpora. Missing paths are user errors."""
    specs: list[SourceSpec] = []
    corpora: list[Corpus] = []
    for given in inputs:
        if is_url(given):
            kind = "sitemap" if "sitemap" in given.lower() and given.lower().endswith((".xml", ".xml.gz")) else (
                "feed" if given.lower().endswith((".rss", "/rss", "/feed", ".atom", "/atom")) else "url")
            specs.append(SourceSpec(kind, given))
            continue
        path = Path(given)
        if not path.exists():
            raise UserError(f"input not found: {given} (give files, directories, URLs or corpus files that exist)")
        if path.suffix.lower() in (".yaml", ".yml"):
            corpora.append(load_corpus(path, settings))
        elif path.is_file() and _is_url_list(path):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    specs.append(SourceSpec("url", line))
        else:
            specs.append(SourceSpec("path", given))
    return specs, corpora
