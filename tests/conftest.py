"""Shared paths and helpers. ../shared (seeds, gold, scorer) sits beside the clone."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KK_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
GOLD_SEEDS = SHARED / "gold" / "seeds"
SCORER = SHARED / "tools" / "score_extraction.py"
SAMPLE = ROOT / "corpora" / "sample"

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"shared data not found at {SHARED}")


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a fresh interpreter (with `input` on standard input)."""
    return subprocess.run([sys.executable, "-m", "kommunkollen", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=600, input=input)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def without_ids(doc: dict) -> dict:
    """A documents.jsonl object without what depends on where the file lay (source, doc_id, and the
    doc_id inside record ids), to compare the same document read from two folders."""
    from kommunkollen.schema import RECORD_TABLES

    out = {k: v for k, v in doc.items() if k not in ("source", "doc_id")}
    for table in RECORD_TABLES:
        out[table.name] = [{k: (v.split(":", 1)[1] if k in ("record_id", "part_of") and v else v)
                            for k, v in rec.items()} for rec in doc[table.name]]
    return out


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """The sample corpus run once per test session."""
    from kommunkollen.runner import run_pipeline
    from kommunkollen.settings import Settings

    out = tmp_path_factory.mktemp("sample") / "out"
    # Relative to the repository, as `make run` gives it: sources and doc_ids are then
    # the same on every machine, which the golden test relies on.
    with contextlib.chdir(ROOT):
        run_pipeline(["corpora/sample"], out, Settings(progress=False))
    return out


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory) -> Path:
    from kommunkollen.runner import run_pipeline
    from kommunkollen.settings import Settings

    if not SEEDS.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    out = tmp_path_factory.mktemp("seeds") / "out"
    run_pipeline([str(SEEDS)], out, Settings(progress=False))
    return out
