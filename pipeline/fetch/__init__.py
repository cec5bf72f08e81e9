"""Fetch stage: turn the inputs of a run into Documents with decoded content.

Entry points: `expand_inputs` (paths and directories to a sorted list of
sources) and `read_document` (one source to a Document, or a DocumentError).
"""
from __future__ import annotations

from pipeline.fetch.local import expand_inputs, read_document

__all__ = ["expand_inputs", "read_document"]
