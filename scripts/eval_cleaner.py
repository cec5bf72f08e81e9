"""Token-level F1 of the HTML main text: our cleaner against trafilatura's default.

usage: python scripts/eval_cleaner.py [DIR]   (default tests/fixtures/html)

DIR holds NAME.html pages with NAME.expected.txt, the main text by hand.
Tokens are words (\\w+, case-folded), compared as multisets.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def tokens(text: str) -> Counter:
    return Counter(t.casefold() for t in regex.findall(r"\w+", text or ""))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = tokens(pred), tokens(gold)
    tp = sum((p & g).values())
    precision = tp / sum(p.values()) if p else 0.0
    recall = tp / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(directory: Path) -> dict:
    import trafilatura

    from kommunkollen.clean import clean_text

    rows = {}
    for page in sorted(directory.glob("*.html")):
        gold = page.with_suffix(".expected.txt").read_text(encoding="utf-8")
        html = page.read_text(encoding="utf-8")
        ours, _ = clean_text(html, "text/html")
        theirs = trafilatura.extract(html) or ""
        rows[page.stem] = {"ours": prf(ours, gold), "trafilatura": prf(theirs, gold)}
    return rows


def main(argv) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else ROOT / "tests" / "fixtures" / "html"
    rows = evaluate(directory)
    print(f"{'page':22} {'ours P/R/F1':>20}   {'trafilatura P/R/F1':>20}")
    for name, r in rows.items():
        o, t = r["ours"], r["trafilatura"]
        print(f"{name:22} {o[0]:.2f}/{o[1]:.2f}/{o[2]:.3f}      {t[0]:.2f}/{t[1]:.2f}/{t[2]:.3f}")
    mean = {k: sum(r[k][2] for r in rows.values()) / len(rows) for k in ("ours", "trafilatura")}
    print(f"{'mean F1':22} {mean['ours']:20.3f}   {mean['trafilatura']:20.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
