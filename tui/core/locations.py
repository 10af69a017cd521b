"""Where files are: the events file used when none is named."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_events_path() -> Path:
    """The 2025 timeline shipped inside the package."""
    return Path(str(resources.files("tui.data").joinpath("events.yaml")))


def default_events_path(cwd: Path | None = None) -> Path:
    """``./events.yaml`` when it exists, else the bundled timeline."""
    local = (cwd or Path.cwd()) / "events.yaml"
    return local if local.is_file() else bundled_events_path()
