"""How the HTML report scales (`make bench-report`): a run of N documents (default 10,000), the
report built from it, and its pages opened in headless Chromium.

    python scripts/bench_report.py [--documents 10000] [--out outputs/bench/report]

The run is synthetic: the sample corpus's documents (one real `kommunkollen run`), copied N
times over with new document ids and with the people and organisations spread over N/5
groups (each actor in about five documents, so actors grow with N, as in a real archive). It is written by the real writer, so the
report reads exactly the files a run writes. Printed: seconds and peak memory of the build,
the number of files, and for each page the browser's load time (navigation start to the end
of the load event, from the Navigation Timing API), largest of three loads.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample_documents(tmp: Path) -> list[dict]:
    """The sample corpus's documents, from `kommunkollen run` in its own process: this one stays
    small, so the report's process, forked from it, reports its own peak memory (Linux carries
    the parent's peak into a forked child)."""
    out = tmp / "sample"
    subprocess.run([sys.executable, "-m", "kommunkollen", "run", "corpora/sample", "--out", str(out), "--no-progress",
                    "--no-xlsx"], check=True, cwd=ROOT, capture_output=True)
    return [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def synthetic_run(base: list[dict], n: int, out: Path) -> None:
    from kommunkollen.export import OutputWriter
    from kommunkollen.schema import RECORD_TABLES

    with OutputWriter(out, publish=False) as writer:
        for i in range(n):
            doc = copy.deepcopy(base[i % len(base)])
            old, new = doc["doc_id"], hashlib.sha1(f"doc{i}".encode()).hexdigest()[:16]
            doc["doc_id"], doc["source"] = new, f"synthetic/{i:06d}-{doc['source'].rsplit('/', 1)[-1]}"
            group = i % max(1, n // 5)
            if doc.get("published"):
                doc["published"] = f"{2015 + i % 10}{doc['published'][4:]}"
            for table in RECORD_TABLES:
                for rec in doc[table.name]:
                    rec["record_id"] = rec["record_id"].replace(old, new, 1)
                    if rec.get("part_of"):
                        rec["part_of"] = rec["part_of"].replace(old, new, 1)
                    for key in ("person_id", "canonical_id"):
                        if rec.get(key):
                            rec[key] = f"{rec[key]}-{group}"
            writer.write_document_json(doc)
        writer.commit({"inputs": [f"synthetic x{n}"]})


def load_times(report: Path, pages: list[str], rounds: int = 3) -> dict[str, float]:
    from selenium import webdriver

    chromium, driver_path = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        sys.exit("bench_report: Chromium and chromedriver are needed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    times = {}
    try:
        for page in pages:
            worst = 0.0
            for _ in range(rounds):
                driver.get("about:blank")
                driver.get((report / page).as_uri())
                timing = driver.execute_script(
                    "const e = performance.getEntriesByType('navigation')[0]; return [e.loadEventEnd, e.startTime];")
                worst = max(worst, (timing[0] - timing[1]) / 1000)
            times[page] = round(worst, 3)
        # the search page: the time from typing a word to its results being shown
        driver.get((report / "search.html").as_uri())
        seconds = driver.execute_script("""
            const box = document.getElementById('q'); const t0 = performance.now();
            box.value = 'simhall'; box.dispatchEvent(new Event('input'));
            return [(performance.now() - t0) / 1000, document.querySelectorAll('#search-results li').length];""")
        times["search.html (query 'simhall')"] = round(seconds[0], 3)
        times["search hits shown"] = seconds[1]
    finally:
        driver.quit()
    return times


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--documents", type=int, default=10_000)
    p.add_argument("--out", default=str(ROOT / "outputs" / "bench" / "report"))
    args = p.parse_args()
    from kommunkollen.report import ReportSummary

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = sample_documents(tmp)
        run = tmp / "run"
        synthetic_run(base, args.documents, run)
        # The build as a user runs it, in its own process, so its peak memory is its own.
        t0 = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "kommunkollen", "report", str(run)])
        _pid, status, usage = os.wait4(child.pid, 0)     # the child's own peak memory, not ours
        seconds = time.perf_counter() - t0
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"bench_report: kommunkollen report failed (status {status})")
        rss = usage.ru_maxrss / 1024
        summary = ReportSummary(run / "report", args.documents, sum(1 for _ in (run / "report").rglob("*.html")),
                                sum(1 for p in (run / "report" / "actors").glob("*.html")
                                    if p.name.startswith(("person-", "org-"))), 0)
        files = sum(1 for p in summary.path.rglob("*") if p.is_file())
        size_mb = sum(p.stat().st_size for p in summary.path.rglob("*") if p.is_file()) / 1e6
        biggest_actor = max((summary.path / "actors").glob("person-*.html"), key=lambda p: p.stat().st_size)
        doc_page = next((summary.path / "doc").glob("*.html"))
        pages = ["index.html", "documents/page-1.html", f"documents/page-{args.documents // 100}.html",
                 "actors/people-page-1.html", "changes/page-1.html", "search.html", f"doc/{doc_page.name}",
                 f"actors/{biggest_actor.name}"]
        times = load_times(summary.path, pages)
        result = {"documents": summary.documents, "build_s": round(seconds, 1), "pages": summary.pages,
                  "files": files, "size_mb": round(size_mb, 1), "peak_rss_mb": round(rss, 1),
                  "actors": summary.actors, "load_s": times,
                  "index_kb": round((summary.path / "index.html").stat().st_size / 1024, 1),
                  "search_index_kb": round((summary.path / "search-index.js").stat().st_size / 1024, 1)}
    print(f"report of {result['documents']} documents: built in {result['build_s']} s, {result['pages']} pages "
          f"({result['files']} files, {result['size_mb']} MB), {result['actors']} actor pages, peak RSS of "
          f"the build {result['peak_rss_mb']} MB; index.html "
          f"{result['index_kb']} KB, search-index.js {result['search_index_kb']} KB")
    print("browser load time (navigation start to load event end, worst of 3):")
    for page, value in times.items():
        print(f"  {page:45s} {value}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_report.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
