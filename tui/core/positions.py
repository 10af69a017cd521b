"""Where a problem is: from a value's path in the document to ``FILE:LINE:COL``.

The validator names problems by path; :func:`locate` asks the
:class:`~tui.core.yamlsafe.Locator` where each path is written and, for a refused
character, walks the scalar's source to the character itself (raw, or written as an escape
in a double-quoted scalar), so a message points where the user must look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import Diagnostic
from .safetext import UNSAFE
from .yamlsafe import LINE_BREAK, DocPath, Locator

MAX_ERRORS = 50
"""Errors reported per file; past this the rest are counted, not listed."""


class Refusal(str):
    """A message refusing a value whole: other problems with the same value are noise."""

    __slots__ = ()


class CharacterRefusal(Refusal):
    """A refusal for one character: :func:`locate` points at the character, not the value."""

    __slots__ = ()


def locate(
    problems: list[tuple[DocPath, bool, str]], locator: Locator, path_label: str
) -> list[Diagnostic]:
    """Turn path-addressed problems into positioned diagnostics, in file order, capped."""
    locator.locate_all((p, k) for p, k, _ in problems)
    lines = _LineStarts(locator.text)
    diags = [
        Diagnostic(
            path_label,
            *(
                _at_character(lines, *locator.locate(p, k))
                if isinstance(message, CharacterRefusal)
                else locator.locate(p, k)
            ),
            message,
        )
        for p, k, message in problems
    ]
    diags.sort(key=lambda d: (d.line, d.column))
    if len(diags) > MAX_ERRORS:
        extra = len(diags) - MAX_ERRORS
        last = diags[MAX_ERRORS - 1]
        diags = [
            *diags[:MAX_ERRORS],
            Diagnostic(path_label, last.line, last.column, f"... and {extra} more errors"),
        ]
    return diags


# A scalar's properties (anchor, tag) and the space or comments after them.
_PROPERTIES = re.compile(r"(?:[&!]\S*(?:\s+#[^\n]*)*\s+)*")
# The pieces of a double-quoted scalar that can put a character into its value.
_QUOTED_PIECE = re.compile(
    r'\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|"|' + UNSAFE.pattern, re.DOTALL
)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "v": "\v", "f": "\f", "r": "\r"}
_ESCAPES |= {"e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029", "_": "\xa0"}
# Raw CR and NEL in the text are line breaks (the reader makes them "\n"), never content.
_RAW_BREAKS = frozenset("\r\x85")


class _LineStarts:
    """Where each line of ``text`` starts, found only as far as a question needs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0]
        self._breaks = LINE_BREAK.finditer(text)

    def offset(self, line: int, column: int) -> int:
        while len(self._starts) < line:
            found = next(self._breaks, None)
            if found is None:
                return len(self.text)
            self._starts.append(found.end())
        return self._starts[line - 1] + column - 1

    def position(self, start: int, line: int, offset: int) -> tuple[int, int]:
        """Line and column of ``offset``, given that ``start`` (on ``line``) precedes it."""
        line_start = self._starts[line - 1]
        for found in LINE_BREAK.finditer(self.text, start, offset):
            line, line_start = line + 1, found.end()
        return line, offset - line_start + 1


def _at_character(lines: _LineStarts, line: int, column: int) -> tuple[int, int]:
    """The position of the first unsafe character of the scalar that starts at line:column.

    The character was written raw (a bidi control: the YAML reader itself refuses raw
    C0 and C1 characters) or as a double-quoted escape (``\\e``, ``\\x9b``, ``\\u202e``,
    ``\\N``). When it cannot be found (a value reached through an alias), the scalar's
    start is the answer.
    """
    text = lines.text
    start = lines.offset(line, column)
    head = _PROPERTIES.match(text, start)
    at = head.end() if head is not None else start
    if at >= len(text) or text[at] == "*":
        return line, column
    found: int | None = None
    if text[at] == '"':
        for piece in _QUOTED_PIECE.finditer(text, at + 1):
            token = piece.group()
            if token == '"':
                break
            if token[0] != "\\":
                char = "" if token in _RAW_BREAKS else token
            elif token[1] in "xuU":
                code = int(token[2:], 16)
                char = chr(code) if code <= 0x10FFFF else ""
            else:
                char = _ESCAPES.get(token[1], "")
            if char and UNSAFE.match(char):
                found = piece.start()
                break
    else:
        for piece in UNSAFE.finditer(text, at):
            if piece.group() not in _RAW_BREAKS:
                found = piece.start()
                break
    if found is None:
        return line, column
    return lines.position(start, line, found)


@dataclass(slots=True)
class Problems:
    """Problems found so far, located lazily (see :class:`~tui.core.yamlsafe.Locator`)."""

    items: list[tuple[DocPath, bool, str]] = field(default_factory=list)
    refused: set[tuple[DocPath, bool]] = field(default_factory=set)

    def add(self, path: DocPath, message: str, *, at_key: bool = False) -> None:
        self.items.append((path, at_key, message))

    def refuse(self, path: DocPath, message: Refusal, *, at_key: bool = False) -> None:
        """Report a value (or key) that is not read at all; see :meth:`settled`."""
        self.refused.add((path, at_key))
        self.items.append((path, at_key, message))

    def settled(self) -> list[tuple[DocPath, bool, str]]:
        """The problems, without those about a value that was refused whole.

        A refused value is still checked by the rest of the validator; what it would say
        (``unknown actor '\\x1b[2J'``) only repeats the refusal at the same place.
        """
        if not self.refused:
            return self.items
        return [
            item
            for item in self.items
            if isinstance(item[2], Refusal) or (item[0], item[1]) not in self.refused
        ]

    def __bool__(self) -> bool:
        return bool(self.items)
