"""The Textual application: the main screen, app-wide keys, theme and saving settings.

Everything about the timeline lives in :class:`~tui.app.screens.main.MainScreen`; this
class stays small on purpose.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.filter import LineFilter
from textual.screen import Screen

from tui.app.options import ExplorerOptions
from tui.app.safety import SafeSegments
from tui.app.screens.help import HelpScreen
from tui.app.screens.main import MainScreen
from tui.app.screens.picker import FuzzyPicker
from tui.app.widgets.filter_bar import FilterBar
from tui.app.widgets.timeline_list import TimelineList
from tui.core.config import Settings, changed_settings
from tui.core.safetext import visible
from tui.core.settings_file import SettingsStore


class TimelineApp(App[None]):
    """The timeline explorer. Build it with :func:`tui.app.factory.make_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        # Textual only hints at ctrl+q on ctrl+c; people expect ctrl+c to end a terminal program
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Keys"),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | q | Quit. |
    | ctrl+c | Quit, from anywhere (also from a text box). |
    | ? | Show every key. |
    | ctrl+p | Open the command palette. |
    """

    def __init__(
        self,
        options: ExplorerOptions,
        store: SettingsStore,
        *,
        display_zone: str,
        extra_zones: tuple[str, ...] = (),
    ) -> None:
        """Create the app (nothing is read until it runs).

        Args:
            options: File, clock, watching and caching.
            store: The settings and where they are saved.
            display_zone: Canonical key of the zone to show times in.
            extra_zones: Zones pinned for this run only.
        """
        super().__init__()
        self.options = options
        self.store = store
        # only the screen's starting value: from then on MainScreen.display_zone is the zone
        self._start_zone = display_zone
        self._extra_zones = extra_zones
        self._save_lock = threading.Lock()
        self._wanted = store.settings
        self._unsaved: frozenset[str] = frozenset()
        self._unsaved_lock = threading.Lock()
        self._safe_segments = SafeSegments()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's line filters, after :class:`~tui.app.safety.SafeSegments`.

        Every line any widget renders passes through these before it is written: ours runs
        first so no control character reaches the terminal and no segment reaches the
        others (``Monochrome`` under ``NO_COLOR``) without a style.
        """
        return [self._safe_segments, *super().get_line_filters()]

    def get_default_screen(self) -> Screen[None]:
        """The explorer's main screen."""
        return MainScreen(
            self.options,
            display_zone=self._start_zone,
            pinned_zones=self.store.settings.pinned_zones,
            extra_zones=self._extra_zones,
        )

    def on_mount(self) -> None:
        """Apply the saved theme and tell the user about settings problems."""
        theme = self.store.settings.theme
        if theme is not None:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(
                    f"Unknown theme {visible(repr(theme))} in the settings; using the default.",
                    markup=False,
                )
        for warning in self.store.warnings:
            self.notify(
                visible(warning, one_line=True), severity="warning", timeout=8, markup=False
            )
        self.theme_changed_signal.subscribe(
            self, lambda theme: self._save(replace(self._wanted, theme=theme.name))
        )

    @on(MainScreen.SettingsChanged)
    def _zones_changed(self, message: MainScreen.SettingsChanged) -> None:
        settings = self._wanted
        if message.display_zone is not None:
            settings = replace(settings, display_zone=message.display_zone)
        if message.pinned_zones is not None:
            settings = replace(settings, pinned_zones=message.pinned_zones)
        self._save(settings)

    def _save(self, settings: Settings) -> None:
        """Remember ``settings`` and write the ones that changed, in a worker.

        Only what the user changed here is written: the file's other settings, including
        any edited on disk while the explorer runs, are left as they are.
        """
        with self._unsaved_lock:
            changed = changed_settings(self._wanted, settings)
            self._wanted = settings
            self._unsaved |= changed
        if changed and not self.options.served:  # served: for this browser tab only
            self._write_settings()

    @work(thread=True, group="settings")
    def _write_settings(self) -> None:
        """Write the settings changed so far, in a thread; report a refusal or failure."""
        with self._save_lock:
            with self._unsaved_lock:
                names, self._unsaved = self._unsaved, frozenset()
                wanted: Settings = self._wanted
            if not names:
                return
            problem = self.store.save(wanted, changed=names)
        if problem is not None:
            self.call_from_thread(
                self.notify,
                visible(problem, one_line=True),
                severity="warning",
                timeout=8,
                markup=False,
            )

    def action_help(self) -> None:
        """Show every key binding."""
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(
            HelpScreen(
                [
                    ("Moving in the list", TimelineList.BINDINGS),
                    ("Filters, zones and panels", MainScreen.BINDINGS),
                    ("In the search and date boxes", FilterBar.BINDINGS),
                    ("In the actor and tag pickers", FuzzyPicker.BINDINGS),
                    ("Anywhere", self.BINDINGS),
                ]
            )
        )
