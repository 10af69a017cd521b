"""The core never imports Textual: the command line's non-interactive paths stay light."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "tui.core.model",
    "tui.core.loader",
    "tui.core.yamlsafe",
    "tui.core.fastyaml",
    "tui.core.zones",
    "tui.core.timeparse",
    "tui.core.query",
    "tui.core.display",
    "tui.core.output",
    "tui.core.cache",
    "tui.core.config",
    "tui.cli",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        + "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
