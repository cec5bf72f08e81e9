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
    """The text layer of a PDF, page by page; E121 when there is none, E120 when damaged."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # pypdf warns on every odd object
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # noqa: BLE001  (pypdf raises several kinds here)
                raise DocumentError("E120", "the PDF is encrypted", stage="fetch") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentError("E120", f"damaged PDF: {exc}", stage="fetch") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if len(text.strip()) < MIN_CHARS_PER_PAGE * max(1, len(pages)) / 4:
        raise DocumentError("E121", f"no text layer in {len(pages)} page(s)", stage="fetch")
    return text


def read_docx(data: bytes) -> str:
    """Paragraphs and table rows of a DOCX file, in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError("E122", f"damaged DOCX: {exc}", stage="fetch") from exc
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
