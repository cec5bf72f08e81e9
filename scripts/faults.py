"""The long fault suite (`make faults`): each bad file alone beside good documents, in its own
run, with the outcome, the time and the peak memory the kernel measured; then signals at
random moments. Prints one line per case and exits 1 if any case missed its outcome.

    python scripts/faults.py [--seed N] [--only NAME]

The short suite (tests/test_faults_*.py, in CI) runs every case together; this one isolates
them, so that the peak memory of the worst single input is known, and adds the inputs too large
for CI (a 5 MB text without a line break).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.faultcases import file_cases, write_case  # noqa: E402

SAMPLE = ROOT / "corpora" / "sample"
GOOD = ("01_nyhet_vanersborg_simhall.txt", "03_tjansteskrivelse_skovde_foreningsbidrag.txt")
PEAK_RSS_LIMIT_MB = 1024


def run(corpus: Path, out: Path, *extra: str, signal_after: float | None = None, sig=signal.SIGTERM):
    cmd = [sys.executable, "-m", "kommunkollen", "run", str(corpus), "--out", str(out), "--no-progress",
           "--no-xlsx", *extra]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if signal_after is not None:
        time.sleep(signal_after)
        if proc.poll() is None:
            proc.send_signal(sig)
    _pid, status, usage = os.wait4(proc.pid, 0)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    return os.waitstatus_to_exitcode(status), stderr, usage.ru_maxrss / 1024, time.monotonic() - t0


def errors(out: Path) -> dict[str, str]:
    path = out / "errors.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["source"].split("/", 1)[1]: r["code"] for r in csv.DictReader(fh)}


def documents(out: Path) -> dict[str, dict]:
    path = out / "documents.jsonl"
    if not path.exists():
        return {}
    return {d["doc_id"]: d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def corpus_with(base: Path, case=None) -> Path:
    folder = base / "corpus"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in GOOD:
        shutil.copy(SAMPLE / name, folder / name)
    if case is not None:
        write_case(folder, case)
    return folder


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=int(time.time()) % 10_000)
    p.add_argument("--only", help="run only the file case with this name")
    args = p.parse_args()
    rng = random.Random(args.seed)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="kk-faults-") as tmp:
        base = Path(tmp)
        rc, stderr, _rss, _s = run(corpus_with(base / "reference"), base / "reference" / "out")
        if rc != 0:
            print(stderr, file=sys.stderr)
            return 1
        reference = documents(base / "reference" / "out")
        print(f"{'case':34} {'outcome':9} {'want':6} {'s':>6} {'peak MB':>8}  good documents")
        worst = ("", 0.0)
        for case in file_cases(large=True):
            if args.only and case.name != args.only:
                continue
            folder = base / "case"
            rc, stderr, rss, seconds = run(corpus_with(folder, case), folder / "out")
            got = errors(folder / "out").get(case.name.encode("utf-8", "surrogateescape").decode(
                "utf-8", "backslashreplace"), "read")
            same = all(documents(folder / "out").get(k) == v for k, v in reference.items())
            good = rc == 0 and got == (case.code or "read") and same and rss < PEAK_RSS_LIMIT_MB \
                and "Traceback" not in stderr
            failures += not good
            worst = max(worst, (case.name, rss), key=lambda x: x[1])
            print(f"{case.name.encode('ascii', 'backslashreplace').decode()[:34]:34} {got:9} "
                  f"{case.code or 'read':6} {seconds:6.1f} {rss:8.0f}  {'identical' if same else 'DIFFER'}"
                  f"{'' if good else '  <- FAILED ' + stderr.strip()[-200:]}")
        print(f"worst single input by peak memory: {worst[0]} ({worst[1]:.0f} MB, limit {PEAK_RSS_LIMIT_MB} MB)")
        if not args.only:
            failures += signals(base, rng)
    print("all cases held" if not failures else f"{failures} case(s) FAILED (seed {args.seed})")
    return 1 if failures else 0


def signals(base: Path, rng: random.Random) -> int:
    """SIGTERM, SIGINT and SIGKILL at random moments of a run over 60 documents: the previous
    output byte-identical, no staging left, the next run reuses what was finished."""
    corpus = base / "many"
    corpus.mkdir()
    for i in range(60):
        for name in GOOD:
            text = (SAMPLE / name).read_text(encoding="utf-8")
            (corpus / f"{i:02d}_{name}").write_text(text + f"\nLöpnummer {i}.\n", encoding="utf-8")
    out = base / "many_out"
    rc, stderr, _rss, full_s = run(corpus, out)
    if rc != 0:
        print("reference run failed:", stderr)
        return 1
    before = (out / "documents.jsonl").read_bytes()
    failures = 0
    for sig, want in ((signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGKILL, -9)):
        for _ in range(3):
            at = rng.uniform(1.0, max(1.5, full_s * 0.9))
            rc, stderr, _rss, _s = run(corpus, out, "--rebuild", signal_after=at, sig=sig)
            staging = list(base.glob(".many_out.staging-*"))
            finished = rc == 0
            intact = finished or (out / "documents.jsonl").read_bytes() == before
            lines = [line for line in stderr.splitlines() if line.strip()]
            message = finished or sig == signal.SIGKILL or (len(lines) == 1 and "previous output" in lines[0])
            good = (rc in (want, 0)) and intact and message and (not staging or sig == signal.SIGKILL)
            if sig == signal.SIGKILL:
                rc2, stderr2, _r, _s2 = run(corpus, out)    # recovers the killed run's leftovers
                good = good and rc2 == 0 and not list(base.glob(".many_out.staging-*"))
                before = (out / "documents.jsonl").read_bytes()
            failures += not good
            print(f"{signal.Signals(sig).name:8} at {at:5.1f} s: exit {rc:4} "
                  f"{'(finished first)' if finished else ''} output {'intact' if intact else 'DAMAGED'}, "
                  f"staging {'left' if staging else 'removed'}{'' if good else '  <- FAILED ' + stderr[-200:]}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
