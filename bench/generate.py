"""Seeded generator of realistic synthetic timelines for benchmarks.

Usage::

    python -m bench.generate N OUT.yaml [--seed S]

The file has a few hundred actors (persons with aliases and home zones, states,
organisations, about 30 groups, some nested, never in a cycle), events spread over 15
years in about 70 zones (DST in both hemispheres, odd offsets such as Asia/Kathmandu,
Pacific/Chatham or Australia/Lord_Howe), about 10% all-day, about 1% month-only, some with
an ``end``, about 15% agenda items of earlier summits (``parent``), one to three sources
with URLs, tags from a vocabulary of about 50 words, notes on about 10%.

Everything is drawn from one ``random.Random(seed)`` in a fixed order and no set is ever
iterated, so the same seed and count give a byte-identical file. Text is written with
plain string formatting (fast): :func:`yaml_str` quotes a value only when a YAML reader
could misread it. Wall-clock times never fall in a DST gap or fold (checked with
:mod:`zoneinfo`); such draws are simply redrawn.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_SEED = 20250820
"""The seed used when none is given."""

GENERATOR_VERSION = 1
"""Bumped whenever the output for a given seed and size changes on purpose."""

FILE_ZONE = "Europe/Brussels"
"""The file's default zone (events without a ``timezone`` are read in it)."""

FIRST_DAY = datetime(2011, 1, 1, tzinfo=UTC)
"""Events start on or after this moment..."""
SPAN_SECONDS = int((datetime(2026, 1, 1, tzinfo=UTC) - FIRST_DAY).total_seconds())
"""...and within these many seconds (15 years)."""

# --------------------------------------------------------------------------------------
# Vocabulary: names, places and words, kept as data in vocabulary.json beside this file
# --------------------------------------------------------------------------------------

_VOCABULARY = json.loads((Path(__file__).with_name("vocabulary.json")).read_text("utf-8"))


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples the generator draws from (order kept)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


ZONES: tuple[tuple[str, str, str], ...] = _tuples(_VOCABULARY["zones"])
"""(IANA zone, city, country) of the places events happen."""
STATE_ALIASES: dict[str, tuple[str, ...]] = _tuples(_VOCABULARY["state_aliases"])
EXTRA_STATES: tuple[str, ...] = _tuples(_VOCABULARY["extra_states"])
ORGANISATIONS: tuple[tuple[str, tuple[str, ...]], ...] = _tuples(_VOCABULARY["organisations"])
BLOCS: tuple[tuple[str, tuple[str, ...], int], ...] = _tuples(_VOCABULARY["blocs"])
"""(name, aliases, number of state members drawn) of the groups."""
CONTACT_TOPICS: tuple[str, ...] = _tuples(_VOCABULARY["contact_topics"])
FIRST_NAMES: tuple[str, ...] = _tuples(_VOCABULARY["first_names"])
SURNAMES: tuple[str, ...] = _tuples(_VOCABULARY["surnames"])
ROLES: tuple[str, ...] = _tuples(_VOCABULARY["roles"])
TAGS: tuple[str, ...] = _tuples(_VOCABULARY["tags"])
TOPICS: tuple[str, ...] = _tuples(_VOCABULARY["topics"])
SESSION_TOPICS: tuple[str, ...] = _tuples(_VOCABULARY["session_topics"])
PUBLISHERS: tuple[str, ...] = _tuples(_VOCABULARY["publishers"])
CONFIDENCE: tuple[str, ...] = _tuples(_VOCABULARY["confidence"])
WORDS: tuple[str, ...] = _tuples(_VOCABULARY["words"])
NOTES: tuple[str, ...] = _tuples(_VOCABULARY["notes"])
ZONE_WEIGHTS_HOT: tuple[str, ...] = _tuples(_VOCABULARY["zone_weights_hot"])
"""Zones that get extra weight (news is not spread evenly)."""

# --------------------------------------------------------------------------------------
# YAML text helpers
# --------------------------------------------------------------------------------------

_RESERVED = frozenset(
    w.lower()
    for w in (
        "~",
        "null",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        ".inf",
        "-.inf",
        "+.inf",
        ".nan",
        "<<",
        "=",
    )
)
_BAD_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`. \t")
_FLOW_BAD = re.compile(r"[,\[\]{}#]|: |:$")
_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
_DIGITISH = re.compile(r"^[-+]?\.?[0-9]")


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in '\\"':
        return "\\" + ch
    code = ord(ch)
    named = {9: "\\t", 10: "\\n", 13: "\\r", 0: "\\0"}
    if code in named:
        return named[code]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def needs_quotes(value: str, *, flow: bool = False) -> bool:
    """Whether ``value`` must be double-quoted to be read back as this exact string.

    True for empty text, leading or trailing blanks, a special first character, ``: `` or
    `` #`` inside, a trailing ``:``, control characters, and anything a YAML 1.1 or 1.2
    reader could resolve to a null, a boolean, a number or a timestamp (everything that
    starts like a number is quoted: over-quoting is harmless). In a flow collection
    (``[a, b]``) commas, brackets, braces and ``#`` also need quotes.
    """
    if not value or value[0] in _BAD_FIRST or value[-1] in " \t:":
        return True
    if value.lower() in _RESERVED or _DIGITISH.match(value):
        return True
    if ": " in value or " #" in value or "\n" in value or _NEEDS_ESCAPE.search(value):
        return True
    return bool(flow and _FLOW_BAD.search(value))


def quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar, escaping what must be escaped."""
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, value) + '"'


def yaml_str(value: str, *, flow: bool = False) -> str:
    """``value`` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    return quoted(value) if needs_quotes(value, flow=flow) else value


def flow_list(values: Sequence[str]) -> str:
    """A YAML flow sequence (``[a, "b: c"]``) of strings."""
    return "[" + ", ".join(yaml_str(v, flow=True) for v in values) + "]"


def slug(text: str) -> str:
    """ASCII lowercase slug of ``text`` (accents dropped), words joined by ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --------------------------------------------------------------------------------------
# Time helpers
# --------------------------------------------------------------------------------------


def wall_time_ok(zone: ZoneInfo, wall: datetime) -> bool:
    """True when the naive ``wall`` time exists exactly once in ``zone``.

    A time in a DST gap or fold has different offsets for ``fold=0`` and ``fold=1``; a time
    that does not round-trip through UTC does not exist.
    """
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        return False
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return back == wall


def format_offset(delta: timedelta | None) -> str:
    """A UTC offset as ``+05:45`` / ``-03:30``."""
    seconds = int(delta.total_seconds()) if delta is not None else 0
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def wall_text(wall: datetime) -> str:
    """``2025-08-20 14:30``."""
    return f"{wall.year:04d}-{wall.month:02d}-{wall.day:02d} {wall.hour:02d}:{wall.minute:02d}"


def iso_text(wall: datetime, zone: ZoneInfo) -> str:
    """``2025-08-20T14:30:00+02:00`` with the zone's offset at that (valid) wall time."""
    offset = format_offset(wall.replace(tzinfo=zone).utcoffset())
    return (
        f"{wall.year:04d}-{wall.month:02d}-{wall.day:02d}T"
        f"{wall.hour:02d}:{wall.minute:02d}:00{offset}"
    )


def day_text(day: date) -> str:
    """``2025-06-24``."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


# --------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class GenActor:
    """An actor being generated.

    Attributes:
        id: Actor id.
        name: Display name.
        short: How titles name it (a surname, an acronym).
        kind: person, state, organisation or group.
        aliases: Other names.
        role: Role text, if any.
        zone: Home zone, if any.
        members: Member ids (groups only).
        country: The country a person or state belongs to.
    """

    id: str
    name: str
    short: str
    kind: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    zone: str | None = None
    members: tuple[str, ...] = ()
    country: str | None = None


class _Names:
    """Names, aliases and ids already taken (case-insensitively); the loader wants them unique."""

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}

    def free(self, label: str, owner: str) -> bool:
        return self.taken.get(label.lower(), owner) == owner

    def claim(self, label: str, owner: str) -> None:
        self.taken.setdefault(label.lower(), owner)

    def aliases(self, owner: str, candidates: Sequence[str]) -> tuple[str, ...]:
        out: list[str] = []
        for alias in candidates:
            if self.free(alias, owner) and alias.lower() not in (a.lower() for a in out):
                self.claim(alias, owner)
                out.append(alias)
        return tuple(out)


def make_actors(rng: Random) -> list[GenActor]:
    """States, organisations, persons and groups (groups last; members precede them)."""
    names = _Names()
    actors: list[GenActor] = []
    countries: list[str] = []
    for _zone, _city, country in ZONES:
        if country not in countries:
            countries.append(country)
    countries.extend(c for c in EXTRA_STATES if c not in countries)
    country_zones: dict[str, list[str]] = {}
    for zone, _city, country in ZONES:
        country_zones.setdefault(country, []).append(zone)

    states: list[GenActor] = []
    for country in countries:
        aid = "s-" + slug(country)
        names.claim(aid, aid)
        names.claim(country, aid)
        zones = country_zones.get(country)
        actor = GenActor(
            id=aid,
            name=country,
            short=country,
            kind="state",
            aliases=names.aliases(aid, STATE_ALIASES.get(country, ())),
            zone=zones[0] if zones else None,
            country=country,
        )
        states.append(actor)
    actors.extend(states)

    for org_name, org_aliases in ORGANISATIONS:
        aid = "o-" + slug(org_aliases[0] if org_aliases else org_name)
        names.claim(aid, aid)
        names.claim(org_name, aid)
        actors.append(
            GenActor(
                id=aid,
                name=org_name,
                short=org_aliases[0] if org_aliases else org_name,
                kind="organisation",
                aliases=names.aliases(aid, org_aliases),
                zone=rng.choice(("Europe/Paris", "America/New_York", "Europe/Brussels", None)),
            )
        )

    persons: list[GenActor] = []
    zoned_countries = [c for c in countries if c in country_zones]
    while len(persons) < 220:
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(SURNAMES)
        name = f"{first} {last}"
        aid = "p-" + slug(f"{last} {first[0]}")
        if aid in names.taken or not names.free(name, aid):
            continue
        names.claim(aid, aid)
        names.claim(name, aid)
        country = rng.choice(zoned_countries)
        candidates = [last, f"{first[0]}. {last}"]
        if last.endswith("yy"):
            candidates.append(last[:-1] + "iy")
            candidates.append(last[:-1])
        if rng.random() < 0.3:
            candidates.append(f"{last}, {first}")
        persons.append(
            GenActor(
                id=aid,
                name=name,
                short=last,
                kind="person",
                aliases=names.aliases(aid, candidates),
                role=rng.choice(ROLES).format(c=country) if rng.random() < 0.85 else None,
                zone=rng.choice(country_zones[country]),
                country=country,
            )
        )
    actors.extend(persons)

    groups: list[GenActor] = []
    for bloc_name, bloc_aliases, size in BLOCS:
        aid = "g-" + slug(bloc_name)
        names.claim(aid, aid)
        names.claim(bloc_name, aid)
        members = [s.id for s in rng.sample(states, size)]
        # nesting: some blocs contain earlier blocs (never later ones, so never a cycle)
        if groups and rng.random() < 0.35:
            members.append(rng.choice(groups).id)
        groups.append(
            GenActor(
                id=aid,
                name=bloc_name,
                short=bloc_aliases[0] if bloc_aliases and len(bloc_aliases[0]) < 5 else bloc_name,
                kind="group",
                aliases=names.aliases(aid, bloc_aliases),
                members=tuple(dict.fromkeys(members)),
            )
        )
    for topic in CONTACT_TOPICS:
        name = f"Contact Group on {topic}"
        aid = "g-cg-" + slug(topic)
        names.claim(aid, aid)
        names.claim(name, aid)
        members = [p.id for p in rng.sample(persons, rng.randint(3, 8))]
        members += [s.id for s in rng.sample(states, rng.randint(0, 3))]
        if rng.random() < 0.5:
            members.append(rng.choice(groups).id)
        groups.append(
            GenActor(
                id=aid,
                name=name,
                short=name,
                kind="group",
                aliases=names.aliases(aid, (f"{topic} group",)),
                members=tuple(dict.fromkeys(members)),
            )
        )
    actors.extend(groups)
    return actors


def actors_yaml(actors: Sequence[GenActor]) -> list[str]:
    """The ``actors:`` section, line by line."""
    out = ["actors:\n"]
    for a in actors:
        out.append(f"  {a.id}:\n    name: {yaml_str(a.name)}\n")
        if a.aliases:
            out.append(f"    aliases: {flow_list(a.aliases)}\n")
        if a.role:
            out.append(f"    role: {yaml_str(a.role)}\n")
        out.append(f"    kind: {a.kind}\n")
        if a.zone:
            out.append(f"    timezone: {a.zone}\n")
        if a.members:
            out.append(f"    members: {flow_list(a.members)}\n")
    return out


# --------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Place:
    zone: str
    tz: ZoneInfo
    city: str
    country: str
    location: str


class _EventWriter:
    """Draws events one at a time and appends their YAML to ``out``."""

    def __init__(
        self, rng: Random, actors: list[GenActor], out: list[str], lean: bool = False
    ) -> None:
        self.rng = rng
        self.out = out
        self.lean = lean
        self.places = [
            _Place(z, ZoneInfo(z), city, country, yaml_str(f"{city}, {country}"))
            for z, city, country in ZONES
        ]
        hot = [p for p in self.places if p.zone in ZONE_WEIGHTS_HOT]
        self.place_pool = self.places + hot * 4
        self.file_tz = ZoneInfo(FILE_ZONE)
        self.file_place = next(p for p in self.places if p.zone == FILE_ZONE)
        order = list(actors)
        rng.shuffle(order)
        self.actors = order  # early ones are drawn more often (see pick_actor)
        self.persons = [a for a in order if a.kind == "person"]
        self.states = [a for a in order if a.kind == "state"]
        self.orgs = [a for a in order if a.kind == "organisation"]
        self.groups = [a for a in order if a.kind == "group" and not a.id.startswith("g-cg-")]
        self.tag_yaml = {t: yaml_str(t, flow=True) for t in TAGS}
        self.summit_count = 0
        self.id_count = 0

    # --- small draws --------------------------------------------------------------------
    def skewed(self, pool: Sequence[GenActor]) -> GenActor:
        """A member of ``pool``, the first ones much more often (news has regulars)."""
        return pool[int(len(pool) * self.rng.random() ** 2.2)]

    def sentence(self) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(4, 9))]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def summary(self) -> str:
        text = self.sentence()
        if self.rng.random() < 0.15:
            text += " " + self.sentence()
        if self.rng.random() < 0.04:
            text = "Update: " + text
        return text

    def wall(self, place: _Place, day: date, early: int = 7, late: int = 21) -> datetime:
        """A valid wall time on ``day`` in the place's zone (redrawn if in a gap or fold)."""
        while True:
            hour = self.rng.randint(early, late)
            rounded = self.rng.random() < 0.85
            minute = self.rng.randrange(0, 60, 5) if rounded else self.rng.randrange(60)
            wall = datetime(day.year, day.month, day.day, hour, minute)  # noqa: DTZ001 - wall time
            if wall_time_ok(place.tz, wall):
                return wall
            early, late = 0, 23  # a fixed window may be all gap (rare): widen it

    def url(self, publisher: str, day: date, title: str) -> str:
        host = slug(publisher).replace("-", "")
        path = slug(title)[:22].rstrip("-")
        return f"https://{host}.example/{day.year}/{path}"

    # --- writing ------------------------------------------------------------------------
    def write(
        self,
        *,
        title: str,
        start: str,
        end: str | None,
        zone: str | None,
        location: str | None,
        actors: Sequence[GenActor],
        tags: Sequence[str],
        day: date,
        event_id: str | None = None,
        parent: str | None = None,
    ) -> None:
        rng = self.rng
        out = self.out
        if event_id is not None:
            out.append(f"- id: {event_id}\n  title: {yaml_str(title)}\n")
        else:
            out.append(f"- title: {yaml_str(title)}\n")
        out.append(f"  start: {start}\n")
        if end is not None:
            out.append(f"  end: {end}\n")
        if zone is not None:
            out.append(f"  timezone: {zone}\n")
        if location is not None and not self.lean:
            out.append(f"  location: {location}\n")
        if actors:
            ids = list(dict.fromkeys(a.id for a in actors))
            out.append(f"  actors: [{', '.join(ids)}]\n")
        out.append(f"  tags: [{', '.join(self.tag_yaml[t] for t in dict.fromkeys(tags))}]\n")
        if parent is not None:
            out.append(f"  parent: {parent}\n")
        if self.lean:
            return
        if rng.random() < 0.5:
            out.append(f"  summary: {yaml_str(self.summary())}\n")
        out.append("  sources:\n")
        roll = rng.random()
        for k in range(1 if roll < 0.8 else 2 if roll < 0.97 else 3):
            publisher = rng.choice(PUBLISHERS)
            headline = title if k == 0 else self.sentence()
            out.append(f"  - url: {self.url(publisher, day, headline)}\n")
            if rng.random() < 0.4:
                out.append(f"    publisher: {yaml_str(publisher)}\n")
            if rng.random() < 0.12:
                out.append(f"    title: {yaml_str(title)}\n")
            if rng.random() < 0.03:
                out.append(f"    quote: {yaml_str(self.sentence())}\n")
        if rng.random() < 0.35:
            out.append(f"  confidence: {rng.choice(CONFIDENCE)}\n")
        if rng.random() < 0.1:
            notes = [rng.choice(NOTES) for _ in range(rng.randint(1, 2))]
            out.append("  notes:\n" + "".join(f"  - {yaml_str(n)}\n" for n in notes))

    # --- event kinds --------------------------------------------------------------------
    def ordinary(self, when: datetime) -> None:
        """One stand-alone event around ``when`` (UTC)."""
        rng = self.rng
        place = rng.choice(self.place_pool)
        local_day = when.astimezone(place.tz).date()
        roll = rng.random()
        zone: str | None = place.zone
        end: str | None = None
        location: str | None = place.location if rng.random() < 0.55 else None
        if roll < 0.014:  # month-only (and very rarely year-only)
            if rng.random() < 0.2:
                start = f"{local_day.year:04d}"
            else:
                start = f"{local_day.year:04d}-{local_day.month:02d}"
                if rng.random() < 0.3:
                    nxt = local_day + timedelta(days=rng.randint(31, 120))
                    end = f"{nxt.year:04d}-{nxt.month:02d}"
            if rng.random() < 0.5:
                zone = None
        elif roll < 0.12:  # all-day
            start = day_text(local_day)
            if rng.random() < 0.3:
                end = day_text(local_day + timedelta(days=rng.randint(1, 4)))
            if rng.random() < 0.5:
                zone = None
        else:
            style = rng.random()
            if style < 0.05:  # no zone given: the file's default zone applies
                place = self.file_place
                local_day = when.astimezone(place.tz).date()
                zone = None
                location = place.location if location is not None else None
            wall = self.wall(place, local_day)
            if style >= 0.05 and style < 0.15:  # an explicit offset instead of a zone
                start = iso_text(wall, place.tz)
                zone = None
            else:
                start = wall_text(wall)
            if rng.random() < 0.2:
                later = wall + timedelta(minutes=rng.randrange(30, 8 * 60, 15))
                if wall_time_ok(place.tz, later) and later > wall:
                    end = iso_text(later, place.tz) if "T" in start else wall_text(later)
        title, cast, tags = self.story(place)
        event_id = None
        if rng.random() < 0.1:
            self.id_count += 1
            event_id = f"ev-{self.id_count:06d}"
        self.write(
            title=title,
            start=start,
            end=end,
            zone=zone,
            location=location,
            actors=cast,
            tags=tags,
            day=local_day,
            event_id=event_id,
        )

    def story(self, place: _Place) -> tuple[str, list[GenActor], list[str]]:
        """A title, its actors and tags."""
        rng = self.rng
        topic = rng.choice(TOPICS)
        tags = [rng.choice(TAGS) for _ in range(rng.randint(1, 2))]
        p1, p2 = self.skewed(self.persons), self.skewed(self.persons)
        s1, s2 = self.skewed(self.states), self.skewed(self.states)
        org = self.skewed(self.orgs)
        kind = rng.randrange(12)
        cast: list[GenActor]
        if kind == 0:
            title, cast = f"{p1.short} meets {p2.short} in {place.city}", [p1, p2]
        elif kind == 1:
            title, cast = f"{s1.short} and {s2.short} sign {topic} agreement", [s1, s2]
        elif kind == 2:
            title, cast = f"{org.short} publishes report on {topic}", [org]
        elif kind == 3:
            title, cast = f"{p1.short} visits {place.city}", [p1]
        elif kind == 4:
            title, cast = f"Talks on {topic} resume in {place.city}", [s1, s2, p1]
        elif kind == 5:
            title, cast = f"{s1.short} announces new {topic} measures", [s1, p1]
        elif kind == 6:
            title, cast = f"Protests in {place.city} over {topic}", [s1]
            tags.append("protest")
        elif kind == 7:
            title, cast = f"Earthquake strikes near {place.city}", [s1, org]
            tags[0] = "earthquake"
        elif kind == 8:
            title, cast = f"{org.short} emergency session on {topic}", [org, s1, s2]
        elif kind == 9:
            title, cast = f'{p1.short} says talks on {topic} are "stalled"', [p1]
        elif kind == 10:
            title, cast = f"Vote on {topic}: {s1.short} parliament decides", [s1]
            tags.append("election")
        else:
            title, cast = f"{p1.short} and {p2.short} speak by phone", [p1, p2]
        if rng.random() < 0.2:
            cast.append(self.skewed(self.actors))
        return title, cast, tags

    def summit(self, when: datetime, items: int) -> None:
        """A summit followed by ``items`` agenda items (their ``parent`` is the summit)."""
        rng = self.rng
        group = rng.choice(self.groups)
        place = rng.choice(self.places)
        self.summit_count += 1
        summit_id = f"summit-{self.summit_count:05d}-{slug(group.short)}"
        first_day = when.astimezone(place.tz).date()
        days = rng.randint(1, 3)
        leaders = [self.skewed(self.persons) for _ in range(rng.randint(1, 3))]
        title = f"{group.short} summit in {place.city}"
        if rng.random() < 0.25:
            start = day_text(first_day)
            end: str | None = day_text(first_day + timedelta(days=days - 1)) if days > 1 else None
        else:
            opening = self.wall(place, first_day, 8, 11)
            start = wall_text(opening)
            closing = self.wall(place, first_day + timedelta(days=days - 1), 15, 20)
            end = wall_text(closing) if closing > opening else None
        self.write(
            title=title,
            start=start,
            end=end,
            zone=place.zone,
            location=place.location,
            actors=[group, *leaders],
            tags=["summit", "diplomacy"],
            day=first_day,
            event_id=summit_id,
        )
        for n in range(items):
            day = first_day + timedelta(days=rng.randrange(days))
            wall = self.wall(place, day, 8, 20)
            session = rng.choice(SESSION_TOPICS)
            cast = [self.skewed(self.persons) for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.3:
                cast.append(self.skewed(self.orgs))
            item_title = (
                f"Session: {session}" if n % 3 else f"{cast[0].short} at {group.short} {session}"
            )
            if rng.random() < 0.05:
                item_title = f"Agenda item #{n + 1}"
            self.write(
                title=item_title,
                start=wall_text(wall),
                end=None,
                zone=place.zone,
                location=place.location,
                actors=cast,
                tags=["agenda", rng.choice(TAGS)],
                day=day,
                parent=summit_id,
            )


def generate(n: int, seed: int = DEFAULT_SEED, *, lean: bool = False) -> str:
    """The YAML text of a timeline with exactly ``n`` events.

    ``lean`` events keep what a view and its filters read (title, times, zone, actors,
    tags, agenda links) and drop location, summary, sources, confidence and notes: about
    half the bytes, so a million events stay under the largest file the program reads.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = Random(seed)
    actors = make_actors(rng)
    out: list[str] = [
        f"# Synthetic benchmark timeline: {n} events, seed {seed} "
        f"(bench/generate.py v{GENERATOR_VERSION})\n",
        f"title: {yaml_str(f'Synthetic world events ({n} events)')}\n",
        f"timezone: {FILE_ZONE}\n",
    ]
    out.extend(actors_yaml(actors))
    out.append("events:\n" if n else "events: []\n")
    writer = _EventWriter(rng, actors, out, lean)
    # plan first (a summit brings its agenda items), then spread the plan over 15 years
    plan: list[int] = []  # agenda items per stand-alone event or summit (-1: not a summit)
    remaining = n
    while remaining > 0:
        if remaining >= 3 and rng.random() < 0.034:
            items = min(remaining - 1, rng.randint(2, 8))
            plan.append(items)
            remaining -= 1 + items
        else:
            plan.append(-1)
            remaining -= 1
    moments = sorted(rng.randrange(SPAN_SECONDS) for _ in plan)
    for items, offset in zip(plan, moments, strict=True):
        when = FIRST_DAY + timedelta(seconds=offset)
        if items >= 0:
            writer.summit(when, items)
        else:
            writer.ordinary(when)
    return "".join(out)


def write(n: int, path: Path, seed: int = DEFAULT_SEED, *, lean: bool = False) -> Path:
    """Write a timeline with ``n`` events to ``path`` (UTF-8) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(generate(n, seed, lean=lean).encode("utf-8"))
    tmp.replace(path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m bench.generate N OUT.yaml [--seed S]``."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description="Write a synthetic timeline."
    )
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("out", type=Path, help="output YAML file")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--lean", action="store_true", help="events without location, summary, sources, notes"
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    write(args.n, args.out, args.seed, lean=args.lean)
    size = args.out.stat().st_size
    print(f"{args.out}: {args.n} events, {size:,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
