"""Removing boilerplate lines from text that went through a crude extraction.

Works line by line on shapes (see `patterns.py`), never on a site's
sentences: UI phrases, contact details, comment forms, and the first copy
of a title that the page repeats.
"""
from __future__ import annotations

import regex

from kommunkollen.clean import patterns

_BOILERPLATE = regex.compile(r"(?:" + "|".join(patterns.BOILERPLATE_LINES) + r")", regex.I | regex.V1)
_CONTACT = regex.compile(patterns.CONTACT_LINE, regex.I)
_PHONE = regex.compile(patterns.PHONE)
_EMAIL = regex.compile(patterns.EMAIL)
_LIST_MARK = regex.compile(r"^(?:[•*·▪◦‣–-]|\d{1,2}[.)])\s+")


def _core(line: str) -> str:
    """A line without list marks, emphasis and surrounding punctuation."""
    s = _LIST_MARK.sub("", line.strip())
    return s.strip(" *_#>\t").strip()


def is_boilerplate(line: str) -> bool:
    core = _core(line)
    if not core:
        return False
    if _BOILERPLATE.fullmatch(core):
        return True
    if _CONTACT.fullmatch(core) and (_PHONE.search(core) or _EMAIL.search(core)):
        return True
    # A line that is only phone numbers and e-mail addresses.
    rest = _EMAIL.sub("", _PHONE.sub("", core)).strip(" ,;:|/")
    return rest == "" and core != ""


def remove_boilerplate(text: str) -> str:
    """Drop boilerplate lines and the first of two copies of a repeated title line."""
    lines = text.split("\n")
    kept = [line for line in lines if not is_boilerplate(line)]
    # A title repeated by the page (once in a header, once above the body): keep the
    # later copy, which sits next to the body and its date line.
    seen: dict[str, int] = {}
    for i, line in enumerate(kept):
        key = _core(line).casefold()
        if 3 <= len(key.split()) <= 25:
            seen.setdefault(key, i)
    drop = set()
    for i, line in enumerate(kept):
        key = _core(line).casefold()
        first = seen.get(key)
        if first is not None and first != i:
            # Drop the first copy unless it is the same paragraph (a quoted repetition).
            drop.add(first)
    kept = [line for i, line in enumerate(kept) if i not in drop]
    out = "\n".join(kept)
    out = regex.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", out)
    return out.strip("\n ")
