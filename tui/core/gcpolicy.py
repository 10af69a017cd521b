"""The program's one policy for Python's cyclic garbage collector.

A timeline is hundreds of thousands of small containers (events, times, tuples of actors)
that live as long as the program shows them, and almost none of them can form a cycle.
The cyclic collector does not know that: each burst of allocation triggers a collection
that walks every live container again, for nothing. So:

1. **While a timeline is built** (read from the file or restored from the cache), the
   collector is paused with :func:`paused_gc` and resumed after; memory is still freed by
   reference counting as usual.
2. **While the explorer loads a timeline and lays out its first view**, the collector is
   held off from the start of the load (:func:`hold_collections`) until the first rows
   are shown: a just-built timeline is all young objects, and the collections its layout
   would trigger walk all of it again (about 0.6 s of a 100,000-event first screen).
3. **Once the explorer shows a timeline**, :func:`keep_out_of_collections` moves everything
   alive into the collector's permanent generation (``gc.freeze``) and lets it run again,
   so later full collections (a few hundred milliseconds on a large file, at random
   keystrokes) no longer walk it. Frozen objects are still freed by reference counting
   when dropped (a reloaded timeline replaces the old one); a frozen cycle would only be
   kept, and the model has none. A load that fails lets the collector run again too
   (:func:`resume_collections`).

Nothing else in the program touches :mod:`gc`.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector while building many objects that all stay alive.

    ``gc.disable`` is process-wide: the explorer's interface thread runs on meanwhile and
    only loses cyclic collection, which it does not need for the length of a load.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def hold_collections() -> None:
    """Pause the cyclic collector until :func:`keep_out_of_collections` or
    :func:`resume_collections` (process-wide; reference counting still frees memory)."""
    gc.disable()


def resume_collections() -> None:
    """Let the cyclic collector run again."""
    gc.enable()


def keep_out_of_collections() -> None:
    """Move every object alive now out of the cyclic collector's sight (``gc.freeze``),
    and let it run again."""
    gc.freeze()
    gc.enable()
