"""Kommunkollen: Swedish municipal documents in, structured and citable data out.

The Python API (the README shows it at work):

    import kommunkollen
    nlp = kommunkollen.load()                  # a spaCy Language: doc = nlp(text); doc._.records
    record = kommunkollen.extract(text, municipality="Skövde")    # one documents.jsonl object
    record = kommunkollen.extract_file("beslut.pdf")
    summary = kommunkollen.run(["corpora/sample"], "outputs/sample")  # what `kommunkollen run` does

The pipeline runs in stages, each a subpackage with one entry point:
fetch (read sources) -> clean (text + metadata) -> nlp (spaCy) -> extract (records)
-> normalise -> export. `kommunkollen.runner.run_pipeline` ties them together;
`kommunkollen.cli` is a thin command line over it. Heavy imports (spaCy, the model)
happen on first use, so `import kommunkollen` is cheap.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.language import Language

    from kommunkollen.runner import RunSummary

__all__ = ["__version__", "load", "extract", "extract_file", "run"]


def load(ner: str = "auto") -> Language:
    """Kommunkollen's whole spaCy pipeline: tokenizer, NER backend (`ner` as for `--ner`), sentence
    boundaries, the municipal layer, the extractors and kk_normalise.

    `doc = nlp(text)` leaves the record lists in `doc._.records` ("persons", "organisations",
    "places", "amounts", "dates", "counts", "org_changes", "entities"), each record with its
    character offsets and evidence sentence. Set `doc._.meta` (e.g. {"municipality": "Skövde",
    "published": "2024-03-01"}) on `nlp.make_doc(text)` and pass the Doc to `nlp` to give the
    extractors the document's municipality and date. `nlp.to_disk(path)` saves a pipeline that
    `spacy.load(path)` reads back in any process where kommunkollen is installed.
    Raises kommunkollen.errors.SetupError when the installation lacks a resource or the backend.
    """
    from kommunkollen.resources import check_resources
    from kommunkollen.runner import build_nlp
    from kommunkollen.settings import Settings

    check_resources()
    return build_nlp(Settings(ner=ner))


@lru_cache(maxsize=4)
def _default_nlp(ner: str) -> Language:
    return load(ner)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:300].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def extract(text: str, *, source: str | None = None, municipality: str | None = None,
            published: str | None = None, title: str | None = None, doc_type: str | None = None,
            author: str | None = None, html: bool | None = None, ner: str = "auto",
            nlp: Language | None = None) -> dict[str, Any]:
    """Everything Kommunkollen finds in one text, as one dict in the shape of a documents.jsonl line:
    doc_id, source, metadata (doc_type, municipality, title, published, ...), the cleaned `text`
    and every record list (each record with record_id, offsets into `text` and evidence).

    The text is cleaned first (HTML when `html` is true, or when it looks like a page); metadata
    given here wins over what is detected. `source` (a URL or a file name) goes into doc_id.
    `nlp` reuses a pipeline from load(); by default one per `ner` backend is loaded and kept.
    Raises kommunkollen.errors.DocumentError when no main text is left (E200).
    """
    import hashlib

    from kommunkollen.document import Document
    from kommunkollen.fetch import canonical_url
    from kommunkollen.fetch.sources import is_url

    if html is None:
        html = _looks_like_html(text)
    name = source or "<text>"
    document = Document(source=name, content=text, media_type="text/html" if html else "text/plain",
                        raw_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                        canonical_source=canonical_url(name) if is_url(name) else name)
    given = {"municipality": municipality, "published": published, "title": title, "doc_type": doc_type,
             "author": author}
    document.hints = {k: v for k, v in given.items() if v is not None}
    return _process(document, nlp or _default_nlp(ner))


def extract_file(path: str | Path, *, ner: str = "auto", nlp: Language | None = None,
                 **metadata: str) -> dict[str, Any]:
    """extract() for a file: text, HTML, PDF (its text layer) or DOCX, read as `run` reads it.
    `metadata` takes the same keywords as extract() (municipality, published, title, doc_type,
    author). Raises kommunkollen.errors.DocumentError with the file's error code (E1xx)."""
    from pathlib import Path as _Path

    from kommunkollen.fetch import plan_sources, read_source
    from kommunkollen.settings import Settings

    if not _Path(path).exists():
        raise FileNotFoundError(f"no such file: {path}")
    if _Path(path).is_dir():
        raise IsADirectoryError(f"{path} is a folder: use kommunkollen.run() for folders")
    settings = Settings()
    (source,) = plan_sources([str(path)], settings)
    document = read_source(source, settings)
    document.hints = {k: v for k, v in metadata.items() if v is not None}
    return _process(document, nlp or _default_nlp(ner))


def _process(document, nlp: Language) -> dict[str, Any]:
    from kommunkollen.clean import clean_document
    from kommunkollen.settings import Settings

    clean_document(document, Settings())
    doc = nlp.make_doc(document.text)
    doc._.meta = document.meta
    document.records = nlp(doc)._.records
    return document.to_json()


def run(inputs: list[str] | str, out: str | Path, **settings: Any) -> RunSummary:
    """What `kommunkollen run INPUT... --out OUT` does: files, folders, URLs and corpus files in,
    the datasets in `out`. `settings` are kommunkollen.settings.Settings fields (ner="rules",
    rebuild=True, ...). Returns the run's summary (counts, timings)."""
    from kommunkollen.runner import run_pipeline
    from kommunkollen.settings import Settings

    inputs = [inputs] if isinstance(inputs, str) else list(inputs)
    return run_pipeline(inputs, out, Settings(**{"progress": False, **settings}))
