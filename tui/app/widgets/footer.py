"""The key bar at the foot of a screen, rebuilt only when what it shows changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

KeySignature = tuple[tuple[str, str, str, bool, str], ...]
"""What the key bar shows: per shown binding, its key, description, action, whether it is
enabled and its tooltip."""


class SteadyFooter(Footer):
    """Textual's footer, without rebuilding itself when nothing it shows has changed.

    Textual's footer removes and mounts all its keys whenever a screen's bindings *may*
    have changed (``refresh_bindings``), which costs a layout of the whole screen. The
    explorer asks that on every search keystroke (the "Undo filter" and "Fold" keys come
    and go with the view), while the keys shown rarely change: this one compares what it
    would show with what it shows and rebuilds only on a difference.
    """

    _shown: KeySignature | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild the keys when the screen's shown bindings differ from the ones drawn."""
        signature = shown_keys(screen)
        if signature == self._shown and self._bindings_ready:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = signature  # a rebuild was asked for: this is what it will show


def shown_keys(screen: Screen[object]) -> KeySignature:
    """What a footer on ``screen`` shows now."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )
