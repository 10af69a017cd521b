""" "Did you mean": the closest known names to a word the user typed, and the phrase for it."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def suggest(word: str, choices: Iterable[str], limit: int = 3, cutoff: float = 70) -> list[str]:
    """The closest of ``choices`` to ``word``, best first (fuzzy, case-insensitive).

    Args:
        word: What the user wrote.
        choices: The names that exist.
        limit: At most this many suggestions.
        cutoff: The lowest rapidfuzz ``WRatio`` score (0-100) worth suggesting.
    """
    pool = list(dict.fromkeys(choices))
    if not pool:
        return []
    lowered = {c.lower(): c for c in pool}
    found = process.extract(
        word.lower(), list(lowered), scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff
    )
    return [lowered[match] for match, _score, _ in found]


def did_you_mean(options: Iterable[str]) -> str:
    """``; did you mean 'a' or 'b'?``, or ``""`` when there is nothing to suggest."""
    quoted = [repr(o) for o in options]
    if not quoted:
        return ""
    return "; did you mean " + " or ".join(quoted) + "?"
