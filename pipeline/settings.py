"""Every knob of a run: its default and one line of description.

The CLI builds a `Settings` from its options; code reads only this object.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"


def _knob(default, description):
    return field(default=default, metadata={"description": description})


@dataclass(frozen=True)
class Settings:
    """Run settings. `describe()` lists them with their descriptions."""

    ner: str = _knob("auto", "NER backend: 'auto' (the shipped model if present, else rules only), "
                     "'rules', 'spacy:NAME_OR_PATH' or 'stanza'.")
    max_bytes: int = _knob(10_000_000, "Documents larger than this many bytes get error E103 instead of "
                           "being processed.")
    min_text_chars: int = _knob(1, "Documents with fewer characters of main text get error E200.")
    batch_size: int = _knob(32, "Documents per batch through the spaCy pipeline.")
    text_suffixes: tuple[str, ...] = _knob((".txt", ".html", ".htm", ".xhtml"),
                                           "File suffixes read when an input is a directory.")
    progress: bool | None = _knob(None, "Show a progress bar on stderr: None means only on a terminal.")

    def as_dict(self) -> dict:
        d = asdict(self)
        d["text_suffixes"] = list(self.text_suffixes)
        return d

    @classmethod
    def describe(cls) -> dict[str, str]:
        return {f.name: f.metadata["description"] for f in fields(cls)}
