"""The data contract: every output field is defined here and nowhere else.

`documents.jsonl` holds one object per document with the record lists named
by `RECORD_TABLES`; each CSV file, the datapackage.json and (later) SQLite
tables are generated from the same definitions. Offsets (`start`, `end`)
are character offsets into the document's cleaned `text`.
"""
from __future__ import annotations

from dataclasses import dataclass

DOC_TYPES = ("news", "press_release", "tjansteskrivelse", "protokoll", "web_page", "blog", "report", "other")
ORG_KINDS = ("municipality", "municipal_body", "agency", "company", "party", "association", "region", "other")
CHANGE_TYPES = ("transfer", "merge", "create", "abolish", "split", "rename")
CHANGE_STATUSES = ("proposed", "considered", "decided", "planned", "implemented")
PERIODS = ("year", "month", "week", "day")
ENTITY_LABELS = ("PER", "LOC", "ORG", "MISC", "MONEY", "DATE", "COUNT")


@dataclass(frozen=True)
class Field:
    """One field of a record. `type` is a Frictionless field type; `enum` limits values.

    type "yearrange" is a JSON array [first, last] (or null) and becomes two
    integer CSV columns, NAME_first and NAME_last.
    """

    name: str
    type: str
    description: str
    enum: tuple[str, ...] | None = None
    required: bool = False
    in_csv: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _offsets():
    return (Field("start", "integer", "Character offset where the mention starts in the document's text.", required=True),
            Field("end", "integer", "Character offset just after the mention ends in the document's text.", required=True))


def _record_id(table: str):
    return Field("record_id", "string", f"Stable id of the record: '<doc_id>:{table}:<start>-<end>' (with ':2', "
                 "':3' for a second record at the same offsets). The same in every run over the same document.",
                 required=True)


def _extractor():
    return Field("extractor", "string", "The extractor that found the record (its spaCy component, e.g. "
                 "'kk_amounts'; pipeline/kommunkollen/extractors/).")


def _evidence():
    return Field("evidence", "string", "The sentence the record comes from (for one record per referent, the "
                 "first mention's), cut to about 600 characters around the mention when longer.")


# Columns each record CSV repeats from its document, so that a file opened alone reads without joins.
CONTEXT_FIELDS = (
    Field("municipality", "string", "The document's municipality."),
    Field("municipality_code", "string", "Its SCB kommunkod."),
    Field("doc_type", "string", "The document's type.", enum=DOC_TYPES),
    Field("published", "string", "The document's publication date (ISO 8601)."),
)


DOCUMENT = Table("documents", "Documents", "One row per processed document, with its metadata.", (
    Field("doc_id", "string", "Stable identifier from the canonical source (the URL, or the path below the input "
          "folder) and the normalised content.", required=True),
    Field("source", "string", "The URL, or the file's path below the input folder starting with the folder's "
          "name ('sample/01.txt'); a file given by itself, as it was given.", required=True),
    Field("doc_type", "string", "Kind of document.", enum=DOC_TYPES, required=True),
    Field("municipality", "string", "The municipality the document is about or from, e.g. 'Lidköping'."),
    Field("municipality_code", "string", "SCB kommunkod of the municipality, e.g. '1494'."),
    Field("title", "string", "The document's title."),
    Field("published", "string", "Publication date as ISO 8601 (YYYY-MM-DD)."),
    Field("author", "string", "Author or case officer (handläggare) named in the document."),
    Field("diarienummer", "string", "Case numbers in the document ('Dnr KS 2018/124'), separated by '; '."),
    Field("words", "integer", "Number of words in the cleaned text."),
    Field("duplicate_of", "string", "doc_id of an earlier document of the run with the same cleaned text "
          "(a syndicated press release, a page under two addresses); this copy contributes no records."),
    Field("sections", "array", "Named sections of the document (heading, start, end).", in_csv=False),
    Field("text", "string", "The cleaned main text; every offset points into it.", in_csv=False),
))

PERSON = Table("persons", "Persons", "People named in a document, with role, party and organisation.", (
    _record_id("persons"),
    Field("name", "string", "The person's full name as written.", required=True),
    Field("role", "string", "Title or role in this document, e.g. 'kommunstyrelsens ordförande'."),
    Field("party", "string", "Party abbreviation, e.g. 'S', 'M'."),
    Field("organisation", "string", "Organisation the person acts for in this document."),
    Field("person_id", "string", "Stable id of the person: the same name in the same municipality."),
    _evidence(),
    _extractor(),
    *_offsets(),
))

ORGANISATION = Table("organisations", "Organisations", "Organisations named in a document, one per referent.", (
    _record_id("organisations"),
    Field("name", "string", "The fullest surface form in the document.", required=True),
    Field("kind", "string", "Kind of organisation.", enum=ORG_KINDS, required=True),
    Field("canonical_id", "string", "Stable id of the organisation across documents and runs, e.g. "
          "'1494:kommunstyrelsen', 'agency:polismyndigheten', 'party:M'."),
    Field("canonical_name", "string", "Canonical name: case, definite, genitive and abbreviated forms collapsed."),
    _evidence(),
    _extractor(),
    *_offsets(),
))

PLACE = Table("places", "Places", "Places named in a document, one per referent.", (
    _record_id("places"),
    Field("name", "string", "The place name as written.", required=True),
    _evidence(),
    _extractor(),
    *_offsets(),
))

AMOUNT = Table("amounts", "Money amounts", "Money amounts, normalised to SEK where the currency is SEK.", (
    _record_id("amounts"),
    Field("text", "string", "The amount as written.", required=True),
    Field("value_sek", "number", "Value in kronor (the lower bound of a range); null for other currencies."),
    Field("value_sek_max", "number", "Upper bound in kronor of a range such as '2–4 miljoner'; else null."),
    Field("value", "number", "Value in the stated currency's main unit."),
    Field("currency", "string", "ISO 4217 currency code, e.g. 'SEK', 'EUR'."),
    Field("period", "string", "Recurrence of the amount, if stated.", enum=PERIODS),
    Field("years", "yearrange", "First and last year the amount applies to, if stated."),
    Field("recipient", "string", "Who receives or is allocated the amount."),
    Field("purpose", "string", "What the amount is for."),
    Field("is_total", "boolean", "True when other amounts of the document are parts of this one (a frame that "
          "is then allocated, a sum that is then broken down, or 'varav' parts)."),
    Field("part_of", "string", "record_id of the total this amount is part of; sum either the totals or the "
          "parts, never both (see amounts_by_recipient_year)."),
    _evidence(),
    _extractor(),
    *_offsets(),
))

DATE = Table("dates", "Dates", "Dates, years, ranges and seasons, normalised to ISO 8601.", (
    _record_id("dates"),
    Field("text", "string", "The expression as written.", required=True),
    Field("value", "string", "ISO 8601 value: '2015-12-16', '2015-12', '2015', '2016/2018', '2017-autumn', "
          "'1970/1979' for '1970-talet', '--06-15' when the year is unknown."),
    Field("relative", "boolean", "True for expressions relative to the document date ('förra året')."),
    _evidence(),
    _extractor(),
    *_offsets(),
))

COUNT = Table("counts", "Counts", "Counted things: people, places, units.", (
    _record_id("counts"),
    Field("text", "string", "The expression as written.", required=True),
    Field("value", "number", "The number.", required=True),
    Field("unit", "string", "What is counted, e.g. 'personer'."),
    Field("approx", "boolean", "True when qualified ('drygt', 'cirka', 'över')."),
    _evidence(),
    _extractor(),
    *_offsets(),
))

ORG_CHANGE = Table("org_changes", "Organisational changes",
                   "Transfers, mergers, creations, abolitions, splits and renamings of units or tasks.", (
    _record_id("org_changes"),
    Field("type", "string", "Kind of change.", enum=CHANGE_TYPES, required=True),
    Field("object", "string", "What changes: a unit, staff group, task or responsibility."),
    Field("from", "string", "Where it comes from (for merges: the parts, separated by '; ')."),
    Field("to", "string", "Where it goes or what it becomes."),
    Field("status", "string", "How far the change has come.", enum=CHANGE_STATUSES),
    Field("evidence", "string", "The sentence stating the change."),
    _extractor(),
    *_offsets(),
))

ENTITY = Table("entities", "Entity mentions", "Every mention found by the NER model or a rule.", (
    _record_id("entities"),
    Field("text", "string", "The mention as written.", required=True),
    Field("label", "string", "Entity label.", enum=ENTITY_LABELS, required=True),
    *_offsets(),
    _evidence(),
    Field("source", "string", "What found it: 'ner' (statistical model) or 'rule:<name>'.", required=True),
))

ERROR = Table("errors", "Errors", "Documents that could not be processed, with a coded reason.", (
    Field("source", "string", "The path or URL as given.", required=True),
    Field("stage", "string", "Pipeline stage that failed.", required=True),
    Field("code", "string", "Error code; see pipeline/kommunkollen/errors.py.", required=True),
    Field("message", "string", "What went wrong.", required=True),
))

# Cross-document tables: built from every document of a run.
ACTOR = Table("actors", "Actors", "One row per canonical person: the same name in the same municipality.", (
    Field("person_id", "string", "Stable id: 'person:<SCB code>:<name slug>'.", required=True),
    Field("name", "string", "The person's name.", required=True),
    Field("municipality", "string", "Municipality of the documents the person appears in."),
    Field("municipality_code", "string", "Its SCB kommunkod."),
    Field("roles", "string", "Every role seen, separated by '; '."),
    Field("parties", "string", "Every party seen, separated by '; '."),
    Field("organisations", "string", "Every organisation seen, separated by '; '."),
    Field("first_seen", "string", "Earliest publication date of a document naming the person."),
    Field("last_seen", "string", "Latest publication date of a document naming the person."),
    Field("documents", "integer", "Number of documents naming the person."),
    Field("doc_ids", "string", "Those documents, separated by '; '."),
))

ORG_CANONICAL = Table("organisations_canonical", "Canonical organisations",
                      "One row per canonical organisation, with every surface form seen.", (
    Field("canonical_id", "string", "Stable id, e.g. '1494:kommunstyrelsen', 'agency:migrationsverket'.", required=True),
    Field("canonical_name", "string", "Canonical name.", required=True),
    Field("kind", "string", "Kind of organisation.", enum=ORG_KINDS, required=True),
    Field("municipality", "string", "The municipality a body belongs to (or that the municipality is)."),
    Field("municipality_code", "string", "Its SCB kommunkod."),
    Field("county", "string", "Its län."),
    Field("variants", "string", "Every surface form seen, separated by '; '."),
    Field("documents", "integer", "Number of documents naming the organisation."),
    Field("doc_ids", "string", "Those documents, separated by '; '."),
))

AMOUNT_BY_YEAR = Table("amounts_by_recipient_year", "Amounts by recipient and year",
                       "A tidy table for pivoting: one row per amount and year it applies to "
                       "(an amount per year over 2016-2018 gives three rows). A total and its parts are both "
                       "listed, linked: to sum without counting twice, leave out the rows with is_total true "
                       "(their parts are listed) or the rows with a part_of (their total is listed).", (
    Field("row_id", "string", "Stable id of the row: '<record_id>:<year>' ('...:all' without a year).",
          required=True),
    Field("record_id", "string", "The amount's record_id in amounts.csv.", required=True),
    Field("municipality", "string", "Municipality of the document."),
    Field("municipality_code", "string", "Its SCB kommunkod."),
    Field("recipient", "string", "Who receives the amount."),
    Field("recipient_id", "string", "Canonical id of the recipient, where it is a known organisation."),
    Field("year", "integer", "The year; null when the document does not say."),
    Field("value_sek", "number", "Kronor for that year (or in all, see year_basis)."),
    Field("year_basis", "string", "'per_year': the amount recurs each year; 'total': one amount for the "
          "stated years; 'unknown': no year stated.", enum=("per_year", "total", "unknown")),
    Field("purpose", "string", "What the amount is for."),
    Field("is_total", "boolean", "True when other rows are parts of this amount: leave it out of a sum of parts."),
    Field("part_of", "string", "record_id of the total this amount is part of: leave it out of a sum of totals."),
    Field("text", "string", "The amount as written."),
    Field("evidence", "string", "The sentence the amount comes from."),
    Field("doc_type", "string", "The document's type.", enum=DOC_TYPES),
    Field("published", "string", "The document's publication date (ISO 8601)."),
    Field("doc_id", "string", "The document.", required=True),
    Field("start", "integer", "Offset of the amount in the document's text.", required=True),
))

ORG_CHANGE_TIMELINE = Table("org_changes_timeline", "Timeline of organisational changes",
                            "Organisational changes with a date, in date order per municipality.", (
    Field("record_id", "string", "The change's record_id in org_changes.csv.", required=True),
    Field("municipality", "string", "Municipality of the document."),
    Field("municipality_code", "string", "Its SCB kommunkod."),
    Field("date", "string", "Date stated in the evidence sentence, else the document's publication date (ISO)."),
    Field("date_source", "string", "'sentence' or 'document' or null.", enum=("sentence", "document")),
    Field("type", "string", "Kind of change.", enum=CHANGE_TYPES, required=True),
    Field("object", "string", "What changes."),
    Field("from", "string", "Where it comes from."),
    Field("to", "string", "Where it goes."),
    Field("status", "string", "How far the change has come.", enum=CHANGE_STATUSES),
    Field("evidence", "string", "The sentence stating the change."),
    Field("doc_type", "string", "The document's type.", enum=DOC_TYPES),
    Field("published", "string", "The document's publication date (ISO 8601)."),
    Field("doc_id", "string", "The document.", required=True),
    Field("start", "integer", "Offset of the evidence in the document's text.", required=True),
))

# The record lists of documents.jsonl, in output order.
RECORD_TABLES: tuple[Table, ...] = (PERSON, ORGANISATION, PLACE, AMOUNT, DATE, COUNT, ORG_CHANGE, ENTITY)
CROSS_TABLES: tuple[Table, ...] = (ACTOR, ORG_CANONICAL, AMOUNT_BY_YEAR, ORG_CHANGE_TIMELINE)
ALL_TABLES: tuple[Table, ...] = (DOCUMENT, *RECORD_TABLES, ERROR, *CROSS_TABLES)
TABLES_BY_NAME = {t.name: t for t in ALL_TABLES}


# Each table's primary key (declared in datapackage.json and SQLite); stable across runs.
PRIMARY_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"], "actors": ["person_id"], "organisations_canonical": ["canonical_id"],
    "amounts_by_recipient_year": ["row_id"], "org_changes_timeline": ["record_id"],
    **{t.name: ["record_id"] for t in RECORD_TABLES},
}
_DOC_ID = Field("doc_id", "string", "The document this record comes from.", required=True)


def csv_columns(table: Table) -> list[Field]:
    """The CSV columns of a table: for record tables record_id, doc_id, the record's own fields and
    the document's CONTEXT_FIELDS."""
    cols: list[Field] = []
    for f in table.fields:
        if not f.in_csv:
            continue
        if f.type == "yearrange":
            cols.append(Field(f"{f.name}_first", "integer", f"First year of: {f.description}"))
            cols.append(Field(f"{f.name}_last", "integer", f"Last year of: {f.description}"))
        else:
            cols.append(f)
        if table in RECORD_TABLES and f.name == "record_id":
            cols.append(_DOC_ID)
    if table in RECORD_TABLES:
        cols.extend(CONTEXT_FIELDS)
    return cols


def csv_row(table: Table, record: dict, document: dict | None = None) -> dict:
    """Flatten one record into its CSV row (None stays None; the writer prints ''); record tables
    take doc_id and the context columns from `document` (its documents.jsonl object)."""
    row: dict = {}
    for f in table.fields:
        if not f.in_csv:
            continue
        value = record.get(f.name)
        if f.type == "yearrange":
            row[f"{f.name}_first"] = value[0] if value else None
            row[f"{f.name}_last"] = value[-1] if value else None
        else:
            row[f.name] = value
        if table in RECORD_TABLES and f.name == "record_id":
            row["doc_id"] = document["doc_id"] if document else None
    if table in RECORD_TABLES:
        for f in CONTEXT_FIELDS:
            row[f.name] = document.get(f.name) if document else None
    return row


def validate_record(table: Table, record: dict) -> list[str]:
    """Problems with one record against its table (empty when it conforms)."""
    problems = []
    names = set(table.field_names)
    for key in record:
        if key not in names:
            problems.append(f"{table.name}: unknown field {key!r}")
    for f in table.fields:
        v = record.get(f.name)
        if v is None:
            if f.required:
                problems.append(f"{table.name}.{f.name}: required")
            continue
        ok = {
            "string": isinstance(v, str),
            "integer": isinstance(v, int) and not isinstance(v, bool),
            "number": isinstance(v, int | float) and not isinstance(v, bool),
            "boolean": isinstance(v, bool),
            "array": isinstance(v, list),
            "yearrange": isinstance(v, list) and len(v) == 2 and all(isinstance(y, int) for y in v),
        }[f.type]
        if not ok:
            problems.append(f"{table.name}.{f.name}: expected {f.type}, got {v!r}")
        elif f.enum and v not in f.enum:
            problems.append(f"{table.name}.{f.name}: {v!r} not one of {f.enum}")
    return problems
