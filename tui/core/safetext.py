"""Outside text made safe for a terminal: the one definition of what may reach the screen.

Text from event files, settings, caches, file names and what the user types is data. Written
raw to a terminal, a control character is an instruction: ``ESC ] 52`` writes the reader's
clipboard, ``ESC ] 0`` retitles the window, ``ESC [ 2J`` clears it, ``ESC ] 8`` makes a live
hyperlink, and the bidi overrides (U+202A-U+202E, U+2066-U+2069) reorder what is shown so a
line reads differently from what it contains.

The unsafe characters are:

* C0 controls other than tab and newline (U+0000-U+001F), DEL (U+007F) and the C1 controls
  (U+0080-U+009F, which some terminals read as ``ESC`` plus a letter: U+009B is ``CSI``);
* the bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069.

The loader refuses them in every text field (with the position of the character); this
module is the defence in depth at the places where text meets a terminal: the command
line's output streams, JSON output and the explorer's widgets all pass text through here.
"""

from __future__ import annotations

import re
from typing import Final

_UNSAFE_CLASS: Final = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
UNSAFE: Final = re.compile(f"[{_UNSAFE_CLASS}]")
"""Matches one unsafe character (newline and tab are allowed)."""
UNSAFE_OR_NEWLINE: Final = re.compile(f"[{_UNSAFE_CLASS}\n]")
"""Matches one unsafe character or a newline (for text that must stay on one line)."""

_NAMES: Final = {
    0x00: "NUL",
    0x07: "BEL (bell)",
    0x08: "BS (backspace)",
    0x0B: "VT (vertical tab)",
    0x0C: "FF (form feed)",
    0x0D: "CR (carriage return)",
    0x1B: "ESC (escape)",
    0x7F: "DEL",
    0x85: "NEL (next line)",
    0x9B: "CSI (control sequence introducer)",
    0x9D: "OSC (operating system command)",
    0x202A: "LEFT-TO-RIGHT EMBEDDING",
    0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
}


def first_unsafe(text: str) -> int:
    """Index of the first unsafe character in ``text``, or -1 when there is none."""
    found = UNSAFE.search(text)
    return -1 if found is None else found.start()


def describe_char(char: str) -> str:
    """``U+001B ESC (escape)``: a character named for a message."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None:
        name = "bidi control" if code >= 0x2000 else "control character"
    return f"U+{code:04X} {name}"


def escape_char(char: str) -> str:
    """One unsafe character as visible text: ``\\x1b``, ``\\x9b`` or ``\\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _escape_match(match: re.Match[str]) -> str:
    char = match.group()
    return "\\n" if char == "\n" else escape_char(char)


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every unsafe character replaced by its visible escape.

    Args:
        text: Any text from outside the program.
        one_line: Also show newlines as ``\\n`` (for a list row, a label, a file name).

    Returns:
        Text that a terminal shows as it is and never obeys. Safe text is returned as is
        (one regular-expression scan, no copy).
    """
    pattern = UNSAFE_OR_NEWLINE if one_line else UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape_match, text)


# the unsafe class with CR taken out of its C0 range, and CR back in unless a LF follows
_UNSAFE_BUT_CRLF: Final = re.compile(
    "\r(?!\n)|[" + _UNSAFE_CLASS.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f") + "]"
)


def visible_document(text: str) -> str:
    """A document (iCalendar, CSV) made safe like :func:`visible`, its CRLF line ends kept.

    A carriage return right before a line feed only ends a line; any other is escaped.
    """
    if _UNSAFE_BUT_CRLF.search(text) is None:
        return text
    return _UNSAFE_BUT_CRLF.sub(_escape_match, text)


def strip_unsafe(text: str) -> str:
    """``text`` without its unsafe characters (all of which take no cell on a screen).

    For the last line of defence at the screen, where a replacement must not change the
    width of text that was already laid out.
    """
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub("", text)


_JSON_EXTRA: Final = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(dumped: str) -> str:
    """JSON text (as :func:`json.dumps` wrote it with ``ensure_ascii=False``) made safe.

    :mod:`json` escapes C0 controls but writes DEL, C1 and bidi characters (and U+2028 and
    U+2029, which some JavaScript readers take as line ends) raw. They can only occur
    inside JSON strings, where ``\\uXXXX`` means the same character, so escaping them keeps
    the document's meaning while no terminal can obey them.
    """
    if _JSON_EXTRA.search(dumped) is None:
        return dumped
    return _JSON_EXTRA.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
