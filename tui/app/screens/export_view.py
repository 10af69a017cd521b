""" "Export view…": the events on screen written in a format other programs read.

The dialog asks for a format and, on this machine, for a folder (the events file's, to
start with). It never replaces a file without asking: when the file is there, it says so
and a second Enter replaces it. Served to a browser (``timeline serve``), nothing is
written to the server's disk: the export is delivered to the browser as a download.

The work (filtering, writing the format, the file) runs in a thread worker of the app, so
the dialog can close at once and a large export does not stop the explorer; a
notification says where the file went.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.filters import FilterStack
from tui.app.reload import IndexedTimeline
from tui.core.export import FORMATS, export_events, export_filename
from tui.core.export.files import write_new_file
from tui.core.model import Event
from tui.core.safetext import visible

if TYPE_CHECKING:
    from tui.app.screens.main import MainScreen


@dataclass(frozen=True, slots=True)
class ExportView:
    """What is on screen, frozen when the dialog opens.

    Attributes:
        loaded: The timeline and its index.
        filters: The filters in force.
        zone: The display zone.
        pinned: The zones pinned on the time card.
        events_path: The events file (its folder and name suggest the export's).
        served: Running in a browser: deliver, never write to disk.
        now: The clock.
    """

    loaded: IndexedTimeline
    filters: FilterStack
    zone: str
    pinned: tuple[str, ...]
    events_path: Path
    served: bool
    now: Callable[[], float]

    def events(self) -> list[Event]:
        """The events the filters keep, in start order (folded agendas included)."""
        timeline = self.loaded.timeline
        if self.filters.is_empty:
            return list(timeline.events)
        matches = self.loaded.index.matches(self.filters.to_filter(self.zone))
        return [timeline.events[i] for i in matches]

    def render(self, fmt: str) -> tuple[bytes, int]:
        """The export's bytes in format ``fmt``, and how many events it holds."""
        events = self.events()
        data = export_events(
            events,
            self.loaded.timeline,
            fmt,
            zone=self.zone,
            pinned=self.pinned,
            now=self.now(),
        )
        return (data if isinstance(data, bytes) else data.encode("utf-8")), len(events)


def _count(n: int) -> str:
    return f"{n:,} event{'s' if n != 1 else ''}"


def export_to_file(app: App[object], view: ExportView, fmt: str, path: Path, replace: bool) -> None:
    """Write the export to ``path`` (in a worker thread) and say where, or why not."""
    shown = visible(str(path), one_line=True)
    try:
        data, count = view.render(fmt)
        write_new_file(path, data, replace=replace)
    except FileExistsError:
        message, severity = f"Not exported: {shown} appeared meanwhile; it was left as is.", "error"
    except OSError as exc:
        message, severity = f"Could not write {shown}: {exc.strerror or exc}", "error"
    except Exception as exc:  # an export that fails must not end the explorer
        message, severity = f"Export failed: {type(exc).__name__}: {exc}", "error"
    else:
        message, severity = f"Exported {_count(count)} to {shown}", "information"
    shown_message = visible(message, one_line=True)
    app.call_from_thread(app.notify, shown_message, severity=severity, timeout=8, markup=False)


def export_to_browser(app: App[object], view: ExportView, fmt: str) -> None:
    """Send the export to the browser as a download (in a worker thread)."""
    try:
        data, count = view.render(fmt)
    except Exception as exc:  # an export that fails must not end the explorer
        message = visible(f"Export failed: {type(exc).__name__}: {exc}", one_line=True)
        app.call_from_thread(app.notify, message, severity="error", markup=False)
        return
    name = export_filename(view.events_path, fmt)

    def deliver() -> None:
        app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=FORMATS[fmt].media_type)
        shown = visible(name, one_line=True)
        app.notify(f"Exported {_count(count)} as {shown}: your browser downloads it.", markup=False)

    app.call_from_thread(deliver)


class ExportDialog(ModalScreen[None]):
    """Choose a format (and a folder); Enter exports, Esc cancels."""

    CSS_PATH = "export_view.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    """
    | Key(s) | Description |
    | :- | :- |
    | escape | Close without exporting. |
    """

    def __init__(self, view: ExportView) -> None:
        """Create the dialog.

        Args:
            view: What is on screen.
        """
        super().__init__()
        self.view = view
        self._replace: Path | None = None  # the file the user was told exists

    def compose(self) -> ComposeResult:
        """Title, what is exported, the formats, the folder, a status line and the keys."""
        count = len(self.view.events())
        with Vertical(id="export-dialog"):
            yield Static("Export view", id="export-title", markup=False)
            yield Static(
                f"{_count(count)} (the filters in force) · times in {self.view.zone}",
                id="export-what",
                markup=False,
            )
            yield OptionList(
                *(Option(Content(f.label), id=f.name) for f in FORMATS.values()),
                id="export-formats",
            )
            if not self.view.served:
                yield Label("Folder", id="export-folder-label")
                yield Input(
                    str(self.view.events_path.resolve().parent),
                    id="export-folder",
                    select_on_focus=False,
                )
            yield Static("", id="export-status", markup=False)
            hint = "Enter export · Tab folder · Esc cancel"
            if self.view.served:
                hint = "Enter download · Esc cancel"
            yield Static(hint, id="export-hint", markup=False)

    def on_mount(self) -> None:
        """The formats have focus, the first highlighted."""
        formats = self.query_one("#export-formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    @on(OptionList.OptionSelected, "#export-formats")
    def _format_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.export(event.option.id or "json")

    @on(Input.Submitted, "#export-folder")
    def _folder_entered(self, event: Input.Submitted) -> None:
        event.stop()
        formats = self.query_one("#export-formats", OptionList)
        option = formats.get_option_at_index(formats.highlighted or 0)
        self.export(option.id or "json")

    @on(Input.Changed, "#export-folder")
    def _folder_changed(self) -> None:
        self._replace = None
        self._status("")

    def _status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(Content(text))

    def export(self, fmt: str) -> None:
        """Export in ``fmt``: to the browser, or to the folder (asking before replacing)."""
        app = self.app
        view = self.view
        if view.served:
            app.run_worker(
                lambda: export_to_browser(app, view, fmt),
                thread=True,
                group="export",
                description="export the view",
            )
            self.dismiss(None)
            return
        typed = self.query_one("#export-folder", Input).value.strip()
        folder = Path(typed).expanduser() if typed else view.events_path.resolve().parent
        if not folder.is_dir():
            self._status(f"No folder {visible(str(folder), one_line=True)}")
            return
        path = folder / export_filename(view.events_path, fmt)
        if (path.exists() or path.is_symlink()) and self._replace != path:
            self._replace = path  # asked: the next Enter for this file replaces it
            self._status(f"{visible(path.name, one_line=True)} exists: Enter again replaces it")
            return
        replace = self._replace == path
        app.run_worker(
            lambda: export_to_file(app, view, fmt, path, replace),
            thread=True,
            group="export",
            description="export the view",
        )
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


def open_export_view(screen: MainScreen) -> None:
    """Open "Export view…" for the events ``screen``'s filters keep."""
    if screen.loaded is None:
        return
    options = screen.options
    view = ExportView(
        screen.loaded,
        screen.filters,
        screen.display_zone,
        screen.pinned,
        options.events_path,
        options.served,
        options.now,
    )
    screen.app.push_screen(ExportDialog(view))
