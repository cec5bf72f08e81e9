"""Reading local files and directories."""
from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kommunkollen.document import Document
from kommunkollen.errors import DocumentError, UserError
from kommunkollen.fetch.encoding import declared_html_charset, decode_bytes, looks_binary
from kommunkollen.fetch.readers import PDF_MAGIC, ZIP_MAGIC, read_docx, read_pdf
from kommunkollen.settings import Settings

log = logging.getLogger(__name__)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class LocalFile:
    """A file to read, with the two names it is known by in the outputs.

    `canonical`: the file's path below the input folder it was found in, starting with that
    folder's name ("sample/01_nyhet.txt"); for a file given by itself, its folder's name and its
    own ("sample/01_nyhet.txt" again). It does not depend on how the path was typed (relative,
    absolute, through "..") or on the machine, so doc_ids and the result cache do not either.
    `display`: what the `source` column shows: the canonical name, except for a file given by
    itself, which is shown as it was given.
    """

    path: str
    canonical: str
    display: str
    error: DocumentError | None = None    # a file or folder that could not be listed or read


def printable_path(name: str) -> str:
    """A path as the outputs can carry it: bytes of a file name that are not UTF-8 (which Python
    keeps as lone surrogates) written as \\xNN escapes, so the name still shows which file it was."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _walk(folder: Path) -> tuple[list[Path], list[tuple[str, OSError]]]:
    """Every file below `folder` (hidden names skipped), and the folders that could not be
    listed, with their error."""
    files, failed = [], []
    visited = set()
    for root, dirs, names in os.walk(folder, onerror=lambda exc: failed.append((exc.filename, exc)),
                                     followlinks=True):
        visited.add(os.path.realpath(root))
        # Linked folders are followed, each real folder once (a link to a parent is no loop).
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(root, d)) not in visited)
        files.extend(Path(root, n) for n in names if not n.startswith("."))
    return sorted(files), failed


def _folder_name(path: Path) -> str:
    return Path(os.path.abspath(path)).name


def expand_inputs(inputs: Iterable[str], settings: Settings, *, root: str | None = None) -> list[LocalFile]:
    """Files as given, directories expanded recursively to their text and HTML files.

    `root`: the folder the files are named from when they are not given by a user but found
    by a corpus file's glob (the corpus file's folder); their source is then named like a file
    found in that folder.

    A missing input is a user error (the whole run stops before it starts);
    order is stable: inputs in the order given, directory contents sorted. The same
    file reached twice (through two spellings of one folder, or a folder and a file
    inside it) is read once.
    """
    found: list[LocalFile] = []
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise UserError(f"input not found: {given} (give files or directories that exist)")
        if path.is_dir():
            folder = _folder_name(path)
            listed, failed = _walk(path)
            files = [p for p in listed if p.suffix.lower() in settings.text_suffixes]
            for p in files:
                name = printable_path(PurePosixPath(folder, *p.relative_to(path).parts).as_posix())
                error = None if p.is_file() else DocumentError(
                    "E100", "a link to nothing, or not a regular file", stage="fetch")
                found.append(LocalFile(str(p), name, name, error))
            for where, exc in failed:   # a folder the user cannot read: one row, not silence
                name = printable_path(PurePosixPath(folder, *Path(where).relative_to(path).parts).as_posix()
                                      if where and Path(where) != path else folder)
                found.append(LocalFile(str(where), name + "/", name + "/", DocumentError(
                    "E100", f"folder not read: {exc.strerror or exc}; its files were skipped", stage="fetch")))
            if not files and not failed:
                log.warning("no documents in %s (it has no %s files)", printable_path(given),
                            ", ".join(settings.text_suffixes))
        elif root is not None:
            name = printable_path(PurePosixPath(_folder_name(Path(root)), *Path(os.path.abspath(path)).relative_to(
                os.path.abspath(root)).parts).as_posix())
            found.append(LocalFile(given, name, name))
        else:
            canonical = printable_path(PurePosixPath(_folder_name(path.parent), path.name).as_posix())
            found.append(LocalFile(given, canonical, printable_path(os.path.normpath(given))))
    seen: set[str] = set()
    out = []
    for f in found:
        key = os.path.realpath(f.path)
        if key not in seen or f.error is not None:
            seen.add(key)
            out.append(f)
    return out


def read_document(source: str, settings: Settings) -> Document:
    """Read one local file into a Document; raises DocumentError with a code."""
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix and suffix not in settings.text_suffixes:
        raise DocumentError("E104", f"{suffix} files are not read (Kommunkollen reads "
                            f"{', '.join(settings.text_suffixes)}, and files without a suffix)", stage="fetch")
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
    return document_from_bytes(source, data, suffix=path.suffix.lower(), max_bytes=settings.max_bytes)


def document_from_bytes(source: str, data: bytes, *, suffix: str = "", declared_charset: str | None = None,
                        media_type: str | None = None, max_bytes: int = 10_000_000) -> Document:
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
        return Document(source=source, content=read_docx(data, max_bytes), media_type=DOCX_TYPE, raw_sha256=digest)
    if looks_binary(data):
        raise DocumentError("E102", "binary content, not text (control bytes, or almost no spaces in bytes "
                            "that are not UTF-8)", stage="fetch")
    is_html = (media_type == "text/html" or suffix in HTML_SUFFIXES
               or data.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html")))
    declared = declared_charset or (declared_html_charset(data) if is_html else None)
    text, encoding = decode_bytes(data, declared)
    if not text.strip():
        raise DocumentError("E101", stage="fetch")
    return Document(source=source, content=text, media_type="text/html" if is_html else "text/plain",
                    encoding=encoding, raw_sha256=digest)
