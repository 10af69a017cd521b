"""Scrolling widgets whose content size changes without laying out the whole screen.

Textual's ``virtual_size`` (the size of what a widget scrolls over) is a reactive that asks
for a layout of the screen whenever it changes. For the timeline list (its row count, on
every filter) and the search box (its text width, on every key) nothing else on screen
depends on that size: only the widget's own scroll range and scroll bars do. A layout of
the main screen costs more than drawing it, and it cascades (the sizes it settles ask for
another), so these widgets update their scroll range themselves and lay out only when a
scroll bar appears or goes (Textual's ``show_vertical_scrollbar`` still does that).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.widgets import Input


class QuietScrollView(ScrollView):
    """A :class:`ScrollView` whose content size is set with :meth:`set_content_size`."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The scrolled-over size: repaints this widget only (see the module docstring)."""

    def set_content_size(self, size: Size) -> None:
        """Scroll over ``size`` from now on: the scroll range and scroll bars follow at once.

        The scroll position is kept where it is still in range, else moved to the end.
        """
        if size == self.virtual_size:
            return
        self.virtual_size = size
        self._scroll_update(size)  # scroll bars: shown or not, their length and position
        if self.scroll_y > self.max_scroll_y or self.scroll_x > self.max_scroll_x:
            self.scroll_to(
                x=min(self.scroll_x, self.max_scroll_x),
                y=min(self.scroll_y, self.max_scroll_y),
                animate=False,
                immediate=True,
            )


class QuietInput(Input):
    """An :class:`Input` whose growing text repaints the box only.

    Textual sets an input's ``virtual_size`` to its text's width on every change; the box
    scrolls its text to keep the cursor in view from that size alone.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The text's width: repaints the box only (see the module docstring)."""
