"""The event file's fields and what each may hold: the names, the id and URL rules, the
longest text each field may carry. Documented for users in ``docs/format.md``.
"""

from __future__ import annotations

import re

TOP_FIELDS = ("title", "timezone", "actors", "events")
ACTOR_FIELDS = ("name", "aliases", "role", "kind", "timezone", "members")
EVENT_FIELDS = (
    "id",
    "title",
    "start",
    "end",
    "timezone",
    "location",
    "actors",
    "tags",
    "summary",
    "sources",
    "confidence",
    "notes",
    "parent",
    "scheduled_start",
    "scheduled_end",
)
SOURCE_FIELDS = ("title", "publisher", "url", "quote")
FIELD_SETS: dict[tuple[str, ...], frozenset[str]] = {
    fields: frozenset(fields) for fields in (TOP_FIELDS, ACTOR_FIELDS, EVENT_FIELDS, SOURCE_FIELDS)
}
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")
URL_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
WEB_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)

# Longest text each field may hold, in characters. Far above anything a real timeline
# needs; they keep a hostile or broken file (a 10 MB title) from freezing the explorer,
# which lays out and searches every field.
# (No limit may be below MAX_LABEL: _Validator.screen looks no further at shorter text.)
MAX_ID = 200
"""Ids and references to them: event and actor ids, ``actors``, ``members``, ``parent``."""
MAX_NAME = 200
"""Actor names and aliases."""
MAX_LABEL = 100
"""Short words: tags, confidence, kind, time zones, time values and field names."""
MAX_LINE = 500
"""One-line text: titles, roles, locations, a source's title and publisher."""
MAX_URL = 2_000
"""A source's URL."""
MAX_PROSE = 20_000
"""Paragraphs: summaries, notes and quotes."""

TOP_LIMITS = {"title": MAX_LINE, "timezone": MAX_LABEL}
ACTOR_LIMITS = {
    "name": MAX_NAME,
    "aliases": MAX_NAME,
    "role": MAX_LINE,
    "kind": MAX_LABEL,
    "timezone": MAX_LABEL,
    "members": MAX_ID,
}
EVENT_LIMITS = {
    "id": MAX_ID,
    "title": MAX_LINE,
    "start": MAX_LABEL,
    "end": MAX_LABEL,
    "timezone": MAX_LABEL,
    "location": MAX_LINE,
    "actors": MAX_ID,
    "tags": MAX_LABEL,
    "summary": MAX_PROSE,
    "sources": MAX_URL,  # a bare URL; a mapping is checked field by field
    "confidence": MAX_LABEL,
    "notes": MAX_PROSE,
    "parent": MAX_ID,
    "scheduled_start": MAX_LABEL,
    "scheduled_end": MAX_LABEL,
}
SOURCE_LIMITS = {"title": MAX_LINE, "publisher": MAX_LINE, "url": MAX_URL, "quote": MAX_PROSE}


def url_problem(url: str) -> str | None:
    """What is wrong with a source's URL, or ``None``: web addresses only, in one piece.

    A URL becomes a hyperlink in the explorer, so only ``http`` and ``https`` pass (not
    ``javascript:``, ``file:`` or ``ftp:``), with no whitespace inside; unsafe characters
    are refused earlier, like in every text field.
    """
    if WEB_URL_RE.match(url):
        return None
    if not url.lower().startswith(("http://", "https://")):
        return "must start with http:// or https://"
    if url[url.index("//") + 2 :] == "":
        return "has no address after the scheme"
    return "must not contain spaces or line breaks (write a space as %20)"
