"""The zone picker: find a time zone by city, country, IANA name, alias, offset, CLDR name
("Pacific Time") or Windows zone ID, and see why each zone matched.

Each candidate shows its current local time and UTC offset, from the clock the caller
injects (so tests are deterministic). The screen returns one :class:`ZoneChoice` (or
``None`` when closed), and the caller applies it: the picker changes nothing itself.

The zone tables answer at once. The gazetteer's cities and CLDR's names take a moment to
load the first time, so they are loaded in a thread worker as soon as the query is
something the zone tables do not know, and the results are refreshed when they are ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from ...core import places, zonewords
from ...core.display import zone_line
from ...core.model import Instant
from ...core.safetext import visible
from ...core.zones import ZoneLookupError, ZoneRecord, resolve_zone_why, zone_record
from ...core.zonesearch import ZoneHit, find_zones, tables_do_not_know

MAX_RESULTS = 40
"""Candidates listed at most (search is fast: a few milliseconds, so it runs inline)."""

LOADING = "Looking up cities and zone names…"
"""The status while the gazetteer and CLDR's names load."""

MAX_LIST_ROWS = 18
"""Candidates visible at once on a tall screen."""

PINNED_MARK = "●"
DISPLAY_MARK = "◆"


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """What the user chose in the picker.

    Attributes:
        action: ``pin`` (add to pinned zones), ``unpin`` (remove from them) or ``display``
            (make it the display zone).
        zone: Canonical zone key.
    """

    action: Literal["pin", "unpin", "display"]
    zone: str


class ZonePicker(ModalScreen[ZoneChoice | None]):
    """Search zones; pin, unpin or choose the display zone.

    Dismisses with a :class:`ZoneChoice`, or ``None`` on Escape.
    """

    DEFAULT_CSS = """
    ZonePicker {
        align: center middle;
    }
    #zone-picker {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        padding: 0 1;
    }
    #zone-query {
        margin: 1 0 0 0;
    }
    #zone-results {
        height: auto;
        max-height: 18;  /* lowered on short screens by ZonePicker._fit_results */
        margin: 1 0 0 0;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
    }
    #zone-status, #zone-help {
        height: auto;
        margin: 1 0 0 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=False),
        # priority: Input binds ctrl+d to "delete right", which would win otherwise
        Binding("ctrl+d", "display", "Display zone", priority=True),
        Binding("down", "cursor(1)", "Next", show=False),
        Binding("up", "cursor(-1)", "Previous", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Pin the highlighted zone (unpin it when already pinned). |
    | ctrl+d | Make the highlighted zone the display zone. |
    | up, down | Move the highlight while typing. |
    | escape | Close without a choice. |
    """

    def __init__(
        self,
        pinned: tuple[str, ...],
        display_zone: str,
        now: Callable[[], float],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the picker.

        Args:
            pinned: Canonical keys of the pinned zones (marked, and Enter unpins them).
            display_zone: Canonical key of the current display zone (marked).
            now: Returns the current time as UTC seconds (``time.time`` in the app).
            name: The screen's name.
            id: The screen's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.pinned = pinned
        self.display_zone = display_zone
        self._now = now
        self.candidates: list[str] = []
        """Zone keys listed, in order (the highlighted one is acted on)."""
        self._loading = False

    def compose(self) -> ComposeResult:
        """The dialog: query, candidates, status and key help."""
        with Vertical(id="zone-picker") as box:
            box.border_title = "Time zones"
            yield Input(
                placeholder="City, country, zone name or offset (Kyiv, Japan, UTC+5:30)",
                id="zone-query",
            )
            yield OptionList(id="zone-results")
            yield Static(id="zone-status", markup=False)
            yield Static(
                Content.assemble(
                    ("enter", "bold"),
                    " pin/unpin   ",
                    ("ctrl+d", "bold"),
                    " display zone   ",
                    ("esc", "bold"),
                    " close      ",
                    (PINNED_MARK, "$text-accent"),
                    " pinned  ",
                    (DISPLAY_MARK, "$text-success"),
                    " display",
                ),
                id="zone-help",
            )

    def on_mount(self) -> None:
        self._fit_results(self.size.height)
        self._refresh_results("")
        self.query_one("#zone-query", Input).focus()

    def on_resize(self, event: Resize) -> None:
        self._fit_results(event.size.height)

    def _fit_results(self, height: int) -> None:
        # The dialog may use 90% of the height; the query, status and help need 11 rows.
        # (A percentage max-height on the list is not honoured inside an auto-height box.)
        rows = max(3, min(MAX_LIST_ROWS, int(height * 0.9) - 11))
        self.query_one("#zone-results", OptionList).styles.max_height = rows

    # --- searching ------------------------------------------------------------------------

    @on(Input.Changed, "#zone-query")
    def _query_changed(self, message: Input.Changed) -> None:
        self._refresh_results(message.value)

    def _records_for(self, query: str) -> tuple[list[ZoneHit], str]:
        """Candidates for ``query`` and a status line (empty when all is well).

        What the loader would read the text as comes first, listed or not (offsets such as
        UTC+5:30 and abbreviations such as EST are not in the search index); an ambiguous
        name's candidates come first, and its message is the status.
        """
        text = query.strip()
        if not text:
            keys = list(dict.fromkeys([*self.pinned, self.display_zone]))
            return [ZoneHit(_record(k)) for k in keys], "Type to search every zone."
        hits = find_zones(text, MAX_RESULTS, load=False)
        status = ""
        try:
            resolve_zone_why(text, load=False)
        except ZoneLookupError as exc:
            if not hits or exc.suggestions:
                status = exc.message
        if not _sources_loaded() and tables_do_not_know(text, hits):
            if not self._loading:  # once: a second thread would only wait for the first
                self._loading = True
                self._load_sources()
            status = LOADING
        if not hits and not status:
            status = f"No zone matches {text!r}."
        return hits, status

    @work(thread=True, group="zone-sources")
    def _load_sources(self) -> None:
        """Build the gazetteer and read CLDR's names (a second or two, once a run)."""
        zonewords.zone_words()
        places.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "zone-sources" and event.state == WorkerState.SUCCESS:
            self._refresh_results(self.query_one("#zone-query", Input).value)

    def _refresh_results(self, query: str) -> None:
        hits, status = self._records_for(query)
        now_utc = int(self._now())
        results = self.query_one("#zone-results", OptionList)
        results.clear_options()
        results.add_options(Option(self._prompt(h, now_utc), id=h.record.key) for h in hits)
        self.candidates = [h.record.key for h in hits]
        if hits:
            results.highlighted = 0
        results.display = bool(hits)
        status_widget = self.query_one("#zone-status", Static)
        status_widget.update(Content(visible(status, one_line=True)))  # it quotes the query
        status_widget.display = bool(status)

    def _prompt(self, hit: ZoneHit, now_utc: int) -> Content:
        record = hit.record
        reading = zone_line(Instant(utc=now_utc, zone="UTC"), record.key, record.key)
        marks = (PINNED_MARK if record.key in self.pinned else " ") + (
            DISPLAY_MARK if record.key == self.display_zone else " "
        )
        where = record.country or ("fixed offset" if record.key != "UTC" else "")
        # why the zone matched ("Bangalore (Bengaluru, India)") in place of its own place
        place: tuple[tuple[str, str], ...] = (
            ((_fit(visible(hit.why, one_line=True), 29), "bold"),)
            if hit.why
            else ((_fit(record.city, 14), "bold"), (" ", ""), (_fit(where, 14), "$text-muted"))
        )
        return Content.assemble(
            (marks[0], "$text-accent"),
            (marks[1], "$text-success"),
            " ",
            *place,
            " ",
            _fit(record.key, 20),
            " ",
            (reading.local, "bold"),
            f" {reading.weekday} ",
            (reading.offset, "$text-muted"),
        )

    # --- actions --------------------------------------------------------------------------

    def _highlighted(self) -> str | None:
        results = self.query_one("#zone-results", OptionList)
        if results.highlighted is None or not self.candidates:
            return None
        return self.candidates[results.highlighted]

    def action_cursor(self, step: int) -> None:
        """Move the highlight in the candidates (the query keeps focus)."""
        results = self.query_one("#zone-results", OptionList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def action_close(self) -> None:
        """Close without a choice."""
        self.dismiss(None)

    def action_display(self) -> None:
        """Make the highlighted zone the display zone."""
        zone = self._highlighted()
        if zone is not None:
            self.dismiss(ZoneChoice("display", zone))

    def _pin_or_unpin(self, zone: str) -> None:
        self.dismiss(ZoneChoice("unpin" if zone in self.pinned else "pin", zone))

    @on(Input.Submitted, "#zone-query")
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        zone = self._highlighted()
        if zone is not None:
            self._pin_or_unpin(zone)

    @on(OptionList.OptionSelected, "#zone-results")
    def _selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id is not None:
            self._pin_or_unpin(message.option.id)


def _record(key: str) -> ZoneRecord:
    return zone_record(key) or ZoneRecord(key, key, None, None)


def _sources_loaded() -> bool:
    return places.is_loaded() and zonewords.is_loaded()


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` characters."""
    if len(text) > width:
        return text[: width - 1] + "…"
    return f"{text:<{width}}"
