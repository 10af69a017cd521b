"""A fast path for large files: a Rust YAML parser, used only where it provably agrees.

:mod:`tui.core.yamlsafe` is the reference reader: exact semantics and positions, but it runs
Python code for every scalar. ``yaml_rs`` (a Rust parser) builds the same plain data
several times faster. Its YAML 1.2 schema differs from ours in known ways, so its result is
accepted only when none of them can matter:

* text with tags (``!``), merge keys (``<<``) or characters PyYAML refuses is not tried;
* every value must come back as ``str``, ``None``, ``list`` or ``dict`` with text keys: a
  number, boolean or date means a plain scalar was typed, and its original spelling is
  lost, so the caller must use the reference reader (the validator raises
  :class:`NotPlainText` when it meets one);
* duplicate keys, bad syntax, too many aliases: any error at all, and the reference reader
  runs instead and produces the positioned message.

Only a file that validates without a single problem is ever served from this path; the
test suite checks that it yields the very same timeline as the reference reader on every
fixture.
"""

from __future__ import annotations

import re

from .yamlsafe import MAX_DEPTH, Data

try:
    import yaml_rs
except ImportError:  # pragma: no cover - an optional accelerator
    yaml_rs = None  # type: ignore[assignment]

# PyYAML's reader refuses these characters; the fast parser might not.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_TAG = re.compile(r"(?:^|[\s\[{,:\-?])!", re.MULTILINE)
_DOC_MARKERS = re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.MULTILINE)

# Integers that YAML 1.2 reads but whose decimal form is not how they were written
# (``007``, ``+5``, ``0x7DB``, ``0o17``): with none of these in the text, ``str(n)`` of
# every integer the fast parser returns is exactly the text the user wrote.
_ODD_NUMBER = r"[+-]?(?:\+[0-9]|0[0-9xXoObB_])[0-9a-fA-F_]*[ \t]*(?:$|[\n,\]}]|[ \t]#)"
# three patterns, each starting with a literal, scan far faster than one with alternatives
_ODD_INTEGERS = tuple(
    re.compile(start + _ODD_NUMBER, re.MULTILINE)
    for start in (r":[ \t]+", r"-[ \t]+", r"[\[{,][ \t]*")
)
MIN_BYTES = 64 * 1024
"""Below this the reference reader is fast enough, and one path is simpler to reason about."""


class NotPlainText(Exception):
    """A value was typed by the fast parser (a number, boolean or date): use the reference."""


def available() -> bool:
    return yaml_rs is not None


def integers_are_verbatim(text: str) -> bool:
    """True when every integer in ``text`` is written in plain decimal (so ``str(n)`` is it)."""
    return not any(pattern.search(text) for pattern in _ODD_INTEGERS)


def try_load(text: str) -> Data | None:
    """Plain data from ``text`` when the fast path can be trusted for it, else ``None``."""
    if yaml_rs is None or len(text) < MIN_BYTES:
        return None
    if "!" in text and _TAG.search(text):
        return None
    if "<<" in text or text.startswith("%") or "\n%" in text or _NON_PRINTABLE.search(text):
        return None
    if ("\n---" in text or "\n..." in text) and len(_DOC_MARKERS.findall(text)) > 1:
        return None
    try:
        limits = yaml_rs.AliasLimits(
            max_total_replayed_events=100_000, max_replay_stack_depth=MAX_DEPTH
        )
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
            alias_limits=limits,
        )
    except Exception:  # any complaint: the reference reader will explain it precisely
        return None
    if not isinstance(data, dict):
        return None
    return data
