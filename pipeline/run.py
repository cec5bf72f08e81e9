"""One run: sources -> fetch -> clean -> nlp -> extract -> normalise -> export.

`run_pipeline` is what `kommunkollen run` calls. Documents travel in
batches; a document that fails in any stage gets a coded row in errors.csv
and the others go on.
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

from pipeline import __version__
from pipeline.cache import ResultCache, pipeline_fingerprint
from pipeline.clean import clean_document
from pipeline.document import Document
from pipeline.errors import DocumentError
from pipeline.export import OutputWriter
from pipeline.extract import add_extractors, records_from_doc
from pipeline.fetch import plan_sources, read_source
from pipeline.nlp import load_nlp, model_info
from pipeline.normalise import normalise_document
from pipeline.settings import Settings

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


def build_nlp(settings: Settings) -> Language:
    """The NLP stage's pipeline with the extract stage's components added."""
    return add_extractors(load_nlp(settings))


def _nlp_stage_names(nlp: Language) -> list[str]:
    from pipeline.extract import EXTRACTORS
    return [n for n in nlp.pipe_names if n not in EXTRACTORS]


def process_batch(documents: list[Document], nlp: Language, settings: Settings, timer: StageTimer,
                  on_error: Callable[[Document, DocumentError], None]) -> list[Document]:
    """Run nlp, extract and normalise over cleaned documents; failed ones go to `on_error`."""
    nlp_names = _nlp_stage_names(nlp)
    docs = []
    for d in documents:
        sdoc = nlp.make_doc(d.text)
        sdoc._.meta = d.meta
        docs.append(sdoc)

    def run_nlp():
        with nlp.select_pipes(enable=nlp_names):
            try:
                return list(nlp.pipe(docs, batch_size=settings.batch_size))
            except Exception:  # isolate the failing document: one at a time
                out = []
                for sdoc in docs:
                    try:
                        out.append(nlp(sdoc))
                    except Exception as exc:  # noqa: BLE001  (reported per document)
                        out.append(exc)
                return out

    processed = timer("nlp", run_nlp)
    done = []
    extractors = [(n, p) for n, p in nlp.pipeline if n not in nlp_names]
    for document, sdoc in zip(documents, processed, strict=True):
        if isinstance(sdoc, Exception):
            on_error(document, DocumentError("E300", f"{type(sdoc).__name__}: {sdoc}", stage="nlp"))
            continue

        def run_extract(sdoc=sdoc, document=document):
            for _name, proc in extractors:
                sdoc = proc(sdoc)
            document.doc = sdoc
            document.records = records_from_doc(sdoc)

        stage, code = "extract", "E400"
        try:
            timer("extract", run_extract)
            stage, code = "normalise", "E500"
            timer("normalise", normalise_document, document)
        except Exception as exc:  # noqa: BLE001  (reported per document)
            on_error(document, DocumentError(code, f"{type(exc).__name__}: {exc}", stage=stage))
            continue
        document.doc = None  # the spaCy Doc is not needed past here; free it early
        done.append(document)
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
    writer = OutputWriter(out, publish=settings.publish)   # checks the output before anything is fetched
    try:
        sources = plan_sources(inputs, settings)
    except BaseException:
        writer.abort()
        raise
    summary = RunSummary(out=writer.out, memory={} if trace_memory else None)
    if trace_memory:
        tracemalloc.start()
    timer = StageTimer(summary.timings, summary.memory)
    t0 = time.perf_counter()
    nlp = build_nlp(settings)
    load_s = time.perf_counter() - t0
    model = model_info(nlp)
    results = ResultCache(settings.results_cache or writer.cache_dir, pipeline_fingerprint(model, settings.as_dict()))

    def on_error(doc_or_source, error: DocumentError):
        source = doc_or_source.source if isinstance(doc_or_source, Document) else doc_or_source.target
        writer.write_error(source, error)
        summary.failed += 1
        summary.errors[error.code] += 1

    def emit(obj: dict):
        timer("export", writer.write_document_json, obj)
        summary.ok += 1
        summary.words += obj["words"]

    progress = _progress(len(sources), settings)
    with writer:
        for i in range(0, len(sources), settings.batch_size):
            slots: list[dict | Document | None] = []   # in source order: a cached result, a document, or None
            fresh: list[Document] = []
            for source in sources[i:i + settings.batch_size]:
                stage = "fetch"
                try:
                    document = timer("fetch", read_source, source, settings)
                    cached = None if settings.rebuild else results.get(document)
                    if cached is not None:
                        slots.append(cached)
                        continue
                    stage = "clean"
                    fresh.append(timer("clean", clean_document, document, settings))
                    slots.append(fresh[-1])
                except DocumentError as exc:
                    exc.stage = exc.stage or stage
                    on_error(source, exc)
                    slots.append(None)
                except Exception as exc:  # noqa: BLE001  (a bug must not stop the run)
                    on_error(source, DocumentError("E900", f"{type(exc).__name__}: {exc}", stage=stage))
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
            "inputs": inputs,
            "settings": settings.as_dict(),
            "model": dict(model, load_s=round(load_s, 3)),
            "pipeline_fingerprint": results.fingerprint,
            "documents": {"total": len(sources), "ok": summary.ok, "failed": summary.failed,
                          "processed": summary.processed, "reused": summary.reused},
            "words": summary.words,
            "records": summary.records,
            "errors": dict(sorted(summary.errors.items())),
            "timings_s": {k: round(v, 3) for k, v in summary.timings.items()},
        })
    if trace_memory:
        tracemalloc.stop()
    return summary


def _progress(total: int, settings: Settings):
    enabled = settings.progress if settings.progress is not None else sys.stderr.isatty()
    if not enabled or total == 0:
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit="doc", file=sys.stderr, desc="kommunkollen")


__all__ = ["run_pipeline", "build_nlp", "process_batch", "RunSummary"]
