"""Decoding bytes of unknown encoding, and telling text from binary."""
from __future__ import annotations

import codecs

import regex

from kommunkollen.errors import DocumentError

# C0 control characters other than tab, newline, form feed and carriage return.
_CONTROL = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x20))
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.I)


def looks_binary(data: bytes) -> bool:
    """True for content that is not text: NUL bytes or many control characters."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls > max(4, len(head) // 100)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`; returns (text, encoding name).

    Order: BOM, the declared charset (HTTP header or <meta>) if it decodes
    cleanly, UTF-8, then a single-byte Western encoding. cp1252 and latin-1
    agree except on bytes 0x80-0x9F, which are printable in cp1252 (€, –, ”)
    and invisible C1 controls in latin-1, so text using them is cp1252.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    candidates = []
    if declared:
        candidates.append(declared.strip().lower())
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(enc), codecs.lookup(enc).name
        except (UnicodeDecodeError, LookupError):
            continue
    if any(0x80 <= b <= 0x9F for b in data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise DocumentError("E105", f"not UTF-8, cp1252 or latin-1 text: {exc}", stage="fetch") from exc
    return data.decode("latin-1"), "iso8859-1"


def declared_html_charset(data: bytes) -> str | None:
    """The charset a <meta> tag in the first 4 KB declares, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
