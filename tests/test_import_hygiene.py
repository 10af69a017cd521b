"""The core never imports Textual: the command line's non-interactive paths stay light.

``lint-imports`` (the contracts in ``pyproject.toml``) checks the import graph statically;
this test checks what actually happens at run time, for every module of the core, found
by walking the package so a new module is covered the day it is added.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui.core


def core_modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages(tui.core.__path__, prefix="tui.core.")]
    return sorted(found)


def test_every_core_module_is_found() -> None:
    modules = core_modules()
    assert "tui.core.loader" in modules
    assert "tui.core.safetext" in modules
    assert len(modules) >= 14


def test_core_and_cli_do_not_import_textual() -> None:
    modules = [*core_modules(), "tui.cli"]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')"
        + " or m.startswith('tui.app')]\n"
        + "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
