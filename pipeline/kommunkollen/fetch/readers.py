"""Readers for binary document formats: PDF (text layer) and DOCX.

Both return plain text with paragraphs separated by blank lines; the clean
stage then normalises it (joining words hyphenated across PDF line breaks).
"""
from __future__ import annotations

import io
import logging
import zipfile

from kommunkollen.errors import DocumentError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# A page with fewer characters than this is taken to have no text layer (a scan).
MIN_CHARS_PER_PAGE = 20


def read_pdf(data: bytes) -> str:
    """The text layer of a PDF, page by page; E121 when there is none, E120 when damaged, E124
    when it is encrypted with a password (one that opens with the empty password is read)."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # pypdf warns on every odd object
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError as exc:
                raise DocumentError("E124", f"the PDF is encrypted with a cipher this installation cannot "
                                    f"open ({exc})", stage="fetch") from exc
            except Exception as exc:  # noqa: BLE001  (pypdf raises several kinds here)
                raise DocumentError("E124", f"the PDF is encrypted and could not be opened: {exc}",
                                    stage="fetch") from exc
            if opened == PasswordType.NOT_DECRYPTED:
                raise DocumentError("E124", "the PDF is encrypted with a password (it does not open with an "
                                    "empty one)", stage="fetch")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise DocumentError("E120", f"damaged PDF: {type(exc).__name__}: {exc}", stage="fetch") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if len(text.strip()) < MIN_CHARS_PER_PAGE * max(1, len(pages)) / 4:
        raise DocumentError("E121", f"no text layer in {len(pages)} page(s)", stage="fetch")
    return text


# An archive member that expands more than this many times over its compressed size, past
# ARCHIVE_SMALL bytes, is a compression bomb: text XML deflates about 5-20 times.
MAX_EXPANSION = 100
ARCHIVE_SMALL = 1_000_000


def check_archive(data: bytes, max_bytes: int) -> None:
    """Inflate every member of a ZIP archive once, in bounded chunks, before any parser reads it:
    E123 when the whole would pass `max_bytes` or a member expands like a bomb. The sizes in the
    archive's directory are not trusted (a bomb can lie in them): the bytes are counted."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        total = 0
        for info in archive.infolist():
            expanded = 0
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    expanded += len(chunk)
                    total += len(chunk)
                    if total > max_bytes:
                        raise DocumentError("E123", f"the archive expands past {max_bytes:,} bytes (at "
                                            f"{info.filename}); raise --max-bytes if it is real", stage="fetch")
                    if expanded > ARCHIVE_SMALL and expanded > MAX_EXPANSION * max(1, info.compress_size):
                        raise DocumentError("E123", f"{info.filename} expands over {MAX_EXPANSION} times its "
                                            f"compressed size of {info.compress_size:,} bytes (a compression "
                                            "bomb)", stage="fetch")
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise DocumentError("E122", f"damaged DOCX: {type(exc).__name__}: {exc}", stage="fetch") from exc


def read_docx(data: bytes, max_bytes: int = 10_000_000) -> str:
    """Paragraphs and table rows of a DOCX file, in document order; the archive is checked
    first (check_archive)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_archive(data, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise DocumentError("E122", f"damaged DOCX: {type(exc).__name__}: {exc}", stage="fetch") from exc
    blocks = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            if text.strip():
                blocks.append(text.strip())
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(" ".join("".join(n.text or "" for n in p.iter() if n.tag.endswith("}t"))
                                                  for p in cell.iter() if p.tag.endswith("}p")).strip())
                    if any(cells):
                        blocks.append(" | ".join(cells))
    if not blocks:
        raise DocumentError("E101", "the DOCX file has no text", stage="fetch")
    return "\n\n".join(blocks)
