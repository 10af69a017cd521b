"""The filter bar: the search box, the date-range box and the line of active filters.

It owns no filter state: it reports what the user typed (messages up) and shows the
description the screen gives it (attributes down).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from tui.app.filters import HOW_TO_WRITE, DateRange, DateRangeError, parse_date_range
from tui.app.widgets.quiet_size import QuietInput
from tui.core.safetext import visible


class FilterBar(Horizontal):
    """One line: ``/`` search as you type, ``d`` dates, the filters in force and a status.

    Enter in either box hands focus back (:class:`TypingFinished`); Escape does too, leaving the
    filters as they are.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Back to list", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | escape | Leave the search or date box (filters stay as they are). |
    """

    _description: str = ""
    _status_width: int = -1

    # only what the bar needs to work (one line, the boxes' widths, which parts show when);
    # its looks are in the app's stylesheet
    DEFAULT_CSS = """
    FilterBar {
        height: 1;

        #search {
            width: 28;
        }
        #dates {
            width: 30;
        }
        #filters {
            width: 1fr;
            height: 1;
            padding: 0 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        #status {
            width: auto;
            height: 1;
            padding: 0 1;
        }
        #dates.-hidden {
            display: none;
        }
        &.-dates #search, &.-dates #status {
            display: none;
        }
    }
    """

    @dataclass
    class FilterBarMessage(Message):
        """What every message of the bar carries: the bar it came from."""

        filter_bar: FilterBar
        """The bar that sent the message."""

        @property
        def control(self) -> FilterBar:
            """The bar that sent the message (what ``@on(..., "#selector")`` matches)."""
            return self.filter_bar

    @dataclass
    class SearchChanged(FilterBarMessage):
        """The search text changed (sent on every keystroke)."""

        text: str
        """The text in the search box."""

    @dataclass
    class DatesChosen(FilterBarMessage):
        """The user entered a valid date range."""

        dates: DateRange
        """The range."""

    class TypingFinished(FilterBarMessage):
        """The user has finished typing (Enter or Escape); focus can go back."""

    def compose(self) -> ComposeResult:
        """The search box, the (hidden) date box and the description."""
        yield QuietInput(placeholder="/ search", id="search", compact=True)
        yield Input(placeholder="2025-08-15..2025-08-20", id="dates", compact=True)
        yield Static("", id="filters", markup=False)
        yield Static("", id="status", markup=False)

    def on_mount(self) -> None:
        """Start with the date box hidden."""
        self.query_one("#dates", Input).add_class("-hidden")

    # --- attributes down ------------------------------------------------------------------
    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.close_dates()
        self.query_one("#search", Input).focus()

    def set_search_text(self, text: str) -> None:
        """Show ``text`` in the search box (without sending :class:`SearchChanged`)."""
        search = self.query_one("#search", Input)
        if search.value != text:
            with search.prevent(Input.Changed):
                search.value = text

    def open_dates(self, current: str = "") -> None:
        """Show the date box, filled with the current range, and focus it."""
        dates = self.query_one("#dates", Input)
        dates.remove_class("-hidden")
        self.add_class("-dates")  # room for the date box and its messages
        dates.value = current
        dates.focus()
        self._hint(f"Enter applies · Esc cancels · {HOW_TO_WRITE}")

    def close_dates(self) -> None:
        """Hide the date box."""
        self.query_one("#dates", Input).add_class("-hidden")
        self.remove_class("-dates")
        self.describe(self._description)

    def set_status(self, text: str) -> None:
        """Show the view's status at the right (``3 of 47 events · Europe/Kyiv EEST``).

        The status is as wide as its text: the bar is laid out again only when that width
        changes (a layout of the whole screen costs more than drawing the line).
        """
        content = _literal(text)
        widget = self.query_one("#status", Static)
        widen = content.cell_length != self._status_width
        self._status_width = content.cell_length
        widget.update(content, layout=widen)

    def describe(self, text: str) -> None:
        """Show the filters in force (``search: chiefs · actor: Putin``)."""
        self._description = text
        widget = self.query_one("#filters", Static)
        widget.remove_class("-error")
        widget.update(_literal(text), layout=False)  # one line filling the bar's rest

    def _hint(self, text: str, error: bool = False) -> None:
        widget = self.query_one("#filters", Static)
        widget.set_class(error, "-error")
        widget.update(_literal(text), layout=False)

    # --- messages up --------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.SearchChanged(self, event.value))

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.TypingFinished(self))

    @on(Input.Changed, "#dates")
    def _dates_changed(self, event: Input.Changed) -> None:
        event.stop()

    @on(Input.Submitted, "#dates")
    def _dates_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            dates = parse_date_range(event.value)
        except DateRangeError as exc:
            self._hint(f"✗ {exc.message}", error=True)
            # the line may be too narrow for the whole message: say it in a toast as well
            message = visible(exc.message, one_line=True)
            self.notify(message, title="Dates", severity="error", timeout=6, markup=False)
            return
        self.close_dates()
        self.post_message(self.DatesChosen(self, dates))
        self.post_message(self.TypingFinished(self))

    def action_done(self) -> None:
        """Leave the box; an open date box is cancelled."""
        self.close_dates()
        self.post_message(self.TypingFinished(self))


def _literal(text: str) -> Content:
    """``text`` on one line, shown exactly as written.

    It quotes what the user typed and names from the file: it is never read as markup, and
    control characters show as escapes (``\\x1b``).
    """
    return Content(visible(text, one_line=True))
