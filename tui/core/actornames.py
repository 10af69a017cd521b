"""Who took part in an event, in a few words: ``Trump, Putin +4``.

One rule for the command line's table and the explorer's list: the first actors' names,
then how many more. The list also names people by surname and fits a width it is given.
"""

from __future__ import annotations

from .model import ActorKind, Event, Timeline


def short_actor_name(name: str, kind: ActorKind | None) -> str:
    """How an actor is named where room is short.

    People are named by surname, keeping lowercase particles (``von der Leyen``); states,
    organisations and groups keep their full name.

    Args:
        name: The actor's display name.
        kind: The actor's kind, if known.

    Returns:
        The short name.
    """
    if kind is not ActorKind.PERSON:
        return name
    words = name.split()
    for i, word in enumerate(words[1:-1], start=1):
        if word[:1].islower():
            return " ".join(words[i:])
    return words[-1] if words else name


def actor_hint(
    event: Event,
    timeline: Timeline,
    *,
    most: int = 2,
    short_names: bool = False,
    width: int | None = None,
) -> str:
    """The first actors' names and how many more: ``Trump, Putin +4``.

    An actor id the timeline does not define is shown as the id.

    Args:
        event: The event.
        timeline: Its timeline (for actor names).
        most: The most names to show before counting the rest. Without a ``width``, one
            actor more is named rather than counted (``A, B, C``, not ``A, B +1``): the
            count would take about as much room and say less.
        short_names: Name people by surname (:func:`short_actor_name`).
        width: Fit this many characters: at most ``most`` names, and fewer
            (``Trump +5``) until the hint fits; a single name that still does not fit
            is returned whole, for the caller to cut.

    Returns:
        The hint, or ``""`` for an event without actors.
    """
    total = len(event.actors)
    if width is None and total == most + 1:
        most = total
    names: list[str] = []
    for actor_id in event.actors[:most]:
        actor = timeline.actors.get(actor_id)
        if actor is None:
            names.append(actor_id)
        else:
            names.append(short_actor_name(actor.name, actor.kind) if short_names else actor.name)
    for shown in range(len(names), 0, -1):
        rest = total - shown
        hint = ", ".join(names[:shown]) + (f" +{rest}" if rest > 0 else "")
        if width is None or len(hint) <= width or shown == 1:
            return hint
    return ""
