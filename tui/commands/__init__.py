"""The ``timeline`` subcommands, one module each.

A module here is a command: ``check.py`` is ``timeline check`` (a trailing underscore is
dropped, so ``import_.py`` is ``timeline import``). Each defines:

- ``SUMMARY``: its line in ``timeline --help`` (``"check FILE...     validate ..."``);
- ``ORDER``: where that line goes (smaller first);
- ``parser() -> base.Parser``: its arguments;
- ``run(args, ctx: base.Context) -> int``: the command itself, returning the exit status.

Modules import their heavy dependencies inside ``run`` so that discovering the commands
and printing help stay fast. Adding a command is adding a file: nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

_NOT_COMMANDS = frozenset({"base"})


@cache
def command_names() -> dict[str, str]:
    """Each command's name and the module that holds it."""
    names: dict[str, str] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name in _NOT_COMMANDS:
            continue
        names[info.name.rstrip("_")] = f"{__name__}.{info.name}"
    return names


def command(name: str) -> ModuleType | None:
    """The module of command ``name``, or ``None`` if there is no such command."""
    module = command_names().get(name)
    return importlib.import_module(module) if module is not None else None


def summaries() -> list[str]:
    """The commands' help lines, in their order."""
    modules = [importlib.import_module(m) for m in command_names().values()]
    modules.sort(key=lambda m: (getattr(m, "ORDER", 100), m.__name__))
    return [str(m.SUMMARY) for m in modules]
