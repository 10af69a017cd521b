"""The explorer without colour: ``NO_COLOR`` works and nothing is told apart by colour alone.

Most tests run twice through the ``no_color`` fixture: in colour, and as a user with
``NO_COLOR=1`` in their shell (Textual then passes every line through its monochrome
filter). What is compared is a line's *shape*: each cell's character and its bold, reverse
and underline attributes, after the monochrome filter and without any colour, which is what a
monochrome terminal or a reader who cannot tell the colours apart is left with.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.color import Color
from textual.filter import Monochrome
from textual.widget import Widget

from tui.app.row_view import build_rows
from tui.app.rows import Granularity
from tui.app.widgets.overview import Overview, column_of
from tui.app.widgets.timecard import TimeCard, strip_cells
from tui.app.widgets.timeline_list import CURSOR_GLYPH, TimelineList
from tui.core.daystrip import GLYPH_SLOT, GLYPH_SLOT_NIGHT
from tui.core.model import Actor, Event, Timeline
from tui.core.safetext import UNSAFE_OR_NEWLINE
from tui.core.timeparse import parse_when

from .helpers import FROZEN_NOW, AppFactory, CardHost, main_screen, screen_text, settle, shown_ids

Cell = tuple[str, bool, bool, bool]
"""A cell with its colour taken away: character, bold, reverse, underline."""

BLACK = Color(0, 0, 0)


def shape(segments: Iterable[Segment]) -> tuple[Cell, ...]:
    """A rendered line as the monochrome filter leaves it, with every colour dropped.

    The filter reads each segment's style: a segment without one made it raise (issue 13).
    """
    cells: list[Cell] = []
    for segment in Monochrome().apply(list(segments), BLACK):
        style = segment.style
        assert style is not None
        for char in segment.text:
            cells.append((char, bool(style.bold), bool(style.reverse), bool(style.underline)))
    return tuple(cells)


def text_of(cells: tuple[Cell, ...]) -> str:
    return "".join(cell[0] for cell in cells)


def list_line(listing: TimelineList, index: int) -> tuple[Cell, ...]:
    """The shape of row ``index`` of the list, which must be on screen."""
    y = index - listing.scroll_offset.y
    assert 0 <= y < listing.scrollable_content_region.height
    return shape(listing.render_line(y))


async def test_every_widget_renders_through_the_monochrome_filter(
    build: AppFactory, no_color: bool
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.no_color is no_color
        screen = main_screen(app)
        screen.timeline_list.select_event("alaska-summit-2025")  # a card with every glyph
        await settle(pilot)
        drawn: set[type[Widget]] = set()
        for widget in screen.query("*"):
            if not widget.display or not widget.size.area:
                continue
            for y in range(widget.size.height):
                strip = widget.render_line(y)
                assert all(segment.style is not None for segment in strip), (widget, y)
                assert text_of(shape(strip)) == strip.text
            drawn.add(type(widget))
        assert {TimelineList, Overview, TimeCard} <= drawn


async def test_the_cursor_row_is_marked_by_more_than_colour(
    build: AppFactory, no_color: bool
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = main_screen(app).timeline_list
        await pilot.press("j")
        await settle(pilot)
        row = listing.cursor
        selected = list_line(listing, row)
        await pilot.press("j")
        await settle(pilot)
        assert listing.cursor != row
        unselected = list_line(listing, row)
        assert selected != unselected
        assert selected[0][0] == CURSOR_GLYPH
        assert unselected[0][0] == " "
        assert text_of(selected)[1:] == text_of(unselected)[1:]  # the same row otherwise
        if no_color:  # and the whole row is reversed, where a background would show nothing
            assert all(reverse and bold for _char, bold, reverse, _under in selected)
            assert not any(reverse for _char, _bold, reverse, _under in unselected)
        # exactly one row on screen carries the mark: the one under the cursor
        height = listing.scrollable_content_region.height
        marked = [y for y in range(height) if listing.render_line(y).text[:1] == CURSOR_GLYPH]
        assert marked == [listing.cursor - listing.scroll_offset.y]
        # the mark stays when the list loses the focus (to the search box)
        await pilot.press("slash")
        await settle(pilot)
        assert not listing.has_focus
        blurred = list_line(listing, listing.cursor)
        assert blurred[0][0] == CURSOR_GLYPH
        if no_color:
            assert all(reverse for _char, _bold, reverse, _under in blurred)


async def test_the_overview_marks_the_selected_event_with_a_glyph(
    build: AppFactory, no_color: bool
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        overview = screen.query_one(Overview)
        columns = overview.size.width - 2

        def marker_column() -> int:
            axis = text_of(shape(overview.render_line(1)))
            assert axis.count("▲") == 1
            return axis.index("▲") - 1

        first = marker_column()
        await pilot.press("end")
        await settle(pilot)
        last = marker_column()
        assert first < last
        loaded = screen.loaded
        assert loaded is not None and overview.selected is not None
        times = [event.sort_key for event in loaded.timeline.events]
        assert last == column_of(overview.selected, times[0], times[-1], columns)


async def test_time_card_cells_have_a_glyph_for_each_meaning(
    build: AppFactory, no_color: bool
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("alaska-summit-2025")  # 22:00 to 01:15 in Moscow
        await settle(pilot)
        card = screen.query_one(TimeCard)
        assert card.event is not None and card.event.id == "alaska-summit-2025"
        lines = [shape(card.render_line(y)) for y in range(card.size.height)]
        looks: dict[str, set[Cell]] = {}
        for number, row in enumerate(card.rows):
            strip = lines[3 + 2 * number + 1]  # title, span, axis; then info and strip
            cells = len(text_of(strip)[2:].split(" ")[0])
            assert cells in (24, 48)
            for (kind, in_slot), cell in zip(strip_cells(row, cells), strip[2:], strict=False):
                meaning = ("slot-" if in_slot else "") + kind
                if meaning.startswith("slot-") and kind != "night":
                    meaning = "slot"
                looks.setdefault(meaning, set()).add(cell)
        assert set(looks) == {"slot", "slot-night", "night", "shoulder", "work"}
        assert all(len(cells) == 1 for cells in looks.values()), looks
        assert len({next(iter(cells)) for cells in looks.values()}) == len(looks)
        assert {GLYPH_SLOT, GLYPH_SLOT_NIGHT} == {
            next(iter(looks[name]))[0] for name in ("slot", "slot-night")
        }
        legend = text_of(lines[-1])
        assert f"{GLYPH_SLOT} event" in legend
        assert f"{GLYPH_SLOT_NIGHT} at night" in legend


async def test_the_error_banner_is_marked_by_glyphs(
    build: AppFactory, no_color: bool, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("events:\n  - id: a\n    title: A\n    start: 2025-13-45\n", "utf-8")
    app = build(broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        head = next(i for i, line in enumerate(lines) if "Could not load" in line)
        # a warning sign, and a bar down the banner's left edge (its border), on its lines only
        assert lines[head].startswith("█ ⚠ Could not load broken.yaml.")
        barred = [i for i, line in enumerate(lines) if line.startswith("█")]
        assert len(barred) > 1 and barred == list(range(head, head + len(barred)))
        banner = " ".join(lines[i][1:].strip() for i in barred)
        assert "month 13 does not exist" in banner


@pytest.mark.parametrize("no_color", [True], indirect=True, ids=["no-color"])
async def test_main_flows(build: AppFactory, no_color: bool) -> None:
    """Open, move, search, read the time card and filter by actor, with NO_COLOR set.

    (The same flows in colour are the subject of the other test modules.)
    """
    app = build(zone="America/New_York")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.no_color is no_color
        screen = main_screen(app)
        listing = screen.timeline_list
        assert listing.highlighted_event_id == "russia-full-scale-invasion-2022"
        await pilot.press("j", "j")
        await settle(pilot)
        assert listing.highlighted_event_id == "cavo-dragone-becomes-mc-chair-2025"
        await pilot.press("slash", *"chiefs", "enter")
        await settle(pilot)
        assert listing.select_event("nato-chods-vtc-2025")
        await settle(pilot)
        card = screen.query_one(TimeCard)
        assert card.display and card.event is not None
        assert card.event.id == "nato-chods-vtc-2025"
        text = screen_text(app)
        assert f"{CURSOR_GLYPH}  08:30    NATO Chiefs of Defence video conference" in text
        assert "New York      08:30" in text
        await pilot.press("c")  # the card folds away, and comes back
        assert not card.display
        await pilot.press("c")
        assert card.display
        await pilot.press("escape")  # take the search back
        await settle(pilot)
        assert screen.filters.is_empty
        await pilot.press("a", *"Putin", "enter")
        await settle(pilot)
        assert screen.filters.actors == ("putin",)
        shown = shown_ids(screen)
        assert "alaska-summit-2025" in shown
        assert "alaska-trump-departure-2025" not in shown
        assert "actor: Vladimir Putin" in screen_text(app)


# --- text from the file is shown, never obeyed -----------------------------------------------

HOSTILE = "Summit\x1b]52;c;cHduZWQ=\x07 \u202eevil\u202c\x9b2J\nsecond line"
"""A title that would write the clipboard, reorder the line and clear the screen."""


def hostile_timeline() -> Timeline:
    start = parse_when("2025-08-15 19:00", "UTC")
    actor = Actor(id="putin", name="Vladimir\x1b[2JPutin", timezone="Europe/Moscow")
    event = Event(id="summit", title=HOSTILE, start=start, timezone="UTC", actors=("putin",))
    return Timeline.build(title="Hostile", timezone="UTC", actors={"putin": actor}, events=[event])


class Host(App[None]):
    """The list and the card, with nothing between them and the screen."""

    def compose(self) -> ComposeResult:
        yield TimelineList(id="list")
        yield TimeCard(id="card")


async def test_text_from_the_file_is_shown_never_obeyed(no_color: bool) -> None:
    timeline = hostile_timeline()
    app = Host()
    async with app.run_test(size=(120, 20)) as pilot:
        listing = app.query_one(TimelineList)
        card = app.query_one(TimeCard)
        rows = build_rows(
            timeline, zone="UTC", now_utc=int(FROZEN_NOW), granularity=Granularity.DAY
        )
        listing.set_rows(rows, timeline)
        card.display_zone = "UTC"
        card.show(timeline.by_id["summit"], timeline, ())
        await pilot.pause()
        drawn = [listing.render_line(y) for y in range(listing.size.height)]
        drawn += [card.render_line(y) for y in range(card.size.height)]
        text = "\n".join(text_of(shape(strip)) for strip in drawn)
        assert UNSAFE_OR_NEWLINE.sub("", text.replace("\n", "")) == text.replace("\n", "")
        assert "Summit\\x1b]52;c;cHduZWQ=\\x07 \\u202eevil" in text  # the card's title
        assert "Summit\\x1b]52" in text.split("\n")[listing.cursor]  # the list's row
        assert "Vladimir\\x1b[2JPutin" in text  # the people living by Moscow time


async def test_the_legend_explains_every_glyph_in_what_room_there_is() -> None:
    timeline = hostile_timeline()  # 19:00 UTC: 22:00 in Moscow, a night slot
    wide, narrow = (
        "  █ event  ▓ at night  ━━ 08–18  ── evening/morning  ·· night 22–06",
        "  █▓ event ━━ work ── eve ·· night",
    )
    for width, expected in ((90, wide), (36, narrow)):
        app = CardHost(width)
        async with app.run_test(size=(120, 30)) as pilot:
            card = app.query_one(TimeCard)
            card.display_zone = "UTC"
            card.show(timeline.by_id["summit"], timeline, ())
            await pilot.pause()
            legend = text_of(shape(card.render_line(card.size.height - 1)))
            assert legend.rstrip() == expected
