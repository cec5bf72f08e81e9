"""Main text against trafilatura, side by side in one run (`make eval-clean`).

    python scripts/eval_clean.py [--data DATA] [--limit N] [--out outputs/eval/clean.json]

Two sets, each scored the way trafilatura's benchmark scores (snippets that must and must not
appear in the main text; the scoring functions are those of DATA/trafilatura-eval/score.py,
imported from there, not copied):
- trafilatura-eval: trafilatura's own development set, 990 pages (DATA/trafilatura-eval/).
- ours: our fixture pages (tests/fixtures/html/) and the sample corpus's HTML page, with the
  snippets in tests/fixtures/html/snippets.json.
Extractors: Kommunkollen's clean_text, trafilatura.extract with its defaults, and with
favor_precision. Prints precision, recall, F1, accuracy and pages per second for each.

Then, for text saved by a browser or copied from a PDF (the shape of ../shared/dev): every
gold record's words (org_change evidence sentences, amount, date and count texts, names) of
DATA/../dev/tune and the seeds that are in the raw text must survive cleaning; it prints those
lost and counts the furniture lines removed.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "html"


def load_scorer(data: Path):
    path = data / "trafilatura-eval" / "score.py"
    if not path.is_file():
        sys.exit(f"eval_clean: {path} not found (set DATA= to the folder holding trafilatura-eval/)")
    spec = importlib.util.spec_from_file_location("trafilatura_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extractors() -> dict:
    import trafilatura

    from kommunkollen.clean import clean_text

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return {
        "kommunkollen": lambda html: clean_text(html, "text/html")[0],
        "trafilatura default": lambda html: trafilatura.extract(html),
        "trafilatura favor_precision": lambda html: trafilatura.extract(html, favor_precision=True),
    }


def our_pages(scorer) -> list[tuple[str, dict, str]]:
    snippets = json.loads((FIXTURES / "snippets.json").read_text(encoding="utf-8"))
    pages = []
    for name, item in snippets.items():
        if name.startswith("_"):
            continue
        path = (ROOT / "corpora" / "sample" / name) if name.startswith("08_") else FIXTURES / name
        pages.append((name, item, scorer.decode_html(path.read_bytes())))
    return pages


def score_set(scorer, pages, extract) -> dict:
    tp = fp = fn = tn = errors = 0
    started = time.perf_counter()
    per_page = {}
    for name, item, html in pages:
        try:
            result = extract(html)
        except Exception:  # noqa: BLE001  (a crash is an empty output, as in trafilatura's benchmark)
            result, errors = None, errors + 1
        counts = scorer.count_item(item, result)
        per_page[name] = counts
        tp, fp, fn, tn = tp + counts[0], fp + counts[1], fn + counts[2], tn + counts[3]
    seconds = time.perf_counter() - started
    precision, recall, f1, accuracy = scorer.scores(tp, fp, fn, tn)
    return {"pages": len(pages), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4), "accuracy": round(accuracy, 4), "errors": errors,
            "pages_per_s": round(len(pages) / seconds, 1), "per_page": per_page}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_survival(sets: list[tuple[Path, Path]]) -> dict:
    """Gold pieces of text documents that the raw text holds and the cleaned text lost, and the
    number of furniture lines the boilerplate pass removed."""
    from kommunkollen.clean import clean_text
    from kommunkollen.clean.boilerplate import is_boilerplate
    from kommunkollen.clean.unicode import normalise_text

    lost, pieces, removed, documents = [], 0, 0, 0
    for gold_dir, doc_dir in sets:
        for gold_path in sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            path = doc_dir / (gold.get("source_file") or f"{gold['id']}.txt")
            if not path.is_file():
                continue
            documents += 1
            raw = path.read_text(encoding="utf-8")
            cleaned = _flat(clean_text(raw, "text/html" if path.suffix in (".html", ".htm") else "text/plain")[0])
            removed += sum(1 for line in normalise_text(raw).split("\n") if is_boilerplate(line))
            flat_raw = _flat(normalise_text(raw))
            texts = [r.get("evidence") for r in gold.get("org_changes", [])]
            texts += [r.get("text") for k in ("amounts", "dates", "counts") for r in gold.get(k, [])]
            texts += [r.get("name") if isinstance(r, dict) else r for k in ("persons", "organisations", "places")
                      for r in gold.get(k, [])]
            for piece in filter(None, texts):
                if _flat(piece) in flat_raw:      # gold that normalises the text (OCR, case) is not ours to keep
                    pieces += 1
                    if _flat(piece) not in cleaned:
                        lost.append((path.name, piece))
    return {"documents": documents, "pieces": pieces, "lost": lost, "furniture_lines_removed": removed}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    p.add_argument("--limit", type=int, help="only the first N pages of trafilatura-eval")
    p.add_argument("--only", choices=("kommunkollen", "trafilatura default", "trafilatura favor_precision"),
                   action="append", help="run only these extractors")
    p.add_argument("--out", default=str(ROOT / "outputs" / "eval" / "clean.json"))
    args = p.parse_args()
    scorer = load_scorer(Path(args.data))
    folder = Path(args.data) / "trafilatura-eval"
    sets = {"ours": our_pages(scorer),
            "trafilatura-eval": [(name, item, scorer.decode_html(scorer.read_html(str(folder / "html"), name)))
                                 for name, item in scorer.load_pages(str(folder / "eval.json"), str(folder / "html"),
                                                                     limit=args.limit)]}
    results: dict = {}
    print(f"{'set':17} {'extractor':28} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'pages/s':>8}")
    for set_name, pages in sets.items():
        for name, extract in extractors().items():
            if args.only and name not in args.only:
                continue
            r = results.setdefault(set_name, {})[name] = score_set(scorer, pages, extract)
            print(f"{set_name:17} {name:28} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
                  f"{r['accuracy']:6.3f} {r['pages_per_s']:8.1f}")
    shared = Path(args.data).parent
    results["text_survival"] = survival = text_survival([(shared / "dev" / "tune" / "gold", shared / "dev" / "tune" / "docs"),
                                                         (shared / "gold" / "seeds", shared / "seeds")])
    print(f"text documents: {survival['documents']}, gold pieces in the raw text {survival['pieces']}, lost in "
          f"cleaning {len(survival['lost'])}; furniture lines removed {survival['furniture_lines_removed']}")
    for doc, piece in survival["lost"]:
        print(f"  LOST {doc}: {piece}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"-> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
