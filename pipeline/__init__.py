"""Kommunkollen: Swedish municipal documents in, structured and citable data out.

The pipeline runs in stages, each a subpackage with one entry point:
fetch (read sources) -> clean (text + metadata) -> nlp (spaCy) ->
extract (records) -> normalise -> export. `pipeline.run.run_pipeline`
ties them together; `pipeline.cli` is a thin command line over it.
"""
__version__ = "0.1.0"
