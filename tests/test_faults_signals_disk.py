"""Fault suite, signals and disks: SIGTERM behaves as Ctrl-C does, a full disk ends the run in one
line with nothing half-written, a read-only output is a user error before any work."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

RUN = [sys.executable, "-m", "kommunkollen", "run"]


def _digests(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def _many(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(copies):
        for src in sorted(SAMPLE.iterdir()):
            text = src.read_text(encoding="utf-8")
            (folder / f"{i:02d}_{src.name}").write_text(text + f"\n\nVersion {i}.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_faults_signal_stops_in_one_line_keeps_output_and_finished_work(tmp_path, sig, code):
    corpus = _many(tmp_path / "corpus", 20)
    out = tmp_path / "out"
    first = subprocess.run([*RUN, str(SAMPLE), "--out", str(out), "--no-progress", "--no-xlsx"], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    previous = _digests(out)
    cache = out / ".cache"
    before = len(list(cache.rglob("*.json")))
    proc = subprocess.Popen([*RUN, str(corpus), "--out", str(out), "--no-progress", "--no-xlsx", "--batch-size", "4"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while len(list(cache.rglob("*.json"))) < before + 12 and time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the run finished before the signal")
        time.sleep(0.02)
    proc.send_signal(sig)
    stderr = proc.communicate(timeout=120)[1]
    assert proc.returncode == code
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "previous output is unchanged" in lines[0], stderr
    assert _digests(out) == previous
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]
    finished = len(list(cache.rglob("*.json"))) - before
    assert not list(cache.rglob("*.tmp"))
    resumed = subprocess.run([*RUN, str(corpus), "--out", str(out), "--no-progress", "--no-xlsx"], cwd=ROOT,
                             capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["documents"]["reused"] >= finished >= 12 and run["documents"]["ok"] == 160


def _small_disk_command(mountpoint: Path, size: str) -> list[str] | None:
    """A shell prefix that runs a command with a tmpfs of `size` at `mountpoint`: directly as
    root, else in a user namespace; None where neither is possible."""
    mount = f"mount -t tmpfs -o size={size} tmpfs {mountpoint}"
    if os.geteuid() == 0 and shutil.which("mount"):
        probe = subprocess.run(["sh", "-c", f"{mount} && umount {mountpoint}"], capture_output=True)
        if probe.returncode == 0:
            return ["sh", "-c", f'{mount} && "$@"; rc=$?; umount {mountpoint}; exit $rc', "sh"]
    if shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-rm", "sh", "-c", mount], capture_output=True)
        if probe.returncode == 0:   # the mount lives as long as the namespace: the whole script runs in it
            return ["unshare", "-rm", "sh", "-c", f'{mount} && "$@"', "sh"]
    return None


def test_faults_full_disk_one_line_previous_output_and_cache_whole(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    prefix = _small_disk_command(disk, "2500k")
    if prefix is None:
        pytest.skip("cannot mount a small tmpfs here (needs root or user namespaces)")
    corpus = _many(tmp_path / "corpus", 12)
    small = tmp_path / "small"
    small.mkdir()
    shutil.copy(SAMPLE / "01_nyhet_vanersborg_simhall.txt", small)
    keep = tmp_path / "kept"
    script = (f'{" ".join(RUN)} {small} --out {disk}/out --no-progress > /dev/null 2>&1 || exit 90; '
              f'cp -a {disk}/out {keep}; '
              f'{" ".join(RUN)} {corpus} --out {disk}/out --no-progress 2> {tmp_path}/stderr; echo $? > {tmp_path}/rc; '
              f'cp -a {disk}/. {tmp_path}/after')
    r = subprocess.run([*prefix, "sh", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    stderr = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert (tmp_path / "rc").read_text().strip() == "1"
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "No space left on device" in lines[0] and str(disk) in lines[0], stderr
    after = tmp_path / "after"
    assert _digests(after / "out") == _digests(keep)                 # the previous output, byte for byte
    assert not [p for p in after.iterdir() if ".staging-" in p.name]
    entries = [p for p in (after / "out" / ".cache").rglob("*") if p.is_file()]
    assert entries and not [p for p in entries if p.name.endswith(".tmp")]
    for p in entries:
        json.loads(p.read_text(encoding="utf-8"))                      # every entry whole


def test_faults_read_only_output_is_a_user_error_before_any_work(tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    out = parent / "out"
    if os.geteuid() != 0:
        parent.chmod(0o555)
        try:
            r = subprocess.run([*RUN, str(SAMPLE), "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                               timeout=120)
        finally:
            parent.chmod(0o755)
    else:   # root writes to any folder: a read-only file system it is
        prefix = _small_disk_command(parent, "1m,ro")
        if prefix is None:
            pytest.skip("cannot mount a read-only tmpfs here")
        r = subprocess.run([*prefix, *RUN, str(SAMPLE), "--out", str(out)], cwd=ROOT, capture_output=True,
                           text=True, timeout=120)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "cannot write" in r.stderr or "Read-only" in r.stderr
