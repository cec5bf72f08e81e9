"""One run: sources -> fetch -> clean -> nlp -> extract -> normalise -> export.

`run_pipeline` is what `kommunkollen run` calls. Documents travel in
batches; a document that fails in any stage gets a coded row in errors.csv
and the others go on. Set-up problems (a missing resource or model) are
found before any document is read, and stop the run with a SetupError.
Documents whose cleaned text repeats an earlier one's are listed as its
duplicates and contribute no records, so nothing is counted twice.
"""
from __future__ import annotations

import platform
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kommunkollen import __version__
from kommunkollen.cache import ResultCache, pipeline_fingerprint
from kommunkollen.clean import clean_document
from kommunkollen.document import Document, normalised_digest
from kommunkollen.errors import DISK_ERRORS, DocumentError, SetupError, Terminated
from kommunkollen.export import OutputWriter
from kommunkollen.extractors import EXTRACTORS, add_extractors
from kommunkollen.fetch import plan_sources, read_source
from kommunkollen.fetch.local import printable_path
from kommunkollen.fetch.urls import redact_urls
from kommunkollen.limits import TimeLimitExceeded, time_limit
from kommunkollen.nlp import load_nlp, model_info
from kommunkollen.nlp.pieces import PIECE_CHARS, run_in_pieces
from kommunkollen.normalise import component as _normalise_component  # noqa: F401  (registers kk_normalise)
from kommunkollen.resources import check_resources
from kommunkollen.schema import RECORD_TABLES
from kommunkollen.settings import Settings

STAGES = ("fetch", "clean", "nlp", "extract", "normalise", "export")


@dataclass
class RunSummary:
    out: Path
    ok: int = 0
    failed: int = 0
    records: dict[str, int] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    memory: dict[str, int] | None = None   # per-stage peak traced bytes, when asked for
    words: int = 0
    processed: int = 0     # went through the pipeline this run
    reused: int = 0        # taken from the result cache
    duplicates: int = 0    # of the ok documents: copies of an earlier one's text (no records of their own)
    total: int = 0         # sources found


class StageTimer:
    """Adds each call's time to its stage; with `memory` it also keeps each stage's
    peak of traced Python allocations (tracemalloc slows the run, so the benchmark
    measures memory in a separate pass)."""

    def __init__(self, timings: dict[str, float], memory: dict[str, int] | None = None):
        self.timings = timings
        self.memory = memory

    def __call__(self, stage: str, fn: Callable, *args):
        if self.memory is not None:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
        t0 = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.timings[stage] += time.perf_counter() - t0
            if self.memory is not None:
                peak = tracemalloc.get_traced_memory()[1] - base
                self.memory[stage] = max(self.memory.get(stage, 0), peak)


NORMALISE = "kk_normalise"


def build_nlp(settings: Settings, *, normalise: bool = True) -> Language:
    """The whole pipeline: the NLP stage's components, the extractors and (unless `normalise` is
    false, for code that reads the extractors' raw mentions) kk_normalise, which leaves the final
    record lists in doc._.records."""
    nlp = add_extractors(load_nlp(settings))
    if normalise and NORMALISE not in nlp.pipe_names:
        nlp.add_pipe(NORMALISE)
    return nlp


def _nlp_stage_names(nlp: Language) -> list[str]:
    return [n for n in nlp.pipe_names if n not in EXTRACTORS and n != NORMALISE]


def coded(exc: BaseException, stage: str, code: str) -> DocumentError:
    """The coded error for an exception from a stage: its time limit, memory, or `code`."""
    if isinstance(exc, TimeLimitExceeded):
        return DocumentError("E600", str(exc), stage=exc.stage)
    if isinstance(exc, MemoryError):
        return DocumentError("E601", f"out of memory in the {stage} stage ({exc or 'MemoryError'})", stage=stage)
    return DocumentError(code, f"{type(exc).__name__}: {exc}", stage=stage)


def process_batch(documents: list[Document], nlp: Language, settings: Settings, timer: StageTimer,
                  on_error: Callable[[Document, DocumentError], None]) -> list[Document]:
    """Run nlp, extract and normalise over cleaned documents; failed ones go to `on_error`."""
    nlp_names = _nlp_stage_names(nlp)
    # Long documents go through the token-level components in pieces (nlp/pieces.py); the
    # municipal layer, which reads the whole text, runs on the joined Doc.
    whole = [n for n in nlp_names if n == "kk_municipal_layer"]
    piecewise = [n for n in nlp_names if n not in whole]
    short = [i for i, d in enumerate(documents) if len(d.text) <= PIECE_CHARS]

    def make(document: Document) -> Doc:
        sdoc = nlp.make_doc(document.text)
        sdoc._.meta = document.meta
        return sdoc

    def one_long(document: Document) -> Doc:
        with nlp.select_pipes(enable=piecewise):
            sdoc = run_in_pieces(nlp, document.text)
        sdoc._.meta = document.meta
        for name in whole:
            sdoc = nlp.get_pipe(name)(sdoc)
        return sdoc

    def one(document: Document) -> Doc:
        with time_limit(settings.doc_timeout, "nlp"):
            if len(document.text) > PIECE_CHARS:
                return one_long(document)
            with nlp.select_pipes(enable=nlp_names):
                return nlp(make(document))

    def run_nlp():
        # The short documents in one nlp.pipe, under one time limit; what did not come out of it
        # (a failure, the limit) goes again one at a time, each with its own limit, so the
        # document at fault is the one reported.
        out: list = [None] * len(documents)
        try:
            with time_limit(settings.doc_timeout, "nlp"):
                docs = [make(documents[i]) for i in short]
                with nlp.select_pipes(enable=nlp_names):
                    for i, sdoc in zip(short, nlp.pipe(docs, batch_size=settings.batch_size), strict=True):
                        out[i] = sdoc
        except SetupError:
            raise
        except Exception:  # noqa: BLE001, S110  (isolated below)
            pass
        for i, document in enumerate(documents):
            if out[i] is None:
                try:
                    out[i] = one(document)
                except SetupError:
                    raise
                except Exception as exc:  # noqa: BLE001  (reported per document)
                    out[i] = exc
        return out

    processed = timer("nlp", run_nlp)
    done = []
    extractors = [p for n, p in nlp.pipeline if n in EXTRACTORS]
    normalise = nlp.get_pipe(NORMALISE)
    for document, sdoc in zip(documents, processed, strict=True):
        Terminated.check()
        if isinstance(sdoc, SetupError):
            raise sdoc
        if isinstance(sdoc, Exception):
            on_error(document, coded(sdoc, "nlp", "E300"))
            continue

        def run_extract(sdoc=sdoc):
            for proc in extractors:
                sdoc = proc(sdoc)
            return sdoc

        stage, code = "extract", "E400"
        try:
            with time_limit(settings.doc_timeout, "extract"):
                sdoc = timer("extract", run_extract)
                stage, code = "normalise", "E500"
                document.records = timer("normalise", normalise, sdoc)._.records
        except SetupError:
            raise
        except Exception as exc:  # noqa: BLE001  (reported per document)
            on_error(document, coded(exc, stage, code))
            continue
        done.append(document)   # the spaCy Doc is not kept: records and text are all that is written
    return done


def run_pipeline(inputs: Iterable[str], out: str | Path, settings: Settings | None = None,
                 trace_memory: bool = False) -> RunSummary:
    """Process every input into `out`; returns counts and timings (and per-stage memory peaks).

    Documents whose results are cached (same source, same content, same
    pipeline) are not processed again unless settings.rebuild is set.
    """
    settings = settings or Settings()
    started = datetime.now(UTC)
    t_start = time.perf_counter()
    inputs = list(inputs)
    check_resources()                                      # set-up errors before any work
    writer = OutputWriter(out, publish=settings.publish, xlsx=settings.xlsx, report=settings.report)   # checks the output before anything is fetched
    try:
        sources = plan_sources(inputs, settings)
    except BaseException:
        writer.abort()
        raise
    summary = RunSummary(out=writer.out, memory={} if trace_memory else None, total=len(sources))
    if not sources:               # nothing to do: leave a previous output as it was
        writer.abort()
        return summary
    if trace_memory:
        tracemalloc.start()
    timer = StageTimer(summary.timings, summary.memory)
    t0 = time.perf_counter()
    try:
        nlp = build_nlp(settings)
    except BaseException:
        writer.abort()
        raise
    load_s = time.perf_counter() - t0
    model = model_info(nlp)
    results = ResultCache(settings.results_cache or writer.cache_dir, pipeline_fingerprint(model, settings.as_dict()))

    def on_error(doc_or_source, error: DocumentError):
        source = doc_or_source.source if isinstance(doc_or_source, Document) else doc_or_source.display
        writer.write_error(source, error)
        summary.failed += 1
        summary.errors[error.code] += 1

    first_with_text: dict[str, str] = {}    # digest of the cleaned text -> doc_id of its first document

    def emit(obj: dict):
        digest = normalised_digest(obj["text"])
        first = first_with_text.setdefault(digest, obj["doc_id"])
        if first != obj["doc_id"]:
            obj = mark_duplicate(obj, first)
            summary.duplicates += 1
        timer("export", writer.write_document_json, obj)
        summary.ok += 1
        summary.words += obj["words"]

    progress = _progress(len(sources), settings)
    with writer:
        for i in range(0, len(sources), settings.batch_size):
            slots: list[dict | Document | None] = []   # in source order: a cached result, a document, or None
            fresh: list[Document] = []
            for source in sources[i:i + settings.batch_size]:
                Terminated.check()
                stage = "fetch"
                try:
                    document = timer("fetch", read_source, source, settings)
                    cached = None if settings.rebuild else results.get(document)
                    if cached is not None:
                        cached["source"] = document.source   # a file given by itself shows as typed now
                        slots.append(cached)
                        continue
                    stage = "clean"
                    with time_limit(settings.doc_timeout, "clean"):
                        fresh.append(timer("clean", clean_document, document, settings))
                    slots.append(fresh[-1])
                except DocumentError as exc:
                    exc.stage = exc.stage or stage
                    on_error(source, exc)
                    slots.append(None)
                except SetupError:
                    raise
                except OSError as exc:
                    if exc.errno in DISK_ERRORS:   # the disk, not the document: stop (the CLI says it)
                        raise
                    on_error(source, coded(exc, stage, "E900"))
                    slots.append(None)
                except Exception as exc:  # noqa: BLE001  (a bug must not stop the run)
                    on_error(source, coded(exc, stage, "E900"))
                    slots.append(None)
            done = {id(d) for d in process_batch(fresh, nlp, settings, timer, on_error)}
            for slot in slots:
                if isinstance(slot, dict):
                    emit(slot)
                    summary.reused += 1
                elif isinstance(slot, Document) and id(slot) in done:
                    obj = slot.to_json()
                    results.put(slot, obj)
                    emit(obj)
                    summary.processed += 1
            Terminated.check()
            if progress:
                progress.update(min(settings.batch_size, len(sources) - i))
        if progress:
            progress.close()
        summary.records = {k: v for k, v in writer.counts.items() if k not in ("documents", "errors")}
        finished = datetime.now(UTC)
        writer.commit({
            "kommunkollen_version": __version__,
            "python": platform.python_version(),
            "spacy_version": spacy.__version__,
            "started": started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
            "elapsed_s": round(time.perf_counter() - t_start, 3),
            "inputs": [redact_urls(printable_path(i)) for i in inputs],
            "settings": settings.as_dict(),
            "model": dict(model, load_s=round(load_s, 3)),
            "pipeline_fingerprint": results.fingerprint,
            "documents": {"total": len(sources), "ok": summary.ok, "failed": summary.failed,
                          "processed": summary.processed, "reused": summary.reused,
                          "duplicates": summary.duplicates},
            "words": summary.words,
            "records": summary.records,
            "errors": dict(sorted(summary.errors.items())),
            "timings_s": {k: round(v, 3) for k, v in summary.timings.items()},
        })
    if trace_memory:
        tracemalloc.stop()
    return summary


def mark_duplicate(obj: dict, first_doc_id: str) -> dict:
    """A later copy of an earlier document's text: listed, with its own metadata, but no records."""
    return {**obj, "duplicate_of": first_doc_id, **{t.name: [] for t in RECORD_TABLES}}


def _progress(total: int, settings: Settings):
    enabled = settings.progress if settings.progress is not None else sys.stderr.isatty()
    if not enabled or total == 0:
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="doc", file=sys.stderr, desc="kommunkollen")


__all__ = ["run_pipeline", "build_nlp", "process_batch", "RunSummary", "mark_duplicate"]
