"""The optional Stanza backend (`--ner stanza` or `--ner stanza:RESOURCES_DIR`), `pip install 'kommunkollen[stanza]'`.

Stanza runs its own tokenizer and NER on the document text; its entities,
with character offsets, become `doc.ents` on our tokens with labels mapped
to ours (Swedish Stanza models use SUC's PRS, LOC, ORG, EVN, WRK, OBJ, TME, MSR).
Models are never downloaded here: they must already be in Stanza's resources
directory (`stanza.download("sv")` on a machine with internet).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_LABELS = {"PER": "PER", "PRS": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG",
           "EVN": "MISC", "WRK": "MISC", "OBJ": "MISC", "MISC": "MISC"}


def map_label(label: str) -> str | None:
    """Our label for a Stanza label, None for those we do not keep (times, measures)."""
    return _LABELS.get(label.upper())


def doc_ents_from_stanza(doc: Doc, entities: list[dict]) -> Doc:
    """Set doc.ents from Stanza entity dicts (type, start_char, end_char), snapped to our tokens."""
    spans = []
    for ent in entities:
        label = map_label(ent["type"])
        span = label and doc.char_span(ent["start_char"], ent["end_char"], label=label, alignment_mode="expand")
        if span is not None and span and not any(span.start < s.end and s.start < span.end for s in spans):
            spans.append(span)
    doc.set_ents(sorted(spans, key=lambda s: s.start))
    return doc


@Language.factory("kk_stanza_ner", default_config={"resources_dir": None}, assigns=["doc.ents"])
def make_stanza_ner(nlp: Language, name: str, resources_dir: str | None):
    import stanza

    kwargs = {"dir": resources_dir} if resources_dir else {}
    pipe = stanza.Pipeline(lang="sv", processors="tokenize,ner", download_method=None, verbose=False, **kwargs)

    def stanza_ner(doc: Doc) -> Doc:
        result = pipe(doc.text)
        return doc_ents_from_stanza(doc, [e.to_dict() for e in result.ents])

    return stanza_ner


def load_stanza(resources_dir: str | None) -> Language:
    """A blank Swedish pipeline with the Stanza NER as its `ner` step."""
    import spacy

    from kommunkollen.errors import SetupError

    try:
        import stanza  # noqa: F401
    except ImportError as exc:
        raise SetupError("the stanza backend needs Stanza: pip install 'kommunkollen[stanza]' "
                        "(it pulls torch), or use --ner auto") from exc
    nlp = spacy.blank("sv")
    try:
        nlp.add_pipe("kk_stanza_ner", name="ner", config={"resources_dir": resources_dir})
    except Exception as exc:   # stanza raises several types for missing resources
        raise SetupError(f"Stanza's Swedish NER could not be loaded ({exc}); run stanza.download('sv') "
                        "on a machine with internet and copy its resources directory here") from exc
    return nlp
