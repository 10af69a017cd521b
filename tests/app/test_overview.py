"""The overview strip's arithmetic: density, columns, bar and axis (pure functions)."""

from __future__ import annotations

from tui.app.widgets.overview import axis_line, bar, column_of, density


def test_density_counts_each_slice_once() -> None:
    times = [0, 1, 2, 50, 99]
    counts = density(times, 0, 99, 10)
    assert counts == [3, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert sum(density(times, 0, 99, 7)) == len(times)
    assert [column_of(t, 0, 99, 10) for t in times] == [0, 0, 0, 5, 9]


def test_bar_heights_scale_to_the_fullest_slice_and_never_hide_one_event() -> None:
    assert bar([0, 1, 8, 4]) == " ▁█▄"
    assert bar([0, 0]) == "  "
    assert bar([1, 100]) == "▁█"


def test_axis_labels_step_aside_for_the_marker() -> None:
    assert axis_line("1 Jan 2020", "9 Sep 2025", 40, None) == (
        "1 Jan 2020                    9 Sep 2025"
    )
    line = axis_line("1 Jan 2020", "9 Sep 2025", 40, 0)
    assert line.startswith("▲ 1 Jan 2020")
    assert line.endswith("9 Sep 2025")
    middle = axis_line("1 Jan 2020", "9 Sep 2025", 40, 20)
    assert middle[20] == "▲"
    assert len(axis_line("1 Jan 2020", "9 Sep 2025", 12, 5)) == 12


async def test_the_strip_redraws_its_bar_for_new_events_and_its_dates_for_a_new_zone() -> None:
    """The bar and the axis dates are kept while only the marker moves, and worked out
    again for other events, another zone or another width."""
    from textual.app import App, ComposeResult

    from tui.app.widgets.overview import Overview

    day = 86_400
    start = 1_735_689_600  # 2025-01-01 00:00 UTC

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Overview(id="overview")

    def lines(strip: Overview) -> tuple[str, str]:
        return strip.render_line(0).text, strip.render_line(1).text

    app = Host()
    async with app.run_test(size=(60, 4)) as pilot:
        strip = app.query_one(Overview)
        early = [start + i * day for i in range(10)] + [start + 300 * day]
        strip.show(early, [f"e{i}" for i in range(len(early))])
        await pilot.pause()
        bar_early, axis_utc = lines(strip)
        assert bar_early.strip().startswith("█") and "1 Jan 2025" in axis_utc
        strip.selected = early[-1]
        await pilot.pause()
        assert lines(strip)[0].rstrip()[-1] != " " and "▲" in lines(strip)[1]
        # the same span: only the slices' counts differ
        late = [start, *(start + 150 * day + i for i in range(50)), start + 300 * day]
        strip.show(late, [f"l{i}" for i in range(len(late))])
        await pilot.pause()
        assert lines(strip)[0] != bar_early  # the new events' bar, not the kept one
        strip.display_zone = "Pacific/Kiritimati"  # UTC+14: 1 Jan 2025 00:00 is 14:00 there
        await pilot.pause()
        assert "1 Jan 2025" in lines(strip)[1]
        strip.display_zone = "Pacific/Pago_Pago"  # UTC-11: the first day is 31 Dec 2024
        await pilot.pause()
        assert "31 Dec 2024" in lines(strip)[1]
        await pilot.resize_terminal(40, 4)
        await pilot.pause()
        assert len(lines(strip)[0]) == 40
