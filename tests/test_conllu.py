"""CoNLL-U reading (bad input names its line), the UD v1 -> v2 mapping, and the token scorer."""
from __future__ import annotations

import pytest

from kommunkollen.errors import UserError
from kommunkollen.nlp import conllu


def _lines(rows: list[str]) -> list[str]:
    return [r + "\n" for r in rows]


def _tok(i, form, upos, xpos, feats, head, deprel, lemma="_"):
    return "\t".join([str(i), form, lemma, upos, xpos, feats, str(head), deprel, "_", "_"])


# A v1 sentence of our own: "Nämnden beslutade inte och styrelsen godkände planen , budgeten och taxan i juni ."
V1 = [
    _tok(1, "Nämnden", "NOUN", "NN|UTR|SIN|DEF|NOM", "Case=Nom|Definite=Def|Gender=Com|Number=Sing", 2, "nsubj"),
    _tok(2, "beslutade", "VERB", "VB|PRT|AKT", "Tense=Past|VerbForm=Fin|Voice=Act", 0, "root"),
    _tok(3, "inte", "ADV", "AB", "_", 2, "neg"),
    _tok(4, "och", "CONJ", "KN", "_", 2, "cc"),
    _tok(5, "styrelsen", "NOUN", "NN|UTR|SIN|DEF|NOM", "Case=Nom|Definite=Def|Gender=Com|Number=Sing", 6, "nsubj"),
    _tok(6, "godkände", "VERB", "VB|PRT|AKT", "Tense=Past|VerbForm=Fin|Voice=Act", 2, "conj"),
    _tok(7, "planen", "NOUN", "NN|UTR|SIN|DEF|NOM", "Case=Nom|Definite=Def|Gender=Com|Number=Sing", 6, "dobj"),
    _tok(8, ",", "PUNCT", "MID", "_", 7, "punct"),
    _tok(9, "budgeten", "NOUN", "NN|UTR|SIN|DEF|NOM", "Case=Nom|Definite=Def|Gender=Com|Number=Sing", 7, "conj"),
    _tok(10, "och", "CONJ", "KN", "_", 7, "cc"),
    _tok(11, "taxan", "NOUN", "NN|UTR|SIN|DEF|NOM", "Case=Nom|Definite=Def|Gender=Com|Number=Sing", 7, "conj"),
    _tok(12, "i", "ADP", "PP", "_", 13, "case"),
    _tok(13, "juni", "NOUN", "NN|UTR|SIN|IND|NOM", "Case=Nom|Definite=Ind|Gender=Com|Number=Sing", 6, "nmod"),
    _tok(14, ".", "PUNCT", "MAD", "_", 2, "punct"),
]


def test_reads_sentences_and_rebuilds_text_without_spacing_information():
    sentences = list(conllu.read_conllu("v1.conll", lines=_lines(V1)))
    assert len(sentences) == 1 and len(sentences[0].tokens) == 14
    assert sentences[0].text == "Nämnden beslutade inte och styrelsen godkände planen, budgeten och taxan i juni."


@pytest.mark.parametrize(("rows", "line", "what"), [
    (["1\tA\t_\tNOUN\t_\t_\t0\troot\t_"], 1, "9 tab-separated columns"),
    ([_tok(1, "A", "NOUN", "_", "_", 0, "root"), "x\tB\t_\tNOUN\t_\t_\t1\tnmod\t_\t_"], 2, "must be numbers"),
    ([_tok(1, "A", "NOUN", "_", "_", 0, "root"), _tok(3, "B", "NOUN", "_", "_", 1, "nmod")], 2, "token ID 3"),
    ([_tok(1, "A", "NOUN", "_", "_", 0, "root"), "# text = A", _tok(2, "B", "NOUN", "_", "_", 1, "nmod")], 2,
     "comment inside a sentence"),
    ([_tok(1, "A", "NOUN", "_", "_", 5, "root")], 1, "outside the sentence"),
    (["# sent_id = 1", "# text = ", ""], 3, "no tokens"),
])
def test_malformed_input_is_an_error_naming_the_line(rows, line, what):
    with pytest.raises(UserError) as err:
        list(conllu.read_conllu("bad.conllu", lines=_lines(rows)))
    assert f"bad.conllu:{line}:" in str(err.value) and what in str(err.value)


def test_non_utf8_file_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.conllu"
    path.write_bytes(_tok(1, "Växjö", "PROPN", "PM", "_", 0, "root").encode("latin-1") + b"\n\n")
    with pytest.raises(UserError, match="not UTF-8"):
        list(conllu.read_conllu(path))


def test_ranges_and_empty_nodes_are_skipped():
    rows = ["1-2\tdet's\t_\t_\t_\t_\t_\t_\t_\t_", _tok(1, "A", "NOUN", "_", "_", 0, "root"),
            "1.1\tX\t_\t_\t_\t_\t_\t_\t_\t_", _tok(2, "B", "NOUN", "_", "_", 1, "nmod")]
    (sentence,) = conllu.read_conllu("x", lines=_lines(rows))
    assert [t.form for t in sentence.tokens] == ["A", "B"]


def test_v1_labels_features_and_coordination_are_mapped_to_v2():
    (v2,) = conllu.to_v2(list(conllu.read_conllu("v1.conll", lines=_lines(V1))))
    by_form = {t.form if t.form != "och" else f"och{t.id}": t for t in v2.tokens}
    assert by_form["planen"].deprel == "obj"                    # dobj
    assert by_form["juni"].deprel == "obl"                      # nmod on a verb
    assert by_form["inte"].deprel == "advmod" and by_form["inte"].upos == "PART"
    assert by_form["inte"].features.get("Polarity") == "Neg"
    assert by_form["och4"].upos == "CCONJ"
    assert by_form["beslutade"].features.get("Mood") == "Ind"
    # cc and the comma between conjuncts go to the conjunct that follows them
    assert by_form["och4"].head == 6 and by_form["och10"].head == 11 and by_form[","].head == 9
    # the final full stop is not between conjuncts and stays on the root
    assert by_form["."].head == 2


def test_auxiliary_becomes_aux():
    rows = [_tok(1, "Hon", "PRON", "PN|UTR|SIN|DEF|SUB", "_", 3, "nsubj"),
            _tok(2, "har", "VERB", "VB|PRS|AKT", "Tense=Pres|VerbForm=Fin|Voice=Act", 3, "aux"),
            _tok(3, "sagt", "VERB", "VB|SUP|AKT", "VerbForm=Sup|Voice=Act", 0, "root")]
    (v2,) = conllu.to_v2(list(conllu.read_conllu("x", lines=_lines(rows))))
    assert [t.upos for t in v2.tokens] == ["PRON", "AUX", "VERB"]


def test_evaluate_counts_each_metric_and_las_ignores_subtypes():
    gold = list(conllu.read_conllu("g", lines=_lines([
        _tok(1, "Planen", "NOUN", "NN", "Number=Sing", 2, "nsubj:pass", "plan"),
        _tok(2, "antogs", "VERB", "VB", "Voice=Pass", 0, "root", "anta"),
        _tok(3, ".", "PUNCT", "MAD", "_", 2, "punct", ".")])))
    same = conllu.evaluate(gold, gold)
    assert all(v["accuracy"] == 1.0 for v in same["metrics"].values())
    pred_rows = [_tok(1, "Planen", "NOUN", "NN", "Number=Sing", 2, "nsubj", "planen"),
                 _tok(2, "antogs", "VERB", "VB", "Voice=Pass", 0, "root", "anta"),
                 _tok(3, ".", "PUNCT", "MAD", "_", 1, "punct", ".")]
    got = conllu.evaluate(gold, list(conllu.read_conllu("p", lines=_lines(pred_rows))))["metrics"]
    assert got["Lemma"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert got["UAS"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert got["LAS"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)   # nsubj = nsubj:pass, the head of "." is wrong
    assert got["UPOS"]["accuracy"] == 1.0


def test_evaluate_refuses_different_tokens():
    gold = list(conllu.read_conllu("g", lines=_lines([_tok(1, "A", "NOUN", "_", "_", 0, "root")])))
    pred = list(conllu.read_conllu("p", lines=_lines([_tok(1, "B", "NOUN", "_", "_", 0, "root")])))
    with pytest.raises(UserError, match="differ"):
        conllu.evaluate(gold, pred)


def test_format_round_trips():
    sentences = list(conllu.read_conllu("v1.conll", lines=_lines(["# sent_id = s1", *V1])))
    text = "".join(conllu.format_sentence(s) for s in sentences)
    again = list(conllu.read_conllu("again", lines=text.splitlines(keepends=True)))
    assert [t for s in again for t in s.tokens] == [t for s in sentences for t in s.tokens]
    assert again[0].comments == ["# sent_id = s1"]


def test_v1_multiword_expressions_become_v2_syntax():
    # "Vi kom i dag för att läsa den här boken ." with v1's mwe analyses
    rows = [_tok(1, "Vi", "PRON", "PN|UTR|PLU|DEF|SUB", "_", 2, "nsubj"),
            _tok(2, "kom", "VERB", "VB|PRT|AKT", "Tense=Past|VerbForm=Fin|Voice=Act", 0, "root"),
            _tok(3, "i", "ADP", "PP", "_", 2, "advmod"),
            _tok(4, "dag", "NOUN", "NN|UTR|SIN|IND|NOM", "_", 3, "mwe"),
            _tok(5, "för", "ADP", "PP", "_", 7, "mark"),
            _tok(6, "att", "PART", "IE", "_", 5, "mwe"),
            _tok(7, "läsa", "VERB", "VB|INF|AKT", "VerbForm=Inf|Voice=Act", 2, "advcl"),
            _tok(8, "den", "DET", "DT|UTR|SIN|DEF", "_", 10, "det"),
            _tok(9, "här", "ADV", "AB", "_", 8, "mwe"),
            _tok(10, "boken", "NOUN", "NN|UTR|SIN|DEF|NOM", "_", 7, "dobj"),
            _tok(11, ".", "PUNCT", "MAD", "_", 2, "punct")]
    (v2,) = conllu.to_v2(list(conllu.read_conllu("x", lines=_lines(rows))))
    t = {tok.form: tok for tok in v2.tokens}
    assert (t["dag"].head, t["dag"].deprel) == (2, "obl") and (t["i"].head, t["i"].deprel) == (4, "case")
    assert (t["att"].head, t["att"].deprel) == (7, "mark") and (t["för"].head, t["för"].deprel) == (7, "mark")
    assert (t["här"].head, t["här"].deprel) == (8, "advmod")
    assert conllu.is_tree(v2.tokens)
