"""Long documents through the NLP stage in bounded pieces, offsets kept.

The statistical components hold arrays the size of the document (tok2vec: tokens x width, for
each layer), so a 5 MB text with no line break asked for gigabytes. A text longer than
PIECE_CHARS is cut into pieces at paragraph breaks (else line breaks, sentence ends, spaces;
a cut inside a word only when a stretch has none of them), each piece is tokenized and run
through the components on its own, and the pieces' annotations are joined into one Doc whose
text is the document's, character for character. Only one piece's arrays are alive at a time.
"""
from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.tokens import Doc

PIECE_CHARS = 50_000
# Where a piece may end, best first: after a blank line, a line break, a sentence, a space.
_CUTS = ("\n\n", "\n", ". ", " ")


def piece_bounds(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering `text`, each at most `size` characters, cut
    at the best break in the second half of the stretch."""
    bounds = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        end = limit
        for cut in _CUTS:
            at = text.rfind(cut, start + size // 2, limit)
            if at != -1:
                end = at + len(cut)
                break
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def run_in_pieces(nlp: Language, text: str, size: int = PIECE_CHARS) -> Doc:
    """`nlp` (the components enabled now) over `text` piece by piece, joined into one Doc."""
    attrs = list(Doc._get_array_attrs())
    words: list[str] = []
    spaces: list[bool] = []
    arrays = []
    for start, end in piece_bounds(text, size):
        piece = nlp(text[start:end])
        if not len(piece):
            continue
        words.extend(t.text for t in piece)
        spaces.extend(bool(t.whitespace_) for t in piece)
        arrays.append(piece.to_array(attrs))
        del piece     # its arrays go before the next piece's are made
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if arrays:
        doc.from_array(attrs, numpy.concatenate(arrays))
    return doc


__all__ = ["PIECE_CHARS", "piece_bounds", "run_in_pieces"]
