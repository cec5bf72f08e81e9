"""The wheel as a user gets it: its size and contents, installed into a fresh virtual environment
(with that environment's own pip, not an upgraded one), run from an unrelated directory on the
sample corpus, and its records compared with the repository's run. CI runs it (`make wheel-check`).

usage: python scripts/check_wheel.py dist/kommunkollen-*.whl [--keep DIR]

Exits non-zero, with a line saying what differs, when anything is wrong.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_MB = 60
REQUIRED = (
    "kommunkollen/__init__.py", "kommunkollen/py.typed", "kommunkollen/data/MANIFEST.json",
    "kommunkollen/data/municipalities.tsv", "kommunkollen/data/common_words.tsv",
    "kommunkollen/data/common_acronyms.txt", "kommunkollen/nlp/ner.cfg", "kommunkollen/nlp/syntax.cfg",
    "kommunkollen/models/sv_kommunkollen/meta.json", "kommunkollen/models/sv_kommunkollen/LICENSE",
    "kommunkollen/models/sv_kommunkollen/ner/model", "kommunkollen/models/sv_kommunkollen/tok2vec/model",
    "kommunkollen/models/sv_kommunkollen/vocab/vectors", "kommunkollen/models/sv_kommunkollen/parser/model",
    "kommunkollen/models/sv_kommunkollen/tagger/model", "kommunkollen/models/sv_kommunkollen/morphologizer/model",
    "kommunkollen/models/sv_kommunkollen/kk_lemmatizer/lookup.tsv.gz",
)
# What must be the same in the wheel's run and the repository's.
COMPARED = ("documents.jsonl", "documents.csv", "persons.csv", "organisations.csv", "places.csv", "amounts.csv",
            "dates.csv", "counts.csv", "org_changes.csv", "entities.csv", "errors.csv", "actors.csv",
            "organisations_canonical.csv", "amounts_by_recipient_year.csv", "org_changes_timeline.csv",
            "datapackage.json")
API_EXAMPLE = """
import json, kommunkollen, spacy
r = kommunkollen.extract("Kultur- och fritidsnämnden tilldelas 600 000 kr per år, åren 2016-2018.",
                         source="beslut.txt", municipality="Skövde")
nlp = spacy.blank("sv"); nlp.add_pipe("kk_amounts")          # found through the entry points
print(json.dumps({"amounts": [(a["value_sek"], a["years"]) for a in r["amounts"]],
                  "code": r["municipality_code"], "entry_point": nlp("5 mnkr")._.records["amounts"][0]["value_sek"],
                  "file": kommunkollen.__file__}))
"""


def fail(message: str) -> None:
    print(f"check_wheel: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        fail(f"{' '.join(map(str, cmd))} exited {result.returncode}:\n{result.stderr[-3000:]}")
    return result


def check_contents(wheel: Path) -> list[str]:
    size_mb = wheel.stat().st_size / 2**20
    if size_mb >= MAX_MB:
        fail(f"{wheel.name} is {size_mb:.1f} MB, over {MAX_MB} MB")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        entry_points = next((zf.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")), "")
    missing = [r for r in REQUIRED if r not in names]
    if missing:
        fail(f"the wheel lacks {missing}")
    strays = sorted({n.split("/")[0] for n in names} - {"kommunkollen"} - {n.split("/")[0] for n in names
                                                                            if ".dist-info/" in n})
    if strays:
        fail(f"the wheel installs top-level {strays} beside kommunkollen")
    licences = sorted(n.split("/licenses/", 1)[1] for n in names if "/licenses/" in n)
    if not {"LICENSE", "CREDITS.md", "models/sv_kommunkollen/LICENSE"} <= set(licences):
        fail(f"licence files missing from the wheel's metadata: {licences}")
    if "[spacy_factories]" not in entry_points or "kk_normalise" not in entry_points:
        fail("the wheel declares no spacy_factories entry points")
    print(f"wheel: {wheel.name}, {size_mb:.1f} MB, {len(names)} files "
          f"({sum(1 for n in names if '/models/' in n)} of the model, "
          f"{sum(1 for n in names if '/data/' in n)} of data); licences: {', '.join(licences)}")
    return names


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wheel", type=Path)
    ap.add_argument("--keep", type=Path, help="work here and keep it (default: a temporary directory)")
    args = ap.parse_args(argv)
    check_contents(args.wheel)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kk-wheel-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        venv = work / "venv"
        shutil.rmtree(venv, ignore_errors=True)
        t0 = time.perf_counter()
        base_python = getattr(sys, "_base_executable", sys.executable)
        run([base_python, "-m", "venv", str(venv)])
        py = venv / "bin" / "python"
        pip_version = run([str(py), "-m", "pip", "--version"]).stdout.split()[1]
        run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(args.wheel.resolve())])
        print(f"installed into a fresh venv with pip {pip_version} in {time.perf_counter() - t0:.0f} s")

        elsewhere = work / "elsewhere"        # an unrelated directory: no pipeline/, no models/ here
        shutil.rmtree(elsewhere, ignore_errors=True)
        elsewhere.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        wheel_out, repo_out = work / "wheel-run", work / "repo-run"
        for d in (wheel_out, repo_out):
            shutil.rmtree(d, ignore_errors=True)
        run([str(venv / "bin" / "kommunkollen"), "run", str(ROOT / "corpora" / "sample"), "--out", str(wheel_out),
             "--no-progress", "--report"], cwd=elsewhere, env=env)
        run([sys.executable, "-m", "kommunkollen", "run", "corpora/sample", "--out", str(repo_out), "--no-progress"],
            cwd=ROOT)
        model = json.loads((wheel_out / "run.json").read_text(encoding="utf-8"))["model"]
        repo_model = json.loads((repo_out / "run.json").read_text(encoding="utf-8"))["model"]
        if not model["ner"] or "site-packages" not in (model["path"] or ""):
            fail(f"the installed package did not run its own model: {model}")
        if model["ner_hash"] != repo_model["ner_hash"]:
            fail(f"model weights differ: {model['ner_hash']} != {repo_model['ner_hash']}")
        differ = [n for n in COMPARED if (wheel_out / n).read_bytes() != (repo_out / n).read_bytes()]
        if differ:
            fail(f"the wheel's run differs from the repository's in {differ}")
        docs = [json.loads(line) for line in (wheel_out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
        # the report's templates, stylesheet and script travel in the wheel
        pages = [wheel_out / "report" / "doc" / f"{d['doc_id']}.html" for d in docs]
        if not all(p.is_file() for p in pages) or not (wheel_out / "report" / "static" / "report.js").is_file():
            fail("the installed package's --report did not write a page per document with its script")
        records = sum(len(d[t]) for d in docs for t in ("persons", "organisations", "places", "amounts", "dates",
                                                        "counts", "org_changes", "entities"))
        print(f"run from {elsewhere} on {ROOT / 'corpora' / 'sample'}: {len(docs)} documents, {records} records, "
              f"model {model['name']} from {model['path']}; {len(COMPARED)} files byte-identical to the "
              "repository's run")
        api = json.loads(run([str(py), "-c", API_EXAMPLE], cwd=elsewhere, env=env).stdout)
        if api["amounts"] != [[600000, [2016, 2018]]] or api["code"] != "1496" or api["entry_point"] != 5_000_000:
            fail(f"the Python API in the installed package gave {api}")
        if "site-packages" not in api["file"]:
            fail(f"the API example imported {api['file']}, not the installed package")
        version = run([str(py), "-m", "kommunkollen", "--version"], cwd=elsewhere, env=env).stdout.strip()
        print(f"python -m kommunkollen --version: {version}; API example: {api['amounts']}, entry point ok")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print("check_wheel: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
