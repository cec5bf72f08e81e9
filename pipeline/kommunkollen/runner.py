"""One run: sources -> fetch -> clean -> nlp -> extract -> normalise -> export.

`run_pipeline` is what `kommunkollen run` calls. Documents travel in
batches; a document that fails in any stage gets a coded row in errors.csv
and the others go on. Set-up problems (a missing resource or model) are
found before any document is read, and stop the run with a SetupError.
Documents whose cleaned text repeats an earlier one's are listed as its
duplicates and contribute no records, so nothing is counted twice.

With `workers` above 1, the cleaning, NLP and extraction of each batch run in a pool of
worker processes (forked with the model loaded, so each shares the parent's copy until it
writes), while this process reads the sources (one polite fetcher per host), looks up the
result cache, and writes every output in source order: the files are the same, byte for
byte, as with one worker.
"""
from __future__ import annotations

import collections
import logging
import multiprocessing
import platform
import signal
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
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
from kommunkollen.nlp.blas import limit_blas_threads
from kommunkollen.nlp.extensions import remember_text
from kommunkollen.nlp.pieces import PIECE_CHARS, run_in_pieces
from kommunkollen.normalise import component as _normalise_component  # noqa: F401  (registers kk_normalise)
from kommunkollen.resources import check_resources
from kommunkollen.schema import RECORD_TABLES
from kommunkollen.settings import Settings

log = logging.getLogger("kommunkollen")
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
        sdoc = remember_text(nlp.make_doc(document.text), document.text)
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


def clean_and_process(documents: list[Document], nlp: Language, settings: Settings,
                      timer: StageTimer) -> tuple[list, list[tuple[str, DocumentError]]]:
    """Clean, then process, a batch of read documents. Returns, index for index, the document's
    JSON object, its cleaning error, or None (it failed later); and the later failures
    [(source, error)] in the order they happened. The same in a worker and in the parent."""
    outcomes: list = [None] * len(documents)
    cleaned: list[tuple[int, Document]] = []
    for i, document in enumerate(documents):
        try:
            with time_limit(settings.doc_timeout, "clean"):
                cleaned.append((i, timer("clean", clean_document, document, settings)))
        except DocumentError as exc:
            exc.stage = exc.stage or "clean"
            outcomes[i] = exc
        except SetupError:
            raise
        except OSError as exc:
            if exc.errno in DISK_ERRORS:
                raise
            outcomes[i] = coded(exc, "clean", "E900")
        except Exception as exc:  # noqa: BLE001  (a bug must not stop the run)
            outcomes[i] = coded(exc, "clean", "E900")
    late: list[tuple[str, DocumentError]] = []
    done = {id(d) for d in process_batch([d for _i, d in cleaned], nlp, settings, timer,
                                         lambda d, error: late.append((d.source, error)))}
    for i, document in cleaned:
        if id(document) in done:
            outcomes[i] = document.to_json()
    return outcomes, late


# The worker processes' pipeline and settings: inherited from the parent when forked, built by
# _init_worker when spawned (where fork is not available).
_WORKER: dict = {}


def _init_worker(settings: Settings | None, workers: int) -> None:
    # The parent decides when to stop: a Ctrl-C reaches the whole process group, and a worker
    # that died of it would be a lost batch rather than a clean stop. SIGTERM keeps its default
    # (the parent's handler came with the fork): it is how the parent's pool ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    limit_blas_threads(workers)
    if settings is not None:
        _WORKER.update(nlp=build_nlp(settings), settings=settings)


def _work(documents: list[Document]) -> tuple[list, list, dict]:
    timings: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    outcomes, late = clean_and_process(documents, _WORKER["nlp"], _WORKER["settings"], StageTimer(timings))
    return outcomes, late, timings


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
        source = (doc_or_source if isinstance(doc_or_source, str) else doc_or_source.source
                  if isinstance(doc_or_source, Document) else doc_or_source.display)
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

    def read_batch(batch) -> tuple[list[tuple], list[Document]]:
        """Fetch a batch and look it up in the cache: its slots in source order (a cached
        object, a fetch error, or a document to process), and the documents to process."""
        slots: list[tuple] = []
        fresh: list[Document] = []
        for source in batch:
            Terminated.check()
            try:
                document = timer("fetch", read_source, source, settings)
                cached = None if settings.rebuild else results.get(document)
                if cached is not None:
                    cached["source"] = document.source   # a file given by itself shows as typed now
                    slots.append(("cached", cached))
                    continue
                slots.append(("fresh", source, document, len(fresh)))
                fresh.append(document)
            except DocumentError as exc:
                exc.stage = exc.stage or "fetch"
                slots.append(("error", source, exc))
            except SetupError:
                raise
            except OSError as exc:
                if exc.errno in DISK_ERRORS:   # the disk, not the document: stop (the CLI says it)
                    raise
                slots.append(("error", source, coded(exc, "fetch", "E900")))
            except Exception as exc:  # noqa: BLE001  (a bug must not stop the run)
                slots.append(("error", source, coded(exc, "fetch", "E900")))
        return slots, fresh

    def write_batch(slots: list[tuple], outcomes: list, late: list) -> None:
        """A batch's errors, then its documents, in source order, as one worker would."""
        for slot in slots:
            if slot[0] == "error":
                on_error(slot[1], slot[2])
            elif slot[0] == "fresh" and isinstance(outcomes[slot[3]], DocumentError):
                on_error(slot[1], outcomes[slot[3]])
        for source, error in late:
            on_error(source, error)
        for slot in slots:
            if slot[0] == "cached":
                emit(slot[1])
                summary.reused += 1
            elif slot[0] == "fresh" and isinstance(outcomes[slot[3]], dict):
                obj = outcomes[slot[3]]
                results.put(slot[2], obj)
                emit(obj)
                summary.processed += 1

    progress = _progress(len(sources), settings)
    batches = [sources[i:i + settings.batch_size] for i in range(0, len(sources), settings.batch_size)]
    with writer:
        # One process where a pool would not help (one batch) or would hide what is measured
        # (tracemalloc sees this process only).
        if settings.workers <= 1 or len(batches) <= 1 or trace_memory:
            for batch in batches:
                slots, fresh = read_batch(batch)
                outcomes, late = clean_and_process(fresh, nlp, settings, timer)
                write_batch(slots, outcomes, late)
                Terminated.check()
                if progress:
                    progress.update(len(batch))
        else:
            _run_in_workers(batches, nlp, settings, read_batch, write_batch, summary, progress, timer)
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


def _run_in_workers(batches, nlp, settings, read_batch, write_batch, summary, progress, timer) -> None:
    """The batches through a pool of `settings.workers` processes, a few batches ahead of the
    writer, which takes their results in order. A worker that dies (the kernel's out-of-memory
    killer, a kill -9) breaks the pool: its batches and all later ones are then processed here,
    in this process, and nothing is lost."""
    if "fork" in multiprocessing.get_all_start_methods():   # the workers start with the loaded model
        _WORKER.update(nlp=nlp, settings=settings)
        context, init_settings = multiprocessing.get_context("fork"), None
    else:
        context, init_settings = multiprocessing.get_context("spawn"), settings
    in_flight: collections.deque = collections.deque()
    size = min(settings.workers, len(batches))
    pool = ProcessPoolExecutor(size, mp_context=context, initializer=_init_worker,
                               initargs=(init_settings, size))
    state = {"broken": False}

    def here(fresh):
        if not state["broken"]:
            state["broken"] = True
            log.error("a worker process died; its batches and the rest of the run are processed in the main "
                      "process (one core)")
        outcomes, late = clean_and_process(fresh, nlp, settings, timer)
        return outcomes, late, {}

    def finish(item) -> None:
        batch, slots, fresh, future = item
        while True:       # wait in short steps, so that a SIGTERM or Ctrl-C is seen at once
            Terminated.check()
            try:
                outcomes, late, timings = future.result(timeout=0.5) if future is not None else here(fresh)
                break
            except FutureTimeout:
                continue
            except BrokenProcessPool:
                outcomes, late, timings = here(fresh)
                break
        for stage, seconds in timings.items():
            summary.timings[stage] = summary.timings.get(stage, 0.0) + seconds
        write_batch(slots, outcomes, late)
        if progress:
            progress.update(len(batch))

    try:
        for batch in batches:
            slots, fresh = read_batch(batch)
            future = None
            if not state["broken"]:
                try:
                    future = pool.submit(_work, fresh)
                except BrokenProcessPool:
                    future = None
            in_flight.append((batch, slots, fresh, future))
            while len(in_flight) > 2 * size:
                finish(in_flight.popleft())
        while in_flight:
            finish(in_flight.popleft())
    finally:
        # Stop the workers now, busy or not (a stop asked for, or a failure): shutdown alone
        # would wait for the batches they hold.
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            if process.is_alive():
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        _WORKER.clear()


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
