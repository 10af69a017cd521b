"""The key bar at the foot of a screen, rebuilt only when what it shows changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen

KeySignature = tuple[tuple[str, str, str, bool, str], ...]
"""What the key bar shows: per shown binding, its key, description, action, whether it is
enabled and its tooltip."""


class SteadyFooter(Footer):
    """Textual's footer, without rebuilding itself when nothing it shows has changed.

    Textual's footer removes and mounts all its keys whenever a screen's bindings *may*
    have changed (``refresh_bindings``), which costs a layout of the whole screen and the
    styling of a dozen new widgets (about 0.1 s at 100,000 events). The explorer asks that
    on every view, while the keys shown rarely change: this one compares what it would
    show with what it shows and rebuilds only on a difference. A key that only became
    enabled or disabled ("Undo filter" is disabled when there is nothing to undo) is
    shown or hidden in place.
    """

    DEFAULT_CSS = """
    SteadyFooter FooterKey.-disabled {
        display: none;
    }
    """
    """A key that does nothing now is not shown: toggling that is a class on one key."""

    _shown: KeySignature | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild the keys when the screen's shown bindings differ from the ones drawn;
        when only some became enabled or disabled, restyle those keys in place."""
        signature = shown_keys(screen)
        if self._bindings_ready and signature == self._shown:
            return
        if self._bindings_ready and self._shown is not None and self._restyle(signature):
            self._shown = signature
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = signature  # a rebuild was asked for: this is what it will show

    def _restyle(self, signature: KeySignature) -> bool:
        """Enable or disable the drawn keys to match ``signature``, if the same keys are
        drawn; ``False`` (nothing changed) when a rebuild is needed."""
        assert self._shown is not None
        if len(signature) != len(self._shown):
            return False
        drawn = {(key.key, key.action): key for key in self.query(FooterKey)}
        changed: list[tuple[FooterKey, bool]] = []
        for new, old in zip(signature, self._shown, strict=True):
            (key, description, action, enabled, tooltip) = new
            if (key, description, action, tooltip) != (old[0], old[1], old[2], old[4]):
                return False  # another key, description or tooltip
            widget = drawn.get((key, action))
            if widget is None:
                return False
            if enabled != old[3]:
                changed.append((widget, enabled))
        for widget, enabled in changed:
            # what Textual's FooterKey reads on a click, and the class that dims it
            widget._disabled = not enabled
            widget.set_class(not enabled, "-disabled")
        return True


def shown_keys(screen: Screen[Any]) -> KeySignature:
    """What a footer on ``screen`` shows now."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )
