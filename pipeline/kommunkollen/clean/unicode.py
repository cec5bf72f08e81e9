"""Unicode normalisation of extracted text."""
from __future__ import annotations

import unicodedata

import regex

# No-break, thin, figure and other fixed-width spaces: all become a plain space,
# which keeps digit groups such as "1 170 000" together as the extractors expect.
_SPACES = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = regex.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
# A word broken at a line end by a hyphen, as PDF text layers do: "kommun-\nstyrelsen".
_HYPHEN_BREAK = regex.compile(r"(\p{Ll})-\n(\p{Ll})")
# C0 and C1 control characters other than tab, newline, form feed and carriage return: a NUL or
# an escape in a text file is damage, never content, and must not reach the outputs.
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# A run of symbols without a space in it ("=====...", "-.-.-."): a separator line or damage. The
# tokenizer strips a suffix at a time from a space-free string, each time searching all of it,
# so a run of 16,000 costs minutes; runs are cut to DECORATION_RUN characters.
DECORATION_RUN = 64
_LONG_SYMBOL_RUN = regex.compile(r"[^\w\s]{" + str(DECORATION_RUN + 1) + ",}")


def normalise_text(text: str) -> str:
    """NFC, no control characters, symbol runs cut short, plain spaces, no soft hyphens, joined
    hyphenations, tidy paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROLS.sub("", text)
    text = _LONG_SYMBOL_RUN.sub(lambda m: m.group()[:DECORATION_RUN], text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = regex.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n ")
