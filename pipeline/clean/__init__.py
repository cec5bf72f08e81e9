"""Clean stage: raw content to main text plus metadata.

Entry point: `clean_document(document)` fills `document.text` and
`document.meta` (title, published, author, municipality,
municipality_code, doc_type, sections). `clean_text(content, media_type)`
is the same text cleaning on its own, for `kommunkollen clean`.
"""
from __future__ import annotations

from pipeline.clean.boilerplate import remove_boilerplate
from pipeline.clean.html import html_to_text
from pipeline.clean.metadata import extract_metadata
from pipeline.clean.unicode import normalise_text
from pipeline.document import Document
from pipeline.errors import DocumentError
from pipeline.settings import Settings

__all__ = ["clean_document", "clean_text"]


def clean_text(content: str, media_type: str = "text/plain") -> tuple[str, dict]:
    """Main text of a document and the metadata hints found in its markup."""
    hints: dict = {}
    if media_type == "text/html":
        content, hints = html_to_text(content)
    text = normalise_text(content)
    return remove_boilerplate(text), hints


def clean_document(document: Document, settings: Settings) -> Document:
    text, hints = clean_text(document.content, document.media_type)
    if len(text.strip()) < settings.min_text_chars:
        raise DocumentError("E200", stage="clean")
    document.text = text
    document.meta = extract_metadata(text, source=document.source, hints=hints)
    return document
