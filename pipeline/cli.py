"""The `kommunkollen` command: a thin layer over pipeline.run and friends.

Exit codes: 0 the run completed (documents that failed are in errors.csv),
1 a user error (one line saying what to do), 2 a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.errors import ERROR_CODES, DocumentError, UserError
from pipeline.settings import Settings

RUN_EXAMPLES = """examples:
  kommunkollen run corpora/sample --out outputs/sample
  kommunkollen run protokoll.pdf nyheter/ beslut.docx --out out/ --ner rules
  kommunkollen run https://www.lidkoping.se/nyheter/... --out out/ --contact mailto:me@example.org
  kommunkollen run corpora/lidkoping.yaml --out outputs/lidkoping
  kommunkollen run urls.txt --out out/        (a text file with one URL per line)

outputs: documents.jsonl, one CSV per record type, errors.csv, run.json and
datapackage.json in the --out directory, replaced as a whole on each run.
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
    run.add_argument("--rebuild", action="store_true", help=d["rebuild"])
    run.add_argument("--results-cache", metavar="DIR", help=d["results_cache"])
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

    clean = sub.add_parser("clean", help="print the cleaned main text of one document",
                           description="Print (or write) the cleaned main text of one HTML or text file, "
                           "exactly as 'run' sees it.")
    clean.add_argument("page", metavar="PAGE", help="an HTML or text file")
    clean.add_argument("--out", "-o", metavar="FILE", help="write to FILE instead of standard output")

    sub.add_parser("errors", help="list the error codes of errors.csv")
    return p


def _fetch_options(p: argparse.ArgumentParser, d: dict) -> None:
    g = p.add_argument_group("fetching")
    g.add_argument("--contact", default=Settings.contact_url, metavar="URL", help=d["contact_url"])
    g.add_argument("--delay", type=float, default=Settings.fetch_delay, metavar="S", help=d["fetch_delay"])
    g.add_argument("--cache", default=Settings.cache_dir, metavar="DIR", help=d["cache_dir"])
    g.add_argument("--revalidate", action="store_true",
                   help="send a conditional request for every cached URL, however fresh")


def _settings(args, **extra) -> Settings:
    if getattr(args, "delay", 1.0) < 0:
        raise UserError("--delay cannot be negative")
    fetch = {}
    if hasattr(args, "contact"):
        fetch = {"contact_url": args.contact, "fetch_delay": args.delay, "cache_dir": args.cache}
        if args.revalidate:
            fetch["revalidate_after"] = 0.0
    return Settings(**fetch, **extra)


def _cmd_fetch(args) -> int:
    from collections import Counter

    from pipeline.fetch import fetch_corpus, plan_sources

    settings = _settings(args)
    sources = [s for s in plan_sources(args.inputs, settings) if s.kind == "url" or s.error]
    outcome: Counter = Counter()
    for source in sources:
        try:
            outcome[fetch_corpus(source)] += 1
        except DocumentError as exc:
            outcome["failed"] += 1
            print(f"kommunkollen: {exc.code} {source.target}: {exc.message}", file=sys.stderr)
    print(f"kommunkollen fetch: {len(sources)} URLs: {outcome['fetched']} fetched, {outcome['revalidated']} "
          f"not modified, {outcome['cached']} fresh in cache, {outcome['failed']} failed", file=sys.stderr)
    return 0


def _cmd_run(args) -> int:
    from pipeline.run import run_pipeline

    if args.max_bytes <= 0 or args.batch_size <= 0:
        raise UserError("--max-bytes and --batch-size must be positive numbers")
    settings = _settings(args, ner=args.ner, max_bytes=args.max_bytes, batch_size=args.batch_size,
                         progress=args.progress, rebuild=args.rebuild, results_cache=args.results_cache)
    summary = run_pipeline(args.inputs, args.out, settings)
    records = ", ".join(f"{k} {v}" for k, v in summary.records.items())
    print(f"kommunkollen: {summary.ok} documents ok ({summary.processed} processed, {summary.reused} from cache), "
          f"{summary.failed} failed -> {summary.out}", file=sys.stderr)
    print(f"records: {records}", file=sys.stderr)
    if summary.failed:
        codes = ", ".join(f"{c} x{n}" for c, n in sorted(summary.errors.items()))
        print(f"errors ({codes}): see {summary.out / 'errors.csv'}", file=sys.stderr)
    return 0


def _cmd_clean(args) -> int:
    from pipeline.clean import clean_text
    from pipeline.fetch import read_document

    path = Path(args.page)
    if not path.is_file():
        raise UserError(f"not a file: {args.page}")
    try:
        document = read_document(args.page, Settings())
    except DocumentError as exc:
        raise UserError(f"{args.page}: {exc}") from exc
    text, _hints = clean_text(document.content, document.media_type)
    if args.out:
        tmp = Path(args.out).with_name(Path(args.out).name + ".tmp")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(args.out)
    else:
        sys.stdout.write(text + "\n")
    return 0


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
    try:
        commands = {"run": _cmd_run, "fetch": _cmd_fetch, "clean": _cmd_clean, "errors": _cmd_errors}
        return commands[args.command](args)
    except UserError as exc:
        print(f"kommunkollen: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kommunkollen: interrupted; the previous output is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
