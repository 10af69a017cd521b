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
