"""A fast path for large files: a Rust YAML parser, used only where it provably agrees.

:mod:`tui.core.yamlsafe` is the reference reader: exact semantics and positions, but it runs
Python code for every scalar. ``yaml_rs`` (a Rust parser) builds the same plain data
several times faster. It reads YAML 1.2 and types plain scalars (numbers, booleans), while
the reference reads YAML 1.1 syntax and keeps every scalar as the text that was written. A
result from ``yaml_rs`` is therefore accepted only when it must be what the reference reader
would build:

* text where the two grammars part ways is not tried: tags (``!``), merge keys (``<<``),
  directives, document end markers (``...``), tabs, aliases, characters PyYAML refuses or
  reads as line breaks (U+0085, U+2028, U+2029), ``\\u`` escapes of surrogates, anchor names
  PyYAML would cut short, a ``?``, ``:``, ``|`` or ``>`` starting a scalar inside ``[...]``
  or ``{...}``, and an empty block scalar at the very end;
* the result must be one mapping (more than one document gives a list); every value must be
  ``str``, ``None``, ``list`` or ``dict``, with text keys, nested no deeper than the
  reference allows. An integer is turned back into its text only when no integer in the
  file is written other than in plain decimal (:func:`integers_are_verbatim`): ``2014`` may
  be read as 2014, but ``007``, ``-0``, ``+5``, ``1_000`` or ``0x1F`` mean the file is read
  by the reference reader. Any other typed value (a float, a boolean) means the same;
* duplicate keys, bad syntax, too many aliases: any error at all, and the reference reader
  runs instead and produces the positioned message.

So the validator only ever sees what the reference reader produces: text, ``None``, lists
and mappings. The differential property test in ``tests/test_yaml_paths.py`` checks that
both readers give the same timeline, or the same errors, for generated documents written in
every scalar style.
"""

from __future__ import annotations

import re
from typing import Any, Final

from .yamlsafe import MAX_DEPTH, Data

try:
    import yaml_rs
except ImportError:  # pragma: no cover - an optional accelerator
    yaml_rs = None  # type: ignore[assignment]

MIN_BYTES = 64 * 1024
"""Below this the reference reader is fast enough, and one path is simpler to reason about."""

# The characters the reference reader refuses (yamlsafe.UNREADABLE) or, as YAML 1.1, reads as line
# breaks where YAML 1.2 reads text (U+0085, U+2028, U+2029), found in the UTF-8 bytes: a C0
# control or DEL is a byte of its own there, the rest are the sequences below. Scanning bytes
# for literals is several times faster than a character class over the text.
_PRINTABLE_BYTES: Final = bytes([9, 10, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
_NOT_SHARED_SEQUENCES: Final = tuple(
    re.compile(pattern)
    for pattern in (rb"\xc2[\x80-\x9f]", rb"\xe2\x80[\xa8\xa9]", rb"\xef\xbf[\xbe\xbf]")
)
# a tag: '!' where a node may start
_TAG = re.compile(r"!(?<![^\s\[{,:?-]!)")
# "\ud83d\ude00" is one character to YAML 1.2 and an error to PyYAML
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")
# An alias, where a node may start. yaml_rs reads an alias inside the collection it names as
# null where the reference refuses it; rather than prove that no alias does that, a file with
# aliases is left to the reference reader.
_ALIAS = re.compile(r"\*(?<![^\s\[{,]\*)[^\s,\[\]{}]")
# PyYAML ends an anchor name at the first character outside [0-9A-Za-z_-]; YAML 1.2 only at a
# space or a flow indicator
_ODD_ANCHOR = re.compile(r"&(?<![^\s\[{,]&)[0-9A-Za-z_-]*+(?![\s,\]}]|\Z)")
# Inside [...] and {...} PyYAML takes '?' and ':' as indicators wherever a scalar could
# start, refuses '|' and '>' there and ':' right before a flow indicator or '?'; yaml_rs reads them
# all as text. Such a character is looked for where a scalar may start: after '[', '{' or
# ',', or after ':' (with or without a space: '"":|' is a value after a quoted key) unless a
# block scalar header starts there, which covers a mapping value in flow context too; an
# anchor may come between. Each scan starts at the character.
_INDICATOR_AFTER_GAP = {
    c: re.compile(re.escape(c) + rf"(?<=[ \t\r\n\[{{,:]{re.escape(c)})") for c in "?:|>"
}
_BLOCK_HEADER_REST = re.compile(r"[-+0-9]*+(?:[ \t]++#|[ \t]*+(?:\r|\n|\Z))")
_ANCHOR_NAME_CHARS: Final = frozenset(
    "-_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_COLON_BEFORE_FLOW = re.compile(r":[,\]}?]")
# A block scalar header ('|', '>-', '|2 # a note') ending a line. Inside [...] or {...}
# PyYAML refuses it and yaml_rs reads it as text that then starts the value, something a
# block scalar's own text rarely does; where headers occur, such a value is not trusted.
_BLOCK_HEADERS = {
    c: re.compile(rf"\{c}(?<=[ \t]\{c})[-+0-9]*+(?:[ \t]++#[^\r\n]*+)?[ \t]*+[\r\n]") for c in "|>"
}
# yaml_rs reads an empty block scalar at the very end of the text as "\n", PyYAML as ""
_BLOCK_HEADER_AT_END = re.compile(r"[|>][-+0-9]*+(?:[ \t]+#[^\r\n]*)?\Z")

# Integers whose decimal form is not how they were written. yaml_rs reads as an integer any
# plain scalar of an optional sign and digits, or 0x, 0o, 0b and digits, with underscores
# anywhere (``_1`` is 1); a scalar is such a token between a boundary (a space, a line
# start, '[', '{', ',', or the ':' after a quoted key) and a space, a flow indicator or a
# ': '. The odd ones start with '+', hold a '_', have a leading zero or are '-0'.
_BOUNDARY_BEFORE = r"(?:(?<=[\s\ufeff\[{,]{lead})|(?<=[\"'\]}\[{,]:{lead}))"
_BOUNDARY_AFTER = r"(?=\s|[,\]}]|:(?:[\s,\[\]{}]|\Z)|\Z)"
_TOKEN_TAIL = r"[0-9A-Za-z_]"
_ODD_TOKEN = re.compile(
    rf"(?:\+[0-9_]{_TOKEN_TAIL}*+|-?_{_TOKEN_TAIL}*+|-?0{_TOKEN_TAIL}++|-0"
    rf"|-?[1-9][0-9]*+_{_TOKEN_TAIL}*+){_BOUNDARY_AFTER}"
)
"""A whole odd integer token at a given position."""
# Three scans that each start at a literal character are far faster than one that would
# have to try every boundary in the file.
_ODD_AFTER_PLUS = re.compile(
    r"\+" + _BOUNDARY_BEFORE.replace("{lead}", r"\+") + rf"[0-9_]{_TOKEN_TAIL}*+{_BOUNDARY_AFTER}"
)
_ODD_LEADING_ZERO = re.compile(
    "0(?:"
    + _BOUNDARY_BEFORE.replace("{lead}", "0")
    + f"{_TOKEN_TAIL}++|"
    + _BOUNDARY_BEFORE.replace("{lead}", "-0")
    + f"{_TOKEN_TAIL}*+){_BOUNDARY_AFTER}"
)
_UNDERSCORE_TO_END = re.compile(rf"_{_TOKEN_TAIL}*+{_BOUNDARY_AFTER}")
_TOKEN_CHARS: Final = frozenset("+-_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PLAIN_BEFORE: Final = frozenset(" \t\r\n\x0b\x0c\ufeff[{,")
_QUOTED_KEY_END: Final = frozenset("\"']}[{,")

_TEXT: Final = frozenset({str, type(None)})
_KEYS: Final = frozenset({str})


def available() -> bool:
    return yaml_rs is not None


def _starts_token(text: str, start: int) -> bool:
    """True when a plain scalar may begin at ``text[start]`` (see the boundaries above)."""
    if start == 0:
        return True
    before = text[start - 1]
    if before in _PLAIN_BEFORE:
        return True
    return before == ":" and start >= 2 and text[start - 2] in _QUOTED_KEY_END


def integers_are_verbatim(text: str) -> bool:
    """True when every integer in ``text`` is written in plain decimal (so ``str(n)`` is it).

    Cautious: a token that only looks like an odd integer (in a comment, inside a longer
    scalar) also answers False, which costs speed, never correctness.
    """
    if _ODD_TOKEN.match(text):
        return False
    if "+" in text and _ODD_AFTER_PLUS.search(text):
        return False
    if _ODD_LEADING_ZERO.search(text):
        return False
    if "_" in text:
        for found in _UNDERSCORE_TO_END.finditer(text):
            start = found.start()
            while start > 0 and text[start - 1] in _TOKEN_CHARS:
                start -= 1
            if _starts_token(text, start) and _ODD_TOKEN.match(text, start):
                return False
    return True


class _Typed(Exception):
    """A value that the reference reader would have kept as text cannot be given back."""


def _as_text(root: Any, text: str) -> bool:
    """Make ``root`` what the reference reader builds, in place; False when it cannot be.

    Every container is checked with C-level type scans; only one that holds a typed value
    is walked again to put each integer's text in its place.
    """
    text_only = _TEXT.issuperset
    text_keys = _KEYS.issuperset
    holders: list[dict[Any, Any] | list[Any]] = []  # containers holding a typed scalar

    def walk(node: dict[Any, Any] | list[Any], depth: int) -> None:
        if depth > MAX_DEPTH:  # the data is as deep as the text, or deeper through aliases
            raise _Typed
        if type(node) is dict:
            if not text_keys(map(type, node)):
                raise _Typed
            values: Any = node.values()
        else:
            values = node
        if text_only(map(type, values)):
            return
        typed = False
        for value in values:
            kind = type(value)
            if kind is str:
                continue
            if kind is list or kind is dict:
                walk(value, depth + 1)
            elif value is not None:
                typed = True
        if typed:
            holders.append(node)

    try:
        walk(root, 1)
        if holders:
            _restore_integers(holders, text)
    except _Typed:
        return False
    return True


def _restore_integers(holders: list[dict[Any, Any] | list[Any]], text: str) -> None:
    """Replace each integer in ``holders`` by its text; :class:`_Typed` when that is unsure."""
    if not integers_are_verbatim(text):
        raise _Typed

    def restored(value: Any) -> Any:
        if type(value) is str or type(value) is dict or type(value) is list or value is None:
            return value
        if type(value) is not int:  # a float, a boolean
            raise _Typed
        try:
            return str(value)
        except ValueError:  # more digits than Python converts to text
            raise _Typed from None

    for node in holders:
        if type(node) is dict:
            for key, value in node.items():
                node[key] = restored(value)
        else:
            node[:] = map(restored, node)


def _has_unshared_characters(text: str) -> bool:
    """True when ``text`` holds U+0085, U+2028, U+2029 or a character that
    :data:`tui.core.yamlsafe.UNREADABLE` matches (its fast equivalent)."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return True
    if raw.translate(None, _PRINTABLE_BYTES):
        return True
    return not text.isascii() and any(seq.search(raw) for seq in _NOT_SHARED_SEQUENCES)


def _may_differ(text: str) -> bool:
    """True when ``text`` uses something the two readers could read differently."""
    # one-character searches first: they are several times faster than two-character ones
    if "\t" in text or ("<" in text and "<<" in text):
        return True
    if "%" in text and (text.startswith("%") or "\n%" in text):
        return True
    if "!" in text and _TAG.search(text):
        return True
    if _has_unshared_characters(text):
        return True
    # a document end marker: yaml_rs reads a file that starts with one, PyYAML does not (more
    # than one document needs no check: yaml_rs then gives a list, not a mapping)
    if text.startswith("...") or "\n..." in text:
        return True
    if "\\" in text and _SURROGATE_ESCAPE.search(text):
        return True
    if "*" in text and _ALIAS.search(text):
        return True
    if "&" in text and _ODD_ANCHOR.search(text):
        return True
    if _COLON_BEFORE_FLOW.search(text) or _indicator_starts_a_scalar(text):
        return True
    return _ends_with_block_header(text)


def _indicator_starts_a_scalar(text: str) -> bool:
    """True when '?', ':', '|' or '>' may start a scalar where PyYAML reads an indicator.

    Cautious: a gap with a line break in it (a comment could hide what comes before) counts.
    """
    for char, pattern in _INDICATOR_AFTER_GAP.items():
        if char not in text:
            continue
        for found in pattern.finditer(text):
            at = found.start()
            before = _before_gap(text, at)
            if before < 0 or text[before] in "[{,":
                return True
            block_header = char in "|>" and _BLOCK_HEADER_REST.match(text, at + 1) is not None
            if text[before] == ":" and not block_header:
                return True
    return False


def _before_gap(text: str, at: int) -> int:
    """Index of the character before the spaces (and an anchor) that precede ``text[at]``,
    or -1 when a line break or the start of the text comes first."""
    index = at - 1
    while True:
        while index >= 0 and text[index] in " \t":
            index -= 1
        if index < 0 or text[index] in "\r\n":
            return -1
        end = index
        while index >= 0 and text[index] in _ANCHOR_NAME_CHARS:
            index -= 1
        if not (end > index >= 0 and text[index] == "&"):
            return end
        index -= 1  # an anchor: look before it


def _ends_with_block_header(text: str) -> bool:
    """True when ``text`` may end in a block scalar header (then followed by blank space)."""
    tail = text[-4096:].rstrip()
    if not tail:  # kilobytes of blank space: not worth a closer look
        return True
    return _BLOCK_HEADER_AT_END.search(tail) is not None


def try_load(text: str) -> Data | None:
    """Plain data from ``text`` when the fast path can be trusted for it, else ``None``.

    The result holds only text, ``None``, lists and mappings with text keys, exactly as
    :func:`tui.core.yamlsafe.load` would build it.
    """
    if yaml_rs is None or len(text) < MIN_BYTES:
        return None
    return _read(text)


def _read(text: str) -> Data | None:
    """:func:`try_load` whatever the size of ``text``."""
    if _may_differ(text):
        return None
    try:
        limits = yaml_rs.AliasLimits(
            max_total_replayed_events=100_000, max_replay_stack_depth=MAX_DEPTH
        )
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
            alias_limits=limits,
        )
    except Exception:  # any complaint: the reference reader will explain it precisely
        return None
    if not isinstance(data, dict) or not _as_text(data, text):
        return None
    if _has_block_headers(text) and _some_text_starts_with(data, ("|", ">")):
        return None
    return data


def _has_block_headers(text: str) -> bool:
    return any(c in text and pattern.search(text) for c, pattern in _BLOCK_HEADERS.items())


def _some_text_starts_with(root: Any, prefixes: tuple[str, ...]) -> bool:
    """True when a text value anywhere in ``root`` starts with one of ``prefixes``."""
    stack = [root]
    while stack:
        node = stack.pop()
        for value in node.values() if type(node) is dict else node:
            if type(value) is str:
                if value.startswith(prefixes):
                    return True
            elif type(value) is dict or type(value) is list:
                stack.append(value)
    return False
