"""``e``: the selected event opens in the user's editor, at its line; the explorer resumes.

Textual's headless driver cannot hand the terminal over (``App.suspend`` raises
``SuspendNotSupported`` under ``run_test``), so the app tests replace ``suspend`` with a
context that does nothing: everything else is real, a fake editor (a shell script that
records its arguments) included. That ``suspend`` itself gives the terminal away and takes
it back was checked by hand in tmux.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

import pytest

from tui.app.app import TimelineApp
from tui.app.editor import EditorError, choose_editor, editor_command
from tui.core.eventline import event_line
from tui.core.loader import load_text
from tui.core.yamlsafe import Locator

from .helpers import BUNDLED, AppFactory, copy_small, main_screen, notifications, settle, wait_until

FILE = Path("/data/events.yaml")


# --- the command -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        (["vi"], ["vi", "+12", str(FILE)]),
        (["/usr/bin/vim"], ["/usr/bin/vim", "+12", str(FILE)]),
        (["nvim"], ["nvim", "+12", str(FILE)]),
        (["nano"], ["nano", "+12", str(FILE)]),
        (["emacs", "-nw"], ["emacs", "-nw", "+12", str(FILE)]),
        (["emacsclient", "-t"], ["emacsclient", "-t", "+12", str(FILE)]),
        (["micro"], ["micro", "+12", str(FILE)]),
        (["kak"], ["kak", "+12", str(FILE)]),
        (["hx"], ["hx", f"{FILE}:12"]),
        (["helix"], ["helix", f"{FILE}:12"]),
        (["code"], ["code", "--wait", "--goto", f"{FILE}:12"]),
        (["code", "--wait"], ["code", "--wait", "--goto", f"{FILE}:12"]),
        (["code", "-w"], ["code", "-w", "--goto", f"{FILE}:12"]),
        (["codium"], ["codium", "--wait", "--goto", f"{FILE}:12"]),
        (["C:\\Programs\\Code.exe"], ["C:\\Programs\\Code.exe", "--wait", "--goto", f"{FILE}:12"]),
        # an editor we do not know gets the file alone, never an argument it might misread
        (["ed"], ["ed", str(FILE)]),
    ],
)
def test_each_editor_is_told_the_line_its_own_way(editor: list[str], expected: list[str]) -> None:
    assert editor_command(editor, FILE, 12) == expected


def test_visual_then_editor_then_nano_then_vi() -> None:
    def nano(name: str) -> str | None:
        return "/usr/bin/nano" if name == "nano" else None

    assert choose_editor({"VISUAL": "code --wait", "EDITOR": "vim"}, nano) == ["code", "--wait"]
    assert choose_editor({"VISUAL": "  ", "EDITOR": "vim"}, nano) == ["vim"]
    assert choose_editor({"EDITOR": "'/opt/my editor/ed' -x"}, nano) == ["/opt/my editor/ed", "-x"]
    assert choose_editor({}, nano) == ["nano"]
    assert choose_editor({}, lambda name: None) == ["vi"]
    with pytest.raises(EditorError, match=r"\$VISUAL cannot be read"):
        choose_editor({"VISUAL": "'code"}, nano)


# --- the line ----------------------------------------------------------------------------


def test_the_quick_scan_finds_every_bundled_event_where_the_reader_does() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    timeline = load_text(text, str(BUNDLED))
    locator = Locator(text)
    count = len(timeline.events)
    locator.locate_all((("events", event.order), False) for event in timeline.events)
    for event in timeline.events:
        assert event_line(text, event.order, count) == locator.locate(("events", event.order))[0]


TRICKY = """\
events:
- title: A
  start: 2025-08-20
  summary: "a quoted scalar whose next line
- looks like an item"
- title: B
  start: 2025-08-21
"""


def test_a_file_the_scan_misreads_is_read_by_the_reference_reader() -> None:
    # the scan sees three items where there are two: it is not trusted
    assert event_line(TRICKY, 1, 2) == 6
    flow = (
        'title: T\nevents: [{title: A, start: "2025-08-20"},\n  {title: B, start: "2025-08-21"}]\n'
    )
    assert event_line(flow, 1, 2) == 3


# --- in the explorer ---------------------------------------------------------------------


def fake_editor(tmp_path: Path, name: str, edit: str = "") -> tuple[Path, Path]:
    """A program called ``name`` that records its arguments, one a line, then runs ``edit``."""
    record = tmp_path / f"{name}.args"
    program = tmp_path / "bin" / name
    program.parent.mkdir(exist_ok=True)
    program.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{record}'\n{edit}\n", "utf-8")
    program.chmod(0o755)
    return program, record


def no_suspend(app: TimelineApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The headless driver cannot suspend: stand in for it with a context that does nothing."""
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


async def test_e_opens_the_selected_event_at_its_line(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = copy_small(tmp_path)
    program, record = fake_editor(tmp_path, "vim")
    monkeypatch.setenv("VISUAL", str(program))
    app = build(events)
    no_suspend(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("call")
        await settle(pilot)
        await pilot.press("e")
        await wait_until(pilot, record.exists, "the editor to run")
        await settle(pilot)
        line = line_of(events, "id: call")
        assert record.read_text(encoding="utf-8").splitlines() == [f"+{line}", str(events)]
        assert not notifications(app)


async def test_a_code_style_editor_is_given_goto_and_wait(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = copy_small(tmp_path)
    program, record = fake_editor(tmp_path, "code")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(program))
    app = build(events)
    no_suspend(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main_screen(app).timeline_list.select_event("call")
        await settle(pilot)
        await pilot.press("e")
        await wait_until(pilot, record.exists, "the editor to run")
        line = line_of(events, "id: call")
        assert record.read_text(encoding="utf-8").splitlines() == [
            "--wait",
            "--goto",
            f"{events}:{line}",
        ]


async def test_the_edit_is_shown_when_the_editor_returns(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = copy_small(tmp_path)
    # the fake editor changes a title, as the user would
    edit = f"sed -i 's/title: Phone call/title: Phone call (edited)/' '{events}'"
    program, _record = fake_editor(tmp_path, "nano", edit)
    monkeypatch.setenv("VISUAL", str(program))
    app = build(events)  # not watched: the explorer reloads when the editor returns
    no_suspend(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.timeline_list.select_event("call")
        await settle(pilot)
        await pilot.press("e")
        await wait_until(
            pilot,
            lambda: (
                screen.timeline is not None
                and screen.timeline.by_id["call"].title == "Phone call (edited)"
            ),
            "the edited file to be shown",
        )


async def test_an_editor_that_does_not_exist_is_reported(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor") + " --flag")
    app = build(copy_small(tmp_path))
    no_suspend(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: bool(notifications(app)), "a notification")
        assert "No editor" in notifications(app)[0]
        assert "$VISUAL or $EDITOR" in notifications(app)[0]
        assert app.is_running


async def test_a_display_that_cannot_suspend_is_reported(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program, record = fake_editor(tmp_path, "vim")
    monkeypatch.setenv("VISUAL", str(program))
    app = build(copy_small(tmp_path))  # the headless driver's own suspend: not supported
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: bool(notifications(app)), "a notification")
        assert "cannot hand the terminal over" in notifications(app)[0]
        assert not record.exists()


async def test_editing_is_off_when_served(
    build: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program, record = fake_editor(tmp_path, "vim")
    monkeypatch.setenv("VISUAL", str(program))
    app = build(copy_small(tmp_path))
    app.options = replace(app.options, served=True)
    no_suspend(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert any("Editing is off in the browser" in n for n in notifications(app))
        assert not record.exists()
