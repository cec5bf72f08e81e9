"""Reading local files and directories."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from pipeline.document import Document
from pipeline.errors import DocumentError, UserError
from pipeline.fetch.encoding import declared_html_charset, decode_bytes, looks_binary
from pipeline.fetch.readers import PDF_MAGIC, ZIP_MAGIC, read_docx, read_pdf
from pipeline.settings import Settings

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def expand_inputs(inputs: Iterable[str], settings: Settings) -> list[str]:
    """Files as given, directories expanded recursively to their text and HTML files.

    A missing input is a user error (the whole run stops before it starts);
    order is stable: inputs in the order given, directory contents sorted.
    """
    sources: list[str] = []
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise UserError(f"input not found: {given} (give files or directories that exist)")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in settings.text_suffixes
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            sources.extend(str(p) for p in found)
        else:
            sources.append(given)
    seen: set[str] = set()
    return [s for s in sources if not (s in seen or seen.add(s))]


def read_document(source: str, settings: Settings) -> Document:
    """Read one local file into a Document; raises DocumentError with a code."""
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise DocumentError("E103", f"{size:,} bytes is over the limit of {settings.max_bytes:,} "
                                "(raise it with --max-bytes)", stage="fetch")
        with path.open("rb") as fh:
            data = fh.read()
    except DocumentError:
        raise
    except IsADirectoryError as exc:
        raise DocumentError("E100", "is a directory", stage="fetch") from exc
    except OSError as exc:
        raise DocumentError("E100", f"{exc.strerror or exc}", stage="fetch") from exc
    return document_from_bytes(source, data, suffix=path.suffix.lower())


def document_from_bytes(source: str, data: bytes, *, suffix: str = "", declared_charset: str | None = None,
                        media_type: str | None = None) -> Document:
    """Decode raw bytes into a Document (shared by local files and, later, HTTP)."""
    if not data.strip():
        raise DocumentError("E101", stage="fetch")
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(PDF_MAGIC) or suffix == ".pdf" or media_type == "application/pdf":
        if not data.startswith(PDF_MAGIC):
            raise DocumentError("E120", "not a PDF file (no %PDF- header)", stage="fetch")
        return Document(source=source, content=read_pdf(data), media_type="application/pdf", raw_sha256=digest)
    if data.startswith(ZIP_MAGIC) or suffix == ".docx" or media_type == DOCX_TYPE:
        if not data.startswith(ZIP_MAGIC):
            raise DocumentError("E122", "not a DOCX file (no ZIP header)", stage="fetch")
        if suffix not in ("", ".docx") and media_type != DOCX_TYPE:
            raise DocumentError("E104", "a ZIP archive, not a document", stage="fetch")
        return Document(source=source, content=read_docx(data), media_type=DOCX_TYPE, raw_sha256=digest)
    if looks_binary(data):
        raise DocumentError("E102", stage="fetch")
    is_html = (media_type == "text/html" or suffix in HTML_SUFFIXES
               or data.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html")))
    declared = declared_charset or (declared_html_charset(data) if is_html else None)
    text, encoding = decode_bytes(data, declared)
    if not text.strip():
        raise DocumentError("E101", stage="fetch")
    return Document(source=source, content=text, media_type="text/html" if is_html else "text/plain",
                    encoding=encoding, raw_sha256=digest)
