"""``n``: a form that adds an event to the file, checked as the loader checks it.

The form is a :class:`NewEventScreen`; what it asks is checked by :func:`check_draft`, plain
Python with the loader's own rules: times are read by :func:`tui.core.timeparse.parse_when`
(so a wall time in a daylight-saving gap, or one that occurs twice, is explained under the
field before anything is saved), zones by :func:`tui.core.zones.resolve_zone`, actors by the
names, aliases and ids the actor filter accepts.

Saving appends the event as text with :func:`tui.core.append.append_events`: every byte
already in the file stays, the write is atomic, and a file that changed on disk since the
explorer loaded it is never written: the form says so and offers to reload.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui.app.options import ExplorerOptions
from tui.app.reload import IndexedTimeline
from tui.core.display import describe_when
from tui.core.errors import TimelineError
from tui.core.model import CalendarDate, Instant, When
from tui.core.query import UnknownActorError
from tui.core.safetext import describe_char, first_unsafe, visible
from tui.core.schema import MAX_LABEL, MAX_LINE
from tui.core.timeparse import TimeValueError, parse_when
from tui.core.zones import ZoneLookupError, all_zones, resolve_zone

if TYPE_CHECKING:
    from tui.app.screens.main import MainScreen

CHANGED_ON_DISK = re.compile(r"changed on disk")
"""How :class:`~tui.core.append.AppendError` says another program wrote the file."""


# --- what the form asks, and its checks (plain Python) -----------------------------------


@dataclass(frozen=True, slots=True)
class Draft:
    """The form's fields as typed (lists are comma-separated)."""

    title: str = ""
    start: str = ""
    end: str = ""
    zone: str = ""
    actors: str = ""
    tags: str = ""
    location: str = ""


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Draft))
"""The fields in the form's order (and its focus order)."""


@dataclass(frozen=True, slots=True)
class Checked:
    """What :func:`check_draft` found.

    Attributes:
        mapping: The event as :func:`tui.core.append.append_events` takes it, or ``None``
            when a field is wrong.
        errors: Field name to what is wrong with it.
        hints: Field name to how a good time value reads (``Wed 20 Aug 2025 14:30 CEST``).
    """

    mapping: dict[str, object] | None
    errors: dict[str, str]
    hints: dict[str, str]


def split_list(text: str) -> list[str]:
    """``"a, b ,,c"`` as ``["a", "b", "c"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _unsafe(text: str) -> str | None:
    at = first_unsafe(text)
    if at < 0:
        return None
    return f"{describe_char(text[at])} is not allowed here; remove it"


def _same_kind(start: When, end: When) -> bool:
    return isinstance(start, Instant) == isinstance(end, Instant)


def _before(end: When, start: When) -> bool:
    if isinstance(start, Instant) and isinstance(end, Instant):
        return end.utc < start.utc
    if isinstance(start, CalendarDate) and isinstance(end, CalendarDate):
        return end.last_day() < start.first_day()
    return False


def _actor_ids(text: str, loaded: IndexedTimeline) -> tuple[list[str], str | None]:
    """Actor ids for the names typed, or what is wrong; free names when the file has no
    ``actors`` section (as the loader allows)."""
    names = split_list(text)
    if not loaded.timeline.actors:
        return names, None
    ids: list[str] = []
    for name in names:
        try:
            ids.append(loaded.index.resolve_actor(name))
        except UnknownActorError as exc:
            hint = f"; did you mean {' or '.join(exc.suggestions)}?" if exc.suggestions else ""
            return [], f"no actor {name!r} in this file{hint}"
    return list(dict.fromkeys(ids)), None


def check_draft(draft: Draft, loaded: IndexedTimeline) -> Checked:
    """Check a draft as the loader would check the event, field by field.

    Args:
        draft: The fields as typed.
        loaded: The timeline on screen (its default zone, actors and index).

    Returns:
        The event mapping when every field is right, the problems by field, and how the
        times read.
    """
    errors: dict[str, str] = {}
    hints: dict[str, str] = {}
    for name in FIELD_NAMES:
        problem = _unsafe(getattr(draft, name))
        if problem:
            errors[name] = problem
    title = draft.title.strip()
    if not title:
        errors.setdefault("title", "a title is needed")
    elif len(title) > MAX_LINE:
        errors.setdefault("title", f"at most {MAX_LINE} characters")
    zone: str | None = None
    if draft.zone.strip() and "zone" not in errors:
        try:
            zone = resolve_zone(draft.zone)
        except ZoneLookupError as exc:
            errors["zone"] = exc.message
    file_zone = loaded.timeline.timezone
    shown_zone = zone or file_zone or "UTC"
    values: dict[str, When] = {}
    for name in ("start", "end"):
        text = getattr(draft, name).strip()
        if name in errors or "zone" in errors:
            continue
        if not text:
            if name == "start":
                errors[name] = "a start is needed: 2025-08-20 14:30, or 2025-08-20 for a day"
            continue
        if len(text) > MAX_LABEL:
            errors[name] = f"at most {MAX_LABEL} characters"
            continue
        try:
            value = parse_when(text, zone, default_zone=file_zone)
        except (TimeValueError, ZoneLookupError) as exc:
            errors[name] = str(exc)
            continue
        values[name] = value
        hints[name] = describe_when(value, value.zone if isinstance(value, Instant) else shown_zone)
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None:
        if not _same_kind(start, end):
            errors["end"] = "write the end like the start: both days, or both times"
        elif _before(end, start):
            errors["end"] = "the end is before the start"
    actors, problem = _actor_ids(draft.actors, loaded)
    if problem and "actors" not in errors:
        errors["actors"] = problem
    if errors:
        return Checked(None, errors, hints)
    mapping: dict[str, object] = {"title": title, "start": draft.start.strip()}
    if draft.end.strip():
        mapping["end"] = draft.end.strip()
    if zone is not None:
        mapping["timezone"] = zone
    if draft.location.strip():
        mapping["location"] = draft.location.strip()
    if actors:
        mapping["actors"] = actors
    tags = list(dict.fromkeys(split_list(draft.tags)))
    if tags:
        mapping["tags"] = tags
    return Checked(mapping, {}, hints)


# --- completion ----------------------------------------------------------------------------


class CompleteLast(Suggester):
    """Completes the last comma-separated item of a value (or the whole value) from a list,
    keeping what was typed as it was typed."""

    def __init__(self, choices: Iterable[str], *, many: bool) -> None:
        """Args:
        choices: What may be completed to, best first.
        many: The value is a comma-separated list: complete its last item.
        """
        super().__init__(use_cache=True, case_sensitive=True)
        self._choices = list(dict.fromkeys(c for c in choices if c))
        self._folded = [c.casefold() for c in self._choices]
        self._many = many

    async def get_suggestion(self, value: str) -> str | None:
        """The value with its last item completed, or ``None``."""
        _, _, last = value.rpartition(",") if self._many else ("", "", value)
        typed = last.lstrip()
        if not typed:
            return None
        folded = typed.casefold()
        for choice, compared in zip(self._choices, self._folded, strict=True):
            if compared.startswith(folded) and len(choice) > len(typed):
                return value + choice[len(typed) :]
        return None


def zone_choices() -> list[str]:
    """Zone names to complete to: cities first (what people type), then IANA keys."""
    records = all_zones()
    return [r.city for r in records] + [r.key for r in records]


# --- the form ------------------------------------------------------------------------------

_PLACEHOLDERS = {
    "title": "What happened",
    "start": "2025-08-20 14:30, or 2025-08-20 for a whole day",
    "end": "optional, written like the start",
    "zone": "Europe/Brussels, Kyiv, UTC+2… (Tab or → completes)",
    "actors": "names, aliases or ids, comma-separated",
    "tags": "comma-separated",
    "location": "optional",
}
_LABELS = {
    "title": "Title",
    "start": "Start",
    "end": "End",
    "zone": "Zone",
    "actors": "Actors",
    "tags": "Tags",
    "location": "Location",
}


class NewEventScreen(ModalScreen[str | None]):
    """The form behind ``n``; dismissed with the new event's id, or ``None``.

    Enter moves to the next field (and saves on the last); every problem is shown under its
    field, and a time in a daylight-saving gap or fold is explained there.
    """

    CSS_PATH = "new_event.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | escape | Close the form; nothing is written. |
    | ctrl+s | Check the event and add it to the file. |
    """

    def __init__(
        self,
        options: ExplorerOptions,
        loaded: Callable[[], IndexedTimeline | None],
        *,
        zone: str,
        reload: Callable[[], object],
    ) -> None:
        """Create the form.

        Args:
            options: The file, and whether the explorer is served (then nothing is written).
            loaded: The timeline on screen now (it changes when the file is reloaded).
            zone: The zone filled in at first (the file's default, else the display zone).
            reload: Reads the file again (offered when it changed on disk).
        """
        super().__init__()
        self.options = options
        self._loaded = loaded
        self._zone = zone
        self._reload = reload
        self._touched: set[str] = set()
        """Fields left once: their problems are shown without waiting for Save."""
        self.saving = False
        """True while the event is being written."""

    def compose(self) -> ComposeResult:
        """A label, a box and a line for its problem, per field; then the buttons."""
        current = self._loaded()
        timeline = current.timeline if current else None
        actor_names: list[str] = []
        tags: list[str] = []
        if timeline is not None:
            for aid, actor in timeline.actors.items():
                actor_names += [actor.name, *actor.aliases, aid]
            tags = sorted({tag for event in timeline.events for tag in event.tags})
        suggesters: dict[str, Suggester] = {
            "zone": CompleteLast(zone_choices(), many=False),
            "actors": CompleteLast(actor_names, many=True),
            "tags": CompleteLast(tags, many=True),
        }
        with Vertical(id="new-event"):
            yield Static(Content("New event in ") + Content(self._file_name()), id="new-heading")
            with VerticalScroll(id="new-fields"):
                for name in FIELD_NAMES:
                    with Horizontal(classes="new-row"):
                        yield Label(_LABELS[name], classes="new-label")
                        yield Input(
                            self._zone if name == "zone" else "",
                            placeholder=_PLACEHOLDERS[name],
                            id=f"new-{name}",
                            suggester=suggesters.get(name),
                            compact=True,
                        )
                    yield Static("", id=f"new-{name}-note", classes="new-note", markup=False)
            yield Static("", id="new-message", markup=False)
            with Horizontal(id="new-buttons"):
                yield Button("Save", id="new-save", variant="primary")
                yield Button("Reload the file", id="new-reload")
                yield Button("Cancel", id="new-cancel")

    def _file_name(self) -> str:
        return visible(self.options.events_path.name, one_line=True)

    def on_mount(self) -> None:
        """The reload button appears only when the file changed on disk."""
        self.query_one("#new-reload", Button).display = False
        self.query_one("#new-title", Input).focus()

    # --- reading and checking -------------------------------------------------------------
    def draft(self) -> Draft:
        """The fields as they are now."""
        return Draft(**{name: self.query_one(f"#new-{name}", Input).value for name in FIELD_NAMES})

    def _show(self, checked: Checked, names: Iterable[str]) -> None:
        """Show the problems (or how the times read) of ``names``, clear the others."""
        shown = set(names)
        for name in FIELD_NAMES:
            note = self.query_one(f"#new-{name}-note", Static)
            error = checked.errors.get(name) if name in shown else None
            hint = checked.hints.get(name) if name in shown else None
            note.set_class(error is not None, "-error")
            if error is not None:
                note.update(Content(f"⚠ {visible(error, one_line=True)}"))
            else:
                note.update(Content(f"= {hint}" if hint else ""))
            note.display = bool(error or hint)

    @on(Input.Blurred)
    def _left_field(self, message: Input.Blurred) -> None:
        name = (message.input.id or "").removeprefix("new-")
        if message.input.value.strip():
            self._touched.add(name)
        loaded = self._loaded()
        if loaded is not None and not self.saving:
            self._check_fields(self.draft(), loaded, frozenset(self._touched))

    # a thread: the first lookup of an unknown place name reads the gazetteer
    @work(thread=True, exclusive=True, group="new-event", description="check the fields")
    def _check_fields(self, draft: Draft, loaded: IndexedTimeline, shown: frozenset[str]) -> None:
        """Check the fields left so far and show their problems (unless overtaken)."""
        checked = check_draft(draft, loaded)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_unless_saving, checked, shown)

    def _show_unless_saving(self, checked: Checked, shown: frozenset[str]) -> None:
        if not self.saving:
            self._show(checked, shown)

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        if message.input.id == f"new-{FIELD_NAMES[-1]}":
            self.action_save()
        else:
            self.focus_next()

    # --- saving ---------------------------------------------------------------------------
    def _say(self, text: str, *, error: bool) -> None:
        line = self.query_one("#new-message", Static)
        line.update(Content(text))
        line.set_class(error, "-error")

    @on(Button.Pressed, "#new-save")
    def action_save(self) -> None:
        """Check every field; if all are right, add the event to the file."""
        if self.saving:
            return
        if self.options.served:
            self._say(
                "Adding events is off in the browser: nothing is written on the server.", error=True
            )
            return
        loaded = self._loaded()
        if loaded is None:
            self._say("The file is not loaded yet.", error=True)
            return
        self.saving = True
        self._touched.update(FIELD_NAMES)
        self._say(f"Adding to {self._file_name()}…", error=False)
        self._save(self.options.events_path, self.draft(), loaded)

    def _not_saved(self, checked: Checked) -> None:
        self.saving = False
        self._show(checked, FIELD_NAMES)
        first = next(name for name in FIELD_NAMES if name in checked.errors)
        self.query_one(f"#new-{first}", Input).focus()
        self._say("Not saved: see the fields marked ⚠.", error=True)

    @work(thread=True, exclusive=True, group="new-event", description="add the event")
    def _save(self, path: Path, draft: Draft, loaded: IndexedTimeline) -> str | None:
        """Check and write in a thread, refusing a file that is not the one loaded.

        Returns the new event's id once it is written (the form then closes, when the
        worker has finished: see :meth:`on_worker_state_changed`), else ``None``.
        """
        from tui.core.append import AppendError, FileStamp, append_events

        checked = check_draft(draft, loaded)
        mapping = checked.mapping
        if mapping is None:
            self.app.call_from_thread(self._not_saved, checked)
            return None
        self.app.call_from_thread(self._show, checked, FIELD_NAMES)
        try:
            stamp = FileStamp.of(path)
            if loaded.file_stat is not None and (stamp.size, stamp.mtime_ns) != loaded.file_stat:
                self.app.call_from_thread(self._changed_on_disk)
                return None
            ids = append_events(path, [mapping], label=path.name, expected=stamp)
        except AppendError as exc:
            problems = [d.message for d in exc.diagnostics] or [str(exc)]
            if any(CHANGED_ON_DISK.search(p) for p in problems):
                self.app.call_from_thread(self._changed_on_disk)
            else:
                self.app.call_from_thread(self._failed, problems)
            return None
        except (OSError, TimelineError) as exc:
            problems = [d.message for d in getattr(exc, "diagnostics", ())] or [str(exc)]
            self.app.call_from_thread(self._failed, problems)
            return None
        return ids[0]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Close the form once the worker that wrote the event has finished (closing it
        from inside the worker would cancel the worker with the screen)."""
        worker = event.worker
        if worker.name == "_save" and event.state == WorkerState.SUCCESS and worker.result:
            self.dismiss(worker.result)

    def _failed(self, problems: list[str]) -> None:
        self.saving = False
        lines = [visible(p, one_line=True) for p in problems[:3]]
        self._say("⚠ Not saved: " + "\n".join(lines), error=True)

    def _changed_on_disk(self) -> None:
        self.saving = False
        self._say(
            f"⚠ {self._file_name()} changed on disk since it was loaded, so nothing was written"
            " (that would lose the other change). Reload it, check the form, and save again.",
            error=True,
        )
        button = self.query_one("#new-reload", Button)
        button.display = True
        button.focus()

    @on(Button.Pressed, "#new-reload")
    def _reload_pressed(self) -> None:
        self.query_one("#new-reload", Button).display = False
        self._reload()
        self._say("Reloading… then press Save again.", error=False)
        self.query_one("#new-save", Button).focus()

    @on(Button.Pressed, "#new-cancel")
    def action_cancel(self) -> None:
        """Close the form; nothing is written."""
        if not self.saving:
            self.dismiss(None)


def open_new_event(screen: MainScreen) -> None:
    """Open the form for ``screen``'s file; afterwards select the new event and say so.

    Refused, with the reason, when the explorer is served to a browser.
    """
    options = screen.options
    if options.served:
        screen.notify(
            "Adding events is off in the browser: nothing is written on the server.",
            severity="warning",
            markup=False,
        )
        return
    current = screen.loaded
    if current is None:
        screen.notify("The file is not loaded yet.", markup=False)
        return
    zone = current.timeline.timezone or screen.display_zone

    def added(new_id: str | None) -> None:
        if new_id is None:
            return
        screen.selected_id = new_id  # the reload puts the cursor on it
        name = visible(options.events_path.name, one_line=True)
        screen.notify(f"Added {visible(new_id, one_line=True)} to {name}.", markup=False)
        if not options.watch:
            screen.action_reload()

    form = NewEventScreen(options, lambda: screen.loaded, zone=zone, reload=screen.action_reload)
    screen.app.push_screen(form, added)
