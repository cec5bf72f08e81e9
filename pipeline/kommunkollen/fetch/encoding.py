"""Decoding bytes of unknown encoding, and telling text from binary."""
from __future__ import annotations

import codecs

import regex

from kommunkollen.errors import DocumentError

# C0 control characters other than tab, newline, form feed and carriage return.
_CONTROL = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x20))
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", regex.I)


# Text in any script written with spaces has one every few words; bytes with almost none that
# are not UTF-8 either are binary (an image or archive served as HTML), which a decoder and the
# HTML parser would otherwise chew on for minutes. Swedish prose is 12-16 % whitespace; random
# bytes have under 1 %, which a page wrapped around them does not change. (Chinese and Japanese
# have few spaces, but they are UTF-8.)
MIN_WHITESPACE_SHARE = 0.02
SNIFF_BYTES = 65_536
_WHITESPACE = frozenset(b" \t\n\r\f")


def looks_binary(data: bytes) -> bool:
    """True for content that is not text: NUL bytes or many control characters in the first
    8 KB, or almost no whitespace in the first 64 KB of bytes that are not UTF-8."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    if controls > max(4, len(head) // 100):
        return True
    sample = data[:SNIFF_BYTES]
    if len(sample) < 200 or sum(1 for b in sample if b in _WHITESPACE) >= MIN_WHITESPACE_SHARE * len(sample):
        return False
    text = sample.decode("utf-8", errors="replace")
    return text.count("\ufffd") > len(text) / 100


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data`; returns (text, encoding name).

    Order: BOM, the declared charset (HTTP header or <meta>) if it decodes
    cleanly, UTF-8, then a single-byte Western encoding. cp1252 and latin-1
    agree except on bytes 0x80-0x9F, which are printable in cp1252 (€, –, ”)
    and invisible C1 controls in latin-1, so text using them is cp1252. A
    reading that looks like a Mac or DOS code page goes to charset-normalizer.
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
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return _legacy_code_page(data, None)
    else:
        text, encoding = data.decode("latin-1"), "iso8859-1"
    if _IMPLAUSIBLE.search(text):
        return _legacy_code_page(data, (text, encoding))
    return text, encoding


# Characters a Swedish text read as cp1252 or latin-1 shows where its å, ä and ö were written in
# an old Mac or DOS code page (Š Œ š ‰ for Mac Roman, † „ ” for cp850): then charset-normalizer
# is asked, among those code pages. Measured on the seeds, ../shared/dev and the sample corpus
# (106 texts and their first lines) in seven encodings: charset-normalizer alone decoded 72/106
# cp1252 and 43/62 latin-1 texts right (ours: all), this combination all of those and 91/106
# Mac Roman and 39/62 cp850 texts (ours alone: 13 and 13; charset-normalizer alone: 86 and 20).
_IMPLAUSIBLE = regex.compile(r"[\u0080-\u009f\u0160\u0161\u0152\u0153\u2030\u0178\u02c6\u02dc\u2039\u203a"
                             r"\u0192\u2020\u2021\u00a4\u00a6\u00a8\u00b4\u00b8\u00c3\u00ac\u00ee\u00ef\u00ec]")
_SWEDISH_LETTERS = regex.compile(r"[åäöÅÄÖé]")
LEGACY_CODE_PAGES = ("mac_roman", "cp850", "cp437", "cp865")


def _legacy_code_page(data: bytes, fallback: tuple[str, str] | None) -> tuple[str, str]:
    """charset-normalizer's best reading among the legacy code pages (any code page when nothing
    decoded), kept when it has more Swedish letters than `fallback`."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_CODE_PAGES) if fallback else None).best()
    if best is not None and (fallback is None or len(_SWEDISH_LETTERS.findall(str(best)))
                             > len(_SWEDISH_LETTERS.findall(fallback[0]))):
        return str(best), best.encoding
    if fallback is None:
        raise DocumentError("E105", "not text in UTF-8, UTF-16, cp1252, latin-1 or a legacy code page", stage="fetch")
    return fallback


def declared_html_charset(data: bytes) -> str | None:
    """The charset a <meta> tag in the first 4 KB declares, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
