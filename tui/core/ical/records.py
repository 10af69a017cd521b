"""What every importer shares: the result, notes for the user, text made fit for the
loader, and time values it reads back as exactly the instant meant.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tui.core.errors import Diagnostic, TimelineError
from tui.core.safetext import UNSAFE, describe_char
from tui.core.schema import MAX_ID, MAX_LABEL
from tui.core.zones import get_tzinfo

_ID_UNFIT = re.compile(r"[^A-Za-z0-9._-]+")
_SPACES = re.compile(r"\s+")
LONGEST_ID_BASE = 120
"""Ids made from UIDs are cut here (with a hash of the whole UID), leaving room for the
``-YYYYMMDD`` of an occurrence and a ``-2`` suffix within the loader's limit."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know about the import (shown as ``FILE:LINE:1: note: ...``)."""

    line: int
    message: str


@dataclass(slots=True)
class Imported:
    """Events read from a calendar or a table, as mappings of the file format.

    Attributes:
        title: The calendar's name, when it has one.
        events: Event mappings (``id``, ``title``, ``start``...), text values only.
        actors: Actor id to display name, for the ``actors`` section.
        notes: What was skipped, cleaned or cut, with the line it came from.
        window: The dates recurrences were expanded within, when any was expanded.
    """

    title: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    actors: dict[str, str] = field(default_factory=dict)
    notes: list[Notice] = field(default_factory=list)
    window: tuple[date, date] | None = None

    def note(self, line: int, message: str) -> None:
        self.notes.append(Notice(line, message))


def refuse(label: str, line: int, message: str, column: int = 1) -> TimelineError:
    """The error that stops an import: nothing is written."""
    return TimelineError([Diagnostic(label, line, column, message)])


def clean_text(
    text: str,
    what: str,
    limit: int,
    line: int,
    result: Imported,
    *,
    one_line: bool = False,
) -> str | None:
    """``text`` as the loader accepts it: control characters removed and cut at ``limit``.

    Line breaks become ``\\n`` (``\\r\\n`` from calendars too); other control and bidi
    characters are removed with a note naming the first, never written. ``None`` when
    nothing is left.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        text = _SPACES.sub(" ", text)
    found = UNSAFE.search(text)
    if found is not None:
        result.note(line, f"{what}: removed {describe_char(found.group())} and other controls")
        text = UNSAFE.sub("", text)
    text = text.strip()
    if len(text) > limit:
        result.note(line, f"{what}: cut to {limit:,} characters (it had {len(text):,})")
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def time_value(moment: datetime, zone: str) -> str:
    """An aware datetime as the wall time in ``zone`` that names exactly that instant.

    A wall time that occurs twice in ``zone`` (clocks going back) carries its offset, so
    the loader reads the one meant; seconds are written only when there are some.
    """
    local = moment.astimezone(get_tzinfo(zone))
    text = f"{local:%Y-%m-%d %H:%M}"
    if local.second:
        text += f":{local.second:02d}"
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() != local.utcoffset():
        offset = local.utcoffset()
        assert offset is not None
        seconds = int(offset.total_seconds())
        sign = "-" if seconds < 0 else "+"
        hours, minutes = divmod(abs(seconds) // 60, 60)
        text = text.replace(" ", "T") + f"{sign}{hours:02d}:{minutes:02d}"
    return text


def id_base(uid: str) -> str:
    """An event id made from a calendar's UID (its part before ``@``), fit for the loader."""
    local = uid.rsplit("@", 1)[0] if "@" in uid[1:] else uid
    base = _ID_UNFIT.sub("-", local).strip("-._")
    if not base:
        base = "event"
    if len(base) > LONGEST_ID_BASE:
        digest = hashlib.sha256(uid.encode("utf-8", "replace")).hexdigest()[:10]
        base = f"{base[: LONGEST_ID_BASE - 11].rstrip('-._')}-{digest}"
    return base


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken yet (then taken)."""
    base = base[: MAX_ID - 6]
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def actor_id(name: str) -> str:
    """An actor id made from a person's name (``José Doe`` -> ``jose-doe``).

    A name with no Latin letters at all gets ``actor-`` and a short hash of the name.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].rstrip("-")
    if slug:
        return slug
    return "actor-" + hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:8]


def tags_of(words: list[str], line: int, result: Imported) -> list[str]:
    """Categories as tags: trimmed, spaces collapsed, unsafe characters removed, at most
    :data:`~tui.core.schema.MAX_LABEL` long, without repeats (case-insensitively)."""
    out: list[str] = []
    seen: set[str] = set()
    for word in words:
        tag = clean_text(word, "tag", MAX_LABEL, line, result, one_line=True)
        if tag is not None and tag.lower() not in seen:
            seen.add(tag.lower())
            out.append(tag)
    return out
