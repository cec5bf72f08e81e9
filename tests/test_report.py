"""The HTML report (`kommunkollen report`, `run --report`) and the Datasette canned queries, read
without a browser: marks, links, escaping, the overview's figures. tests/test_report_browser.py
opens the same pages in Chromium."""
from __future__ import annotations

import asyncio
import csv
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import read_jsonl, run_cli

from kommunkollen.report.highlight import CATEGORIES, Mark, anchor_id, highlight, marks_of

TEXT_FIELD = {category: field for category, field, _label in CATEGORIES}


def mark_texts(html: str) -> dict[str, str]:
    """Each record's characters as its marks hold them, fragments joined in document order."""
    soup = BeautifulSoup(f"<pre>{html}</pre>", "html.parser")   # <pre>: BeautifulSoup keeps its blanks
    texts: dict[str, str] = defaultdict(str)
    for mark in soup.select("mark[data-rid]"):
        texts[mark["data-rid"]] += mark.get_text()
    return texts


def test_marks_hold_exactly_their_records_characters_when_records_nest_and_cross():
    text = "Kommunstyrelsen ger 3 miljoner kronor till Föreningen <Ek & Björk> i Ludvika."
    spans = [(0, len(text) - 1, "org_changes"), (0, 15, "organisations"), (20, 37, "amounts"),
             (43, 66, "organisations"), (30, 50, "counts"),   # crosses the amount and the association
             (69, 76, "places")]
    marks = [Mark(s, e, c, c.upper(), f"d:{c}:{s}-{e}", anchor_id(f"d:{c}:{s}-{e}"), "") for s, e, c in spans]
    html = highlight(text, marks)
    got = mark_texts(html)
    for s, e, c in spans:
        assert got[f"d:{c}:{s}-{e}"] == text[s:e]
    assert BeautifulSoup(f"<pre>{html}</pre>", "html.parser").get_text() == text        # nothing added, nothing lost
    assert "&lt;Ek &amp; Björk&gt;" in html and "<Ek" not in html
    # one anchor per record, on its first fragment
    soup = BeautifulSoup(html, "html.parser")
    assert sorted(m["id"] for m in soup.select("mark[id]")) == sorted(m.anchor for m in marks)


def test_marks_hold_their_characters_for_random_overlapping_records():
    rng = random.Random(5)
    text = "".join(rng.choice("abc <&>\"'\n") for _ in range(300))
    for _round in range(50):
        spans = set()
        for _ in range(rng.randint(1, 25)):
            s = rng.randrange(len(text) - 1)
            spans.add((s, rng.randint(s + 1, min(len(text), s + 60)), rng.choice(list(TEXT_FIELD))))
        marks = [Mark(s, e, c, "X", f"d:{c}:{s}-{e}", anchor_id(f"d:{c}:{s}-{e}"), "") for s, e, c in spans]
        html = highlight(text, marks)
        got = mark_texts(html)
        assert BeautifulSoup(f"<pre>{html}</pre>", "html.parser").get_text() == text
        for s, e, c in spans:
            assert got[f"d:{c}:{s}-{e}"] == text[s:e]


def test_marks_of_skips_records_whose_offsets_lie_outside_the_text():
    doc = {"text": "abc", "persons": [{"record_id": "d:persons:0-2", "start": 0, "end": 2, "name": "ab"},
                                      {"record_id": "d:persons:2-9", "start": 2, "end": 9, "name": "?"},
                                      {"record_id": "d:persons:x", "start": None, "end": 1, "name": "?"}]}
    assert [m.record_id for m in marks_of(doc)] == ["d:persons:0-2"]


@pytest.fixture(scope="module")
def sample_report(sample_run, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("report") / "report"
    result = run_cli("report", str(sample_run), "--dest", str(dest))
    assert result.returncode == 0, result.stderr
    assert "documents" in result.stderr and str(dest / "index.html") in result.stderr
    return dest


def _pages(report: Path) -> list[Path]:
    return sorted(report.rglob("*.html"))


def test_every_document_and_actor_has_a_page(sample_run, sample_report):
    docs = read_jsonl(sample_run / "documents.jsonl")
    assert {p.stem for p in (sample_report / "doc").glob("*.html")} == {d["doc_id"] for d in docs}
    people = (sample_run / "actors.csv").read_text(encoding="utf-8").splitlines()[1:]
    orgs = (sample_run / "organisations_canonical.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(list((sample_report / "actors").glob("person-*.html"))) == len(people)
    assert len(list((sample_report / "actors").glob("org-*.html"))) == len(orgs)


def test_every_record_is_marked_on_its_words_and_linked_from_its_table(sample_run, sample_report):
    checked = 0
    for doc in read_jsonl(sample_run / "documents.jsonl"):
        html = (sample_report / "doc" / f"{doc['doc_id']}.html").read_text(encoding="utf-8")
        got = mark_texts(html)
        soup = BeautifulSoup(html, "html.parser")
        links = {a["href"] for a in soup.select("table.records a[href^='#']")}
        for category, field in TEXT_FIELD.items():
            for record in doc[category]:
                assert got[record["record_id"]] == record[field], (doc["doc_id"], record)
                assert f"#{anchor_id(record['record_id'])}" in links
                checked += 1
    assert checked > 100


def test_every_link_of_the_report_leads_to_a_page_and_an_anchor_that_exist(sample_report):
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in _pages(sample_report):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids.setdefault(page.resolve(), {t["id"] for t in soup.select("[id]")})
        refs = [a["href"] for a in soup.select("a[href]")] + [t["src"] for t in soup.select("script[src]")]
        refs += [t["href"] for t in soup.select("link[href]")]
        for ref in refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, f"{page}: {ref} leaves the report"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if not target.is_file():
                broken.append((page.name, ref))
                continue
            if parts.fragment:
                if target not in ids:
                    ids[target] = {t["id"] for t in BeautifulSoup(target.read_text(encoding="utf-8"),
                                                                   "html.parser").select("[id]")}
                if parts.fragment not in ids[target]:
                    broken.append((page.name, ref))
    assert broken == []


def test_the_report_needs_no_network(sample_report):
    for path in sample_report.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            for ref in re.findall(r'(?:src|href)="([^"]+)"', text) + re.findall(r"url\(([^)]+)\)", text):
                assert not ref.startswith(("http:", "https:", "//")) or path.parent.name == "doc", (path, ref)


def test_overview_figures_are_the_runs(sample_run, sample_report):
    docs = read_jsonl(sample_run / "documents.jsonl")
    soup = BeautifulSoup((sample_report / "index.html").read_text(encoding="utf-8"), "html.parser")
    stats = soup.select_one("ul.stats").get_text(" ", strip=True)
    assert f"{len(docs)} dokument" in stats
    for category, _f, _l in CATEGORIES:
        assert str(sum(len(d[category]) for d in docs)) in stats
    # the biggest amount of the run heads its table
    biggest = max((a for d in docs for a in d["amounts"] if a["value_sek"] is not None), key=lambda a: a["value_sek"])
    first = soup.select_one("#h-biggest").find_next("tbody").find("tr").find("td").get_text()
    assert first.replace("\u202f", "").replace("\u00a0kr", "") == str(int(biggest["value_sek"]))
    # both charts, with a text alternative each
    for chart_id in ("money-by-year", "changes-by-status"):
        svg = soup.select_one(f"svg#{chart_id}")
        assert svg is not None and svg["role"] == "img" and svg.select_one("title").get_text()
    # documents by municipality add up
    table = soup.select_one("#h-docs").find_next("table")
    assert sum(int(tr.select("td")[-1].get_text()) for tr in table.select("tbody tr")) == len(docs)


def test_each_label_is_written_in_swedish_and_english(sample_report):
    soup = BeautifulSoup((sample_report / "index.html").read_text(encoding="utf-8"), "html.parser")
    sv, en = soup.select(".l-sv"), soup.select(".l-en")
    assert len(sv) == len(en) > 50
    assert {s.get_text() for s in sv} != {e.get_text() for e in en}
    assert soup.html["lang"] == "sv"


def test_document_text_is_shown_as_text_never_as_markup(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    hostile = ('Kommunstyrelsen i Ludvika beviljar 2 miljoner kronor till Föreningen Ek & Björk.\n\n'
               '<script>window.__xss = 1</script> <img src=x onerror="window.__xss=2"> '
               '"citat" & \'apostrof\' </div></mark><b>fet</b>\n')
    (corpus / 'nyhet "a&b" <x>.txt').write_text(hostile, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("run", str(corpus), "--out", str(out), "--report", "--no-progress", "--no-xlsx")
    assert result.returncode == 0, result.stderr
    doc = read_jsonl(out / "documents.jsonl")[0]
    page = (out / "report" / "doc" / f"{doc['doc_id']}.html").read_text(encoding="utf-8")
    assert "<script>window.__xss" not in page and "<img src=x" not in page and "<b>fet</b>" not in page
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".doctext").get_text() == doc["text"]          # the text, character for character
    assert [s.get("src") for s in soup.select("script")] == ["../static/report.js"]
    assert not soup.select("img") and not soup.select("b")
    assert 'nyhet "a&b" <x>.txt' in soup.select_one("dl.meta").get_text()
    # run --report puts the report in the run, listed in run.json by its index
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "report/index.html" in run["files"] and not any(f.startswith("report/doc/") for f in run["files"])


def test_report_of_a_folder_without_a_run_is_one_line_and_exit_1(tmp_path):
    result = run_cli("report", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "documents.jsonl" in result.stderr


def test_long_lists_are_split_into_pages(sample_run, tmp_path):
    from kommunkollen.report import build_report

    summary = build_report(sample_run, tmp_path / "r", page_size=3)
    docs = read_jsonl(sample_run / "documents.jsonl")
    pages = sorted((tmp_path / "r" / "documents").glob("page-*.html"))
    assert len(pages) == -(-len(docs) // 3)
    listed = [a["href"] for p in pages for a in
              BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("#documents-table a")]
    assert len(listed) == len(docs) == summary.documents
    last = BeautifulSoup(pages[-1].read_text(encoding="utf-8"), "html.parser")
    assert last.select_one("a[rel=prev]") and not last.select_one("a[rel=next]")


def test_a_failed_report_leaves_the_previous_one(sample_run, tmp_path, monkeypatch):
    from kommunkollen.report import build_report, builder

    dest = tmp_path / "r"
    build_report(sample_run, dest)
    before = (dest / "index.html").read_text(encoding="utf-8")

    def broken(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(builder.ReportBuilder, "_overview_page", broken)
    with pytest.raises(RuntimeError):
        build_report(sample_run, dest)
    assert (dest / "index.html").read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["r"]          # no staging folder left


# -- Datasette ---------------------------------------------------------------------------------

def _datasette_get(run: Path, path: str) -> dict:
    from datasette.app import Datasette

    metadata = yaml.safe_load((run / "metadata.yml").read_text(encoding="utf-8"))
    ds = Datasette([str(run / "kommunkollen.db")], metadata=metadata)

    async def get():
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json()

    return asyncio.run(get())


def test_canned_queries_answer_the_journalists_questions(sample_run):
    docs = read_jsonl(sample_run / "documents.jsonl")
    grants = [a for d in docs for a in d["amounts"] if a["recipient"] and a["years"]]
    assert grants, "the sample has amounts with a recipient and years"
    recipient = grants[0]["recipient"]
    rows = _datasette_get(sample_run, f"/kommunkollen/money_to_recipient_by_year.json?recipient={recipient}"
                                      "&_shape=objects")["rows"]
    expected: dict = defaultdict(float)
    with (sample_run / "amounts_by_recipient_year.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if recipient in row["recipient"]:
                expected[int(row["year"]) if row["year"] else None] += float(row["value_sek"])
    assert len(expected) > 1
    assert {r["year"]: r["value_sek"] for r in rows} == dict(expected)

    municipality = next(d["municipality"] for d in docs if d["org_changes"])
    rows = _datasette_get(sample_run, f"/kommunkollen/changes_in_municipality.json?municipality={municipality}"
                                      "&_shape=objects")["rows"]
    assert sorted(r["record_id"] for r in rows) == sorted(
        c["record_id"] for d in docs if d["municipality"] == municipality for c in d["org_changes"])

    person = next(p for d in docs for p in d["persons"] if p["role"])
    rows = _datasette_get(sample_run, f"/kommunkollen/person_mentions.json?name={person['name']}&_shape=objects")["rows"]
    assert person["record_id"] in {r["record_id"] for r in rows}
    assert all(person["name"] in r["name"] for r in rows)


def test_record_tables_are_facetable_by_municipality(sample_run):
    for table in ("persons", "amounts", "org_changes", "documents"):
        facets = _datasette_get(sample_run, f"/kommunkollen/{table}.json")["facet_results"]
        facets = facets.get("results", facets)
        assert "municipality" in facets, table


def test_report_replaces_only_an_earlier_report(sample_run, tmp_path):
    from kommunkollen.errors import UserError
    from kommunkollen.report import build_report

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own file", encoding="utf-8")
    for dest in (mine, sample_run, sample_run.parent):
        with pytest.raises(UserError):
            build_report(sample_run, dest)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "my own file"
    assert (sample_run / "documents.jsonl").is_file()
    build_report(sample_run, tmp_path / "r")
    build_report(sample_run, tmp_path / "r")     # an earlier report is replaced
    assert (tmp_path / "r" / "index.html").is_file()


def _tiny_run(tmp_path: Path, docs: list[dict]) -> Path:
    from kommunkollen.export import OutputWriter

    out = tmp_path / "run"
    with OutputWriter(out, publish=False) as writer:
        for doc in docs:
            writer.write_document_json(doc)
        writer.commit({"inputs": ["test"]})
    return out


def _doc(doc_id: str, text: str, municipality=None, code=None, **records) -> dict:
    base = {"doc_id": doc_id, "source": f"t/{doc_id}.txt", "doc_type": None, "municipality": municipality,
            "municipality_code": code, "title": None, "published": None, "author": None, "diarienummer": None,
            "words": None, "duplicate_of": None, "sections": [], "text": text}
    for category, _f, _l in CATEGORIES:
        base[category] = records.get(category, [])
    base["entities"] = []
    return base


def _amount(doc_id, start, end, text, value, recipient=None, years=None, period=None, is_total=False, part_of=None):
    return {"record_id": f"{doc_id}:amounts:{start}-{end}", "text": text, "value_sek": value, "value_sek_max": None,
            "value": value, "currency": "SEK", "period": period, "years": years, "recipient": recipient,
            "purpose": None, "is_total": is_total, "part_of": part_of, "start": start, "end": end,
            "extractor": "test", "evidence": text}


def test_money_chart_counts_each_krona_once_and_keeps_towns_apart(tmp_path):
    from kommunkollen.report import build_report

    text = "x" * 200
    a = "a1"
    total = _amount(a, 0, 5, text[0:5], 10_000_000, years=[2024, 2024], is_total=True)
    part = _amount(a, 10, 15, text[10:15], 4_000_000, recipient="tekniska nämnden", years=[2024, 2024],
                   part_of=f"{a}:amounts:0-5")      # "varav 4 mnkr": 6 mnkr of the total stay unassigned
    other = _amount("b1", 0, 5, text[0:5], 1_000_000, recipient="tekniska nämnden", years=[2024, 2024])
    run = _tiny_run(tmp_path, [_doc(a, text, "Ludvika", "2085", amounts=[total, part]),
                               _doc("b1", text, "Kiruna", "2584", amounts=[other])])
    report = build_report(run).path
    soup = BeautifulSoup((report / "index.html").read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one("svg#money-by-year")
    bars = {r.select_one("title").get_text() for r in svg.select("rect") if r.select_one("title")}
    assert bars == {"2024, tekniska nämnden (Ludvika): 4 mnkr", "2024, tekniska nämnden (Kiruna): 1 mnkr",
                    "2024, (mottagare okänd): 6 mnkr"}
    assert "None" not in (report / "index.html").read_text(encoding="utf-8")
    page = (report / "doc" / "a1.html").read_text(encoding="utf-8")
    assert ">None<" not in page and "None</" not in page


def test_odd_document_ids_get_files_of_their_own(tmp_path):
    from kommunkollen.report import build_report

    run = _tiny_run(tmp_path, [_doc("x/1", "ett"), _doc("x:1", "två"), _doc("é" * 300, "tre")])
    report = build_report(run).path
    pages = sorted((report / "doc").glob("*.html"))
    assert len(pages) == 3 and all(len(p.name) < 150 for p in pages)
    texts = {BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select_one(".doctext").get_text() for p in pages}
    assert texts == {"ett", "två", "tre"}


def test_a_report_that_fails_costs_the_report_not_the_run(tmp_path, monkeypatch, caplog):
    from kommunkollen.export import OutputWriter
    from kommunkollen.report import builder

    def broken(*_a, **_k):
        raise RuntimeError("template trouble")

    monkeypatch.setattr(builder.ReportBuilder, "_overview_page", broken)
    out = tmp_path / "run"
    with OutputWriter(out, publish=False, report=True) as writer:
        writer.write_document_json(_doc("a1", "text"))
        writer.commit({"inputs": ["test"]})
    assert (out / "documents.jsonl").is_file() and not (out / "report").exists()
    assert "HTML report could not be written" in caplog.text and "template trouble" in caplog.text
