"""Running ``timeline serve`` as a user does, as a child process of a test.

Shared by the server's tests (``tests/test_serve.py``) and the browser's
(``tests/browser/``). The server runs in a session of its own, so every process it starts
can be found afterwards (:func:`session_processes`) and nothing outlives a test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

START_SECONDS = 30.0
"""How long the server may take to say it listens (the machine may be busy)."""
STOP_SECONDS = 30.0
"""How long it may take to end after SIGINT (it waits for its explorers to quit)."""


def free_port() -> int:
    """A loopback port nothing listens on at the moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def session_processes(session: int) -> list[int]:
    """The processes still alive in ``session`` (Linux ``/proc``; zombies do not count)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses
        fields = stat.rpartition(")")[2].split()
        if fields[0] != "Z" and int(fields[3]) == session:
            found.append(int(entry.name))
    return found


@dataclass
class RunningServer:
    """A ``timeline serve`` child process.

    Attributes:
        process: The server (also the leader of its session).
        url: The page's address.
        home: The folder its config and cache folders point into (empty unless written).
    """

    process: subprocess.Popen[str]
    url: str
    home: Path

    def interrupt(self) -> int:
        """Send SIGINT (as Ctrl+C does) to the server alone and wait for it to end."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=STOP_SECONDS)

    def written(self) -> list[Path]:
        """Every file under :attr:`home`: what the server and its explorers wrote."""
        return sorted(p for p in self.home.rglob("*") if p.is_file())


@contextmanager
def timeline_serve(
    events: Path, home: Path, *args: str, env: Mapping[str, str] | None = None
) -> Iterator[RunningServer]:
    """Run ``timeline serve EVENTS --port FREE *args`` until the block ends.

    The config and cache folders point into ``home``; the zone, locale and animations
    are fixed. On leaving, whatever is left of the server's session is killed.
    """
    port = free_port()
    environ = {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TIMELINE_CACHE_DIR": str(home / "timeline-cache"),
        "TZ": "UTC",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TEXTUAL_ANIMATIONS": "none",
        **(env or {}),
    }
    environ.pop("TIMELINE_CONFIG", None)
    environ.pop("TIMELINE_TZ", None)
    home.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "tui", "serve", str(events), "--port", str(port), *args]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=environ,
        start_new_session=True,
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + START_SECONDS
        line = ""
        while "Serving the timeline on" not in line:
            line = process.stderr.readline()
            assert line or process.poll() is None, f"the server ended: {process.poll()}"
            assert time.monotonic() < deadline, "the server did not start"
        url = line.rsplit(" ", 1)[1].strip()
        assert url == f"http://127.0.0.1:{port}/", line
        yield RunningServer(process, url, home)
    finally:
        for pid in session_processes(process.pid):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
