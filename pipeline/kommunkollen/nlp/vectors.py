"""Floret vectors that remember the rows they have built.

A floret vector is the mean of the hash rows of the word's character n-grams, and spaCy builds it
again in Python for every word of every batch: about 35 microseconds a distinct word, and both
tok2vecs of the shipped model ask for the same words (the syntax layer's and the NER's). This
table keeps each word's built vector, so a word costs that once per process, not once per batch
and encoder. The vectors are the same numbers spaCy builds (tests/test_nlp_speed_layers.py): the mean
of a word's rows does not depend on the other words of the batch.
"""
from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.vectors import Mode, Vectors

# Words remembered before the table starts over: 16 MB of 128-dimension float32 rows at most.
CAPACITY = 32_768


class RememberingFloretVectors(Vectors):
    """spaCy's Vectors in floret mode, with `get_batch` served from the built rows it keeps."""

    def __init__(self, *args, capacity: int = CAPACITY, **kwargs):
        super().__init__(*args, **kwargs)
        self.capacity = capacity
        self._forget()

    def _forget(self) -> None:
        self._row_of: dict = {}
        self._built = None

    def get_batch(self, keys):
        if self.mode != Mode.floret:
            return super().get_batch(keys)
        keys = keys.tolist() if isinstance(keys, numpy.ndarray) else list(keys)
        row_of = self._row_of
        new = [key for key in dict.fromkeys(keys) if key not in row_of]
        if len(new) > self.capacity:      # more distinct words than the table holds
            return super().get_batch(keys)
        if new:
            if len(row_of) + len(new) > self.capacity:
                self._forget()
                row_of = self._row_of
                new = list(dict.fromkeys(keys))
            if self._built is None:
                self._built = numpy.zeros((self.capacity, self.data.shape[1]), dtype=self.data.dtype)
            start = len(row_of)
            self._built[start:start + len(new)] = super().get_batch(new)
            row_of.update(zip(new, range(start, start + len(new)), strict=True))
        rows = numpy.fromiter(map(row_of.__getitem__, keys), dtype=numpy.intp, count=len(keys))
        return self._built[rows]

    # The built rows belong to the table they were built from.
    def add(self, *args, **kwargs):
        self._forget()
        return super().add(*args, **kwargs)

    def resize(self, *args, **kwargs):
        self._forget()
        return super().resize(*args, **kwargs)

    def from_bytes(self, *args, **kwargs):
        self._forget()
        return super().from_bytes(*args, **kwargs)

    def from_disk(self, *args, **kwargs):
        self._forget()
        return super().from_disk(*args, **kwargs)


def remember_floret_vectors(nlp: Language) -> None:
    """Swaps a loaded pipeline's floret table for one that remembers its rows; other tables
    (none, or spaCy's default mode) are left as they are."""
    vectors = nlp.vocab.vectors
    if type(vectors) is not Vectors or vectors.mode != Mode.floret:
        return
    remembering = RememberingFloretVectors(strings=nlp.vocab.strings)
    remembering.from_bytes(vectors.to_bytes(exclude=["strings"]), exclude=["strings"])
    nlp.vocab.vectors = remembering
