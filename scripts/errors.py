#!/usr/bin/env python3
"""Error analysis for developers: every miss, false positive and wrong field, with its sentence.

    python scripts/errors.py GOLD_DIR [--docs DOCS_DIR] [--run OUT_DIR] [--only CATEGORY ...]
    make errors SET=tune            (GOLD_DIR = $(DEV)/tune/gold, the documents beside it in docs/)

Runs `kommunkollen run` on the documents of a gold folder (or reads a finished run with
--run OUT_DIR --no-run), matches its records to the gold the way the gold conventions
describe (names case-insensitively with room for inflection, amounts by value, dates by
ISO value, counts by value and unit, changes by type and evidence or object) and prints,
per document: the metadata that differs, each gold record nobody found (MISS) with the
sentence of the text it sits in, each record found that the gold does not have (FP) with
its evidence sentence, and each attached field that is wrong (role, party, recipient,
years, period, purpose, from, to, status). A summary per category and field ends it.

Use it on `tune/` only: `check/` is for scoring, not for reading.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

CATEGORIES = ("persons", "organisations", "places", "amounts", "dates", "counts", "org_changes")
META_FIELDS = ("doc_type", "published", "title", "municipality")
FIELDS = {"persons": ("role", "party"), "amounts": ("recipient", "years", "period", "purpose"),
          "org_changes": ("from", "to", "status")}
# "amount.years" belongs to "amounts" for --only.
FIELD_PARENT = {"person": "persons", "amount": "amounts", "change": "org_changes"}
_STRIP = " \t\"'”“’‘«»()[].,:;–-"


def norm(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip().casefold().strip(_STRIP)


def words(value) -> list[str]:
    return re.findall(r"\w+", norm(value))


def same_name(a, b, ratio: float = 0.85) -> bool:
    """Equal, one containing the other (at least half the words), or close in spelling (inflection)."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = words(a), words(b)
    if wa and wb:
        ja, jb = " ".join(wa), " ".join(wb)
        if ja in jb or jb in ja:
            return min(len(wa), len(wb)) / max(len(wa), len(wb)) >= 0.5
    return difflib.SequenceMatcher(None, a, b).ratio() >= ratio


def word_overlap(a, b) -> float:
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _years(record):
    years = record.get("years")
    return [int(years[0]), int(years[-1])] if years else None


def _same_value(a, b) -> bool:
    return b.get("value_sek") is not None and abs(float(a["value_sek"]) - float(b["value_sek"])) < 0.5


SAME = {
    "persons": lambda g, p: norm(g["name"]) == norm(p.get("name"))
    or (len(words(p.get("name"))) >= 2 and same_name(g["name"], p.get("name"), 0.9)),
    "organisations": lambda g, p: same_name(g["name"], p.get("name")),
    "places": lambda g, p: norm(g) == norm(p),
    "amounts": _same_value,
    "counts": lambda g, p: p.get("value") is not None and float(g["value"]) == float(p["value"])
    and word_overlap(g.get("unit"), p.get("unit")) > 0,
    "org_changes": lambda g, p: norm(g["type"]) == norm(p.get("type"))
    and (word_overlap(g.get("evidence"), p.get("evidence")) >= 0.6 or same_name(g.get("object"), p.get("object"), 0.8)),
}

FIELD_OK = {
    "role": lambda g, p: word_overlap(g, p) >= 0.5 or same_name(g, p),
    "party": lambda g, p: norm(g) == norm(p),
    "recipient": lambda g, p: same_name(g, p),
    "years": lambda g, p: g == p,
    "period": lambda g, p: norm(g) == norm(p),
    "purpose": lambda g, p: same_name(g, p, 0.8) or word_overlap(g, p) >= 1 / 3,
    "from": lambda g, p: same_name(g, p, 0.8),
    "to": lambda g, p: same_name(g, p, 0.8),
    "status": lambda g, p: norm(g) == norm(p),
}


def dedup(items, key):
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k and k not in seen:
            seen.add(k)
            out.append(item)
    return out


def pair_up(gold, pred, same):
    """Greedy one-to-one matching in gold order: (pairs, unmatched gold, unmatched predictions)."""
    pairs, used = [], set()
    missed = []
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and same(g, p):
                pairs.append((g, p))
                used.add(j)
                break
        else:
            missed.append(g)
    return pairs, missed, [p for j, p in enumerate(pred) if j not in used]


def sentence_around(text: str, needle: str | None, width: int = 220) -> str:
    """The sentence (or line) of `text` where `needle` first occurs, one line, at most `width` chars."""
    if not needle:
        return ""
    at = text.casefold().find(str(needle).casefold())
    if at < 0:
        first = words(needle)[:1]
        at = text.casefold().find(first[0]) if first else -1
        if at < 0:
            return "(not in the text)"
    start = max(text.rfind("\n", 0, at), max(text.rfind(m, 0, at) for m in (". ", "! ", "? ")) + 1, 0)
    ends = [e for e in (text.find("\n", at), *(text.find(m, at) for m in (". ", "! ", "? "))) if e >= 0]
    end = min(ends) + 1 if ends else len(text)
    return one_line(text[start:end], width)


def one_line(text: str | None, width: int = 220) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def label(category: str, record) -> str:
    if category == "places":
        return repr(record if isinstance(record, str) else record.get("name"))
    if category == "amounts":
        return f"{record.get('text')!r} = {record.get('value_sek')}"
    if category == "dates":
        return f"{record.get('text')!r} = {record.get('value')}"
    if category == "counts":
        return f"{record.get('text')!r} = {record.get('value')} {record.get('unit')}"
    if category == "org_changes":
        return f"{record.get('type')} {record.get('object')!r} ({record.get('status')})"
    return repr(record.get("name"))


def _surface(category: str, record) -> str | None:
    if category == "places":
        return record if isinstance(record, str) else record.get("name")
    if category == "org_changes":
        return record.get("evidence") or record.get("object")
    return record.get("text") or record.get("name")


def compare(gold: dict, pred: dict):
    """Yield (category, kind, message, sentence) for one document."""
    text = pred.get("text") or ""
    for field in META_FIELDS:
        if gold.get(field) is None or gold.get(f"{field}_in_text") is False:
            continue
        ok = same_name(gold[field], pred.get(field), 0.9) if field == "title" else norm(gold[field]) == norm(pred.get(field))
        if not ok:
            yield field, "WRONG", f"gold {gold[field]!r}  found {pred.get(field)!r}", ""
    for category in CATEGORIES:
        g_items, p_items = gold.get(category) or [], pred.get(category) or []
        if category == "dates":
            g_vals = {norm(x["value"]): x for x in g_items if x.get("value") and not x.get("relative")}
            p_vals = {norm(x.get("value")): x for x in p_items if x.get("value") and not x.get("relative")}
            for value in sorted(set(g_vals) - set(p_vals)):
                yield category, "MISS", label(category, g_vals[value]), sentence_around(text, g_vals[value].get("text"))
            for value in sorted(set(p_vals) - set(g_vals)):
                yield category, "FP", label(category, p_vals[value]), one_line(p_vals[value].get("evidence"))
            continue
        if category in ("persons", "organisations"):
            g_items = dedup(g_items, lambda x: norm(x.get("name")))
            p_items = dedup(p_items, lambda x: norm(x.get("name")))
        elif category == "places":
            g_items = dedup(g_items, norm)
            p_items = dedup([x if isinstance(x, str) else x.get("name") for x in p_items], norm)
        elif category == "counts":
            g_items = dedup(g_items, lambda x: (x.get("value"), norm(x.get("unit"))))
            p_items = dedup(p_items, lambda x: (x.get("value"), norm(x.get("unit"))))
        pairs, missed, extra = pair_up(g_items, p_items, SAME[category])
        for g in missed:
            yield category, "MISS", label(category, g), sentence_around(text, _surface(category, g))
        for p in extra:
            evidence = p.get("evidence") if isinstance(p, dict) else None
            yield category, "FP", label(category, p), one_line(evidence) or sentence_around(text, _surface(category, p))
        for g, p in pairs:
            for field in FIELDS.get(category, ()):
                want = _years(g) if field == "years" else g.get(field)
                got = _years(p) if field == "years" else p.get(field)
                if want is None and category != "org_changes":
                    continue
                if want is None:
                    continue
                if not FIELD_OK[field](want, got):
                    yield (f"{category[:-1] if category != 'org_changes' else 'change'}.{field}", "WRONG",
                           f"{label(category, g)}: gold {want!r}  found {got!r}",
                           one_line(p.get("evidence")) or sentence_around(text, _surface(category, g)))


def load_predictions(path: Path) -> dict[str, dict]:
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                out[Path(str(record.get("source") or "").replace("\\", "/")).stem] = record
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path, help="folder of gold JSON files")
    ap.add_argument("--docs", type=Path, help="the documents (default: docs/ beside the gold folder)")
    ap.add_argument("--run", type=Path, default=Path("outputs/errors"), help="output folder of the run")
    ap.add_argument("--no-run", action="store_true", help="read --run's documents.jsonl, do not run")
    ap.add_argument("--only", nargs="*", default=(), help="categories or fields to show (e.g. amounts amount.years)")
    args = ap.parse_args(argv)
    if not args.gold.is_dir():
        print(f"errors: {args.gold} is not a folder of gold files", file=sys.stderr)
        return 2
    if not args.no_run:
        from kommunkollen.cli import main as kommunkollen

        docs = args.docs or args.gold.parent / "docs"
        code = kommunkollen(["run", str(docs), "--out", str(args.run), "--no-xlsx", "--no-progress", "--rebuild"])
        if code:
            return code
    preds = load_predictions(args.run / "documents.jsonl")
    tally: Counter = Counter()
    for gold_path in sorted(args.gold.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = preds.get(gold_path.stem, {})
        lines = []
        for category, kind, message, sentence in compare(gold, pred):
            tally[(category, kind)] += 1
            parent = FIELD_PARENT.get(category.split(".")[0], category)
            if args.only and category not in args.only and parent not in args.only:
                continue
            lines.append(f"  {category:18} {kind:5} {message}" + (f"\n  {'':18}       | {sentence}" if sentence else ""))
        if lines:
            print(f"== {gold_path.stem}  ({gold.get('doc_type')}, {gold.get('municipality')})")
            print("\n".join(lines))
    print("\n== summary (all documents)")
    for category in sorted({c for c, _ in tally}):
        print(f"  {category:18} " + "  ".join(f"{kind} {tally[(category, kind)]}"
                                               for kind in ("MISS", "FP", "WRONG") if tally[(category, kind)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
