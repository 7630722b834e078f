"""A progress line for long commands: redrawn in place on a terminal, silent otherwise."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.management.base import CommandError, OutputWrapper

from panelist.core.errors import DomainError

T = TypeVar("T")


class ProgressLine:
    def __init__(self, out: OutputWrapper, what: str) -> None:
        self.out = out
        self.what = what
        self.shown = out.isatty()

    def update(self, done: int, total: int) -> None:
        if total:
            self.show(f"{self.what}: {100 * done // total}% ({done} of {total})")

    def show(self, text: str) -> None:
        """Redraw the line with ``text`` (a step's own words, when there is no total)."""
        if self.shown:
            self.out.write(f"\r\x1b[K{text}", ending="", style_func=_plain)
            self.out.flush()

    def clear(self) -> None:
        if self.shown:
            self.out.write("\r\x1b[K", ending="", style_func=_plain)


def run_with_progress(
    out: OutputWrapper, what: str, step: Callable[[Callable[[int, int], None]], T]
) -> tuple[T, float]:
    """Run ``step(progress)`` under a progress line on ``out``; return its result and the
    seconds it took. A domain error ends the command with its message (exit status 1)."""
    started = time.monotonic()
    line = ProgressLine(out, what)
    try:
        result = step(line.update)
    except DomainError as error:
        raise CommandError(error.message) from None
    finally:
        line.clear()
    return result, time.monotonic() - started


def _plain(text: str) -> str:
    return text  # not in the error colour Django gives stderr on a terminal
