"""The zone picker: find a time zone by city, country, IANA name, alias or offset.

Each candidate shows its current local time and UTC offset, from the clock the caller
injects (so tests are deterministic). The screen returns one :class:`ZoneChoice` (or
``None`` when closed), and the caller applies it: the picker changes nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.display import zone_line
from ...core.model import Instant
from ...core.safetext import visible
from ...core.zones import ZoneLookupError, ZoneRecord, resolve_zone, zone_record
from ...core.zonesearch import search_zones

MAX_RESULTS = 40
"""Candidates listed at most (search is fast: a few milliseconds, so it runs inline)."""

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

    def _records_for(self, query: str) -> tuple[list[ZoneRecord], str]:
        """Candidates for ``query`` and a status line (empty when all is well)."""
        text = query.strip()
        if not text:
            keys = list(dict.fromkeys([*self.pinned, self.display_zone]))
            return [_record(k) for k in keys], "Type to search every zone."
        records = search_zones(text, MAX_RESULTS)
        status = ""
        try:
            exact = resolve_zone(text)
        except ZoneLookupError as exc:
            if not records:
                status = exc.message
        else:
            # What the loader would read this text as comes first, listed or not (offsets
            # such as UTC+5:30 and abbreviations such as EST are not in the search index).
            records = [_record(exact), *(r for r in records if r.key != exact)]
        if not records and not status:
            status = f"No zone matches {text!r}."
        return records, status

    def _refresh_results(self, query: str) -> None:
        records, status = self._records_for(query)
        now_utc = int(self._now())
        results = self.query_one("#zone-results", OptionList)
        results.clear_options()
        results.add_options(Option(self._prompt(r, now_utc), id=r.key) for r in records)
        self.candidates = [r.key for r in records]
        if records:
            results.highlighted = 0
        results.display = bool(records)
        status_widget = self.query_one("#zone-status", Static)
        status_widget.update(Content(visible(status, one_line=True)))  # it quotes the query
        status_widget.display = bool(status)

    def _prompt(self, record: ZoneRecord, now_utc: int) -> Content:
        reading = zone_line(Instant(utc=now_utc, zone="UTC"), record.key, record.key)
        marks = (PINNED_MARK if record.key in self.pinned else " ") + (
            DISPLAY_MARK if record.key == self.display_zone else " "
        )
        where = record.country or ("fixed offset" if record.key != "UTC" else "")
        return Content.assemble(
            (marks[0], "$text-accent"),
            (marks[1], "$text-success"),
            " ",
            (_fit(record.city, 14), "bold"),
            " ",
            (_fit(where, 14), "$text-muted"),
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


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` characters."""
    if len(text) > width:
        return text[: width - 1] + "…"
    return f"{text:<{width}}"
