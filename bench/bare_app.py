"""Baseline for the terminal measures: the smallest Textual app with a search box.

``python -m bench.bare_app`` shows ``count 0`` and, under it, a text box that has focus;
each key typed into the box redraws the line with the box's length (``count 3``). The
benchmark (:mod:`bench.terminal`) times its first screen and its keystrokes in tmux exactly
as it times the explorer's, so the ratio between the two is the explorer's own cost.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Bare(App[None]):
    """A line of text and a text box."""

    def compose(self) -> ComposeResult:
        """The counter, then the box."""
        yield Static("count 0", id="count")
        yield Input(id="box")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Show how many characters the box holds."""
        self.query_one("#count", Static).update(f"count {len(event.value)}")


if __name__ == "__main__":
    Bare().run()
