"""Benchmark: speed and memory of the pipeline on a synthetic corpus (not a test).

usage: python scripts/bench.py [--docs N] [--out outputs/bench]

Builds N documents (default 2,000) from corpora/sample by swapping in other
municipalities and other numbers, runs the whole pipeline over them in this
process (run_pipeline, with its per-stage timers), and, as a reference, a
plain spacy.blank("sv") pass over the same cleaned texts in a child process.
The total includes writing every published format (SQLite, Parquet, Excel copies and,
unless --no-xlsx, the .xlsx workbooks).
Prints a table and writes bench.json. Total peak memory is the peak resident
set size of the process that did the work; per stage, a second pass with
tracemalloc gives each stage's peak of traced Python allocations.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kommunkollen import __version__, gazetteer  # noqa: E402
from kommunkollen.nlp.parsing import SYNTAX_LAYER  # noqa: E402
from kommunkollen.runner import run_pipeline  # noqa: E402
from kommunkollen.settings import Settings  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def build_corpus(target: Path, n: int, seed: int = 13) -> list[Path]:
    """N variants of the sample documents: other municipalities, other numbers."""
    rng = random.Random(seed)
    samples = sorted((ROOT / "corpora" / "sample").iterdir())
    names = [m.name for m in gazetteer.municipalities()]
    originals = {m.name for m in gazetteer.municipalities()}
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = samples[i % len(samples)]
        text = src.read_text(encoding="utf-8")
        other = rng.choice(names)
        for name in originals & set(regex.findall(r"\p{Lu}\p{Ll}+", text)):
            text = regex.sub(rf"\b{regex.escape(name)}\b", other, text)
        text = regex.sub(r"\b\d{2,3}\b(?![ .,]\d)", lambda m: str(int(m.group()) + rng.randint(1, 9)), text)
        path = target / f"{i:05d}_{src.name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def bench_html_cleaner(rounds: int = 100) -> dict:
    """Pages per second of the HTML cleaner alone, ours and trafilatura's (default, and with its
    metadata), in process."""
    import trafilatura

    from kommunkollen.clean import clean_text

    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))]
    pages += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "sample").glob("*.html"))]
    out = {"pages": len(pages) * rounds}
    # trafilatura.extract leaves metadata out; our cleaner reads the title, date and author too,
    # so trafilatura with its metadata (htmldate for the date) is measured beside it.
    for name, fn in (("ours", lambda h: clean_text(h, "text/html")), ("trafilatura", trafilatura.extract),
                     ("trafilatura_metadata", lambda h: trafilatura.bare_extraction(h, with_metadata=True))):
        for html in pages:   # one untimed round: imports and first-call caches are not the cleaner's speed
            fn(html)
        t0 = time.perf_counter()
        for _ in range(rounds):
            for html in pages:
                fn(html)
        out[f"{name}_pages_per_s"] = round(len(pages) * rounds / (time.perf_counter() - t0), 1)
    return out


# These run in a bare interpreter that imports spaCy alone, so the peak memory is
# spaCy's and the model's, not ours: the blank Swedish tokenizer (a reference) and
# the shipped model alone, whole and without its syntax layer (the NER has its own tok2vec, so
# that is the NER-only model shipped before, and the ratio is what tags, lemmas and trees
# cost), load time included. The models are loaded as the pipeline loads them
# (kommunkollen.nlp.loading.load_model: numpy's BLAS, floret rows built once) unless the fourth
# argument asks for spaCy's plain way ("plain": thinc's blis, spaCy's vectors table).
MODEL_ALONE = """
import json, resource, sys, time
t0 = time.perf_counter()
import spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
exclude = [name for name in sys.argv[3].split(",") if name]
t0 = time.perf_counter()
if sys.argv[2] == "blank":
    nlp = spacy.blank("sv")
elif sys.argv[4] == "plain":
    nlp = spacy.load(sys.argv[2], exclude=exclude)
else:
    from kommunkollen.nlp.loading import load_model
    nlp = load_model(sys.argv[2], exclude=exclude)
load = time.perf_counter() - t0
t0 = time.perf_counter(); tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=32))
# ru_maxrss survives execve on Linux (a child would report its parent's peak); VmHWM does not.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
peak = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_s": load, "seconds": time.perf_counter() - t0, "tokens": tokens, "peak_rss_mb": peak}))
"""




def model_alone(texts: list[str], workdir: Path, model: str, exclude: tuple[str, ...] = (), *,
                plain: bool = False) -> dict:
    """Load time, speed and peak memory of `model` ("blank" or a path, less the `exclude`d
    components) in a fresh interpreter; `plain` loads it as spacy.load alone does."""
    path = workdir / "texts.json"
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", MODEL_ALONE, str(path), model, ",".join(exclude),
                          "plain" if plain else "ours"],
                         capture_output=True, text=True, check=True)
    path.unlink()
    return json.loads(out.stdout)


def _alone_summary(r: dict, words: int, n_texts: int) -> dict:
    return {"seconds": round(r["seconds"], 3), "load_s": round(r["load_s"], 3),
            "docs_per_s": round(n_texts / r["seconds"], 1), "words_per_s": round(words / r["seconds"]),
            "peak_rss_mb": round(r["peak_rss_mb"], 1)}


def _files(run: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run)): p.read_bytes() for p in sorted(run.rglob("*"))
            if p.is_file() and p.name != "run.json" and ".cache" not in p.parts}


def bench_workers(corpus: Path, out: Path, args, one_worker_s: float) -> dict:
    """The same corpus with one worker per core, beside the one-worker run, and whether every
    output file is the same byte for byte."""
    workers = max(2, os.cpu_count() or 1)
    t0 = time.perf_counter()
    summary = run_pipeline([str(corpus)], out / "run-workers", Settings(ner=args.ner, progress=False, rebuild=True,
                                                                        xlsx=args.xlsx, workers=workers))
    seconds = time.perf_counter() - t0
    identical = _files(out / "run") == _files(out / "run-workers")
    shutil.rmtree(out / "run-workers", ignore_errors=True)
    return {"workers": workers, "seconds": round(seconds, 3), "speedup": round(one_worker_s / seconds, 2),
            "words_per_s": round(summary.words / seconds), "identical": identical}


def bench_sizes(out: Path, args, texts: list[str]) -> list[dict]:
    """Single documents of 10 KB, 100 KB and 1 MB (the corpus's texts joined), each a whole run:
    words per second (over the stages' time, the model's loading left out) should not fall
    with length."""
    results = []
    for run_no, kb in enumerate((10, 10, 100, 1000)):   # the first, untimed: the model's first call warms it up
        parts, size, i = [], 0, 0
        while size < kb * 1000:
            parts.append(texts[i % len(texts)])
            size += len(parts[-1].encode("utf-8")) + 2
            i += 1
        folder = out / f"single-{kb}kb"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / f"doc{kb}.txt").write_text("\n\n".join(parts), encoding="utf-8")
        t0 = time.perf_counter()
        summary = run_pipeline([str(folder)], out / f"run-{kb}kb", Settings(ner=args.ner, progress=False, rebuild=True,
                                                                             xlsx=False, publish=False))
        wall = time.perf_counter() - t0
        seconds = sum(summary.timings.values())   # the stages' time, without loading the model
        if run_no == 0:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(out / f"run-{kb}kb", ignore_errors=True)
            continue
        results.append({"kb": kb, "words": summary.words, "seconds": round(seconds, 2), "wall_s": round(wall, 2),
                        "words_per_s": round(summary.words / seconds),
                        "stages_s": {k: round(v, 2) for k, v in summary.timings.items()}})
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(out / f"run-{kb}kb", ignore_errors=True)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--out", default=str(ROOT / "outputs" / "bench"))
    ap.add_argument("--ner", default="auto", help="NER backend, as for 'kommunkollen run'")
    ap.add_argument("--no-xlsx", dest="xlsx", action="store_false", help="leave out the .xlsx workbooks")
    args = ap.parse_args(argv)
    out = Path(args.out)
    corpus = out / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    build_corpus(corpus, args.docs)

    t0 = time.perf_counter()
    # rebuild: a benchmark measures the work, not the result cache
    summary = run_pipeline([str(corpus)], out / "run", Settings(ner=args.ner, progress=False, rebuild=True,
                                                                xlsx=args.xlsx))
    total = time.perf_counter() - t0
    run_info = json.loads((out / "run" / "run.json").read_text(encoding="utf-8"))
    pipeline_peak = peak_rss_mb()
    # Second pass, for memory only: per-stage peaks of traced Python allocations.
    traced = run_pipeline([str(corpus)], out / "run-traced", Settings(ner=args.ner, progress=False, rebuild=True,
                                                                      xlsx=args.xlsx), trace_memory=True).memory
    shutil.rmtree(out / "run-traced", ignore_errors=True)

    texts = [json.loads(line)["text"] for line in (out / "run" / "documents.jsonl").open(encoding="utf-8")]
    blank = model_alone(texts, out, "blank")
    model_path = run_info["model"].get("path")
    model_whole = model_alone(texts, out, model_path) if model_path else None
    model_plain = model_alone(texts, out, model_path, plain=True) if model_path else None
    components = run_info["model"].get("components", [])
    has_syntax = "parser" in components and "ner" in components
    ner_alone = model_alone(texts, out, model_path, SYNTAX_LAYER) if model_path and has_syntax else None

    parallel = bench_workers(corpus, out, args, total)
    sizes = bench_sizes(out, args, texts)
    html_cleaner = bench_html_cleaner()
    words = summary.words
    stages = {}
    for stage, seconds in summary.timings.items():
        stages[stage] = {"seconds": round(seconds, 3),
                         "docs_per_s": round(summary.ok / seconds, 1) if seconds else None,
                         "words_per_s": round(words / seconds) if seconds else None,
                         "peak_traced_mb": round(traced.get(stage, 0) / 2**20, 2)}
    result = {
        "kommunkollen_version": __version__,
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(), "platform": platform.platform()},
        "documents": summary.ok, "failed": summary.failed, "words": words, "xlsx": args.xlsx,
        "model": run_info["model"],
        "total": {"seconds": round(total, 3), "docs_per_s": round(summary.ok / total, 1),
                  "words_per_s": round(words / total), "peak_rss_mb": round(pipeline_peak, 1)},
        "stages": stages,
        "model_alone": _alone_summary(model_whole, words, len(texts)) if model_whole else None,
        "model_alone_plain_spacy": _alone_summary(model_plain, words, len(texts)) if model_plain else None,
        "ner_only_model": _alone_summary(ner_alone, words, len(texts)) if ner_alone else None,
        "reference_blank_sv": _alone_summary(blank, words, len(texts)),
        "html_cleaner": html_cleaner,
        "workers": parallel,
        "single_documents": sizes,
    }
    (out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(corpus, ignore_errors=True)

    print(f"kommunkollen {__version__}: {summary.ok} documents, {words:,} words, NER model: "
          f"{'yes' if run_info['model']['ner'] else 'none (rules only)'}, load {run_info['model']['load_s']} s")
    print(f"{'stage':12} {'seconds':>9} {'docs/s':>10} {'words/s':>12}   peak traced heap (tracemalloc)")
    for stage, s in stages.items():
        print(f"{stage:12} {s['seconds']:9.2f} {s['docs_per_s'] or 0:10.1f} {s['words_per_s'] or 0:12,}"
              f"   {s['peak_traced_mb']:.1f} MB")
    t = result["total"]
    print(f"{'total':12} {t['seconds']:9.2f} {t['docs_per_s']:10.1f} {t['words_per_s']:12,}   peak RSS {t['peak_rss_mb']:.0f} MB")
    for key, label, note in (("model_alone", "model", "the whole model alone in a fresh interpreter"),
                             ("model_alone_plain_spacy", "model, plain", "the same as spacy.load gives it: blis, "
                                                                          "floret rows built per batch"),
                             ("ner_only_model", "NER only", "the model less its syntax layer: the NER-only model of before")):
        n = result[key]
        if n:
            print(f"{label:12} {n['seconds']:9.2f} {n['docs_per_s']:10.1f} {n['words_per_s']:12,}   peak RSS "
                  f"{n['peak_rss_mb']:.0f} MB, load {n['load_s']:.2f} s  ({note})")
    b = result["reference_blank_sv"]
    print(f"{'blank sv':12} {b['seconds']:9.2f} {b['docs_per_s']:10.1f} {b['words_per_s']:12,}   peak RSS "
          f"{b['peak_rss_mb']:.0f} MB  (spacy.blank('sv') tokenizer only, reference)")
    h = result["html_cleaner"]
    print(f"HTML cleaner alone: {h['ours_pages_per_s']:.0f} pages/s (trafilatura default: "
          f"{h['trafilatura_pages_per_s']:.0f} pages/s, with its metadata: {h['trafilatura_metadata_pages_per_s']:.0f}) "
          f"over {h['pages']} pages")
    print(f"--workers {parallel['workers']}: {parallel['seconds']:.2f} s, {parallel['speedup']:.2f}x --workers 1 "
          f"({parallel['words_per_s']:,} words/s); outputs byte-identical: {parallel['identical']}")
    for size in sizes:
        print(f"one document of {size['kb']:>5} KB ({size['words']:>7,} words): {size['seconds']:7.2f} s, "
              f"{size['words_per_s']:,} words/s")
    print(f"wrote {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
