"""A document's text as HTML with every record marked where it stands (displaCy-style marks).

Records nest (a name inside an organisational change's sentence) and sometimes cross (an
amount that starts inside one sentence record and ends after it). HTML elements cannot
cross, so a record that outlives the mark it was opened in is closed with it and reopened
right after as a continuation: every record's marks, read in order, hold exactly its
characters, and the first one carries the anchor the record tables link to.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

# The record lists a document holds, in the order marks open at the same place (the wider
# record outside), with the field that is the record's text and the short label of the legend.
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("org_changes", "evidence", "ÄNDR"),
    ("organisations", "name", "ORG"),
    ("persons", "name", "PER"),
    ("places", "name", "PLATS"),
    ("amounts", "text", "BELOPP"),
    ("dates", "text", "DATUM"),
    ("counts", "text", "ANTAL"),
)
_ORDER = {name: i for i, (name, _field, _label) in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    category: str
    label: str
    record_id: str
    anchor: str
    title: str


def anchor_id(record_id: str) -> str:
    """The HTML id of a record's place in its document's page: the record id without the
    document id ("persons-129-144"), unique within a document."""
    return "r-" + "-".join(record_id.split(":")[1:])


def marks_of(doc: dict, describe=lambda category, record: "") -> list[Mark]:
    """One Mark per record of `doc` whose offsets lie inside its text."""
    text_len = len(doc.get("text") or "")
    marks = []
    for category, _field, label in CATEGORIES:
        for record in doc.get(category) or []:
            start, end = record.get("start"), record.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= text_len:
                continue
            marks.append(Mark(start, end, category, label, record["record_id"], anchor_id(record["record_id"]),
                              describe(category, record)))
    return marks


def _open(mark: Mark, first: bool) -> str:
    anchor = f' id="{escape(mark.anchor)}"' if first else ""
    cls = f"kk kk-{mark.category}" + ("" if first else " kk-cont")
    title = f' title="{escape(mark.title)}"' if mark.title else ""
    return (f'<mark class="{cls}"{anchor} data-rid="{escape(mark.record_id)}" data-label="{mark.label}"'
            f'{title}>')


def highlight(text: str, marks: list[Mark]) -> str:
    """`text`, HTML-escaped, with each mark's characters inside <mark> elements (see the module
    docstring for records that cross)."""
    pending = sorted(marks, key=lambda m: (m.start, -m.end, _ORDER.get(m.category, 99)))
    out: list[str] = []
    stack: list[Mark] = []
    pos = i = 0
    infinity = len(text) + 1
    while True:
        next_open = pending[i].start if i < len(pending) else infinity
        next_close = min((m.end for m in stack), default=infinity)
        at = min(next_open, next_close)
        if at == infinity:
            break
        out.append(escape(text[pos:at], quote=False))
        pos = at
        if next_close <= next_open:      # at one place, what ends closes before what begins opens
            reopen = []
            while any(m.end == at for m in stack):
                top = stack.pop()
                out.append("</mark>")
                if top.end != at:
                    reopen.append(top)
            for mark in reversed(reopen):
                stack.append(mark)
                out.append(_open(mark, first=False))
        else:
            mark = pending[i]
            i += 1
            stack.append(mark)
            out.append(_open(mark, first=True))
    out.append(escape(text[pos:], quote=False))
    return "".join(out)
