"""The help screen: every key binding, grouped by where it applies.

Built from the bindings themselves, so it can never disagree with what the keys do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Sequence[BindingType]]
"""A heading and the bindings listed under it."""


def binding_rows(bindings: Sequence[BindingType]) -> list[tuple[str, str]]:
    """``(keys, description)`` for each binding with a description, keys shown as typed.

    Args:
        bindings: Bindings as declared in ``BINDINGS`` (``Binding`` or tuples).

    Returns:
        One row per binding; bindings without a description are left out.
    """
    rows: list[tuple[str, str]] = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if not binding.description or binding.system:
            continue
        keys = ", ".join(_key_name(k.strip()) for k in binding.key.split(","))
        rows.append((keys, binding.tooltip or binding.description))
    return rows


_KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "slash": "/",
    "full_stop": ".",
    "question_mark": "?",
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
}


def _key_name(key: str) -> str:
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + _key_name(key[5:]).upper()
    return key


class HelpScreen(ModalScreen[None]):
    """Lists every key binding; any of Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | escape, q, ? | Close the help. |
    """

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        """Create the help screen.

        Args:
            sections: Headings with their bindings, in the order to show them.
        """
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        """A scrollable list of keys, section by section."""
        parts: list[RenderableType] = []
        for title, bindings in self._sections:
            rows = binding_rows(bindings)
            if not rows:
                continue
            table = Table.grid(padding=(0, 2))
            table.add_column(justify="right", style="bold", min_width=14)
            table.add_column()
            for keys, description in rows:  # Text: a key such as "[" is not markup
                table.add_row(Text(keys), Text(description))
            if parts:
                parts.append(Text(""))
            parts.extend((Text(title, style="bold underline"), table))
        with Vertical(id="help"):
            yield Static("Keys", id="help-title", markup=False)
            with VerticalScroll(id="help-body"):
                yield Static(Group(*parts))
            yield Static(
                "Esc, q or ? closes · ↑↓ scroll · Ctrl+P for commands",
                id="help-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        """Focus the list of keys so the arrow keys scroll it."""
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
