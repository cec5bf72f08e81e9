"""Bounded time per document: a stage that runs past its limit raises TimeLimitExceeded.

The limit is a real-time interval timer (SIGALRM), so it also stops pure-Python loops and
most library code (a pattern that backtracks, a parser on a hostile file); the runner turns it
into error E600 for that document and goes on. Signals reach only the main thread: elsewhere
(a program that runs Kommunkollen in a thread) the limit is not applied, and each stage's
own bounds (input size, nesting depth, pieces) are what holds.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(Exception):  # noqa: N818  (it reads as what happened)
    """A document took longer than the time limit in one stage."""

    def __init__(self, seconds: float, stage: str):
        self.seconds = seconds
        self.stage = stage
        super().__init__(f"took longer than {seconds:g} s in the {stage} stage (raise it with --doc-timeout)")


def _can_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None, stage: str) -> Iterator[None]:
    """Raise TimeLimitExceeded in the body after `seconds` (None or 0: no limit). Not nestable:
    an inner limit would end the outer one's timer."""
    if not seconds or not _can_time():
        yield
        return

    def expire(_signum, frame):
        # Raised inside a finaliser (__del__), the exception would be swallowed there: fire
        # again in a moment, until the block has ended.
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        if frame is None or frame.f_code.co_name != "__del__":
            raise TimeLimitExceeded(seconds, stage)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = ["TimeLimitExceeded", "time_limit"]
