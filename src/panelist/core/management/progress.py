"""A progress line for long commands: redrawn in place on a terminal, silent otherwise."""

from __future__ import annotations

from django.core.management.base import OutputWrapper


class ProgressLine:
    def __init__(self, out: OutputWrapper, what: str) -> None:
        self.out = out
        self.what = what
        self.shown = out.isatty()

    def update(self, done: int, total: int) -> None:
        if self.shown and total:
            percent = 100 * done // total
            self.out.write(
                f"\r\x1b[K{self.what}: {percent}% ({done} of {total})", ending="", style_func=_plain
            )
            self.out.flush()

    def clear(self) -> None:
        if self.shown:
            self.out.write("\r\x1b[K", ending="", style_func=_plain)


def _plain(text: str) -> str:
    return text  # not in the error colour Django gives stderr on a terminal
