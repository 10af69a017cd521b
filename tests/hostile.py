"""Hostile strings, and timelines that carry one in any field: a corpus for the trust tests.

Text from a shared timeline is data. Each string here is something a file's author could
write to act on the reader's terminal (or to mislead the reader), next to strings that look
alike but are legitimate and must come through unchanged. :func:`hostile_file` writes a
timeline YAML with a string in a chosen field (as a double-quoted YAML escape where needed)
and says where the loader must point; :func:`hostile_timeline` builds the same timeline
from model values directly, bypassing the loader, for tests of what reaches the screen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tui.core.model import Actor, ActorKind, Instant, Source, Timeline
from tui.core.model import Event as ModelEvent
from tui.core.safetext import UNSAFE

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The embeddings, overrides and isolates the loader refuses."""


def _c1_name(code: int) -> str:
    return f"c1-{code:02x}"


REFUSED: dict[str, str] = {
    "osc52-clipboard": "x\x1b]52;c;cHduZWQ=\x07",
    "osc0-window-title": "\x1b]0;pwned\x07Summit",
    "osc8-javascript-link": "\x1b]8;;javascript:alert(1)\x1b\\click me\x1b]8;;\x1b\\",
    "osc8-file-link": "\x1b]8;;file:///etc/passwd\x07open\x1b]8;;\x07",
    "csi-clear-screen": "\x1b[2J\x1b[HSummit",
    "csi-c1": "Summit\x9b2J\x9bH",
    "osc-c1": "\x9d0;pwned\x9c",
    "bel": "ding\x07dong",
    "cr-overwrite": "Peace talks\rWar declared",
    "backspace": "abc\x08\x08\x08xyz",
    "nul": "a\x00b",
    "del": "a\x7fb",
    "vertical-tab": "a\x0bb",
    "form-feed": "a\x0cb",
    "nel": "line\x85next",
    **{_c1_name(code): f"c1 {chr(code)} here" for code in range(0x80, 0xA0)},
    # with U+202E, "abc" + RLO + "fed.exe" reads as "abcexe.def"
    **{f"bidi-{ord(char):04x}": f"abc{char}fed.exe" for char in BIDI_CONTROLS},
}
"""Strings with a character the loader refuses (C0 but tab and newline, DEL, C1, bidi)."""

ALLOWED: dict[str, str] = {
    "markup-close": "[/]",
    "markup-style": "[bold red]x",
    "markup-click": "[@click=app.quit]quit[/]",
    "markup-link": "[link=file:///etc/passwd]passwd[/link]",
    "zwj-emoji": "team \U0001f469\u200d\U0001f4bb\u200d\U0001f468",
    "flag-emoji": "\U0001f1fa\U0001f1e6 Kyiv",
    "rtl-arabic": "قمة السلام",
    "rtl-hebrew-with-marks": "\u200fשלום\u200e (peace)",
    "zero-width": "a\u200bb\u200cc\u200dd",
    "combining": "Zelens\u0301kyy",
    "tab": "a\tb",
}
"""Strings that look risky but are legitimate: they must load and show exactly as written."""

SURROGATE_ESCAPE = '"\\ud800"'
"""A lone surrogate written as a YAML escape: no UTF-8 text can hold one, so the reader
refuses the file; in a model value (from elsewhere) it must still never break the output."""

LONG_TEXT = 10_000_000
"""Characters in a title that must be refused at load, with a position, quickly (10 MB)."""


def first_unsafe(text: str) -> str | None:
    found = UNSAFE.search(text)
    return None if found is None else found.group()


# --- a timeline file with a string in one field ------------------------------------------

FIELDS = (
    "top-title",
    "actor-id",
    "actor-name",
    "actor-aliases",
    "actor-role",
    "actor-members",
    "event-id",
    "event-title",
    "event-location",
    "event-actors",
    "event-tags",
    "event-summary",
    "event-notes",
    "event-confidence",
    "event-parent",
    "source-title",
    "source-publisher",
    "source-url",
    "source-quote",
    "mapping-key",
)
"""Every text field of the format (and a mapping key, which messages echo)."""

STRICT_FIELDS = frozenset(
    {
        "actor-id",
        "actor-members",
        "event-id",
        "event-actors",
        "event-parent",
        "source-url",
        "mapping-key",
    }
)
"""Fields whose own rules (ids, references, URLs, known keys) refuse most text, safe or not."""

MODEL_FIELDS = tuple(f for f in FIELDS if f != "mapping-key")
"""The fields a :class:`~tui.core.model.Timeline` holds (keys are only in the file)."""

# The file, one field per line: (field, line template). ``{}`` is where the value goes.
_LAYOUT: tuple[tuple[str | None, str], ...] = (
    ("top-title", "title: {}"),
    (None, "timezone: Europe/Brussels"),
    (None, "actors:"),
    (None, "  alice: {{name: Alice, timezone: Europe/Kyiv}}"),
    ("actor-id", "  {}:"),
    ("actor-name", "    name: {}"),
    ("actor-aliases", "    aliases: [{}]"),
    ("actor-role", "    role: {}"),
    (None, "  team:"),
    (None, "    kind: group"),
    ("actor-members", "    members: [{}]"),
    (None, "events:"),
    ("event-id", "  - id: {}"),
    ("event-title", "    title: {}"),
    (None, "    start: 2025-08-20 14:30"),
    ("event-location", "    location: {}"),
    ("event-actors", "    actors: [bob, {}]"),
    ("event-tags", "    tags: [{}]"),
    ("event-summary", "    summary: {}"),
    ("event-notes", "    notes:\n      - {}"),
    ("event-confidence", "    confidence: {}"),
    (None, "    sources:"),
    ("source-title", "      - title: {}"),
    ("source-publisher", "        publisher: {}"),
    ("source-url", "        url: {}"),
    ("source-quote", "        quote: {}"),
    ("mapping-key", "    {}: 1"),
    (None, "  - id: child"),
    (None, "    title: Agenda item"),
    (None, "    start: 2025-08-20 15:00"),
    ("event-parent", "    parent: {}"),
)

SAFE_VALUES = {
    "top-title": "Peace talks",
    "actor-id": "bob",
    "actor-name": "Bob",
    "actor-aliases": "Robert",
    "actor-role": "Envoy",
    "actor-members": "alice",
    "event-id": "talks",
    "event-title": "Talks open",
    "event-location": "Geneva",
    "event-actors": "alice",
    "event-tags": "diplomacy",
    "event-summary": "The first round.",
    "event-notes": "Times from the host.",
    "event-confidence": "verified",
    "event-parent": "talks",
    "source-title": "Talks open in Geneva",
    "source-publisher": "Wire",
    "source-url": "https://example.org/talks",
    "source-quote": "at 14:30",
    "mapping-key": "x-checked",
}
"""The file's value for each field when no string is put there: a valid timeline."""

# YAML's named double-quoted escapes, used where they exist (the loader must read them all)
_NAMED_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    '"': '\\"',
    "\\": "\\\\",
}


def yaml_quoted(text: str) -> tuple[str, int | None]:
    """``text`` as a YAML double-quoted scalar, and where its first unsafe character is.

    Control characters are written as escapes (``\\e``, ``\\x9b``...), as a file's author
    would have to: YAML refuses them raw. Bidi controls are written raw, as YAML allows.

    Returns:
        The scalar (with its quotes) and the offset in it of the first unsafe character's
        escape or raw character, or ``None`` when there is none.
    """
    out = ['"']
    width = 1
    first: int | None = None
    for char in text:
        if char in _NAMED_ESCAPES:
            piece = _NAMED_ESCAPES[char]
        elif char in BIDI_CONTROLS or char == "\t":
            piece = char
        elif unicodedata.category(char) in ("Cc", "Cs") or char in "\ufeff\ufffe\uffff":
            code = ord(char)
            piece = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
        else:
            piece = char
        if first is None and UNSAFE.match(char):
            first = width
        out.append(piece)
        width += len(piece)
    out.append('"')
    return "".join(out), first


@dataclass(frozen=True)
class HostileFile:
    """A timeline's text with one field set, and where the loader must point."""

    text: str
    line: int
    """Line of the field's value (1-based)."""
    column: int
    """Column of the first unsafe character (or of the value when it has none)."""


def hostile_file(field: str, value: str) -> HostileFile:
    """A valid timeline, but with ``value`` (double-quoted, escaped) as ``field``."""
    if field not in SAFE_VALUES:
        raise ValueError(f"unknown field {field!r}")
    lines: list[str] = []
    where = (0, 0)
    for name, template in _LAYOUT:
        if name is None:
            lines.append(template.format())
            continue
        if name != field:
            lines.append(template.format(SAFE_VALUES[name]))
            continue
        quoted, offset = yaml_quoted(value)
        head = template[: template.index("{}")]
        rendered = template.format(quoted)
        # the value's line: templates with a line break put it on the last line
        before = lines_count(lines) + head.count("\n") + 1
        column = len(head.rsplit("\n", 1)[-1]) + 1 + (offset or 0)
        where = (before, column)
        lines.append(rendered)
    return HostileFile("\n".join(lines) + "\n", *where)


def lines_count(lines: list[str]) -> int:
    return sum(item.count("\n") + 1 for item in lines)


# --- the same timeline from model values (the loader bypassed) ----------------------------

_START = Instant(1755693000, "Europe/Brussels")  # 2025-08-20 14:30 CEST
_LATER = Instant(1755694800, "Europe/Brussels")


def hostile_timeline(field: str | None, value: str) -> Timeline:
    """The timeline of :func:`hostile_file` built directly, with ``value`` in ``field``.

    For tests of what the screen receives when hostile text arrives by another road than
    the loader (a cache entry, a future importer): every boundary must make it safe.

    Args:
        field: One of :data:`MODEL_FIELDS`, or ``None`` for every one of them at once.
        value: The text to put there.
    """

    def pick(name: str) -> str:
        return value if field is None or name == field else SAFE_VALUES[name]

    actor_id = pick("actor-id")
    actors = {
        "alice": Actor(id="alice", name="Alice", timezone="Europe/Kyiv"),
        actor_id: Actor(
            id=actor_id,
            name=pick("actor-name"),
            aliases=(pick("actor-aliases"),),
            role=pick("actor-role"),
        ),
        "team": Actor(id="team", name="team", kind=ActorKind.GROUP, members=("alice",)),
    }
    if field in ("actor-members", None):
        actors.setdefault(value, Actor(id=value, name=value))
        actors["team"] = Actor(
            id="team", name="team", kind=ActorKind.GROUP, members=("alice", value)
        )
    event_id = pick("event-id")
    source = Source(
        title=pick("source-title"),
        publisher=pick("source-publisher"),
        url=pick("source-url"),
        quote=pick("source-quote"),
    )
    actor_refs = ("alice", actor_id) if field != "event-actors" else ("alice", value)
    if field == "event-actors":
        actors[value] = Actor(id=value, name=value)
    main = ModelEvent(
        id=event_id,
        title=pick("event-title"),
        start=_START,
        end=_LATER,
        timezone="Europe/Brussels",
        location=pick("event-location"),
        actors=actor_refs,
        tags=(pick("event-tags"),),
        summary=pick("event-summary"),
        sources=(source,),
        confidence=pick("event-confidence"),
        notes=(pick("event-notes"),),
        order=0,
        sort_key=_START.utc,
    )
    parent = pick("event-parent") if field == "event-parent" else event_id
    child = ModelEvent(
        id="child",
        title="Agenda item",
        start=_LATER,
        timezone="Europe/Brussels",
        parent=parent,
        order=1,
        sort_key=_LATER.utc,
    )
    return Timeline.build(
        title=pick("top-title"),
        timezone="Europe/Brussels",
        actors=actors,
        events=[main, child],
        path="hostile.yaml",
    )


# --- what may reach a terminal ---------------------------------------------------------------

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_POINTS = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_problem(output: bytes | str) -> str | None:
    """What in ``output`` a terminal would obey (or cannot be written), or ``None``.

    Args:
        output: The bytes written to a stream, or the text written to a text stream (which
            must then encode as UTF-8: a lone surrogate cannot reach a terminal).

    Returns:
        A description of the first offending byte or character, for an assertion message.
    """
    if isinstance(output, str):
        try:
            data = output.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"cannot be written as UTF-8: {exc}"
    else:
        data = output
    byte = _CONTROL_BYTES.search(data)
    if byte is not None:
        at = byte.start()
        return f"byte 0x{byte.group().hex()} at {at}: ...{data[max(0, at - 30) : at + 10]!r}"
    text = data.decode("utf-8", errors="replace")
    point = _CONTROL_POINTS.search(text)
    if point is not None:
        at = point.start()
        return f"U+{ord(point.group()):04X} at {at}: ...{text[max(0, at - 30) : at + 10]!r}"
    return None
