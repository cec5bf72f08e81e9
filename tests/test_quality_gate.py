"""Quality gate: the seeds scored by the shared scorer must stay above the floors in quality_floors.json."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import GOLD_SEEDS, ROOT, SCORER, needs_shared

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))


def _score(documents_jsonl):
    r = subprocess.run([sys.executable, str(SCORER), str(GOLD_SEEDS), str(documents_jsonl), "--json"],
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


@needs_shared
def test_quality_gate_seeds_above_floors(seeds_run):
    score = _score(seeds_run / "documents.jsonl")
    assert score["missing_documents"] == []
    low = {k: (score["categories"][k]["f1"], floor) for k, floor in FLOORS["categories"].items()
           if score["categories"][k]["f1"] < floor}
    low |= {k: (score["fields"][k]["accuracy"], floor) for k, floor in FLOORS["fields"].items()
            if (score["fields"][k]["accuracy"] or 0.0) < floor}
    assert not low, f"below floor (got, floor): {low}"
    assert score["macro_f1"] >= FLOORS["macro_f1"]


@needs_shared
def test_quality_gate_detects_a_regression(seeds_run, tmp_path):
    """The gate can fail: dropping every amount takes the amounts F1 to zero."""
    lines = []
    for line in (seeds_run / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        doc["amounts"] = []
        lines.append(json.dumps(doc, ensure_ascii=False))
    broken = tmp_path / "documents.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _score(broken)["categories"]["amounts"]["f1"] < FLOORS["categories"]["amounts"]
