"""Adding events to the end of a person's event file without touching what they wrote.

Every byte already in the file stays where it is, comments, blank lines, quoting and line
endings included: the new events are spliced in as text right after the last item of the
top-level ``events:`` list, which need not be the file's last key. Ids that would collide
are suffixed (``-2``, ``-3``...), the whole result is validated with the loader before
anything is written, and the write is atomic (a temporary file in the same folder, fsync,
``os.replace``), keeping the file's mode and writing through a symbolic link to its target.

:func:`render_events` is the one place event mappings become YAML text in the format of
``docs/format.md``; importers and the explorer's "add event" both go through it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, TimelineError
from .model import Timeline
from .readfile import read_bytes
from .references import derived_id
from .schema import EVENT_FIELDS, ID_RE, SOURCE_FIELDS
from .timeparse import TimeValueError, parse_when
from .yamlsafe import LINE_BREAK, YamlProblem, decode
from .zones import ZoneLookupError, resolve_zone

try:  # libyaml, when the wheel was built with it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_BOM = b"\xef\xbb\xbf"
_BREAK_CHARS = "\n\r\x85\u2028\u2029"
_TIME_FIELDS = frozenset({"start", "end", "scheduled_start", "scheduled_end"})
# Text written without quotes: starts with a letter, holds only characters that mean
# nothing to YAML here, and is not one of the words YAML 1.1 readers turn into booleans.
_PLAIN = re.compile(r"[^\W\d_][\w .,/()'&+-]*", re.UNICODE)
_PLAIN_TIME = re.compile(r"[0-9][0-9T :+\-Z]*(?:\[[A-Za-z0-9_/+\-]+\])?")
_YAML11_WORDS = frozenset(
    {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}
)
# Characters a YAML file may not hold raw, and those that must not reach a terminal or
# that some readers take as line ends: written as escapes inside double quotes.
_ESCAPE = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\u2027\u202f-\u2065\u206a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]"
)


class AppendError(TimelineError):
    """Events could not be added to a file; nothing was written.

    Carries the loader's diagnostics when the result would not be a valid file, or one
    message (``FILE changed on disk since it was loaded; reload first``).
    """


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file was when it was read: compared before writing to catch another writer.

    Attributes:
        size: Its size in bytes.
        mtime_ns: Its modification time.
        digest: The SHA-256 of its bytes (hex), which catches a same-size, same-second edit.
    """

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        """The stamp of the file at ``path`` now (read whole; TimelineError if unreadable)."""
        info = os.stat(path)
        raw = read_bytes(path)
        return cls(info.st_size, info.st_mtime_ns, hashlib.sha256(raw).hexdigest())

    def same_content(self, raw: bytes) -> bool:
        return len(raw) == self.size and hashlib.sha256(raw).hexdigest() == self.digest


# --- rendering ------------------------------------------------------------------------------


def quote(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that reads back as exactly ``text``."""
    dumped = json.dumps(text, ensure_ascii=False)  # JSON's escapes are all YAML escapes
    return _ESCAPE.sub(_escape_match, dumped)


def _escape_match(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def scalar(text: str, key: str = "") -> str:
    """One value as YAML: plain where that is unmistakable, else double-quoted."""
    if key in _TIME_FIELDS and _PLAIN_TIME.fullmatch(text) and not text.endswith(" "):
        return text
    if key == "id" and ID_RE.match(text) and not text[0].isdigit() and ": " not in text:
        plain = not text.endswith(":") and " #" not in text
        if plain and text.lower() not in _YAML11_WORDS:
            return text
    if (
        _PLAIN.fullmatch(text)
        and not text.endswith(" ")
        and text.lower() not in _YAML11_WORDS
        and len(text) <= 200
    ):
        return text
    return quote(text)


def _ordered(item: Mapping[str, Any], known: Sequence[str]) -> list[tuple[str, Any]]:
    """The item's fields in the documented order, then any others (``x-`` fields)."""
    first = [(k, item[k]) for k in known if k in item and item[k] is not None]
    rest = [(k, v) for k, v in item.items() if k not in known and v is not None]
    return first + rest


def _render_value(key: str, value: Any, pad: str, out: list[str]) -> None:
    """``key: value`` lines at indentation ``pad`` (lists as block sequences)."""
    name = scalar(key, "id")
    if isinstance(value, str):
        out.append(f"{pad}{name}: {scalar(value, key)}")
        return
    if not isinstance(value, Sequence) or isinstance(value, bytes):
        raise TypeError(f"cannot write {type(value).__name__} as the value of {key!r}")
    if not value:
        return
    out.append(f"{pad}{name}:")
    for entry in value:
        if not isinstance(entry, Mapping):
            out.append(f"{pad}  - {scalar(str(entry), key)}")
            continue
        fields: list[str] = []
        for sub_key, sub_value in _ordered(entry, SOURCE_FIELDS):
            _render_value(sub_key, sub_value, "", fields)
        out.extend(
            (f"{pad}  - " if k == 0 else f"{pad}    ") + line for k, line in enumerate(fields)
        )


def render_events(items: Sequence[Mapping[str, Any]], *, indent: str = "  ") -> str:
    """YAML text of event mappings, as items of the top-level ``events:`` list.

    Keys come in the order ``docs/format.md`` documents, then any ``x-`` fields; ``None``
    values and empty lists are left out. Text is written plain only where no YAML reader
    could take it for anything else (``no: yes``, ``#``, ``- x``, ``null``, ``2025-01-01``
    and leading spaces are quoted), and characters a file may not hold raw or a terminal
    would obey are written as escapes, never raw.

    Args:
        items: The events: text values, lists of text, and ``sources`` as text or mappings.
        indent: The spaces before each item's ``-``.

    Returns:
        The lines, each ending with ``\\n``.
    """
    lines: list[str] = []
    for item in items:
        body: list[str] = []
        for key, value in _ordered(item, EVENT_FIELDS):
            _render_value(key, value, "", body)
        for k, line in enumerate(body):
            lines.append(f"{indent}- {line}" if k == 0 else f"{indent}  {line}")
    return "".join(line + "\n" for line in lines)


# --- where the events list ends ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Spot:
    """Where new items go in the text, and how they are indented."""

    offset: int  # character offset in the text where the new lines are inserted
    indent: str  # spaces before each item's "-"
    replace: tuple[int, int] | None = None  # an empty flow list "[]" to remove first


class _LineIndex:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]

    def offset(self, mark: Any) -> int:
        return min(int(self.starts[mark.line] + mark.column), len(self.text))

    def after_line(self, offset: int) -> int:
        """The start of the line after the one holding ``offset`` (or the text's end)."""
        found = LINE_BREAK.search(self.text, offset)
        return found.end() if found is not None else len(self.text)


def _find_spot(text: str, shown: str) -> _Spot:
    """Where the top-level ``events`` list ends, from the YAML parser's positions."""

    def refuse(message: str, line: int = 1, column: int = 1) -> AppendError:
        return AppendError([Diagnostic(shown, line, column, message)])

    try:
        parsed: list[Any] = list(yaml.parse(text, Loader=_Loader))
    except yaml.YAMLError as exc:  # the loader validated it first; this is a backstop
        raise refuse(f"cannot read the file: {exc}") from None
    lines = _LineIndex(text)
    depth = 0
    i = 0
    while i < len(parsed):
        event = parsed[i]
        kind = type(event)
        if kind is yaml.MappingStartEvent and depth == 0 and event.flow_style:
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            raise refuse("the file is one flow mapping ({...}); cannot add events", line, column)
        if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth += 1
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            depth -= 1
        elif kind is yaml.ScalarEvent and depth == 1 and event.value == "events":
            return _spot_in_value(parsed, i + 1, lines, refuse)
        i += 1
    raise refuse("the file has no top-level 'events' list")


def _spot_in_value(parsed: list[Any], i: int, lines: _LineIndex, refuse: Any) -> _Spot:
    head = parsed[i]
    mark = head.start_mark
    if type(head) is not yaml.SequenceStartEvent:
        raise refuse("'events' is not a list; cannot add events", mark.line + 1, mark.column + 1)
    if head.flow_style:
        if type(parsed[i + 1]) is yaml.SequenceEndEvent:  # "events: []"
            start, end = lines.offset(mark), lines.offset(parsed[i + 1].end_mark)
            return _Spot(lines.after_line(end), "  ", (start, end))
        raise refuse(
            "'events' is written as a flow list ([...]); write it as a block list "
            "(one '- ' item per line) to add events",
            mark.line + 1,
            mark.column + 1,
        )
    indent = " " * mark.column  # a block sequence starts at its first "-"
    depth, flows, last = 0, [False], None
    for event in parsed[i + 1 :]:
        kind = type(event)
        if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth += 1
            flows.append(bool(event.flow_style))
            continue
        if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            if depth == 0:
                break
            depth -= 1
            if flows.pop():
                last = event.end_mark
            continue
        last = event.end_mark  # a scalar or an alias: its end is exact
    if last is None:  # pragma: no cover - a block sequence has at least one item
        raise refuse("'events' is empty", mark.line + 1, mark.column + 1)
    end = lines.offset(last)
    if last.column == 0 and end > 0:  # a block scalar ends at the start of the next line
        return _Spot(end, indent)
    return _Spot(lines.after_line(end), indent)


# --- ids --------------------------------------------------------------------------------------


def _with_ids(
    items: Sequence[Mapping[str, Any]], taken: set[str], file_zone: str | None, shown: str
) -> list[dict[str, Any]]:
    """The items with ids: given ones kept, missing ones derived; collisions suffixed."""
    out: list[dict[str, Any]] = []
    for n, item in enumerate(items, start=1):
        new = dict(item)
        base = new.get("id") or _derive(new, file_zone)
        if not isinstance(base, str):
            raise AppendError([Diagnostic(shown, 1, 1, f"new event #{n}: {base[0]}")])
        candidate, suffix = base, 2
        while candidate in taken:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(candidate)
        new["id"] = candidate
        out.append(new)
    return out


def _derive(item: Mapping[str, Any], file_zone: str | None) -> str | tuple[str]:
    """The id the loader would derive for ``item`` (date and title), or why there is none."""
    title, start = item.get("title"), item.get("start")
    if not isinstance(title, str) or not title.strip():
        return ("event has no title",)
    if not isinstance(start, str):
        return ("event has no start",)
    zone = item.get("timezone")
    try:
        own = resolve_zone(zone) if isinstance(zone, str) else None
        when = parse_when(start, own, default_zone=file_zone)
    except ZoneLookupError as exc:
        return (f"timezone: {exc.message}",)
    except TimeValueError as exc:
        return (f"start: {exc.message}",)
    return derived_id(title.strip(), when)


# --- the write --------------------------------------------------------------------------------


def _newline_of(text: str) -> str:
    found = LINE_BREAK.search(text)
    return found.group() if found is not None and found.group() == "\r\n" else "\n"


def append_events(
    path: Path,
    items: Sequence[Mapping[str, Any]],
    *,
    label: str | None = None,
    expected: FileStamp | None = None,
) -> list[str]:
    """Add events at the end of the file's ``events:`` list; return their ids.

    Args:
        path: The event file (a symbolic link is followed: its target is written).
        items: The events as mappings (see :func:`render_events`). An item without an
            ``id`` gets the one the loader would derive; an id already used gets ``-2``,
            ``-3``...
        label: How to name the file in messages (defaults to ``path``).
        expected: The file's stamp when it was loaded; if it differs now, nothing is
            written.

    Raises:
        AppendError: the file changed since ``expected``, has no block ``events:`` list,
            or would not load with the new events (the loader's diagnostics); the file is
            then untouched.
        TimelineError: the file cannot be read or is not a valid event file to begin with.
    """
    from .loader import load_text  # the loader imports much; only a write needs it

    shown = label or str(path)
    target = Path(os.path.realpath(path))
    raw = read_bytes(target, shown)
    if expected is not None and not expected.same_content(raw):
        raise AppendError(
            [Diagnostic(shown, 1, 1, f"{shown} changed on disk since it was loaded; reload first")]
        )
    try:
        text = decode(raw)
    except YamlProblem as exc:
        raise TimelineError([Diagnostic(shown, exc.line, exc.column, exc.message)]) from None
    before = load_text(text, shown)  # a file that does not load is not ours to extend
    if not items:
        return []
    ids = _ids_in_file_order(before)
    added = _with_ids(items, set(ids), before.timezone, shown)
    spot = _find_spot(text, shown)
    newline = _newline_of(text)
    block = render_events(added, indent=spot.indent)
    if newline != "\n":
        block = block.replace("\n", newline)
    head, tail = text[: spot.offset], text[spot.offset :]
    if spot.replace is not None:
        start, end = spot.replace
        head = text[:start].rstrip(" ") + text[end : spot.offset]
    if head and head[-1] not in _BREAK_CHARS:  # a last line without its line break
        head += newline
    result = head + block + tail
    try:
        after = load_text(result, shown)
    except TimelineError as exc:
        raise AppendError(
            [
                Diagnostic(d.path, d.line, d.column, f"with the new events: {d.message}")
                for d in exc.diagnostics
            ]
        ) from None
    if _ids_in_file_order(after)[: len(ids)] != ids:  # pragma: no cover - guard
        raise AppendError([Diagnostic(shown, 1, 1, "adding the events would rename others")])
    new_ids = [str(item["id"]) for item in added]
    written = (_BOM if raw.startswith(_BOM) else b"") + result.encode("utf-8")
    current = read_bytes(target, shown)  # once more, as close to the write as we can
    if current != raw:
        raise AppendError(
            [Diagnostic(shown, 1, 1, f"{shown} changed on disk while events were added; retry")]
        )
    write_atomic(target, written)
    return new_ids


def _ids_in_file_order(timeline: Timeline) -> list[str]:
    return [event.id for event in sorted(timeline.events, key=lambda e: e.order)]


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` atomically, keeping its mode (and owner if we can)."""
    info = os.stat(target)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        with contextlib.suppress(OSError):
            os.chown(temp, info.st_uid, info.st_gid)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
