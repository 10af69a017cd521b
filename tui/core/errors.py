"""Diagnostics: precise, positioned messages about a user's file."""

from __future__ import annotations

from dataclasses import dataclass

from .safetext import visible


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in an input file.

    Attributes:
        path: The file's path as the user gave it (shown with its control characters and
            line breaks escaped, so a file's name cannot act on a terminal or forge a line).
        line: 1-based line.
        column: 1-based column.
        message: What is wrong, and what to do about it where we can tell.
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{visible(self.path, one_line=True)}:{self.line}:{self.column}: {self.message}"


class TimelineError(Exception):
    """A file could not be loaded; carries every diagnostic found (up to a cap)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class UsageError(Exception):
    """A command-line argument is wrong (exit status 2)."""
