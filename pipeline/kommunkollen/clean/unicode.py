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


def normalise_text(text: str) -> str:
    """NFC, plain spaces, no soft hyphens, joined hyphenations, tidy paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = regex.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n ")
