"""Readers for tagged NER corpora, with their labels mapped to ours (PER, LOC, ORG, MISC).

Formats, detected from the file: CoNLL-U with the tag in MISC (`NER=B-PER` or
NorNE's `name=B-PER`), UNER's `.iob2` (index, token, tag, ...), and
whitespace-separated columns with the token first and the tag last (the
Webbnyheter corpus, SUC, DaN+), IO or IOB2, with "0" read as O. Gzipped
files are read as they are.
"""
from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LABELS = ("PER", "LOC", "ORG", "MISC")
# Other schemes' labels to ours; a label not listed (time, measure) becomes O.
LABEL_MAP = {
    "PER": "PER", "PRS": "PER", "PERSON": "PER",
    "LOC": "LOC", "GPE": "LOC", "GPE_LOC": "LOC", "LOC_GPE": "LOC", "PLACE": "LOC",
    # Geopolitical entities are locations, as in Universal NER, also where NorNE reads them as
    # organisations ("Norge vedtok ...": GPE_ORG).
    "ORG": "ORG", "GPE_ORG": "LOC", "ORGANIZATION": "ORG", "ORG_PRS": "ORG",
    "INST": "ORG",            # SUC's institutions
    "MISC": "MISC", "OBJ": "MISC", "EVN": "MISC", "WRK": "MISC", "PROD": "MISC", "EVT": "MISC", "DRV": "MISC",
    "WORK": "MISC", "OTHER": "MISC", "PRODUCT": "MISC", "EVENT": "MISC",
}
# Labels of schemes we read that have no counterpart (SUC's animals and myths, times, measures): O.
DROPPED = {"ANIMAL", "MYTH", "TME", "MSR", "TIME", "DATE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
_OUTSIDE = ("", "O", "0", "_", "-")


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]          # IOB2 over LABELS


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def normalise_tags(raw: list[str]) -> list[str]:
    """Any IO/IOB tags in any scheme -> IOB2 over our labels."""
    out: list[str] = []
    prev_label = None
    for tag in raw:
        tag = tag.strip()
        if tag in _OUTSIDE:
            out.append("O")
            prev_label = None
            continue
        prefix, _, label = tag.partition("-") if tag[:2] in ("B-", "I-", "E-", "S-") else ("I", "", tag)
        label = LABEL_MAP.get(label.upper())
        if label is None:
            out.append("O")
            prev_label = None
            continue
        begin = prefix in ("B", "S") or prev_label != label
        out.append(("B-" if begin else "I-") + label)
        prev_label = label
    return out


def _known(tag: str) -> bool:
    """A tag of a scheme we read, outside tags included (so a gold "O" is not skipped for a silver column)."""
    if tag in _OUTSIDE:
        return True
    label = tag[2:] if tag[:2] in ("B-", "I-", "E-", "S-") else tag
    return label.upper() in LABEL_MAP or label.upper() in DROPPED


def _misc_tag(misc: str) -> str:
    for part in misc.split("|"):
        key, _, value = part.partition("=")
        if key in ("NER", "name", "ner"):
            return value
    return "O"


def read_tagged(path: str | Path) -> Iterator[Sentence]:
    """Sentences of a tagged corpus file, with IOB2 tags over PER, LOC, ORG, MISC."""
    path = Path(path)
    conllu = path.name.endswith((".conllu", ".conll", ".conll.gz", ".conllu.gz"))
    iob2 = path.name.endswith(".iob2")
    tokens: list[str] = []
    tags: list[str] = []
    with _open(path) as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield Sentence(tokens, normalise_tags(tags))
                tokens, tags = [], []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t") if "\t" in line else line.split()
            if conllu and len(cols) >= 10:
                if "-" in cols[0] or "." in cols[0]:   # multiword tokens and empty nodes
                    continue
                tokens.append(cols[1])
                tags.append(_misc_tag(cols[9]))
            elif iob2 and len(cols) >= 3:
                tokens.append(cols[1])
                tags.append(cols[2])
            elif len(cols) >= 2:
                # The first tag column in a scheme we know: DaN+ has its flat layer second and a
                # nested one third; SUC has a fine tag ("B-product") before the coarse one ("B-OBJ").
                tokens.append(cols[0])
                tags.append(next((c for c in cols[1:] if _known(c)), cols[-1]))
            # a line with one column is a document id (SUC) or noise: skipped
    if tokens:
        yield Sentence(tokens, normalise_tags(tags))


def spans_from_tags(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (first token, last token + 1, label) of an IOB2 sequence."""
    spans, start, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
            spans.add((start, i, label))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans
