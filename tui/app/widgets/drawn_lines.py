"""A widget drawn as whole lines of segments, built once per width and kept until told.

The time card and the planner's strips draw a handful of lines that depend on the width
and on their data, not on scrolling: they build every line at once (``_build``), keep the
result until the width, the data (:meth:`DrawnLines.redraw`) or the theme changes, and
serve them to Textual's Line API.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class DrawnLines(Widget):
    """Lines built by :meth:`_build` for a width, cached until the data or theme changes."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._lines: list[Strip] | None = None
        self._lines_width = -1

    def _build(self, width: int) -> list[list[Segment]]:
        """The lines' segments for ``width`` cells (each line is cropped or padded to it)."""
        raise NotImplementedError

    def redraw(self) -> None:
        """The data changed: build the lines again (the height may change too)."""
        self._lines = None
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        """Forget drawn lines when the theme or styles change."""
        super().notify_style_update()
        self._lines = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as were built for the width."""
        return len(self._render_all(width))

    def render_line(self, y: int) -> Strip:
        """Draw line ``y``."""
        width = self.content_size.width
        lines = self._render_all(width)
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(width, self.rich_style)

    def _render_all(self, width: int) -> list[Strip]:
        if self._lines is None or self._lines_width != width:
            base = self.rich_style
            self._lines = [
                Strip(segments).crop_extend(0, width, base) for segments in self._build(width)
            ]
            self._lines_width = width
        return self._lines
