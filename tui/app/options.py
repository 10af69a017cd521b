"""How the explorer was asked to run: the values the factory hands the App and its screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ExplorerOptions:
    """How the explorer was asked to run (built by :func:`tui.app.factory.make_app`).

    Attributes:
        events_path: The event file.
        now: Returns the current UNIX time (tests freeze it).
        watch: Reload when the file changes on disk.
        use_cache: Load through the load cache.
        served: Running for a browser (``timeline serve``): nothing is written to the
            server's disk (exports are downloads; editing and saving settings are off).
    """

    events_path: Path
    now: Callable[[], float]
    watch: bool = True
    use_cache: bool = True
    served: bool = False
