"""Styling has one place per rule: what a widget needs to work in its ``DEFAULT_CSS``, how
everything looks in the app's stylesheet (``tui/app/app.tcss``), and nothing in both.

The rules are read with Textual's own parser and matched against the live explorer's nodes
with Textual's own selector matching, in the states that change which rules apply.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App
from textual.css.match import match
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widget import Widget

from tui.app.widgets.detail import DetailPane
from tui.app.widgets.filter_bar import FilterBar
from tui.app.widgets.overview import Overview
from tui.app.widgets.timecard import TimeCard
from tui.app.widgets.timeline_list import TimelineList

from .helpers import APP_STYLESHEET, AppFactory, main_screen, settle

WIDGETS: tuple[type[Widget], ...] = (TimelineList, Overview, FilterBar, DetailPane, TimeCard)
"""The explorer's own widgets."""

LOOKS = frozenset(
    {"color", "background", "background_tint", "tint", "text_style", "text_opacity", "opacity"}
)
"""Style rules that change how something looks, never where it is or how big."""
EDGES = ("border_top", "border_right", "border_bottom", "border_left")


def parsed(css: str, where: str, variables: dict[str, str], scope: str = "") -> list[RuleSet]:
    sheet = Stylesheet(variables=variables)
    sheet.add_source(css, read_from=(where, ""), is_default_css=bool(scope), scope=scope)
    sheet.parse()
    return sheet.rules


def looks_in(rule: RuleSet) -> set[str]:
    """The rules of ``rule`` that are about looks; a border is one unless it is ``none``
    (taking away a frame Textual draws by default changes a widget's size, not its looks)."""
    rules: dict[str, Any] = dict(rule.styles.get_rules())
    found = {name for name in rules if name in LOOKS or name.endswith(("_color", "_background"))}
    found |= {name for name in EDGES if name in rules and rules[name][0] not in ("", "none")}
    return found


def own_default_css(node: DOMNode) -> Iterator[tuple[type[DOMNode], str]]:
    """The ``DEFAULT_CSS`` that the node's classes from this project declare themselves."""
    for cls in type(node).__mro__:
        if cls.__module__.startswith("tui.") and "DEFAULT_CSS" in vars(cls):
            yield cls, vars(cls)["DEFAULT_CSS"]


def test_a_widgets_default_css_holds_no_looks() -> None:
    variables = App[None]().get_css_variables()
    for widget in WIDGETS:
        css = vars(widget)["DEFAULT_CSS"]
        for rule in parsed(css, inspect.getfile(widget), variables, scope=widget.__name__):
            assert not looks_in(rule), (widget.__name__, rule.selectors, looks_in(rule))


@pytest.mark.parametrize(
    ("size", "keys"),
    [((120, 40), ()), ((80, 24), ()), ((120, 40), ("d",))],
    ids=["wide", "narrow", "date-box"],
)
async def test_no_rule_is_declared_both_by_a_widget_and_by_the_app(
    build: AppFactory, size: tuple[int, int], keys: tuple[str, ...]
) -> None:
    app = build()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pressed(pilot, keys)
        variables = app.get_css_variables()
        app_rules = parsed(APP_STYLESHEET.read_text(encoding="utf-8"), "app.tcss", variables)
        checked: set[type[DOMNode]] = set()
        for node in main_screen(app).walk_children(with_self=True):
            from_app = set()
            for rule in app_rules:
                if match(rule.selector_set, node):
                    from_app |= set(rule.styles.get_rules())
            for cls, css in own_default_css(node):
                checked.add(cls)
                for rule in parsed(css, inspect.getfile(cls), variables, scope=cls.__name__):
                    if match(rule.selector_set, node):
                        twice = from_app & set(rule.styles.get_rules())
                        assert not twice, (node, cls.__name__, rule.selectors, twice)
        assert set(WIDGETS) <= checked


async def pressed(pilot: Pilot[Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
