"""Coded errors. A document that cannot be processed gets one of these in the
run's error table (errors.csv) and the run goes on; a user can search the code.

Codes by stage: E1xx fetch/read, E2xx clean, E3xx nlp, E4xx extract,
E5xx normalise, E6xx limits of time and memory, E9xx unexpected internal errors.
"""
from __future__ import annotations

import errno
from enum import IntEnum

# Errors of the disk the outputs and caches are written to: not a document's fault; the run
# stops and says so in one line.
DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


class ExitCode(IntEnum):
    """Exit codes of the `kommunkollen` command (the README lists them)."""

    OK = 0                   # every document was processed or reported in errors.csv
    USER_ERROR = 1           # a mistake in how it was called: a missing input, an unwritable output
    USAGE = 2                # unknown command or option (argparse)
    SETUP = 3                # the installation is broken or a backend is missing: nothing was done
    NOTHING_PROCESSED = 4    # no document could be processed (none found, or every one failed)
    INTERRUPTED = 130        # Ctrl-C; the previous output is unchanged
    TERMINATED = 143         # SIGTERM (128 + 15), handled like Ctrl-C
    BROKEN_PIPE = 141        # the program reading standard output stopped reading (as after SIGPIPE)


ERROR_CODES: dict[str, str] = {
    "E100": "The file could not be read (missing, a directory, or no permission).",
    "E101": "The document is empty.",
    "E102": "The file is binary, not text or a supported document format.",
    "E103": "The document is larger than the configured limit (--max-bytes).",
    "E104": "The file format is not supported.",
    "E105": "The text could not be decoded in any supported encoding.",
    "E110": "The HTML could not be parsed.",
    "E120": "The PDF could not be read or is damaged.",
    "E121": "The PDF has no text layer (a scanned image); run OCR first.",
    "E122": "The DOCX file could not be read or is damaged.",
    "E123": "The archive would expand beyond the limits (a compression bomb, or over --max-bytes).",
    "E124": "The PDF is encrypted and does not open without a password.",
    "E130": "The URL could not be fetched.",
    "E131": "robots.txt forbids fetching this URL.",
    "E132": "The URL's host is a loopback, private, link-local or reserved address (allow with --allow-private-hosts).",
    "E133": "The URL's scheme is not http or https (a redirect to file:, ftp: and the like is refused).",
    "E200": "No main text was left after removing boilerplate.",
    "E300": "The language pipeline failed on this document.",
    "E400": "An extractor failed on this document.",
    "E500": "Normalisation failed on this document.",
    "E600": "The document took longer than the time limit (--doc-timeout) in the stage named.",
    "E601": "The document needed more memory than the machine has.",
    "E900": "Unexpected internal error; please report it with the source.",
}


class DocumentError(Exception):
    """A coded, per-document failure: recorded in errors.csv, the run goes on."""

    def __init__(self, code: str, message: str | None = None, *, stage: str = ""):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        self.code = code
        self.stage = stage
        self.message = message or ERROR_CODES[code]
        super().__init__(f"{code}: {self.message}")

    def __reduce__(self):   # pickled whole between worker processes (--workers)
        return (DocumentError, (self.code, self.message), {"stage": self.stage})


class UserError(Exception):
    """A mistake in how the tool was called (bad path, unwritable output).

    The CLI prints the message as one line with a hint and exits 1.
    """


class SetupError(Exception):
    """The installation cannot run: a resource is missing or damaged, a model will not load, an
    optional backend is not installed. Raised before any work; the CLI prints the message as one
    line saying what to do and exits 3. It is never turned into a per-document error."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that it unwinds as after Ctrl-C: staging removed,
    the previous output intact, finished documents in the cache.

    `handler` serves SIGTERM (raising Terminated) and SIGINT (raising KeyboardInterrupt). An
    exception raised in a finaliser (__del__), or in code that swallows exceptions, is lost,
    and the run would go on as if nothing had happened (seen under load); so the signal is
    also remembered, and `check()`, which the runner calls between documents, raises it."""

    pending: type[KeyboardInterrupt] | None = None

    @classmethod
    def handler(cls, signum, frame):
        import signal

        cls.pending = cls if signum == signal.SIGTERM else KeyboardInterrupt
        if frame is None or frame.f_code.co_name != "__del__":   # raised in a finaliser, it would only be printed
            raise cls.pending

    @classmethod
    def check(cls) -> None:
        if cls.pending is not None:
            raise cls.pending
