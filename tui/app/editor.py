"""Opening an event in the user's editor (``e``), at the line where it starts.

The editor is ``$VISUAL``, else ``$EDITOR``, else ``nano`` when it is installed, else
``vi``, the order git and most Unix tools follow. The value may carry arguments
(``code --wait``, ``emacsclient -t``) and is split as a shell would split it, without a
shell. How to say "at this line" depends on the editor (:func:`editor_command`): an editor
we do not know is opened on the file alone rather than given an argument it might
misread.

The explorer is suspended while the editor runs (it gets the terminal), and resumed after;
the live reload then shows the change, or the positioned errors over the last good timeline.
Nothing here decides *whether* editing is allowed: the screen refuses it when the explorer
is served to a browser, where the editor would run on the server.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PureWindowsPath
from typing import Any

from textual.app import App, SuspendNotSupported
from textual.screen import Screen

from tui.app.options import ExplorerOptions
from tui.core.errors import TimelineError
from tui.core.eventline import event_line
from tui.core.model import Event, Timeline
from tui.core.readfile import read_bytes
from tui.core.safetext import visible
from tui.core.yamlsafe import YamlProblem, decode

PLUS_LINE = frozenset(
    {
        "vi",
        "vim",
        "nvim",
        "gvim",
        "mvim",
        "view",
        "vis",
        "ex",
        "nano",
        "pico",
        "rnano",
        "emacs",
        "emacsclient",
        "micro",
        "kak",
        "joe",
        "jed",
        "mg",
        "ne",
        "gedit",
    }
)
"""Editors that take ``+LINE FILE``."""
COLON_LINE = frozenset({"hx", "helix", "subl", "sublime_text"})
"""Editors that take ``FILE:LINE``."""
GOTO_LINE = frozenset({"code", "code-insiders", "codium", "vscodium", "cursor"})
"""Editors that take ``--goto FILE:LINE`` (VS Code and its kin)."""
WAIT_FLAGS = {"code": ("-w", "--wait"), "subl": ("-w", "--wait")}
"""Flags that make a GUI editor block until the file is closed, by family."""


class EditorError(Exception):
    """The editor cannot be started; the message says why, for people."""


def choose_editor(
    env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which
) -> list[str]:
    """The editor's command line from the environment, before the file is added.

    Args:
        env: The environment (``VISUAL``, ``EDITOR``).
        which: Looks a program up on ``PATH`` (tests pass their own).

    Returns:
        The program and its arguments.

    Raises:
        EditorError: ``$VISUAL`` or ``$EDITOR`` cannot be split (an unclosed quote).
    """
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as exc:
                raise EditorError(f"${name} cannot be read ({exc}): {value!r}") from None
            if words:
                return words
    return ["nano"] if which("nano") else ["vi"]


def _family(program: str) -> str:
    """``code`` for ``/usr/bin/code``, ``C:\\...\\Code.exe`` or ``code-insiders``."""
    name = PureWindowsPath(program).name.lower()  # splits at "\\" and "/" alike
    for suffix in (".exe", ".cmd", ".bat"):
        name = name.removesuffix(suffix)
    return name


def editor_command(editor: Sequence[str], path: Path, line: int) -> list[str]:
    """The command that opens ``path`` at ``line`` in ``editor``.

    Args:
        editor: The editor and its own arguments (:func:`choose_editor`).
        path: The file.
        line: The 1-based line.

    Returns:
        ``vim +12 FILE``, ``hx FILE:12``, ``code --wait --goto FILE:12``; an unknown
        editor gets the file alone.
    """
    name = _family(editor[0])
    file = str(path)
    if name in PLUS_LINE:
        return [*editor, f"+{line}", file]
    if name in COLON_LINE:
        waits = WAIT_FLAGS["subl"] if name.startswith("subl") else ()
        wait = [] if not waits or any(w in editor for w in waits) else [waits[0]]
        return [*editor, *wait, f"{file}:{line}"]
    if name in GOTO_LINE:
        # a GUI editor returns at once without --wait, and the explorer would resume over it
        waits = WAIT_FLAGS["code"]
        wait = [] if any(w in editor for w in waits) else ["--wait"]
        return [*editor, *wait, "--goto", f"{file}:{line}"]
    return [*editor, file]


def command_for_event(
    path: Path, event: Event, timeline: Timeline, env: Mapping[str, str]
) -> list[str]:
    """The editor command for an event: reads the file (call it from a thread worker).

    Raises:
        EditorError: The editor setting cannot be read.
    """
    editor = choose_editor(env)
    try:
        text = decode(read_bytes(path))
    except (TimelineError, YamlProblem):
        line = 1  # the editor shows the file as it is; the reload reports what is wrong
    else:
        line = event_line(text, event.order, len(timeline.events))
    return editor_command(editor, path, line)


def run_editor(app: App[Any], command: Sequence[str]) -> str | None:
    """Suspend ``app``, run ``command`` in the terminal, resume. Call on the app's thread.

    Returns:
        ``None`` when the editor ran and ended well, else a message for people (no such
        program, it failed, or this terminal cannot be handed over).
    """
    shown = visible(shlex.join(command), one_line=True)
    try:
        with app.suspend():
            status = subprocess.run(command, check=False).returncode
    except SuspendNotSupported:
        return "The editor cannot run here: this display cannot hand the terminal over."
    except FileNotFoundError:
        return (
            f"No editor {visible(command[0], one_line=True)!r} on this computer; "
            "set $VISUAL or $EDITOR to one that is installed."
        )
    except OSError as exc:
        return f"Could not start the editor ({visible(str(exc.strerror), one_line=True)}): {shown}"
    if status != 0:
        return f"The editor ended with status {status}: {shown}"
    return None


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of the file from the next: inode, size, modification time."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


SERVED = "Editing is off in the browser: the editor would run on the server, not for you."
"""Why ``e`` and ``n`` do nothing when the explorer is served (``timeline serve``)."""


def edit_event(
    screen: Screen[Any],
    options: ExplorerOptions,
    event: Event | None,
    timeline: Timeline | None,
    *,
    after: Callable[[], object],
) -> None:
    """Open ``event`` in the user's editor: the line is found in a thread, then the app is
    suspended for the editor on its own thread.

    Args:
        screen: The screen that asks (it runs the worker and shows the messages).
        options: How the explorer runs: the file, and whether it is served.
        event: The selected event (``None``: nothing to edit, say so).
        timeline: The timeline on screen.
        after: Called once the editor ended well if the file changed and is not watched
            (a reload); a watched file reloads by itself.
    """
    if options.served:
        screen.notify(SERVED, severity="warning", markup=False)
        return
    if event is None or timeline is None:
        screen.notify("Select an event to edit.", markup=False)
        return
    app = screen.app
    path = options.events_path

    def prepare() -> None:
        try:
            command = command_for_event(path, event, timeline, os.environ)
        except EditorError as exc:
            app.call_from_thread(
                screen.notify, visible(str(exc), one_line=True), severity="error", markup=False
            )
            return
        app.call_from_thread(launch, command)

    def launch(command: list[str]) -> None:
        before = _stamp(path)
        problem = run_editor(app, command)
        if problem is not None:
            screen.notify(problem, severity="error", timeout=10, markup=False)
        elif not options.watch and _stamp(path) != before:
            after()

    screen.run_worker(
        prepare, thread=True, exclusive=True, group="editor", description="find the event's line"
    )
