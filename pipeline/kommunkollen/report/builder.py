"""`kommunkollen report OUT`: static HTML over a finished run, for a reader without a server.

It reads the run's files, never the objects of a run in memory: documents.jsonl one line at a
time (each document's page is written as it is read), the cross-document CSVs and errors.csv.
What the later pages need of the documents (titles, the list, every mention of an actor with
its sentence) goes to an SQLite file in the staging folder, not to memory, so memory stays
flat in the number of documents; the overview keeps counters and its top rows only. The report goes to `OUT/report/` through a staging
folder, renamed into place when complete, so a broken build leaves the previous report.

Layout of `report/`:
    index.html                       the overview
    documents/page-N.html            every document, N pages of `page_size`
    doc/DOC_ID.html                  one document: metadata, highlighted text, record tables
    actors/people-page-N.html        every person; actors/organisations-page-N.html likewise
    actors/person-….html, org-….html one actor across documents
    changes/page-N.html              every organisational change, newest first
    errors.html, search.html, search-index.js, static/
"""
from __future__ import annotations

import csv
import hashlib
import heapq
import itertools
import json
import os
import shutil
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from kommunkollen.errors import UserError
from kommunkollen.report.charts import PALETTE, stacked_bars
from kommunkollen.report.highlight import CATEGORIES, anchor_id, highlight, marks_of
from kommunkollen.report.labels import LABELS, VALUE_LABELS

PAGE_SIZE = 100          # rows per page of the long lists (documents, people, changes)
TOP = 25                 # rows of each "most" table of the overview
CHART_SERIES = 6         # recipients of the money chart by name; the rest are "Others"
MAX_ERROR_ROWS = 5000    # errors.html shows this many; errors.csv holds them all
MAX_ACTOR_ROWS = 1000    # rows of each table of an actor's page; the CSVs and Datasette hold them all
MARKER = ".kommunkollen-report"   # in every report folder: only such a folder is ever replaced
MAX_YEAR_SPAN = 40      # a chart's x axis fills the years between, up to this span
CHANGE_STATUSES = ("proposed", "planned", "decided", "implemented")
_SAFE = regex.compile(r"[^A-Za-z0-9_-]+")


def t(key: str) -> Markup:
    """A label in both languages; the stylesheet shows the reader's one."""
    sv, en = LABELS[key]
    return Markup('<span class="l-sv" lang="sv">{}</span><span class="l-en" lang="en">{}</span>').format(sv, en)


def v(value) -> Markup:
    """A coded value (a status, a change type, a kind, a document type) in both languages."""
    if value is None or value == "":
        return Markup("")
    sv, en = VALUE_LABELS.get(value, (value, value))
    return Markup('<span class="l-sv" lang="sv">{}</span><span class="l-en" lang="en">{}</span>').format(sv, en)


def sv(key: str) -> str:
    """A label's Swedish words alone, for attributes (aria-label, title) that take plain text."""
    return LABELS[key][0]


def sek(value) -> str:
    """312000000 → '312 000 000 kr', grouped with narrow no-break spaces as Swedish is printed."""
    if value is None or value == "":
        return ""
    return f"{float(value):,.0f}".replace(",", "\u202f") + "\u00a0kr"


def mnkr(value: float) -> str:
    """Millions of kronor with the decimals that keep small sums visible: 312, 2,1, 0,045."""
    x = value / 1e6
    digits = 0 if x >= 10 or x == 0 else (1 if x >= 0.1 else 3)
    text = f"{x:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text.rstrip("0").rstrip(",") if "," in text else text


def _file_stem(key: str, limit: int = 100) -> str:
    """A readable, collision-free file name for an id: the id itself where it is plain, else its
    plain characters and a short hash of the whole id ("x/1" and "x:1" differ)."""
    safe = _SAFE.sub("-", key).strip("-")
    if safe == key and len(key) <= limit:
        return key
    return f"{safe[:limit]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def slug(prefix: str, key: str) -> str:
    """A file name for an actor id ("person:1487:anna-berg" → "person-person-1487-anna-berg-….html")."""
    return f"{prefix}-{_file_stem(key)}.html"


def _csv_rows(path: Path):
    if not path.is_file():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _year(date: str | None) -> str | None:
    return date[:4] if date and regex.match(r"\d{4}", date) else None


@dataclass
class ReportSummary:
    path: Path
    documents: int
    pages: int
    actors: int
    errors: int


@dataclass
class _Overview:
    """What the overview and the actor pages need, gathered while the documents stream by."""
    documents: int = 0
    by_municipality: Counter = field(default_factory=Counter)
    by_type: Counter = field(default_factory=Counter)
    by_year: Counter = field(default_factory=Counter)
    records: Counter = field(default_factory=Counter)
    biggest: list = field(default_factory=list)        # a heap of (value, n, row) for the biggest amounts
    mention_counts: Counter = field(default_factory=Counter)   # actor id → mentions
    unmarked: set = field(default_factory=set)         # records whose offsets lie outside their text: no anchor
    pages: int = 0
    sequence: itertools.count = field(default_factory=itertools.count)   # ties in the heap


class _Index:
    """What later pages need of the documents, on disk: the documents in run order with their
    list columns, and every mention of a person or organisation with its sentence."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE docs (seq INTEGER PRIMARY KEY, doc_id TEXT UNIQUE, row TEXT)")
        self.db.execute("CREATE TABLE mentions (actor TEXT, doc_id TEXT, row TEXT)")

    def add(self, seq: int, doc_id: str, row: dict, mentions: list[tuple[str, dict]]) -> None:
        self.db.execute("INSERT INTO docs VALUES (?, ?, ?)", (seq, doc_id, json.dumps(row, ensure_ascii=False)))
        self.db.executemany("INSERT INTO mentions VALUES (?, ?, ?)",
                            [(actor, doc_id, json.dumps(m, ensure_ascii=False)) for actor, m in mentions])

    def finish(self) -> None:
        self.db.execute("CREATE INDEX mentions_actor ON mentions(actor)")
        self.db.commit()

    def documents(self, offset: int, limit: int) -> list[dict]:
        return [json.loads(r) for (r,) in self.db.execute("SELECT row FROM docs ORDER BY seq LIMIT ? OFFSET ?",
                                                          (limit, offset))]

    def titles(self, doc_ids) -> dict[str, tuple]:
        """doc_id → (title, published) for these documents."""
        out = {}
        ids = sorted(set(doc_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for doc_id, row in self.db.execute(f"SELECT doc_id, row FROM docs WHERE doc_id IN "
                                               f"({','.join('?' * len(chunk))})", chunk):
                d = json.loads(row)
                out[doc_id] = (d["title"], d["published"])
        return out

    def mentions(self, actor: str) -> list[dict]:
        return [json.loads(r) for (r,) in self.db.execute("SELECT row FROM mentions WHERE actor = ? ORDER BY rowid",
                                                          (actor,))]

    def close(self) -> None:
        self.db.close()


class ReportBuilder:
    def __init__(self, run_dir: Path, dest: Path, page_size: int = PAGE_SIZE, run_info: dict | None = None):
        self.run_dir, self.dest, self.page_size = run_dir, dest, page_size
        # finalize: a missing value (None) shows as nothing, never as the word "None".
        self.env = Environment(loader=PackageLoader("kommunkollen.report", "templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True),
                               trim_blocks=True, lstrip_blocks=True, finalize=lambda x: "" if x is None else x)
        self.env.globals.update(t=t, v=v, sv=sv, sek=sek, categories=CATEGORIES, palette=PALETTE,
                                max_actor_rows=MAX_ACTOR_ROWS)
        self.env.filters["anchor"] = self._anchor
        self.env.filters["docfile"] = _doc_file
        self.stage = dest.parent / f".{dest.name}.staging-{os.getpid()}"
        self.run_info = run_info if run_info is not None else self._run_info()
        self.actor_files: dict[str, str] = {}

    def _anchor(self, record_id: str | None) -> str | None:
        """The id of a record's mark in its document's page, or None where it has none."""
        if not record_id or record_id in self.overview.unmarked:
            return None
        return anchor_id(record_id)

    # -- reading the run -------------------------------------------------------------------

    def _run_info(self) -> dict:
        path = self.run_dir / "run.json"
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        except (json.JSONDecodeError, UnicodeDecodeError):
            return {}

    def _documents(self):
        with (self.run_dir / "documents.jsonl").open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UserError(f"{self.run_dir / 'documents.jsonl'} line {n} is not JSON ({exc.msg}); "
                                    "run `kommunkollen run` again to rewrite it") from exc

    # -- writing ---------------------------------------------------------------------------

    def _write(self, rel: str, template: str, **context) -> None:
        path = self.stage / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        depth = rel.count("/")
        html = self.env.get_template(template).render(root="../" * depth, run=self.run_info, **context)
        path.write_text(html, encoding="utf-8")
        self.overview.pages += 1

    def _paginate(self, folder: str, prefix: str, rows: list, template: str, with_titles: bool = False,
                  **context) -> int:
        pages = max(1, -(-len(rows) // self.page_size))
        for page in range(1, pages + 1):
            chunk = rows[(page - 1) * self.page_size: page * self.page_size]
            if with_titles:   # the titles of the documents this page links to
                context["titles"] = self.index.titles(r["doc_id"] for r in chunk)
            self._write(f"{folder}/{prefix}page-{page}.html", template, rows=chunk, page=page, pages=pages,
                        prefix=prefix, first_row=(page - 1) * self.page_size + 1, total=len(rows), **context)
        return pages

    def _check_dest(self) -> None:
        """Refuse to replace anything but an earlier report: the destination is swapped out whole."""
        dest, run = self.dest.resolve(), self.run_dir.resolve()
        if dest == run or dest in run.parents:
            raise UserError(f"--dest {self.dest} holds the run itself; give a folder of its own (default "
                            f"{self.run_dir / 'report'})")
        if dest.exists() and (not dest.is_dir() or (any(dest.iterdir()) and not (dest / MARKER).is_file())):
            raise UserError(f"{self.dest} exists and is not a Kommunkollen report; choose an empty or new folder")

    def _clear_stale_staging(self) -> None:
        from kommunkollen.export.writer import _pid_alive

        for stale in self.dest.parent.glob(f".{self.dest.name}.staging-*"):
            pid = stale.name.rsplit("-", 1)[-1]
            if stale != self.stage and (not pid.isdigit() or not _pid_alive(int(pid))):
                shutil.rmtree(stale, ignore_errors=True)

    def build(self) -> ReportSummary:
        if not (self.run_dir / "documents.jsonl").is_file():
            raise UserError(f"{self.run_dir} holds no Kommunkollen run (documents.jsonl is missing); "
                            f"run `kommunkollen run INPUT --out {self.run_dir}` first")
        self._check_dest()
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        self._clear_stale_staging()
        shutil.rmtree(self.stage, ignore_errors=True)
        self.stage.mkdir(parents=True)
        (self.stage / MARKER).write_text("A Kommunkollen report: `kommunkollen report` replaces this folder whole.\n",
                                         encoding="utf-8")
        try:
            self._build()
        except BaseException:
            shutil.rmtree(self.stage, ignore_errors=True)
            raise
        old = self.dest.parent / f".{self.dest.name}.old-{os.getpid()}"
        if self.dest.exists():
            os.rename(self.dest, old)
        os.rename(self.stage, self.dest)
        shutil.rmtree(old, ignore_errors=True)
        return ReportSummary(self.dest, self.overview.documents, self.overview.pages, len(self.actor_files),
                             self.n_errors)

    def _build(self) -> None:
        self.overview = _Overview()
        self.index = _Index(self.stage / ".index.sqlite")
        try:
            self._build_pages()
        finally:
            self.index.close()
            (self.stage / ".index.sqlite").unlink(missing_ok=True)

    def _build_pages(self) -> None:
        ov = self.overview
        static = resources.files("kommunkollen.report") / "static"
        (self.stage / "static").mkdir()
        for name in ("report.css", "report.js"):
            (self.stage / "static" / name).write_text(static.joinpath(name).read_text(encoding="utf-8"),
                                                      encoding="utf-8")
        # Most often named first, as every list of them shows them.
        people = sorted(_csv_rows(self.run_dir / "actors.csv"), key=_most_named)
        orgs = sorted(_csv_rows(self.run_dir / "organisations_canonical.csv"), key=_most_named)
        for row in people:
            self.actor_files[row["person_id"]] = slug("person", row["person_id"])
        for row in orgs:
            self.actor_files[row["canonical_id"]] = slug("org", row["canonical_id"])

        # The search index is written as the documents stream by: one small array per document.
        with (self.stage / "search-index.js").open("w", encoding="utf-8") as search_index:
            search_index.write("window.KK_INDEX = [\n")
            for doc in self._documents():
                self._document_page(doc)
                entry = [_doc_file(doc["doc_id"]), doc.get("title") or doc.get("source") or "",
                         doc.get("municipality") or "", doc.get("doc_type") or "", doc.get("published") or ""]
                search_index.write(("," if ov.documents > 1 else "")
                                   + json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
            search_index.write("];\n")
        self.index.finish()

        pages = max(1, -(-ov.documents // self.page_size))
        for page in range(1, pages + 1):
            rows = self.index.documents((page - 1) * self.page_size, self.page_size)
            self._write(f"documents/page-{page}.html", "documents.html", rows=rows, page=page, pages=pages, prefix="",
                        first_row=(page - 1) * self.page_size + 1, total=ov.documents)
        self._write("search.html", "search.html", documents=ov.documents)

        amounts = list(_csv_rows(self.run_dir / "amounts_by_recipient_year.csv"))
        changes = list(_csv_rows(self.run_dir / "org_changes_timeline.csv"))
        changes.sort(key=lambda r: (r["date"] or "", r["doc_id"], int(r["start"] or 0)), reverse=True)
        self._actor_pages(people, orgs, amounts, changes)
        self._paginate("changes", "", changes, "changes.html", with_titles=True,
                       actor_files=self.actor_files)

        errors = list(_csv_rows(self.run_dir / "errors.csv"))
        self.n_errors = len(errors)
        self._write("errors.html", "errors.html", errors=errors[:MAX_ERROR_ROWS], total=len(errors))
        self._overview_page(people, orgs, amounts, changes, errors)

    # -- pages -----------------------------------------------------------------------------

    def _document_page(self, doc: dict) -> None:
        ov = self.overview
        ov.documents += 1
        doc_id = doc["doc_id"]
        ov.by_municipality[(doc.get("municipality") or "", doc.get("municipality_code") or "")] += 1
        ov.by_type[doc.get("doc_type") or ""] += 1
        ov.by_year[_year(doc.get("published")) or ""] += 1
        for category, _f, _l in CATEGORIES:
            ov.records[category] += len(doc.get(category) or [])
        for a in doc.get("amounts") or []:
            if a.get("value_sek") is not None:
                item = (float(a["value_sek"]), -next(ov.sequence),
                        dict(a, doc_id=doc_id, municipality=doc.get("municipality"), published=doc.get("published")))
                (heapq.heappush if len(ov.biggest) < TOP else heapq.heappushpop)(ov.biggest, item)
        mentions = [(p["person_id"], {"doc_id": doc_id, "record_id": p["record_id"], "name": p["name"],
                                      "role": p.get("role"), "party": p.get("party"),
                                      "organisation": p.get("organisation"), "evidence": p.get("evidence")})
                    for p in doc.get("persons") or [] if p.get("person_id")]
        mentions += [(o["canonical_id"], {"doc_id": doc_id, "record_id": o["record_id"], "name": o["name"],
                                          "evidence": o.get("evidence")})
                     for o in doc.get("organisations") or [] if o.get("canonical_id")]
        ov.mention_counts.update(actor for actor, _m in mentions)
        counts = {c: len(doc.get(c) or []) for c, _f, _l in CATEGORIES}
        self.index.add(ov.documents, doc_id, {"doc_id": doc_id, "title": doc.get("title") or doc.get("source"),
                                              "municipality": doc.get("municipality"), "doc_type": doc.get("doc_type"),
                                              "published": doc.get("published"), "words": doc.get("words"),
                                              "counts": counts}, mentions)
        marks = marks_of(doc, _describe_record)
        marked = {m.record_id for m in marks}
        for category, _f, _l in CATEGORIES:
            ov.unmarked.update(r["record_id"] for r in doc.get(category) or [] if r["record_id"] not in marked)
        self._write(f"doc/{_doc_file(doc_id)}", "document.html", doc=doc,
                    text_html=Markup(highlight(doc.get("text") or "", marks)),
                    marked=marked, actor_files=self.actor_files)

    def _actor_pages(self, people, orgs, amounts, changes) -> None:
        for row in people:
            mentions = self.index.mentions(row["person_id"])
            self._write(f"actors/{self.actor_files[row['person_id']]}", "actor.html", kind="person", actor=row,
                        mentions=mentions, titles=self.index.titles(m["doc_id"] for m in mentions),
                        amounts=[], changes=[])
        amounts_to = defaultdict(list)
        for a in amounts:
            if a["recipient_id"]:
                amounts_to[a["recipient_id"]].append(a)
        # A change concerns an organisation when its object, from or to names it (a variant, as a
        # whole word) in a document that mentions it: the search stays within those documents.
        changes_in = defaultdict(list)
        for c in changes:
            changes_in[c["doc_id"]].append((c, " ".join(filter(None, (c["object"], c["from"], c["to"]))).casefold()))
        for row in orgs:
            variants = {x.casefold() for x in (row["variants"] or "").split("; ") if len(x) > 1}
            variants.add((row["canonical_name"] or "").casefold())
            variants.discard("")
            names = regex.compile(r"(?<!\w)(?:" + "|".join(map(regex.escape, sorted(variants, key=len, reverse=True)))
                                  + r")(?!\w)") if variants else None
            mentions = self.index.mentions(row["canonical_id"])
            concerning = [c for doc_id in sorted({m["doc_id"] for m in mentions})
                          for c, words in changes_in.get(doc_id, ()) if names and names.search(words)]
            received = amounts_to.get(row["canonical_id"], [])
            titles = self.index.titles([m["doc_id"] for m in mentions] + [a["doc_id"] for a in received]
                                       + [c["doc_id"] for c in concerning])
            self._write(f"actors/{self.actor_files[row['canonical_id']]}", "actor.html", kind="organisation",
                        actor=row, mentions=mentions, titles=titles, amounts=received, changes=concerning)
        self._paginate("actors", "people-", people, "actors.html", kind="person",
                       actor_files=self.actor_files, mention_counts=self.overview.mention_counts)
        self._paginate("actors", "organisations-", orgs, "actors.html", kind="organisation",
                       actor_files=self.actor_files, mention_counts=self.overview.mention_counts)

    def _overview_page(self, people, orgs, amounts, changes, errors) -> None:
        ov = self.overview
        # Money by year: rows with a year; a total whose parts are listed counts through its parts
        # (they name the recipients), so nothing is counted twice.
        # A total of which only some parts are listed ("varav") keeps the rest, in its own year(s).
        by_year_recipient: dict = defaultdict(float)
        by_recipient: dict = defaultdict(float)
        names: dict = {}
        parts_counted: dict = defaultdict(float)
        rows_of_total: Counter = Counter()
        for a in amounts:
            if a["part_of"] and a["year"] and a["value_sek"]:
                parts_counted[a["part_of"]] += float(a["value_sek"])
            if a["year"]:
                rows_of_total[a["record_id"]] += 1
        for a in amounts:
            if not a["year"] or not a["value_sek"]:
                continue
            value = float(a["value_sek"])
            if a["record_id"] in parts_counted:
                value = max(0.0, value - parts_counted[a["record_id"]] / rows_of_total[a["record_id"]])
                if value < 1:
                    continue
            who = _recipient_key(a)
            if who is not None:
                names.setdefault(who, f"{a['recipient']} ({a['municipality']})" if a["municipality"] and
                                 not a["recipient_id"] else a["recipient"])
            by_year_recipient[(a["year"], who)] += value
            by_recipient[who] += value
        years = _year_axis({y for y, _w in by_year_recipient})
        named = [w for w, _v in sorted(by_recipient.items(), key=lambda kv: -kv[1]) if w][:CHART_SERIES]
        unknown, others = LABELS["unknown"][0], LABELS["others"][0]
        series = [(names[w], [by_year_recipient.get((y, w), 0.0) for y in years]) for w in named]
        rest = [sum(v for (yy, w), v in by_year_recipient.items() if yy == y and w and w not in named) for y in years]
        if any(rest):
            series.append((others, rest))
        blank = [by_year_recipient.get((y, None), 0.0) for y in years]
        if any(blank):
            series.append((f"({LABELS['recipient'][0].lower()} {unknown})", blank))
        money_chart = stacked_bars("money-by-year", LABELS["money_by_year"][0], years, series, fmt=mnkr, unit="mnkr",
                                   describe="Summa per år")
        recipient_year = sorted(((value, y, names[w]) for (y, w), value in by_year_recipient.items() if w),
                                reverse=True)[:TOP]

        status_by_year: dict = defaultdict(Counter)
        for c in changes:
            status_by_year[_year(c["date"]) or ""][c["status"] or ""] += 1
        change_years = _year_axis({y for y in status_by_year if y})
        statuses = [s for s in CHANGE_STATUSES if any(status_by_year[y][s] for y in change_years)]
        statuses += sorted({s for y in change_years for s in status_by_year[y]} - set(statuses) - {""})
        change_series = [(VALUE_LABELS.get(s, (s, s))[0], [float(status_by_year[y][s]) for y in change_years])
                         for s in statuses]
        if any(status_by_year[y][""] for y in change_years):
            change_series.append((unknown, [float(status_by_year[y][""]) for y in change_years]))
        changes_chart = stacked_bars("changes-by-status", LABELS["changes_by_status"][0], change_years,
                                     change_series, fmt=lambda x: f"{x:g}", describe="Antal per år")

        self._write("index.html", "index.html", ov=ov,
                    by_municipality=sorted(ov.by_municipality.items(), key=lambda kv: (-kv[1], kv[0])),
                    by_type=sorted(ov.by_type.items(), key=lambda kv: (-kv[1], kv[0])),
                    by_year=sorted(ov.by_year.items(), reverse=True),
                    biggest=[row for _v, _n, row in sorted(ov.biggest, key=lambda i: (-i[0], -i[1]))],
                    money_chart=Markup(money_chart), money_table=(years, series), mnkr=mnkr,
                    recipient_year=recipient_year, changes_chart=Markup(changes_chart),
                    count_fmt=lambda v: f"{v:g}",
                    changes_table=(change_years, change_series), recent_changes=changes[:TOP],
                    n_changes=len(changes), people=people[:TOP], n_people=len(people),
                    orgs=orgs[:TOP], n_orgs=len(orgs),
                    errors=errors[:TOP], n_errors=len(errors),
                    error_codes=sorted(Counter(e["code"] for e in errors).items()),
                    actor_files=self.actor_files,
                    titles=self.index.titles([row["doc_id"] for _v, _n, row in ov.biggest]
                                             + [c["doc_id"] for c in changes[:TOP]]))


def _most_named(row: dict) -> tuple:
    """Sort key of actors.csv and organisations_canonical.csv rows: most documents first, then by name."""
    return -int(row["documents"] or 0), row.get("name") or row.get("canonical_name") or ""


def _recipient_key(a: dict):
    """Who an amount goes to, for sums: its canonical organisation, else its name as written
    (case aside) within its municipality ("tekniska nämnden" of two towns are two)."""
    if a["recipient_id"]:
        return a["recipient_id"]
    if a["recipient"]:
        return f"{a['municipality_code'] or ''}:{a['recipient'].casefold()}"
    return None


def _year_axis(years: set[str]) -> list[str]:
    """The years of a chart's x axis: every year from the first to the last, so that gaps show
    as gaps, unless they span more than MAX_YEAR_SPAN (a stray year 1066): then those with data."""
    numeric = sorted(int(y) for y in years if str(y).isdigit())
    if numeric and numeric[-1] - numeric[0] <= MAX_YEAR_SPAN:
        return [str(y) for y in range(numeric[0], numeric[-1] + 1)]
    return [str(y) for y in numeric]


def _doc_file(doc_id: str) -> str:
    return f"{_file_stem(doc_id)}.html"


def _describe_record(category: str, r: dict) -> str:
    """The tooltip of a mark: what was found, in the words of the record's fields."""
    label = LABELS[category][0]
    if category == "persons":
        extra = ", ".join(filter(None, (r.get("role"), r.get("party"), r.get("organisation"))))
    elif category == "organisations":
        extra = ", ".join(filter(None, (VALUE_LABELS.get(r.get("kind"), (r.get("kind"),))[0], r.get("canonical_name"))))
    elif category == "amounts":
        extra = ", ".join(filter(None, (sek(r.get("value_sek")), r.get("recipient") and f"→ {r['recipient']}",
                                        r.get("purpose"))))
    elif category == "dates":
        extra = r.get("value") or ""
    elif category == "counts":
        extra = " ".join(str(x) for x in (r.get("value"), r.get("unit")) if x is not None)
    elif category == "org_changes":
        extra = ", ".join(filter(None, (VALUE_LABELS.get(r.get("type"), (r.get("type"),))[0], r.get("object"),
                                        VALUE_LABELS.get(r.get("status"), (r.get("status"),))[0])))
    else:
        extra = ""
    return f"{label}: {extra}" if extra else label


def build_report(run_dir: str | Path, dest: str | Path | None = None, *, page_size: int = PAGE_SIZE,
                 run_info: dict | None = None) -> ReportSummary:
    """Write the HTML report of the run in `run_dir` to `dest` (default `run_dir/report`);
    `run_info` stands in for run.json while a run is still being written."""
    run_dir = Path(run_dir)
    dest = Path(dest) if dest is not None else run_dir / "report"
    if page_size < 1:
        raise UserError("--page-size must be at least 1")
    return ReportBuilder(run_dir, dest, page_size, run_info).build()
