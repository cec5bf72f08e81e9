"""NLP stage: the spaCy pipeline that every document goes through.

Entry points: `load_nlp(settings)` builds the pipeline (tokenizer, NER
backend, the municipal rule layer and the extractor components) and
`model_info(nlp)` describes it for run.json.
"""
from __future__ import annotations

from kommunkollen.nlp.loading import load_nlp, model_info

__all__ = ["load_nlp", "model_info"]
