"""The `kommunkollen` command: a thin layer over kommunkollen.runner and friends.

Exit codes (kommunkollen.errors.ExitCode): 0 every document was processed or
reported (those that failed are in errors.csv), 1 a user error, 2 a usage error,
3 a set-up error (the installation lacks a resource or a backend; nothing was
done), 4 no document could be processed (none found, or every one failed),
130 interrupted (Ctrl-C), 143 terminated (SIGTERM), with finished documents kept in the
cache for the next run. Errors are one line on stderr saying what to do.
"""
from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from kommunkollen import __version__
from kommunkollen.errors import (
    DISK_ERRORS,
    ERROR_CODES,
    DocumentError,
    ExitCode,
    SetupError,
    Terminated,
    UserError,
)
from kommunkollen.fetch.urls import redact_urls
from kommunkollen.settings import Settings

RUN_EXAMPLES = """examples:
  kommunkollen run corpora/sample --out outputs/sample
  kommunkollen run protokoll.pdf nyheter/ beslut.docx --out out/ --ner rules
  kommunkollen run https://www.lidkoping.se/nyheter/... --out out/ --contact mailto:me@example.org
  kommunkollen run corpora/lidkoping.yaml --out outputs/lidkoping
  kommunkollen run urls.txt --out out/        (a text file with one URL per line)

outputs: documents.jsonl, one CSV per record type, errors.csv, run.json and
datapackage.json in the --out directory, replaced as a whole on each run.

exit codes: 0 every document processed or reported in errors.csv, 1 user error
(or a full disk), 2 usage error, 3 set-up error (nothing done), 4 no document could
be processed, 130 Ctrl-C, 143 SIGTERM (the previous output unchanged).
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kommunkollen",
        description="Turn Swedish municipal documents into structured, citable data.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'kommunkollen COMMAND --help' for a command's options.",
    )
    p.add_argument("--version", action="version", version=f"kommunkollen {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    d = Settings.describe()

    run = sub.add_parser("run", help="process documents into datasets", description="Process files, "
                         "directories (recursively .txt, .html, .htm, .pdf, .docx), URLs, URL lists, sitemaps, "
                         "feeds and corpus files into datasets.",
                         epilog=RUN_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, URLs or corpus files")
    run.add_argument("--out", "-o", required=True, metavar="DIR", help="output directory (replaced as a whole)")
    run.add_argument("--ner", default=Settings.ner, metavar="BACKEND", help=d["ner"])
    run.add_argument("--max-bytes", type=int, default=Settings.max_bytes, metavar="N", help=d["max_bytes"])
    run.add_argument("--batch-size", type=int, default=Settings.batch_size, metavar="N", help=d["batch_size"])
    run.add_argument("--workers", "-j", type=int, default=_cores(), metavar="N",
                     help=d["workers"] + f" (here {_cores()})")
    run.add_argument("--doc-timeout", type=float, default=Settings.doc_timeout, metavar="S", help=d["doc_timeout"])
    run.add_argument("--rebuild", action="store_true", help=d["rebuild"])
    run.add_argument("--no-xlsx", dest="xlsx", action="store_false",
                     help="leave out the excel/*.xlsx workbooks (they take about 1 s per 10,000 rows)")
    run.add_argument("--results-cache", metavar="DIR", help=d["results_cache"])
    run.add_argument("--report", action="store_true", help=d["report"])
    _fetch_options(run, d)
    bar = run.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show progress")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show progress")

    fetch = sub.add_parser("fetch", help="fetch URLs, sitemaps and feeds into the raw cache only",
                           description="Fetch politely into the raw cache (robots.txt, per-host delay, retries, "
                           "conditional requests), without processing. A later run reads from the cache.",
                           epilog="examples:\n  kommunkollen fetch corpora/lidkoping.yaml\n"
                                  "  kommunkollen fetch https://example.se/sitemap.xml --cache corpora/ex/raw",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    fetch.add_argument("inputs", nargs="+", metavar="SOURCE", help="URLs, URL lists, sitemaps, feeds, corpus files")
    _fetch_options(fetch, d)

    clean = sub.add_parser("clean", help="print the cleaned main text (and metadata) of documents",
                           description="Print or write the cleaned main text of files, directories, URLs, "
                           "URL lists and corpus files, exactly as 'run' sees it; --format json adds the "
                           "metadata (title, published, author, municipality, document type, ...).",
                           epilog="examples:\n  kommunkollen clean page.html\n"
                                  "  kommunkollen clean https://www.example.se/nyheter/a --format json\n"
                                  "  kommunkollen clean nyheter/ --format json > nyheter.jsonl\n"
                                  "  kommunkollen clean nyheter/ --out texter/     (one file per document)",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    clean.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, URLs or corpus files")
    clean.add_argument("--out", "-o", metavar="PATH", help="write to PATH instead of standard output: a file for "
                       "one document, else a directory with one file per document")
    clean.add_argument("--format", choices=("txt", "json"), default="txt",
                       help="txt: the text; json: one JSON object per document with the metadata (JSON lines "
                       "on standard output)")
    clean.add_argument("--max-bytes", type=int, default=Settings.max_bytes, metavar="N", help=d["max_bytes"])
    _fetch_options(clean, d)

    ner = sub.add_parser("ner", help="tag pre-tokenised text (JSON lines or CoNLL-U) with PER, LOC, ORG",
                         description="Read pre-tokenised sentences on standard input and write them with IOB2 "
                         "tags on standard output: JSON lines {\"id\": ..., \"tokens\": [...]} in, the same "
                         "with \"tags\" out; or CoNLL-U with the tag in MISC as NER=B-PER.",
                         epilog='example:\n  echo \'{"id": 1, "tokens": ["Anna", "Ek", "bor", "i", "Lund", "."]}\' '
                                "| kommunkollen ner", formatter_class=argparse.RawDescriptionHelpFormatter)
    ner.add_argument("--format", choices=("jsonl", "conllu"), default="jsonl")
    ner.add_argument("--ner", default=Settings.ner, metavar="BACKEND", help=d["ner"])

    ev = sub.add_parser("evaluate-ner", help="precision, recall and F1 per label on a tagged corpus file",
                        description="Score the NER (backend plus rule layer) entity by entity on an IOB2, "
                        "CoNLL-U or column file, with 95%% bootstrap intervals.")
    ev.add_argument("file", metavar="FILE", help="IOB2 (.iob2), CoNLL-U (.conllu) or token/tag columns")
    ev.add_argument("--ner", default=Settings.ner, metavar="BACKEND", help=d["ner"])
    ev.add_argument("--layer", choices=("both", "ner", "rules"), default="both",
                    help="both: the NER backend with the municipal rule layer (what 'run' uses); ner: the "
                    "statistical model alone; rules: the rule layer alone")
    ev.add_argument("--json", metavar="OUT", help="also write the figures as JSON to OUT")

    parse = sub.add_parser(
        "parse", help="tag, lemmatise and parse text into CoNLL-U (with the NER tag in MISC)",
        description="Annotate plain text, or JSON lines {\"id\": ..., \"text\": ...}, with the shipped model: "
        "CoNLL-U on standard output with lemma, UPOS, XPOS (SUC tag), features, head and relation; MISC "
        "carries NER=B-PER|I-PER|...|O and TokenRange=START:END (character offsets in the input text). "
        "Sentence boundaries are the pipeline's (the municipal layout rules, then the parser).",
        epilog="examples:\n  echo 'Kommunstyrelsen beslutade i går att bevilja 50 000 kronor.' | kommunkollen parse\n"
               "  kommunkollen parse beslut.txt > beslut.conllu\n  kommunkollen parse --format jsonl docs.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parse.add_argument("file", nargs="?", default="-", metavar="FILE", help="input file (default: standard input)")
    parse.add_argument("--format", choices=("auto", "text", "jsonl"), default="auto",
                       help="auto: JSON lines if the first line is a JSON object, else text")
    parse.add_argument("--ner", default=Settings.ner, metavar="BACKEND", help=d["ner"])

    evp = sub.add_parser(
        "evaluate-parse", help="UPOS, XPOS, UFeats, lemma, UAS and LAS on a gold CoNLL-U file",
        description="Annotate the sentences of a gold CoNLL-U file from its own tokens and sentence boundaries "
        "and score the model token by token, with 95%% bootstrap intervals (resampling sentences). LAS "
        "compares the universal part of the relation (nsubj:pass = nsubj), as the CoNLL 2018 scorer does.",
        epilog="example:\n  kommunkollen evaluate-parse ../shared/data/ud-sv-talbanken/sv_talbanken-ud-test.conllu",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    evp.add_argument("file", metavar="FILE.conllu")
    evp.add_argument("--ner", default=Settings.ner, metavar="BACKEND", help=d["ner"])
    evp.add_argument("--map-v1", action="store_true", help="the file has UD v1 labels: map them to v2 first "
                     "(data/ud_v1_to_v2.tsv), as for the training treebank")
    evp.add_argument("--json", metavar="OUT", help="also write the figures as JSON to OUT")

    tr = sub.add_parser("train", help="train the shipped model from the public corpora (make train)",
                        description="Prepare the tagged corpora, train floret vectors on the raw Swedish text, "
                        "train the spaCy NER with pipeline/kommunkollen/nlp/ner.cfg (optionally after pretraining its "
                        "tok2vec, --pretrain-words), map the treebanks (UD Talbanken 2015 to UD v2, SweLL) and train "
                        "tagger, morphologizer and parser with pipeline/kommunkollen/nlp/syntax.cfg, add the "
                        "lemmatizer, and package the whole into models/.",
                        epilog="example:\n  kommunkollen train --data ../shared/data --work build/train",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    tr.add_argument("--data", default="../shared/data", metavar="DIR", help="directory with the corpora")
    tr.add_argument("--work", default="build/train", metavar="DIR", help="intermediate files")
    tr.add_argument("--out", default=None, metavar="DIR", help="model directory (default: models/sv_kommunkollen of the source checkout, else ./models/...)")
    tr.add_argument("--mix", default=None, help="languages of the training mix, e.g. sv,no,da,en (default: the "
                    "shipped model's, train.DEFAULT_MIX)")
    tr.add_argument("--seed", type=int, default=13)
    tr.add_argument("--no-vectors", action="store_true", help="skip the floret vectors")
    tr.add_argument("--max-steps", type=int, default=None, help="override the config's training.max_steps")
    tr.add_argument("--limit", type=int, default=0, help="sentences per corpus (0 = all; for smoke tests)")
    tr.add_argument("--vector-lines", type=int, default=0, help="raw-text lines per file (0 = all)")
    tr.add_argument("--pretrain-words", type=int, default=None, metavar="N",
                    help="words of raw text to pretrain the tok2vec on (default: train.PRETRAIN_WORDS; 0 = none)")
    tr.add_argument("--ner-from", default=None, metavar="MODEL_DIR",
                    help="take the NER and its vectors from this model instead of training them (the syntax "
                    "layer alone is trained)")
    tr.add_argument("--syntax-steps", type=int, default=None, metavar="N",
                    help="override syntax.cfg's training.max_steps")
    tr.add_argument("--augment", type=int, default=None, metavar="N",
                    help="copies of the Swedish sentences with their entities replaced (default: "
                    "train.AUGMENT_COPIES; 0 = none)")

    rep = sub.add_parser("report", help="write the HTML report of a finished run (OUT/report/index.html)",
                         description="Static HTML over a run's files: an overview (documents, money by year "
                         "and recipient, organisational changes, people, errors), one page per document with "
                         "its records marked in the text, and one per person or organisation. It opens from "
                         "disk, with no server and no network.")
    rep.add_argument("out", metavar="OUT", help="the --out directory of a finished `kommunkollen run`")
    rep.add_argument("--dest", metavar="DIR", help="where to write the report (default OUT/report)")
    rep.add_argument("--page-size", type=int, default=100, metavar="N",
                     help="rows per page of the lists of documents, people and changes (default 100)")

    sub.add_parser("errors", help="list the error codes of errors.csv")
    return p


def _cores() -> int:
    """The cores this process may run on (its affinity, which containers and taskset narrow),
    not every core of the machine."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):   # not on Linux
        return os.cpu_count() or 1


def _fetch_options(p: argparse.ArgumentParser, d: dict) -> None:
    g = p.add_argument_group("fetching")
    g.add_argument("--contact", default=Settings.contact_url, metavar="URL", help=d["contact_url"])
    g.add_argument("--delay", type=float, default=Settings.fetch_delay, metavar="S", help=d["fetch_delay"])
    g.add_argument("--cache", default=Settings.cache_dir, metavar="DIR", help=d["cache_dir"])
    g.add_argument("--revalidate", action="store_true",
                   help="send a conditional request for every cached URL, however fresh")
    g.add_argument("--request-log", metavar="FILE", help=d["request_log"])
    g.add_argument("--allow-private-hosts", action="store_true", help=d["allow_private_hosts"])
    g.add_argument("--allow-network", dest="allowed_networks", action="append", default=[], metavar="CIDR",
                   help=d["allowed_networks"] + " May be given more than once.")


def _networks(given: list[str]) -> list[str]:
    import ipaddress

    for net in given:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError as exc:
            raise UserError(f"--allow-network {net}: not an address or network ({exc})") from exc
    return given


def _settings(args, **extra) -> Settings:
    if getattr(args, "delay", 1.0) < 0:
        raise UserError("--delay cannot be negative")
    fetch = {}
    if hasattr(args, "contact"):
        fetch = {"contact_url": args.contact, "fetch_delay": args.delay, "cache_dir": args.cache,
                 "request_log": args.request_log, "allow_private_hosts": args.allow_private_hosts,
                 "allowed_networks": tuple(_networks(args.allowed_networks))}
        if args.revalidate:
            fetch["revalidate_after"] = 0.0
    return Settings(**fetch, **extra)


def _cmd_fetch(args) -> int:
    from collections import Counter

    from kommunkollen.fetch import fetch_corpus, plan_sources

    settings = _settings(args)
    sources = [s for s in plan_sources(args.inputs, settings) if s.kind == "url" or s.error]
    outcome: Counter = Counter()
    for source in sources:
        try:
            outcome[fetch_corpus(source)] += 1
        except DocumentError as exc:
            outcome["failed"] += 1
            print(f"kommunkollen: {exc.code} {source.display}: {redact_urls(exc.message)}", file=sys.stderr)
    print(f"kommunkollen fetch: {len(sources)} URLs: {outcome['fetched']} fetched, {outcome['revalidated']} "
          f"not modified, {outcome['cached']} fresh in cache, {outcome['failed']} failed", file=sys.stderr)
    return ExitCode.OK if not sources or outcome["failed"] < len(sources) else ExitCode.NOTHING_PROCESSED


def _cmd_run(args) -> int:
    from kommunkollen.runner import run_pipeline

    if args.max_bytes <= 0 or args.batch_size <= 0 or args.doc_timeout < 0 or args.workers <= 0:
        raise UserError("--max-bytes, --batch-size and --workers must be positive numbers, --doc-timeout 0 or more")
    settings = _settings(args, ner=args.ner, max_bytes=args.max_bytes, batch_size=args.batch_size,
                         doc_timeout=args.doc_timeout,
                         progress=args.progress, rebuild=args.rebuild, results_cache=args.results_cache,
                         xlsx=args.xlsx, report=args.report, workers=args.workers)
    summary = run_pipeline(args.inputs, args.out, settings)
    if summary.total == 0:
        print(f"kommunkollen: no documents to process ({_SUFFIXES} files are read); {args.out} was left "
              "as it was", file=sys.stderr)
        return ExitCode.NOTHING_PROCESSED
    records = ", ".join(f"{k} {v}" for k, v in summary.records.items())
    dupes = f", {summary.duplicates} duplicates of earlier ones" if summary.duplicates else ""
    print(f"kommunkollen: {summary.ok} documents ok ({summary.processed} processed, {summary.reused} from cache"
          f"{dupes}), {summary.failed} failed -> {summary.out}", file=sys.stderr)
    print(f"records: {records}", file=sys.stderr)
    if summary.failed:
        codes = ", ".join(f"{c} x{n}" for c, n in sorted(summary.errors.items()))
        print(f"errors ({codes}): see {summary.out / 'errors.csv'}", file=sys.stderr)
    if summary.ok == 0:
        print("kommunkollen: no document could be processed", file=sys.stderr)
        return ExitCode.NOTHING_PROCESSED
    return ExitCode.OK


_SUFFIXES = ", ".join(Settings.text_suffixes)


def _cmd_clean(args) -> int:
    from kommunkollen.clean import clean_document
    from kommunkollen.fetch import plan_sources, read_source
    from kommunkollen.resources import check_data
    from kommunkollen.schema import RECORD_TABLES

    if args.max_bytes <= 0:
        raise UserError("--max-bytes must be a positive number")
    check_data()
    settings = _settings(args, max_bytes=args.max_bytes)
    sources = plan_sources(args.inputs, settings)
    if not sources:
        print(f"kommunkollen: no documents to clean ({_SUFFIXES} files are read)", file=sys.stderr)
        return ExitCode.NOTHING_PROCESSED
    out = Path(args.out) if args.out else None
    to_dir = out is not None and (out.is_dir() or args.out.endswith(("/", "\\")) or len(sources) > 1)
    if to_dir:
        out.mkdir(parents=True, exist_ok=True)
    done, used_names = 0, set()
    for source in sources:
        try:
            document = clean_document(read_source(source, settings), settings)
        except DocumentError as exc:
            print(f"kommunkollen: {exc.code} {source.display}: {redact_urls(exc.message)}", file=sys.stderr)
            continue
        done += 1
        if args.format == "json":
            obj = document.to_json()
            for table in RECORD_TABLES:
                obj.pop(table.name)
            body = json.dumps(obj, ensure_ascii=False) + "\n"
        else:
            body = document.text + "\n"
        if out is None:
            if args.format == "txt" and len(sources) > 1:
                body = f"==> {document.source} <==\n{body}\n"
            sys.stdout.write(body)
            continue
        target = out
        if to_dir:
            name = Path(document.source.split("?")[0].rstrip("/")).stem or "document"
            if name in used_names:
                name = f"{name}-{document.doc_id}"
            used_names.add(name)
            target = out / f"{name}.{args.format}"
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(target)
    if done == 0:
        print("kommunkollen: no document could be cleaned", file=sys.stderr)
        return ExitCode.NOTHING_PROCESSED
    return ExitCode.OK


def _cmd_ner(args) -> int:
    from kommunkollen.tagging import Tagger

    tagger = Tagger(Settings(ner=args.ner))
    if args.format == "jsonl":
        for n, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                tokens = [str(t) for t in item["tokens"]]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise UserError(f"line {n}: expected a JSON object with a 'tokens' list ({exc})") from exc
            item["tags"] = tagger.tag(tokens)
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        return 0
    block: list[str] = []

    def flush():
        rows = [line.split("\t") for line in block if line and not line.startswith("#")]
        words = [r for r in rows if len(r) >= 10 and r[0].isdigit()]
        tags = iter(tagger.tag([r[1] for r in words]))
        for line in block:
            cols = line.split("\t")
            if len(cols) >= 10 and cols[0].isdigit():
                misc = [p for p in cols[9].split("|") if p and p != "_" and not p.startswith("NER=")]
                cols[9] = "|".join([*misc, f"NER={next(tags)}"])
                line = "\t".join(cols)
            sys.stdout.write(line + "\n")
        sys.stdout.write("\n")
        block.clear()

    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.strip():
            block.append(line)
        elif block:
            flush()
    if block:
        flush()
    return 0


def _cmd_evaluate_ner(args) -> int:
    from kommunkollen.nlp.corpora import read_tagged
    from kommunkollen.nlp.loading import base_pipeline
    from kommunkollen.tagging import ModelTagger, Tagger, evaluate

    if not Path(args.file).is_file():
        raise UserError(f"not a file: {args.file}")
    sentences = list(read_tagged(args.file))
    if not sentences:
        raise UserError(f"{args.file}: no tagged sentences found (see 'kommunkollen evaluate-ner --help')")
    if args.layer == "ner":
        tagger = ModelTagger(base_pipeline(Settings(ner=args.ner)))
    else:
        tagger = Tagger(Settings(ner="rules" if args.layer == "rules" else args.ner))
    result = evaluate(tagger, sentences)
    result["file"] = args.file
    result["backend"] = args.ner
    result["layer"] = args.layer
    print(f"{'label':6} {'P':>6} {'R':>6} {'F1':>6}  95% CI        tp/fp/fn")
    for label, v in result["labels"].items():
        ci = v["f1_ci95"] or ["-", "-"]
        print(f"{label:6} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f}  {ci[0]}–{ci[1]}  "
              f"{v['tp']}/{v['fp']}/{v['fn']}")
    m = result["micro"]
    print(f"{'micro':6} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}  {m['f1_ci95'][0]}–{m['f1_ci95'][1]}"
          f"  (PER, LOC, ORG; {result['sentences']} sentences)")
    if args.json:
        _write_json(Path(args.json), result)
    return 0


def _write_json(out: Path, result: dict) -> None:
    """The figures as JSON, written atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out)


def _parse_pipeline(ner: str):
    from kommunkollen.nlp.loading import load_nlp

    nlp = load_nlp(Settings(ner=ner))
    nlp.remove_pipe("kk_municipal_layer")   # records are not part of CoNLL-U
    return nlp


def _cmd_parse(args) -> int:
    from kommunkollen.nlp.parsing import decode_lines, parse, read_items, require_syntax

    name = "<stdin>" if args.file == "-" else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {name}: {exc.strerror or exc}") from exc
    items = list(read_items(decode_lines(data, name), name, args.format))
    nlp = _parse_pipeline(args.ner)
    require_syntax(nlp, "parse")
    for block in parse(nlp, items):
        sys.stdout.write(block)
    return 0


def _cmd_evaluate_parse(args) -> int:
    from kommunkollen.nlp.parsing import evaluate_file, require_syntax
    from kommunkollen.nlp.train_syntax import TRAIN_FEATURES

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"not a file: {args.file}")
    nlp = _parse_pipeline(args.ner)
    require_syntax(nlp, "evaluate-parse")
    result = evaluate_file(nlp, path, map_v1=args.map_v1, shared_feats=TRAIN_FEATURES)
    result["backend"] = args.ner
    print(f"{'metric':26} {'accuracy':>8}  95% CI")
    for metric, v in result["metrics"].items():
        print(f"{metric:26} {v['accuracy']:8.4f}  {v['ci95'][0]:.4f}–{v['ci95'][1]:.4f}")
    print(f"({result['sentences']} sentences, {result['tokens']} tokens; UFeats (shared features): only "
          f"{', '.join(TRAIN_FEATURES)}, the features the training treebank annotates)")
    if args.json:
        _write_json(Path(args.json), result)
    return 0


def _cmd_train(args) -> int:
    from kommunkollen.nlp import train
    from kommunkollen.resources import MODEL_CANDIDATES, MODEL_NAME

    data = Path(args.data)
    if not data.is_dir():
        raise UserError(f"no data directory {data} (see models/README.md for where to get the corpora)")
    mix = tuple(m.strip() for m in args.mix.split(",") if m.strip()) if args.mix else train.DEFAULT_MIX
    # Default: the repository's models/ folder in a source checkout, else ./models/.
    checkout_model = MODEL_CANDIDATES[1]
    target = Path(args.out) if args.out else (
        checkout_model if checkout_model.parent.is_dir() else Path("models") / MODEL_NAME)
    summary = train.run_all(data, Path(args.work), target, mix=mix,
                            seed=args.seed, use_vectors=not args.no_vectors, max_steps=args.max_steps,
                            limit=args.limit, vector_lines=args.vector_lines,
                            pretrain_words=train.PRETRAIN_WORDS if args.pretrain_words is None else args.pretrain_words,
                            augment=train.AUGMENT_COPIES if args.augment is None else args.augment,
                            ner_from=Path(args.ner_from) if args.ner_from else None,
                            syntax_steps=args.syntax_steps)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def _cmd_report(args) -> int:
    from kommunkollen.report import build_report

    summary = build_report(args.out, args.dest, page_size=args.page_size)
    print(f"kommunkollen report: {summary.documents} documents, {summary.actors} people and organisations, "
          f"{summary.errors} errors, {summary.pages} pages -> {summary.path / 'index.html'}", file=sys.stderr)
    return ExitCode.OK


def _cmd_errors(_args) -> int:
    for code, text in ERROR_CODES.items():
        print(f"{code}  {text}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    _log_warnings_to_stderr()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, Terminated.handler)
        signal.signal(signal.SIGINT, Terminated.handler)
    try:
        commands = {"run": _cmd_run, "fetch": _cmd_fetch, "clean": _cmd_clean, "ner": _cmd_ner,
                    "evaluate-ner": _cmd_evaluate_ner, "parse": _cmd_parse,
                    "evaluate-parse": _cmd_evaluate_parse, "train": _cmd_train, "report": _cmd_report,
                    "errors": _cmd_errors}
        return int(commands[args.command](args))
    except UserError as exc:
        print(f"kommunkollen: error: {exc}", file=sys.stderr)
        return ExitCode.USER_ERROR
    except SetupError as exc:
        print(f"kommunkollen: set-up error: {exc}", file=sys.stderr)
        return ExitCode.SETUP
    except Terminated:
        print("kommunkollen: terminated (SIGTERM); the previous output is unchanged, finished documents "
              "are kept for the next run", file=sys.stderr)
        return ExitCode.TERMINATED
    except KeyboardInterrupt:
        print("kommunkollen: interrupted; the previous output is unchanged", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except OSError as exc:
        if exc.errno not in DISK_ERRORS:
            raise
        # Writers the failure left half-closed (a zip file's, a Parquet file's) complain as they are collected: the
        # one line below says all there is to say.
        sys.unraisablehook = lambda _unraisable: None
        gc.collect()
        where = f" writing {exc.filename}" if exc.filename else ""
        print(f"kommunkollen: error: {exc.strerror or exc}{where}; free space (or choose another --out) and "
              "run again: the previous output is unchanged and finished documents are kept", file=sys.stderr)
        return ExitCode.USER_ERROR
    except BrokenPipeError:   # `kommunkollen clean dir/ | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.BROKEN_PIPE


def _log_warnings_to_stderr() -> None:
    """The package warns through logging ("kommunkollen" logger); the command shows the warnings."""
    logger = logging.getLogger("kommunkollen")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("kommunkollen: warning: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
