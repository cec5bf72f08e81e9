"""scripts/errors.py: every miss, false positive and wrong field, with its sentence."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("errors_script", ROOT / "scripts" / "errors.py")
errors = importlib.util.module_from_spec(spec)
spec.loader.exec_module(errors)

TEXT = ("Publicerad 2024-04-03\n\nNy skola i Norrby\n\nKommunalrådet Eva Lund (C) är nöjd. Nämnden får "
        "2 miljoner kronor för upprustning av skolan. Per Holm var också där.")


def _setup(tmp_path: Path) -> Path:
    gold = {"doc_type": "press_release", "published": "2024-04-03", "title": "Ny skola i Norrby",
            "persons": [{"name": "Eva Lund", "role": "kommunalråd", "party": "C"}, {"name": "Per Holm"}],
            "organisations": [], "places": ["Norrby"], "dates": [{"text": "2024-04-03", "value": "2024-04-03"}],
            "amounts": [{"text": "2 miljoner kronor", "value_sek": 2000000, "purpose": "upprustning av skolan",
                         "recipient": "Nämnden", "years": None, "period": None}],
            "counts": [], "org_changes": []}
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "n1.json").write_text(json.dumps(gold), encoding="utf-8")
    pred = {"source": "docs/n1.txt", "text": TEXT, "doc_type": "news", "published": "2024-04-03",
            "title": "Ny skola i Norrby",
            "persons": [{"name": "Eva Lund", "role": None, "party": "C", "evidence": "Kommunalrådet Eva Lund (C) är nöjd."}],
            "organisations": [{"name": "Nämnden", "evidence": "Nämnden får 2 miljoner kronor."}],
            "places": [{"name": "Norrby"}], "dates": [{"text": "2024-04-03", "value": "2024-04-03"}],
            "amounts": [{"text": "2 miljoner kronor", "value_sek": 2000000, "purpose": None, "recipient": "Nämnden",
                         "evidence": "Nämnden får 2 miljoner kronor för upprustning av skolan."}],
            "counts": [], "org_changes": []}
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "documents.jsonl").write_text(json.dumps(pred) + "\n", encoding="utf-8")
    return tmp_path


def test_errors_script_lists_misses_false_positives_and_wrong_fields_with_sentences(tmp_path, capsys):
    base = _setup(tmp_path)
    assert errors.main([str(base / "gold"), "--run", str(base / "run"), "--no-run"]) == 0
    out = capsys.readouterr().out
    assert "doc_type           WRONG gold 'press_release'  found 'news'" in out
    assert "persons            MISS  'Per Holm'" in out
    assert "| Per Holm var också där." in out                    # the sentence the miss sits in
    assert "organisations      FP    'Nämnden'" in out
    assert "person.role        WRONG 'Eva Lund': gold 'kommunalråd'  found None" in out
    assert "amount.purpose     WRONG" in out and "amount.recipient" not in out.split("== summary")[0]
    assert "published" not in out.split("== summary")[0]          # right fields are not listed
    summary = out.split("== summary")[1]
    assert "persons            MISS 1" in summary and "organisations      FP 1" in summary


def test_errors_script_only_filters_categories(tmp_path, capsys):
    base = _setup(tmp_path)
    errors.main([str(base / "gold"), "--run", str(base / "run"), "--no-run", "--only", "amounts"])
    details = capsys.readouterr().out.split("== summary")[0]
    assert "amount.purpose" in details and "persons" not in details and "doc_type" not in details
