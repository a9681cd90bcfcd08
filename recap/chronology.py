"""The story's two orders: as told, and as it happened.

Events are told in the order of the file. Where an event happens is said by `when:` (a
number among the told positions: 4.5 is between the 4th and the 5th told), or, sturdier
under edits, by `after:` or `before:` another event's id. The main thread of the telling
is the longest run of events told in story order; an event off that thread is a
flashback when it happens before the point the story had reached, a flash-forward when
after. So a story framed by scenes from its end, told in pieces, has one out-of-place
frame, not a string of flash-forwards and flashbacks.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Literal

from recap.model import Event

Placement = Literal["", "flashback", "flash-forward"]


def story_positions(events: Sequence[Event], ids: Sequence[str]) -> list[int]:
    """Return the told positions (0-based) of the events, in the order they happen.

    Assumes a validated story: `after`/`before` name existing ids, without loops.
    Events placed after (or before) the same event keep the order they are told in.
    """
    placed = sorted(
        (
            (event.when if event.when is not None else float(position + 1), position)
            for position, event in enumerate(events)
            if event.after is None and event.before is None
        )
    )
    order = [position for _, position in placed]
    index_of = {event_id: position for position, event_id in enumerate(ids)}
    pending = [
        position
        for position, event in enumerate(events)
        if event.after is not None or event.before is not None
    ]
    # Each pass places the events whose anchor is already placed; chains take one pass a link.
    last_after: dict[int, int] = {}
    while pending:
        waiting = []
        for position in pending:
            event = events[position]
            anchor = index_of[event.after if event.after is not None else str(event.before)]
            if anchor not in order:
                waiting.append(position)
                continue
            if event.after is not None:
                after = last_after.get(anchor, anchor)
                order.insert(order.index(after) + 1, position)
                last_after[anchor] = position
            else:
                order.insert(order.index(anchor), position)
        if len(waiting) == len(pending):
            raise ValueError("chronology has a loop")  # the loader reports these first
        pending = waiting
    return order


def placements(story_ranks: Sequence[int]) -> list[Placement]:
    """Mark each event, given in told order by its rank in story order, as on the main
    thread (""), a flashback or a flash-forward."""
    thread = _main_thread(story_ranks)
    marks: list[Placement] = []
    reached: int | None = None  # the story rank the main thread has reached so far
    first_on_thread = min(thread) if thread else None
    for index, rank in enumerate(story_ranks):
        if index in thread:
            marks.append("")
            reached = rank
            continue
        reference = reached if reached is not None else story_ranks[first_on_thread or 0]
        marks.append("flashback" if rank < reference else "flash-forward")
    return marks


def _main_thread(ranks: Sequence[int]) -> set[int]:
    """Return the indices of the longest increasing run (not necessarily contiguous),
    the earliest-told one where several are as long."""
    if not ranks:
        return set()
    # Patience sorting, scanning from the end so that ties favour earlier starts.
    tails: list[int] = []  # negated ranks: longest decreasing run from the end
    tail_index: list[int] = []
    successor = [-1] * len(ranks)
    for index in range(len(ranks) - 1, -1, -1):
        value = -ranks[index]
        at = bisect_left(tails, value)
        successor[index] = tail_index[at - 1] if at else -1
        if at == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[at] = value
            tail_index[at] = index
    thread = set()
    index = tail_index[-1]
    while index != -1:
        thread.add(index)
        index = successor[index]
    return thread
