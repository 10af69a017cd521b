"""The explorer's last line of defence: nothing a widget draws can command the terminal.

Text from files, settings and the keyboard is made visible (``\\x1b``) where it becomes a
widget's content, with :func:`tui.core.safetext.visible`. :class:`SafeSegments` is the net
under that: the app runs it first on every line any widget renders (Textual's own widgets
included), so a control character that reached a widget by some other path is dropped
before the line is written, a hyperlink is kept only when :func:`web_link` accepts its
target, and every segment carries a style for the filters after it (Textual's
``Monochrome`` filter fails on a segment without one).
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from tui.core.safetext import UNSAFE, strip_unsafe

_WEB_SCHEMES: Final = frozenset({"http", "https"})
_NO_STYLE: Final = Style()


def web_link(url: str) -> str | None:
    """``url`` when it may become a terminal hyperlink, else ``None``.

    Only ``http`` and ``https`` addresses with a host qualify, and only when they hold no
    whitespace and no character a terminal would obey (a BEL or ESC would end the
    hyperlink's escape sequence and start another).

    Args:
        url: The address, as the event file gives it.

    Returns:
        The same address, or ``None`` when it must be shown as plain text.
    """
    if not url or UNSAFE.search(url) is not None or any(char.isspace() for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced [ in the host, for one
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return None
    return url


def _unsafe_link(style: Style) -> bool:
    link = style.link
    return link is not None and web_link(link) is None


def _repaired(segment: Segment) -> Segment:
    """``segment`` with its unsafe characters and link dropped, and a style; or as it was."""
    text, style, control = segment
    if style is None:
        style = _NO_STYLE
    elif _unsafe_link(style):
        style = style.update_link(None)
    elif UNSAFE.search(text) is None:
        return segment
    return Segment(strip_unsafe(text), style, control)


class SafeSegments(LineFilter):
    """Drops unsafe characters and hyperlinks from rendered lines; gives every segment a style.

    The unsafe characters (see :mod:`tui.core.safetext`) take no cell on a screen, so
    removing them leaves every width as it was laid out. A clean line (the usual case: one
    regular-expression search per segment) is returned as it came, without a copy.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """The segments, repaired where needed.

        Args:
            segments: One rendered line.
            background: The background colour (not used).

        Returns:
            ``segments`` itself when nothing needed repair, else a repaired copy.
        """
        search = UNSAFE.search
        for text, style, _control in segments:
            if (
                style is None
                or search(text) is not None
                or (style.link is not None and web_link(style.link) is None)
            ):
                return list(map(_repaired, segments))
        return segments
