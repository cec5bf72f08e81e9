"""Golden test: the sample corpus gives exactly the checked-in outputs.

After an intended change, regenerate with `make golden` and review the diff
of tests/golden/sample/ like any other change.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "sample"
COMPARED = ("documents.jsonl", "documents.csv", "persons.csv", "organisations.csv", "places.csv", "amounts.csv",
            "dates.csv", "counts.csv", "org_changes.csv", "entities.csv", "errors.csv", "actors.csv",
            "organisations_canonical.csv", "amounts_by_recipient_year.csv", "org_changes_timeline.csv",
            "datapackage.json", "metadata.yml")


def test_golden_sample_outputs_unchanged(sample_run):
    if os.environ.get("KK_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name in COMPARED:
            (GOLDEN / name).write_text((sample_run / name).read_text(encoding="utf-8"),
                                       encoding="utf-8")
    for name in COMPARED:
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        got = (sample_run / name).read_text(encoding="utf-8")
        if name == "documents.jsonl":   # compare per document and field, for a readable failure
            for e, g in zip(expected.splitlines(), got.splitlines(), strict=True):
                e, g = json.loads(e), json.loads(g)
                for key in e:
                    assert g[key] == e[key], f"{e['source']}: {key} changed"
        assert got == expected, f"{name} differs from tests/golden/sample/{name} (make golden to accept)"


def test_golden_sample_documents_are_the_corpus(sample_run):
    sources = [Path(json.loads(line)["source"]).name
               for line in (GOLDEN / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sources == sorted(os.listdir(ROOT / "corpora" / "sample"))


def test_readme_record_example_is_a_golden_record():
    """The amount record the README shows is what the sample corpus gives."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = json.loads(re.search(r"One record from `outputs/sample/amounts.csv`.*?```json\n(.*?)```", readme,
                                 re.S).group(1))
    records = [a for line in (GOLDEN / "documents.jsonl").read_text(encoding="utf-8").splitlines()
               for a in json.loads(line)["amounts"]]
    assert shown in records


def test_every_record_names_its_extractor():
    from kommunkollen.extractors import EXTRACTORS

    seen = set()
    for line in (GOLDEN / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for table in ("persons", "organisations", "places", "amounts", "dates", "counts", "org_changes"):
            for rec in doc[table]:
                assert rec["extractor"] in EXTRACTORS, (table, rec)
                seen.add((table, rec["extractor"]))
    assert ("amounts", "kk_amounts") in seen and ("org_changes", "kk_org_changes") in seen
