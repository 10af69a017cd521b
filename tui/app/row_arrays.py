"""The passes over a whole timeline that shape a view, as array operations.

A view's shape (which events are at the top level, where dividers and gaps go) takes a
few passes over lists as long as the timeline. At 100,000 events each pass costs 3-6 ms
in Python even at C speed (``map``, ``compress``); over NumPy arrays it costs a tenth of a
millisecond, so a search key that matches most events shapes its view in a few
milliseconds instead of about a hundred.

Imported only by the worker that builds rows (:func:`tui.app.row_layout.lay_out` and
:func:`tui.app.row_view.build_rows` import it when they run), so NumPy's import is never
on the way to the explorer's first frame.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class LayoutArrays:
    """A :class:`~tui.app.row_layout.ZoneLayout`'s lists as arrays.

    ``by_pos`` arrays are indexed by an event's position in ``timeline.events``;
    ``cal_`` arrays by its rank (its index in calendar order).
    """

    order: Ints  # every position, in calendar order
    top_all: Ints  # positions at the top level when nothing is filtered, in order
    cal_top: Flags  # rank -> at the top level when nothing is filtered
    kid_ranks: Ints  # the rank of every agenda item
    kid_parents: Ints  # the position of its parent, in the same order
    day_ord: Ints  # position -> first day covered (an ordinal)
    last_ord: Ints  # position -> last day covered
    numbers: Ints  # position -> its divider as one number
    time_lens: Ints  # position -> the length of its time label
    not_simple: Flags  # position -> a parent or an agenda item
    cal_day: Ints
    cal_last: Ints
    cal_numbers: Ints
    cal_time_lens: Ints
    cal_not_simple: Flags
    pair_parents: Ints  # every (parent, agenda item) pair, grouped by parent: the parent
    pair_kids: Ints  # and the item (positions), the items of a parent in calendar order
    deep: Flags  # position -> one of its agenda items has an agenda of its own


def layout_arrays(
    order: Sequence[int],
    parent_pos: Sequence[int],
    day_ord: Sequence[int],
    last_ord: Sequence[int],
    numbers: Sequence[int],
    time_lens: bytes,
    not_simple: bytes,
) -> LayoutArrays:
    """The arrays of one layout (each argument indexed by position but ``order``)."""
    by_rank = np.array(order, dtype=np.int64)
    parents = np.array(parent_pos, dtype=np.int64)
    days, lasts = np.array(day_ord, dtype=np.int64), np.array(last_ord, dtype=np.int64)
    dividers = np.array(numbers, dtype=np.int64)
    widths = np.frombuffer(time_lens, dtype=np.uint8).astype(np.int64)
    complex_ = np.frombuffer(not_simple, dtype=np.uint8).astype(np.bool_)
    cal_parents = parents[by_rank]
    cal_top = cal_parents < 0
    nested = ~cal_top
    kid_ranks = np.flatnonzero(nested).astype(np.int64)
    kid_parents = cal_parents[nested]
    grouped = np.argsort(kid_parents, kind="stable")  # stable: calendar order kept
    pair_parents, pair_kids = kid_parents[grouped], by_rank[kid_ranks][grouped]
    is_parent = np.zeros(len(by_rank) + 1, dtype=np.bool_)
    is_parent[pair_parents] = True
    deep = np.zeros(len(by_rank) + 1, dtype=np.bool_)
    deep[pair_parents[is_parent[pair_kids]]] = True
    return LayoutArrays(
        order=by_rank,
        top_all=by_rank[cal_top],
        cal_top=cal_top,
        kid_ranks=kid_ranks,
        kid_parents=kid_parents,
        day_ord=days,
        last_ord=lasts,
        numbers=dividers,
        time_lens=widths,
        not_simple=complex_,
        cal_day=days[by_rank],
        cal_last=lasts[by_rank],
        cal_numbers=dividers[by_rank],
        cal_time_lens=widths[by_rank],
        cal_not_simple=complex_[by_rank],
        pair_parents=pair_parents,
        pair_kids=pair_kids,
        deep=deep,
    )


def match_mask(size: int, matches: Sequence[int]) -> tuple[npt.NDArray[np.uint8], bytearray]:
    """One byte per position, 1 for a match, and one more byte, 0, at the end (a parent
    position of -1 reads it); as an array and as the bytes the lazy lookups search."""
    mask = np.zeros(size + 1, dtype=np.uint8)
    mask[np.fromiter(matches, dtype=np.int64, count=len(matches))] = 1
    return mask, bytearray(mask.tobytes())


def shown_at_top_level(arrays: LayoutArrays, mask: npt.NDArray[np.uint8]) -> tuple[Ints, Flags]:
    """The matches shown at the top level (their parent did not match), in calendar
    order, and the same as one flag per rank."""
    selected = mask[arrays.order].astype(np.bool_)
    # agenda items under a shown parent are in its agenda, not at the top level
    selected[arrays.kid_ranks[mask[arrays.kid_parents].astype(np.bool_)]] = False
    return arrays.order[selected], selected


@dataclass(slots=True)
class Shapes:
    """Per item that is not a plain row (by index into the top level, ``at``): how many
    rows and event rows it has, the last day it covers and its widest time label."""

    at: Ints
    rows: Ints
    events: Ints
    last: Ints
    widths: Ints


def agenda_shapes(arrays: LayoutArrays, mask: bytearray | None, parents: Ints) -> Shapes:
    """The shapes of events ``parents``, each shown with the agenda items of its own that
    ``mask`` lets through (all when ``None``), one row per event plus a divider row where
    the day (or month) changes from the one before, starting from the parent's.

    Only for events none of whose agenda items has an agenda, and none folded: the
    caller walks those. ``at`` is left empty for the caller to fill.
    """
    pair_parents, pair_kids = arrays.pair_parents, arrays.pair_kids
    if mask is not None:
        shown = np.frombuffer(mask, dtype=np.uint8)[pair_kids].astype(np.bool_)
        pair_parents, pair_kids = pair_parents[shown], pair_kids[shown]
    last, widths, numbers = arrays.last_ord, arrays.time_lens, arrays.numbers
    rows = np.ones(len(parents), dtype=np.int64)
    events = np.ones(len(parents), dtype=np.int64)
    seen, widest = last[parents], widths[parents]
    if len(pair_parents) and len(parents):
        starts = np.flatnonzero(np.concatenate(([True], pair_parents[1:] != pair_parents[:-1])))
        owners = pair_parents[starts]  # ascending: the pairs are grouped by parent
        sizes = np.diff(np.append(starts, len(pair_parents)))
        kid_numbers = numbers[pair_kids]
        before = np.empty_like(kid_numbers)
        before[1:] = kid_numbers[:-1]
        before[starts] = numbers[owners]
        dividers = np.add.reduceat((kid_numbers != before).astype(np.int64), starts)
        kid_last = np.maximum.reduceat(last[pair_kids], starts)
        kid_widest = np.maximum.reduceat(widths[pair_kids], starts)
        group = np.minimum(np.searchsorted(owners, parents), len(owners) - 1)
        has = owners[group] == parents
        g = group[has]
        events[has] += sizes[g]
        rows[has] += sizes[g] + dividers[g]
        seen = np.where(has, np.maximum(seen, kid_last[group]), seen)
        widest = np.where(has, np.maximum(widest, kid_widest[group]), widest)
    return Shapes(np.empty(0, dtype=np.int64), rows, events, seen, widest)


def to_walk(arrays: LayoutArrays, parents: Ints, holding: Collection[int]) -> list[int]:
    """Which of ``parents`` :func:`agenda_shapes` cannot shape (indexes into it): those
    with an agenda nested in their agenda, and those in ``holding`` (folded, or with a
    folded event in their agenda)."""
    walk = arrays.deep[parents]
    if holding:
        walk |= np.isin(parents, np.fromiter(holding, dtype=np.int64, count=len(holding)))
    return np.flatnonzero(walk).tolist()


@dataclass(slots=True)
class Columns:
    """Per top-level item of a view: its first and last day and its divider; the widest
    time label; and which items are not plain rows (indexes into the top level)."""

    first: Ints
    last: Ints
    numbers: Ints
    time_width: int
    complex_at: Ints


def columns(arrays: LayoutArrays, top: Ints, selected: Flags | None) -> Columns:
    """The :class:`Columns` of the items ``top`` (``selected``: the same by rank, which
    is faster to select with when given)."""
    if selected is not None:
        first, last = arrays.cal_day[selected], arrays.cal_last[selected]
        numbers, widths = arrays.cal_numbers[selected], arrays.cal_time_lens[selected]
        complex_ = arrays.cal_not_simple[selected]
    else:
        first, last = arrays.day_ord[top], arrays.last_ord[top]
        numbers, widths = arrays.numbers[top], arrays.time_lens[top]
        complex_ = arrays.not_simple[top]
    widest = int(widths.max()) if len(widths) else 0
    return Columns(first, last, numbers, max(5, widest), np.flatnonzero(complex_))


def exceptions(
    shapes: Shapes, now_at: int, with_now: bool
) -> tuple[list[int], list[int], list[int]]:
    """The items that have other than one row or one event row, in order (the "now" row,
    item ``now_at``, has no event row, when ``with_now``), and for each the rows and the
    event rows that it and the exceptions before it add to one per item."""
    odd = (shapes.rows != 1) | (shapes.events != 1)
    at = shapes.at[odd]
    items = at + (at >= now_at)
    rows, events = shapes.rows[odd] - 1, shapes.events[odd] - 1
    if with_now:
        items = np.append(items, now_at)
        rows, events = np.append(rows, 0), np.append(events, -1)
    order = np.argsort(items, kind="stable")
    return items[order].tolist(), np.cumsum(rows[order]).tolist(), np.cumsum(events[order]).tolist()


def with_now(cols: Columns, now_at: int, day: int, under: int) -> None:
    """Insert the "now" marker as item ``now_at``: on ``day``, under divider ``under``."""
    cols.first = np.insert(cols.first, now_at, day)
    cols.last = np.insert(cols.last, now_at, day)
    cols.numbers = np.insert(cols.numbers, now_at, under)


def heads(numbers: Ints) -> list[int]:
    """The items that start a new divider (the first, unless it has none: -1)."""
    if not len(numbers):
        return []
    changed = (np.flatnonzero(numbers[1:] != numbers[:-1]) + 1).tolist()
    return [0, *changed] if numbers[0] != -1 else changed


def positions(items: Sequence[int]) -> Ints:
    """Item indexes as an array."""
    return np.array(items, dtype=np.int64)


def gaps(
    first: Ints, last: Ints, candidates: Ints | None, gap_days: int
) -> tuple[list[int], list[int]]:
    """The items a gap row goes before, and how many days each gap is.

    Args:
        first: Per item, the first day it covers.
        last: Per item, the last day it covers.
        candidates: The items a gap may go before (sorted); ``None`` for any item after
            the first.
        gap_days: A gap is longer than this many days.
    """
    if candidates is None:  # a gap between any two items, days apart
        candidates = np.flatnonzero(first[1:] - last[:-1] > gap_days) + 1
    # the last day seen before item k: the day of item k - 1, or a later one if an
    # earlier item spans past it
    spanning = np.flatnonzero(last > first)
    reach = np.concatenate((np.array([-1], dtype=np.int64), np.maximum.accumulate(last[spanning])))
    spans_before = reach[np.searchsorted(spanning, candidates, side="left")]
    apart = first[candidates] - np.maximum(first[candidates - 1], spans_before)
    wide = apart > gap_days
    return candidates[wide].tolist(), apart[wide].tolist()
