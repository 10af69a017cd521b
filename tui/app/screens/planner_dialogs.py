"""The meeting planner's two small dialogs: add a person or a zone, and a new event's title."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


class AddChoice(ModalScreen[Literal["actor", "zone"] | None]):
    """Add a person from the timeline or a zone? Dismisses with ``actor``, ``zone`` or None."""

    CSS_PATH = "planner.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("p", "choose('actor')", "Person", show=False),
        Binding("z", "choose('zone')", "Zone", show=False),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | p | Add a person (or a group) from the timeline. |
    | z | Add a zone or city. |
    | escape | Close without adding. |
    """

    def compose(self) -> ComposeResult:
        """Two choices."""
        with Vertical(id="add-choice"):
            yield Static("Add to the plan", id="add-choice-title")
            yield OptionList(
                Option(Content.assemble(("p", "bold"), "  a person from the timeline"), "actor"),
                Option(Content.assemble(("z", "bold"), "  a zone or city"), "zone"),
                id="add-choice-options",
            )

    @on(OptionList.OptionSelected, "#add-choice-options")
    def _selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.action_choose(message.option.id or "")

    def action_choose(self, kind: str) -> None:
        """Close with the kind chosen."""
        if kind == "actor":
            self.dismiss("actor")
        elif kind == "zone":
            self.dismiss("zone")

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)


class TitlePrompt(ModalScreen[str | None]):
    """Ask for the new event's title; dismisses with it (stripped), or ``None``."""

    CSS_PATH = "planner.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Add the event with this title. |
    | escape | Close without adding. |
    """

    def __init__(self, slot_description: str) -> None:
        """Create the prompt.

        Args:
            slot_description: The slot, shown above the box (``Wed 20 Aug 13:00–14:00 UTC``).
        """
        super().__init__()
        self.slot_description = slot_description

    def compose(self) -> ComposeResult:
        """The slot, a box for the title and a hint."""
        with Vertical(id="title-prompt"):
            yield Static(Content(f"New event: {self.slot_description}"), id="title-slot")
            yield Input(placeholder="title", id="title-input")
            yield Static("Enter add · Esc cancel", id="title-hint")

    def on_mount(self) -> None:
        self.query_one("#title-input", Input).focus()

    @on(Input.Submitted, "#title-input")
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        title = message.value.strip()
        if title:
            self.dismiss(title)

    def action_cancel(self) -> None:
        """Close without a title."""
        self.dismiss(None)
