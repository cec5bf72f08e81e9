"""Every knob of a run: its default and one line of description.

The CLI builds a `Settings` from its options; code reads only this object.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


def _knob(default, description):
    return field(default=default, metadata={"description": description})


@dataclass(frozen=True)
class Settings:
    """Run settings. `describe()` lists them with their descriptions."""

    ner: str = _knob("auto", "NER backend: 'auto' (the shipped model; a set-up error if this installation "
                     "lacks it), 'rules' (the municipal rule layer alone), 'spacy:NAME_OR_PATH' or 'stanza'.")
    max_bytes: int = _knob(10_000_000, "Documents larger than this many bytes get error E103 instead of "
                           "being processed.")
    min_text_chars: int = _knob(1, "Documents with fewer characters of main text get error E200.")
    doc_timeout: float = _knob(300.0, "Seconds one document may take in one stage (reading, cleaning, NLP, "
                               "extraction); past it the document gets error E600 and the run goes on. 0: no limit.")
    batch_size: int = _knob(32, "Documents per batch through the spaCy pipeline.")
    workers: int = _knob(1, "Processes that clean, parse and extract (each batch in one of them); the "
                         "outputs are the same as with 1. The command line's default is the number of cores.")
    text_suffixes: tuple[str, ...] = _knob((".txt", ".html", ".htm", ".xhtml", ".pdf", ".docx"),
                                           "File suffixes read when an input is a directory.")
    rebuild: bool = _knob(False, "Process every document again instead of reusing cached results.")
    results_cache: str | None = _knob(None, "Where per-document results are cached; default OUT/.cache.")
    publish: bool = _knob(True, "Also write Excel copies, Parquet, SQLite and metadata.yml.")
    xlsx: bool = _knob(True, "With publish, also write excel/*.xlsx workbooks (about 1 s per 10,000 rows; "
                       "--no-xlsx leaves them out of large runs).")
    report: bool = _knob(False, "Also write the HTML report (OUT/report/index.html) of the run.")
    progress: bool | None = _knob(None, "Show a progress bar on stderr: None means only on a terminal.")
    # Fetching (kommunkollen fetch, and run with URLs, feeds, sitemaps or corpus files)
    user_agent: str = _knob("Kommunkollen/{version} (+{contact})", "User-Agent sent with every request; "
                            "{version} and {contact} are filled in.")
    contact_url: str = _knob("https://github.com/kommunkollen/kommunkollen",
                             "Where site owners can reach whoever runs the crawl; set your own (--contact).")
    fetch_delay: float = _knob(1.0, "Seconds between two requests to the same host (robots.txt Crawl-delay "
                               "raises it).")
    connect_timeout: float = _knob(10.0, "Seconds to wait for a connection.")
    read_timeout: float = _knob(30.0, "Seconds to wait for each read from the server.")
    fetch_deadline: float = _knob(120.0, "Seconds one response may take in all (slow servers are given up).")
    allow_private_hosts: bool = _knob(False, "Fetch from loopback, private and link-local addresses too (an "
                                      "intranet, a test server); by default they are refused (E132), on every "
                                      "redirect too.")
    allowed_networks: tuple[str, ...] = _knob((), "Addresses or networks (CIDR, e.g. 10.20.0.0/16) fetched from "
                                              "although private: one intranet, not all of them.")
    max_redirects: int = _knob(5, "Redirects followed per URL.")
    max_retries: int = _knob(3, "Retries after 429, 5xx and connection errors, with exponential backoff.")
    backoff: float = _knob(2.0, "First retry waits this many seconds, then twice as long each time "
                           "(a Retry-After header wins).")
    max_backoff: float = _knob(120.0, "Longest wait before a retry, whatever Retry-After says.")
    revalidate_after: float = _knob(3600.0, "Cached responses younger than this many seconds are reused without "
                                    "a request (so an interrupted fetch resumes); older ones are revalidated "
                                    "with a conditional request.")
    request_log: str | None = _knob(None, "Append one JSON line per HTTP request sent (time, URL, status, bytes, "
                                    "seconds) to this file: an audit trail of the crawl.")
    cache_dir: str = _knob("corpora/web/raw", "Where raw responses of ad-hoc URLs are cached; a corpus file "
                           "caches under corpora/<name>/raw/.")

    @property
    def user_agent_string(self) -> str:
        from kommunkollen import __version__
        return self.user_agent.format(version=__version__, contact=self.contact_url)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["text_suffixes"] = list(self.text_suffixes)
        d["allowed_networks"] = list(self.allowed_networks)
        return d

    @classmethod
    def describe(cls) -> dict[str, str]:
        return {f.name: f.metadata["description"] for f in fields(cls)}
