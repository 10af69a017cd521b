"""A safe, strict YAML reader that keeps the user's meaning and knows where everything is.

PyYAML's loaders resolve plain scalars with YAML 1.1 rules (``14:30`` becomes the integer
870, ``no`` becomes ``False``, ``2025-06-24`` a ``date``), silently keep the last of two
duplicate keys and expand aliases without bound. This module reads PyYAML's *event* stream
(libyaml's parser is a state machine, so nesting cannot overflow the C stack) and composes
plain data itself:

* every scalar is a ``str``; a plain ``~``, ``null``, ``Null``, ``NULL`` or an empty value
  (or one tagged ``!!null``) is ``None``, whichever loader (libyaml's or PyYAML's own) reads
  it; the fields that want numbers or times interpret the text themselves;
* a duplicate key is an error at the second key's position;
* alias expansion, nesting depth and file size are bounded; recursive aliases are refused;
* only the standard ``!!str``, ``!!map``, ``!!seq`` and ``!!null`` tags are allowed;
* one document per file; bytes that are not UTF-8, and characters YAML does not allow written
  raw in a file (:data:`UNREADABLE`), are errors with their line and column.

Positions of values are not kept while loading (a 100,000-event file has millions of
scalars). When validation finds a problem it names the value by its *path*
(``("events", 3, "start")``) and :class:`Locator` re-reads the text once to find where every
such path is, which costs time only when a file has errors.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

import yaml

from .safetext import UNSAFE, describe_char

try:  # libyaml, when the wheel was built with it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Data: TypeAlias = dict[str, "Data"] | list["Data"] | str | None
PathKey: TypeAlias = str | int
DocPath: TypeAlias = tuple[PathKey, ...]

MAX_BYTES = 200 * 1024 * 1024
"""Largest file we read (a 100,000-event timeline is about 30 MB)."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences; real timelines need 5."""
ALIAS_BUDGET = 100_000
"""How many nodes alias references may add beyond the file's own (refuses "billion laughs")."""

UNREADABLE: Final = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""One character YAML does not allow written raw in a file (PyYAML's reader refuses it)."""
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what PyYAML counts as a new line

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_ALLOWED_TAGS = frozenset(
    {
        None,
        "!",
        _STR_TAG,
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
        _NULL_TAG,
    }
)


class YamlProblem(Exception):
    """The text is not a YAML document we accept. Line and column are 1-based."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = message


@dataclass(frozen=True, slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    anchor: str | None
    path_key: PathKey | None
    start_count: int


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (a BOM is allowed), or a :class:`YamlProblem` at the bad byte."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            1, 1, f"file is too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        data = exc.object  # after the BOM, if there was one: the offsets count from here
        before = data[: exc.start].decode("utf-8")  # all good up to the bad byte
        line, column = position(before, len(before))
        bad = data[exc.start : exc.start + 1].hex()
        raise YamlProblem(
            line, column, f"byte 0x{bad} is not valid UTF-8; save the file as UTF-8"
        ) from None


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting lines as YAML's readers do."""
    line = 1
    line_start = 0
    for found in LINE_BREAK.finditer(text, 0, index):
        line += 1
        line_start = found.end()
    return line, index - line_start + 1


def _unreadable(text: str, exc: yaml.YAMLError) -> YamlProblem:
    """The reader's complaint, placed by finding the character in the text.

    libyaml reports a byte offset and PyYAML's own reader a character offset, both from the
    start of the file; the first character :data:`UNREADABLE` matches is the one they mean.
    """
    found = UNREADABLE.search(text)
    if found is None:  # pragma: no cover - a reader error has a character to point at
        return YamlProblem(1, 1, str(exc).splitlines()[0])
    char = found.group()
    name = describe_char(char) if UNSAFE.match(char) else f"U+{ord(char):04X}"
    line, column = position(text, found.start())
    return YamlProblem(line, column, f"character {name} is not allowed in the file; remove it")


def _events(text: str) -> Iterator[Any]:
    loader = None
    try:
        loader = _Loader(text)  # PyYAML's own reader checks every character here
        while loader.check_event():
            yield loader.get_event()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and mark.index >= len(text):
            # the end of the text: libyaml puts it at the start of the line after the last
            # when the text has no final line break, a line the file does not have
            line, column = position(text, len(text))
        else:
            line, column = _mark(mark)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlProblem(line, column, problem) from None
    except yaml.YAMLError as exc:  # reader errors: characters YAML does not allow
        raise _unreadable(text, exc) from None
    finally:
        if loader is not None:
            loader.dispose()


def load(text: str) -> Data:
    """Compose the single document in ``text`` into plain data.

    Raises:
        YamlProblem: syntax errors, duplicate keys, disallowed tags, unbounded aliases,
            nesting too deep, or more than one document.
    """
    return _compose(_events(text), want=None)[0]


class Locator:
    """Finds the line and column of values (or of their keys) by path, in one re-read."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._cache: dict[tuple[DocPath, bool], tuple[int, int]] = {}

    @property
    def text(self) -> str:
        """The text positions are found in."""
        return self._text

    def locate_all(self, paths: Iterable[tuple[DocPath, bool]]) -> None:
        """Find many paths at once (``(path, at_key)`` pairs); results are cached."""
        wanted = {p for p in paths if p not in self._cache}
        if not wanted:
            return
        found: dict[tuple[DocPath, bool], tuple[int, int]] = {}
        # the first pass succeeded, so a second cannot fail differently
        with contextlib.suppress(YamlProblem):
            _compose(_events(self._text), want=(wanted, found))
        for path, at_key in wanted:
            # the deepest ancestor we saw (a value reached through an alias has no position
            # of its own: the alias is where the user wrote it)
            probe: DocPath = path
            hit = found.get((probe, at_key))
            while hit is None and probe:
                probe = probe[:-1]
                hit = found.get((probe, False))
            self._cache[(path, at_key)] = hit or (1, 1)

    def locate(self, path: DocPath, at_key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path`` (or of its key when ``at_key``)."""
        self.locate_all([(path, at_key)])
        return self._cache[(path, at_key)]


Wanted = tuple[set[tuple[DocPath, bool]], dict[tuple[DocPath, bool], tuple[int, int]]]
"""Paths to locate (``(path, at_key)``) and where their positions are recorded."""


def _compose(events: Iterator[Any], want: Wanted | None) -> tuple[Data, int]:
    """Build plain data from the event stream. Returns the document and its node count."""
    composer = _Composer(want)
    scalar, start, end, alias = composer.scalar, composer.start, composer.end, composer.alias
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            start(event, kind is yaml.MappingStartEvent)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            end(event)
        elif kind is yaml.AliasEvent:
            alias(event)
        elif kind is yaml.DocumentStartEvent:
            composer.document(event)
        # StreamStart/End and DocumentEnd need nothing
    return (composer.root if composer.have_root else None), composer.nodes


class _Composer:
    """The state of one composition: open containers, anchors, counts and the current path."""

    def __init__(self, want: Wanted | None) -> None:
        self.stack: list[_Frame] = []
        self.pending_key: list[str | None] = []  # per open mapping: the key awaiting its value
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0  # nodes written in the text
        self.total = 0  # nodes in the composed data, aliases expanded
        self.expanded = 0
        self.root: Any = None
        self.have_root = False
        self.documents = 0
        self.path: list[PathKey] = []
        self.wanted: set[tuple[DocPath, bool]] | None = None
        self.found: dict[tuple[DocPath, bool], tuple[int, int]] | None = None
        if want is not None:
            self.wanted, self.found = want
        self.prefixes: set[DocPath] = set()
        if self.wanted is not None:
            self.prefixes = {p[:i] for p, _ in self.wanted for i in range(len(p) + 1)}

    # --- positions (only when locating) ---------------------------------------------
    def note(self, value: Any, mark: Any) -> None:
        """Record where the node at the current path is written, if it is wanted."""
        if self.wanted is None:
            return
        assert self.found is not None
        if self.is_key_position():
            if isinstance(value, str):
                self.path[-1] = value
            probe = tuple(self.path)
            if (probe, True) in self.wanted:
                self.found[(probe, True)] = _mark(mark)
            return
        probe = tuple(self.path)
        if probe in self.prefixes:
            self.found.setdefault((probe, False), _mark(mark))

    # --- building ---------------------------------------------------------------------
    def is_key_position(self) -> bool:
        stack = self.stack
        return (
            bool(stack) and isinstance(stack[-1].container, dict) and self.pending_key[-1] is None
        )

    def attach(self, value: Any, start_mark: Any) -> None:
        if not self.stack:
            self.root, self.have_root = value, True
            return
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
            self.path[-1] = len(frame.container)
            return
        key = self.pending_key[-1]
        if key is None:  # this is a key
            if not isinstance(value, str):
                raise _problem(start_mark, "mapping keys must be plain text, not a list or mapping")
            if value in frame.container:
                raise _problem(start_mark, f"duplicate key {value!r} in the same mapping")
            self.pending_key[-1] = value
            self.path[-1] = value
            return
        frame.container[key] = value
        self.pending_key[-1] = None

    def scalar(self, event: Any) -> None:
        self.nodes += 1
        self.total += 1
        _check_tag(event.tag, event.start_mark)
        value = event.value
        # plain style is None from PyYAML's parser and '' from libyaml's
        if value in _NULLS and ((event.tag is None and not event.style) or event.tag == _NULL_TAG):
            value = None
        self.note(value, event.start_mark)
        if value is None and self.is_key_position():
            raise _problem(event.start_mark, "a mapping key is empty")
        self.attach(value, event.start_mark)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)

    def start(self, event: Any, mapping: bool) -> None:
        self.nodes += 1
        self.total += 1
        _check_tag(event.tag, event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            raise _problem(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
        if self.is_key_position():
            raise _problem(
                event.start_mark, "mapping keys must be plain text, not a list or mapping"
            )
        self.note(None, event.start_mark)
        container: dict[str, Any] | list[Any] = {} if mapping else []
        self.stack.append(_Frame(container, event.anchor, None, self.total))
        self.pending_key.append(None)
        self.path.append("" if mapping else 0)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        self.pending_key.pop()
        self.path.pop()
        weight = self.total - frame.start_count + 1
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, weight)
        self.attach(frame.container, event.start_mark)

    def alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise _problem(event.start_mark, f"alias *{name} refers to a node that contains it")
        if name not in self.anchors:
            raise _problem(event.start_mark, f"unknown alias *{name}; define &{name} before it")
        value, weight = self.anchors[name]
        self.expanded += weight
        self.total += weight
        if self.expanded > ALIAS_BUDGET + self.nodes:
            raise _problem(
                event.start_mark, "aliases expand to too many values (a 'billion laughs' file?)"
            )
        self.note(value, event.start_mark)
        self.attach(value, event.start_mark)

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _problem(event.start_mark, "only one YAML document per file; remove this '---'")


def _problem(mark: Any, message: str) -> YamlProblem:
    line, column = _mark(mark)
    return YamlProblem(line, column, message)


def _check_tag(tag: str | None, mark: Any) -> None:
    if tag not in _ALLOWED_TAGS:
        raise _problem(mark, f"tag {tag!r} is not allowed; remove it")
