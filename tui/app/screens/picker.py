"""The generic picker: a modal list with fuzzy completion, shared by the actor and tag pickers.

A picker is a small modal: a box to type in, the best matches below, and a line saying
what each key does. It returns a :class:`Pick` (what was chosen and how to apply it) or
``None`` when cancelled. Subclasses supply the choices (:class:`PickerItem`) and the
texts (``TITLE_TEXT``, ``PLACEHOLDER``, ``HINT``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rapidfuzz import fuzz, utils
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.safetext import visible

PickMode = Literal["add", "remove", "only"]


@dataclass(frozen=True, slots=True)
class Pick:
    """What the user chose in a picker.

    Attributes:
        key: The actor id or tag.
        mode: ``add`` it to the filters, ``remove`` it, or keep ``only`` it (replacing the
            others of its kind).
    """

    key: str
    mode: PickMode


@dataclass(frozen=True, slots=True)
class PickerItem:
    """One choice in a picker.

    Attributes:
        key: What the pick returns (actor id, tag).
        label: The main text.
        detail: Muted text after the label (role, number of events).
        terms: Every text the choice answers to (name, aliases, id).
        active: The choice is among the filters in force.
    """

    key: str
    label: str
    detail: str = ""
    terms: tuple[str, ...] = ()
    active: bool = False


def rank(items: Sequence[PickerItem], query: str, limit: int = 50) -> list[PickerItem]:
    """The items matching ``query``, best first; active ones first for an empty query.

    A term starting with the query (or having a word that does) beats a fuzzy match;
    fuzzy matches use rapidfuzz's ``WRatio`` with a cut-off, so typos still find names.

    Args:
        items: The choices.
        query: What the user typed.
        limit: The most items to return.

    Returns:
        The matching items.
    """
    q = utils.default_process(query)
    if not q:
        return sorted(items, key=lambda item: not item.active)[:limit]
    scored: list[tuple[float, int, PickerItem]] = []
    for order, item in enumerate(items):
        best = 0.0
        for term in item.terms or (item.label,):
            t = utils.default_process(term)
            if t == q:
                score = 300.0
            elif t.startswith(q):
                score = 200.0 + len(q) / max(1, len(t))
            elif any(word.startswith(q) for word in t.split()):
                score = 150.0
            else:
                score = fuzz.WRatio(q, t, processor=None)
            best = max(best, score)
        if best >= 70:
            scored.append((best, order, item))
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    return [item for _score, _order, item in scored[:limit]]


class FuzzyPicker(ModalScreen[Pick | None]):
    """A modal list with fuzzy completion; Enter adds (or removes an active choice).

    Type to narrow the list; up/down move; Enter applies.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("enter", "choose('toggle')", "Add/remove", priority=True),
        Binding("ctrl+o", "choose('only')", "Only this", priority=True),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | escape | Close without changing anything. |
    | down, up | Move through the matches. |
    | enter | Add the highlighted choice to the filters (remove it if already active). |
    | ctrl+o | Filter by the highlighted choice only, replacing the others of its kind. |
    """

    TITLE_TEXT = "Pick"
    PLACEHOLDER = "type to search"
    HINT = "Enter add/remove · Ctrl+O only this · Esc cancel"

    def __init__(self, items: Sequence[PickerItem]) -> None:
        """Create the picker.

        Args:
            items: The choices, in their order for an empty query.
        """
        super().__init__()
        self._items = list(items)
        self._shown: list[PickerItem] = []

    def compose(self) -> ComposeResult:
        """Title, search box, matches and the key hint."""
        with Vertical(id="picker"):
            yield Static(self.TITLE_TEXT, id="picker-title", markup=False)
            yield Input(placeholder=self.PLACEHOLDER, id="picker-input")
            yield OptionList(id="picker-options")
            yield Static(self.HINT, id="picker-hint", markup=False)

    def on_mount(self) -> None:
        """Show every choice and focus the box."""
        self._refill("")
        self.query_one("#picker-input", Input).focus()

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def _refill(self, query: str) -> None:
        self._shown = rank(self._items, query)
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        options.add_options(self._option(item) for item in self._shown)
        if self._shown:
            options.highlighted = 0

    @staticmethod
    def _option(item: PickerItem) -> Option:
        """One row: the label and detail come from the file, so they are shown literally."""
        mark = ("✓ ", "$text-success") if item.active else ("  ", "")
        label = visible(item.label, one_line=True)
        detail = (f"  {visible(item.detail, one_line=True)}", "$text-muted") if item.detail else ""
        return Option(Content.assemble(mark, (label, "bold"), detail), id=item.key)

    @on(OptionList.OptionSelected, "#picker-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose("toggle")

    def action_move(self, step: int) -> None:
        """Move the highlight through the matches."""
        options = self.query_one("#picker-options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_choose(self, how: str) -> None:
        """Apply the highlighted choice (``toggle`` or ``only``)."""
        options = self.query_one("#picker-options", OptionList)
        index = options.highlighted
        if index is None or not self._shown:
            return
        item = self._shown[index]
        mode: PickMode = "only" if how == "only" else ("remove" if item.active else "add")
        self.dismiss(Pick(item.key, mode))

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)
