"""The layers that make the shipped model faster without changing what it says: numpy's BLAS for
the models' matrix products, floret vectors built once per word, lemmas looked up per
(form, part of speech, features). Each must give the numbers or strings the plain way gives."""
from __future__ import annotations

import numpy
import pytest
import regex
import spacy
from spacy.tokens import Doc
from spacy.vectors import Vectors
from thinc.api import Linear, NumpyOps, get_current_ops

from kommunkollen.nlp import blas
from kommunkollen.nlp.lemmatizer import LemmatizerComponent
from kommunkollen.nlp.vectors import RememberingFloretVectors, remember_floret_vectors

WORDS = "kommunen beslutade att kommunen ska bygga en ny skola och en ny förskola i kommunen".split()


def floret_pipeline(table: type = Vectors) -> spacy.Language:
    nlp = spacy.blank("sv")
    data = numpy.random.default_rng(7).random((64, 6), dtype=numpy.float32)
    nlp.vocab.vectors = table(strings=nlp.vocab.strings, data=data, mode="floret", minn=2, maxn=4, hash_count=2)
    return nlp


def keys(nlp, words):
    return numpy.asarray([nlp.vocab.strings.add(w) for w in words], dtype=numpy.uint64)


def test_remembered_floret_rows_are_spacys_rows():
    plain = floret_pipeline()
    remembering = floret_pipeline(RememberingFloretVectors)
    batch = keys(plain, WORDS)
    keys(remembering, WORDS)
    first = remembering.vocab.vectors.get_batch(batch)
    again = remembering.vocab.vectors.get_batch(batch[::-1])      # served from the kept rows
    expected = plain.vocab.vectors.get_batch(batch)
    assert first.dtype == expected.dtype and first.shape == (len(WORDS), 6)
    assert numpy.array_equal(first, expected)
    assert numpy.array_equal(again, expected[::-1])
    assert len(remembering.vocab.vectors._row_of) == len(set(WORDS))


def test_a_full_table_starts_over_and_a_batch_larger_than_it_is_built_directly():
    plain = floret_pipeline()
    remembering = floret_pipeline(RememberingFloretVectors)
    remembering.vocab.vectors.capacity = 5
    for words in (WORDS[:4], WORDS[4:9], WORDS):               # 4 kept, then 5 more: over capacity
        batch = keys(plain, words)
        keys(remembering, words)
        assert numpy.array_equal(remembering.vocab.vectors.get_batch(batch), plain.vocab.vectors.get_batch(batch))
        assert len(remembering.vocab.vectors._row_of) <= 5


def test_changing_the_table_forgets_the_built_rows():
    nlp = floret_pipeline(RememberingFloretVectors)
    table = nlp.vocab.vectors
    batch = keys(nlp, WORDS)
    before = table.get_batch(batch)
    table.data[:] = 0.5
    table.from_bytes(table.to_bytes(exclude=["strings"]), exclude=["strings"])
    after = table.get_batch(batch)
    assert not numpy.array_equal(before, after)
    assert numpy.allclose(after, 0.5)


def test_a_loaded_pipeline_gets_the_remembering_table_and_a_default_one_is_left_alone():
    nlp = floret_pipeline()
    remember_floret_vectors(nlp)
    assert type(nlp.vocab.vectors) is RememberingFloretVectors
    assert nlp.vocab.vectors.mode == "floret" and nlp.vocab.vectors.shape == (64, 6)
    assert (nlp.vocab.vectors.minn, nlp.vocab.vectors.maxn, nlp.vocab.vectors.hash_count) == (2, 4, 2)
    blank = spacy.blank("sv")
    table = blank.vocab.vectors
    remember_floret_vectors(blank)
    assert blank.vocab.vectors is table


def test_models_built_in_the_context_multiply_with_numpy_and_agree_with_blis(monkeypatch):
    monkeypatch.delenv(blas.ENV_BLIS, raising=False)
    x = numpy.random.default_rng(3).random((50, 40), dtype=numpy.float32)
    reference = Linear(30, 40).initialize(X=x)
    with blas.numpy_matmul_ops():
        ops = get_current_ops()
        fast = Linear(30, 40).initialize(X=x)
    assert isinstance(ops, NumpyOps) and ops.use_blis is False
    assert fast.ops.use_blis is False and reference.ops.use_blis is True
    fast.set_param("W", reference.get_param("W"))
    fast.set_param("b", reference.get_param("b"))
    assert numpy.allclose(fast.predict(x), reference.predict(x), atol=1e-5)
    assert get_current_ops().use_blis is True            # only inside the context


def test_kk_blis_keeps_thincs_default(monkeypatch):
    monkeypatch.setenv(blas.ENV_BLIS, "1")
    with blas.numpy_matmul_ops():
        assert get_current_ops().use_blis is True


@pytest.mark.parametrize("workers, cores, threads", [(1, 2, 2), (2, 2, 1), (3, 2, 1), (2, 8, 4), (0, 4, 4)])
def test_each_worker_gets_its_share_of_the_cores(workers, cores, threads):
    assert blas.blas_threads_per_worker(workers, cores) == threads


def test_lemmas_from_arrays_are_the_tokens_lemmas():
    nlp = spacy.blank("sv")
    component = LemmatizerComponent()
    component.set_lookup({"beslutade": "besluta", "skolor": "skola"})
    words = ["Nämnden", "beslutade", "om", "skolor", "och", "skolor", " "]
    pos = ["NOUN", "VERB", "ADP", "NOUN", "CCONJ", "NOUN", "SPACE"]
    morphs = ["Case=Nom|Definite=Def|Gender=Com|Number=Sing", "Tense=Past|VerbForm=Fin|Voice=Act", "",
              "Case=Nom|Definite=Ind|Gender=Com|Number=Plur", "", "Case=Nom|Definite=Ind|Gender=Com|Number=Plur", ""]
    doc = component(Doc(nlp.vocab, words=words, pos=pos, morphs=morphs))
    assert [t.lemma_ for t in doc] == ["nämnd", "besluta", "om", "skola", "och", "skola", " "]
    # kept: overwrite=False leaves a lemma that is already set
    keep = LemmatizerComponent(overwrite=False)
    doc = Doc(nlp.vocab, words=words, pos=pos, morphs=morphs, lemmas=["N", "b", "o", "s", "o", "s", " "])
    assert [t.lemma_ for t in keep(doc)] == ["N", "b", "o", "s", "o", "s", " "]
    assert len(component(Doc(nlp.vocab, words=[]))) == 0


def _flat_alternation(words):
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@pytest.mark.parametrize("flags", [0, regex.I])
def test_the_trie_alternation_finds_what_the_longest_first_one_finds(flags):
    from kommunkollen.nlp.components import _alt

    words = ["Kalmar", "Kalmar län", "Kal", "Kalix", "Ås", "Åsele", "Västra Ås", "Sala", "Salem", "Sa"]
    text = ("I Kalmar län och i Kalmar länsstyrelse, Kalix, Kalmarsund, Kal. Västra Ås och åsele, "
            "ÅSELE, Salem, Sala och Sa; salemsbo Sal")

    def edge(alternation, tail):
        return r"(?<![\p{L}\d-])(?P<name>" + alternation + ")" + tail + r"(?![\p{L}\d-])"

    for tail in ("", "(?P<gen>s)?"):
        flat = regex.compile(edge(_flat_alternation(words), tail), flags)
        trie = regex.compile(edge(_alt(words), tail), flags)
        expected = [m.span("name") for m in flat.finditer(text)]
        assert [m.span("name") for m in trie.finditer(text)] == expected and expected
    # the longer name wins where both fit, the shorter where the longer runs into a word
    found = [m["name"] for m in regex.finditer(edge(_alt(words), ""), "i Kalmar län, i Kalmar länsbygd")]
    assert found == ["Kalmar län", "Kalmar"]


def test_doc_text_is_the_docs_text_built_once_and_a_stale_copy_is_not_used():
    from kommunkollen.nlp.extensions import doc_text, remember_text

    nlp = spacy.blank("sv")
    doc = nlp("Kommunstyrelsen  beslutade\n\ni går.")
    assert doc_text(doc) == doc.text and doc.user_data["kk_text"] == doc.text
    assert doc_text(remember_text(nlp("Ett två."), "Ett två.")) == "Ett två."
    # a remembered text of another length (a Doc changed or copied after) is built again
    assert doc_text(remember_text(nlp("Ett två tre."), "Ett två.")) == "Ett två tre."
    assert doc_text(nlp("")) == ""
