"""Output directories are replaced atomically: a failed run leaves the previous output intact."""
from __future__ import annotations

import pytest

import kommunkollen.runner as run_module
from kommunkollen.runner import run_pipeline
from kommunkollen.settings import Settings
from tests.conftest import SAMPLE


def test_run_atomic_failure_keeps_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    run_pipeline([str(SAMPLE / "01_nyhet_vanersborg_simhall.txt")], out, Settings(progress=False))
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(run_module.OutputWriter, "write_document_json", explode)
    with pytest.raises(OSError):
        run_pipeline([str(SAMPLE)], out, Settings(progress=False))
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]      # staging removed
    assert (out / ".cache").is_dir()                            # results done before the failure are kept


def test_run_atomic_interrupted_swap_is_recovered(tmp_path):
    out = tmp_path / "out"
    run_pipeline([str(SAMPLE / "01_nyhet_vanersborg_simhall.txt")], out, Settings(progress=False))
    out.rename(tmp_path / ".out.old-99999")                    # killed between the two renames
    run_pipeline([str(SAMPLE / "02_pressmeddelande_habo_forskola.txt")], out, Settings(progress=False))
    assert "habo" in (out / "documents.jsonl").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
