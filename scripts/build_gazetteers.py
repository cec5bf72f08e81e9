"""Build the fact tables shipped in pipeline/kommunkollen/data/ from the public gazetteers.

usage: python scripts/build_gazetteers.py [DATA_DIR]   (default ../shared/data; `make gazetteers`)

The tables are facts (SCB codes, agency names, party abbreviations, common
given names and surnames, word counts), reduced to what the pipeline needs;
the sources and licences are listed in CREDITS.md. The tables are committed
and ship in the package: re-run this script when the upstream data changes
and commit the result. The output is sorted so diffs stay readable, and
MANIFEST.json records each table's columns, rows and SHA-256, which the
pipeline checks at start-up (kommunkollen.resources).

Runs with the standard library only, before anything is installed.
"""
import csv
import hashlib
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "kommunkollen" / "data"
# A given name must be used by this many people to count as one: rarer
# entries in SCB's list are mostly also common nouns ("Sol", "Bo" stay in).
MIN_NAME_BEARERS = 150


MANIFEST = "MANIFEST.json"
_written: dict[str, dict] = {}


def write_tsv(name, header, rows):
    path = OUT / name
    rows = sorted(set(rows))
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    tmp.replace(path)
    _written[name] = {"columns": list(header), "rows": len(rows),
                      "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    print(f"{path.relative_to(OUT.parents[2])}: {len(rows)} rows")


def write_manifest():
    (OUT / MANIFEST).write_text(json.dumps({"tables": dict(sorted(_written.items()))}, indent=2) + "\n",
                                encoding="utf-8")


def common_lowercase_words(path: Path, lines: int = 300_000, min_count: int = 5) -> set[str]:
    """Words seen in lower case at least `min_count` times in the first lines of official prose."""
    import gzip
    import re
    from collections import Counter
    counts: Counter = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= lines:
                break
            counts.update(w for w in re.findall(r"\b[a-zåäöé]+\b", line))
    return {w for w, n in counts.items() if n >= min_count}


RAW_TEXT = ("sv-regeringen-text/regeringen-se-2010-2026.txt.gz",
            "sv-riksdagen-interpellations-text/interpellations-1994-2024.txt.gz")


def common_words(paths, min_count: int = 5) -> list[str]:
    """Words Swedish official prose writes in lower case: at least `min_count` times, and at least
    twice as often as capitalised inside a sentence ("bistånd", "psykiatri"; not "ulf", "lund")."""
    import gzip
    import re
    from collections import Counter

    word = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")   # letters (the script runs without third-party packages)
    lower: Counter = Counter()
    capitalised: Counter = Counter()
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                for m in word.finditer(line):
                    w = m.group()
                    if w[0].islower():
                        lower[w] += 1
                    elif not w.isupper() and line[:m.start()].rstrip()[-1:] not in ("", ".", "!", "?", ":", '"', "”"):
                        capitalised[w[0].lower() + w[1:]] += 1   # a capital inside a sentence: a name
    return [w for w, n in lower.items() if n >= min_count and n >= 2 * capitalised[w]]


def main(data_dir):
    gaz = data_dir / "gazetteers"
    counties = {r["county_code"]: r["county_name"]
                for r in csv.DictReader((gaz / "swedish-geodata/counties.csv").open(encoding="utf-8"))}
    write_tsv("counties.tsv", ["county_code", "county_name"], counties.items())
    rows = []
    for r in csv.DictReader((gaz / "swedish-geodata/municipalities.csv").open(encoding="utf-8")):
        rows.append((r["municipality_code"], r["municipality_name_short"], r["municipality_name"],
                     r["county_code"], counties[r["county_code"]]))
    write_tsv("municipalities.tsv", ["code", "name", "official_name", "county_code", "county_name"], rows)

    agencies = []
    with (gaz / "svensktext/organisationer/myndigheter.tsv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            agencies.append((r["name"].strip(), r["type"].strip()))
    write_tsv("agencies.tsv", ["name", "type"], agencies)

    parties = []
    for r in csv.DictReader((gaz / "riksdag-parties/party_abbreviation.csv").open(encoding="utf-8")):
        if r["ocr_correction"] == "False" and not r["party"].startswith("("):
            parties.append((r["party"], r["abbreviation"]))
    write_tsv("parties.tsv", ["name", "abbreviation"], parties)

    names = []
    for f in ("tilltalsnamn-kvinnor.csv", "tilltalsnamn-man.csv"):
        for r in csv.DictReader((gaz / "svensktext/namn" / f).open(encoding="utf-8")):
            if int(r["persons"]) >= MIN_NAME_BEARERS and r["name"].isalpha():
                names.append((r["name"],))
    write_tsv("given_names.tsv", ["name"], names)

    munis = {r[1] for r in rows}
    common = common_lowercase_words(data_dir / "sv-regeringen-text" / "regeringen-se-2010-2026.txt.gz")
    given = {n for (n,) in names}
    localities = []
    for r in csv.DictReader((gaz / "svensktext/platser/ortsnamn.csv").open(encoding="utf-8")):
        name = r["city"].strip()
        # Leave out places that are municipality names (listed already), given names ("Åsa")
        # and ordinary words ("Vi", "Bara", "Skog"), which would flood the text with false places.
        if name and name not in munis and name not in given and name.lower() not in common:
            localities.append((name,))
    write_tsv("localities.tsv", ["name"], localities)

    countries = []
    for r in csv.DictReader((gaz / "svensktext/platser/lander.csv").open(encoding="utf-8")):
        countries.append((r["country"].strip(), r["capital"].strip()))
    write_tsv("countries.tsv", ["country", "capital"], countries)

    surnames = [(r["lastname"],) for r in
                csv.DictReader((gaz / "svensktext/namn/efternamn-top1000-1994-1997.csv").open(encoding="utf-8"))]
    surnames += [(r["name"],) for r in
                 csv.DictReader((data_dir / "sv-names-top500/efternamn-top500-skatteverket-2025.csv").open(encoding="utf-8"))]
    write_tsv("surnames.tsv", ["name"], surnames)

    write_tsv("common_words.tsv", ["word"], [(w,) for w in common_words([data_dir / rel for rel in RAW_TEXT])])
    write_manifest()


if __name__ == "__main__":
    data = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")
    if not (data / "gazetteers").is_dir():
        sys.exit(f"build_gazetteers: no gazetteers in {data}: give the data directory (see CREDITS.md)")
    main(data)
