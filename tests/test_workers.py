"""`kommunkollen run --workers N`: the same files, byte for byte, as one worker, with failures,
duplicates and the result cache in the mix; a run killed mid-way resumes from the cache."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SAMPLE, run_cli


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "in"
    shutil.copytree(SAMPLE, corpus / "sample")
    for i, path in enumerate(sorted(SAMPLE.glob("*.txt"))):      # more batches than workers
        (corpus / f"copy{i}").mkdir()
        text = path.read_text(encoding="utf-8")
        (corpus / f"copy{i}" / path.name).write_text(text + f"\n\nBilaga {i}.\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")                       # E101
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)                    # E102
    (corpus / "bad.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")                      # E120
    (corpus / "dup.txt").write_text((SAMPLE / "01_nyhet_vanersborg_simhall.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")                              # a duplicate
    return corpus


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "run.json" and ".cache" not in p.parts}


def test_two_workers_write_what_one_writes(tmp_path):
    corpus = _corpus(tmp_path)
    outs = {}
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        result = run_cli("run", str(corpus), "--out", str(out), "--workers", str(workers), "--batch-size", "3",
                         "--no-progress", "--no-xlsx")
        assert result.returncode == 0, result.stderr
        outs[workers] = out
    one, two = _files(outs[1]), _files(outs[2])
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    run = json.loads((outs[2] / "run.json").read_text(encoding="utf-8"))
    assert run["settings"]["workers"] == 2
    assert run["documents"]["failed"] == 3 and run["documents"]["duplicates"] == 1
    errors = (outs[2] / "errors.csv").read_text(encoding="utf-8")
    assert all(code in errors for code in ("E101", "E102", "E120"))
    # the second run with two workers takes every document from the cache its first run wrote
    again = run_cli("run", str(corpus), "--out", str(outs[2]), "--workers", "2", "--batch-size", "3",
                    "--no-progress", "--no-xlsx")
    assert again.returncode == 0 and "(0 processed" in again.stderr, again.stderr
    assert _files(outs[2]) == two


def test_workers_must_be_positive(tmp_path):
    result = run_cli("run", str(SAMPLE), "--out", str(tmp_path / "o"), "--workers", "0")
    assert result.returncode == 1 and "--workers" in result.stderr


_REAL_WORK = None
_MARKER = None


def _die_once(documents):
    """A worker's task that kills its process the first time (as the out-of-memory killer would)."""
    import os

    if not _MARKER.exists():
        _MARKER.write_text("died", encoding="utf-8")
        os._exit(9)
    return _REAL_WORK(documents)


def test_a_worker_that_dies_loses_nothing(tmp_path, monkeypatch, caplog):
    import kommunkollen.runner as runner
    from kommunkollen.runner import run_pipeline
    from kommunkollen.settings import Settings

    global _REAL_WORK, _MARKER
    corpus = _corpus(tmp_path)
    _REAL_WORK, _MARKER = runner._work, tmp_path / "died"
    monkeypatch.setattr(runner, "_work", _die_once)
    settings = dict(progress=False, xlsx=False, batch_size=3)
    run_pipeline([str(corpus)], tmp_path / "two", Settings(workers=2, **settings))
    assert _MARKER.exists() and "a worker process died" in caplog.text
    monkeypatch.setattr(runner, "_work", _REAL_WORK)
    run_pipeline([str(corpus)], tmp_path / "one", Settings(workers=1, **settings))
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
