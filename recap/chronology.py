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
from itertools import pairwise
from typing import Literal

from recap.model import Event

Placement = Literal["", "flashback", "flash-forward"]


def story_positions(events: Sequence[Event], ids: Sequence[str]) -> list[int]:
    """Return the told positions (0-based) of the events, in the order they happen.

    Assumes a validated story: `after`/`before` name existing ids, without loops.
    Events placed by number (`when`, else their told place) are sorted; then each event
    placed `after:` another goes just after it (after the ones placed after it before),
    each placed `before:` just before it. They are placed pass by pass, each pass in told
    order, an event as soon as the one it names is placed: an event named by a later one
    is placed in the same pass, one named by an earlier one in the next pass.
    """
    index_of = {event_id: position for position, event_id in enumerate(ids)}
    anchor_of: dict[int, int] = {}
    for position, event in enumerate(events):
        named = event.after if event.after is not None else event.before
        if named is not None:
            anchor_of[position] = index_of[str(named)]
    placed = sorted(
        (event.when if event.when is not None else float(position + 1), position)
        for position, event in enumerate(events)
        if position not in anchor_of
    )
    # The order as a linked list: each placement is an insertion beside a placed event,
    # at no cost however long the story (a list's insert would make it quadratic).
    chain = [_START, *(position for _, position in placed), _END]
    following = dict(pairwise(chain))
    preceding = {right: left for left, right in pairwise(chain)}

    def insert_after(left: int, position: int) -> None:
        right = following[left]
        following[left], following[position] = position, right
        preceding[right], preceding[position] = position, left

    last_after: dict[int, int] = {}
    for position in _placing_order(anchor_of):
        anchor = anchor_of[position]
        if events[position].after is not None:
            insert_after(last_after.get(anchor, anchor), position)
            last_after[anchor] = position
        else:
            insert_after(preceding[anchor], position)
    order = []
    position = following[_START]
    while position != _END:
        order.append(position)
        position = following[position]
    return order


_START, _END = -1, -2  # the ends of the linked list of story_positions


def _placing_order(anchor_of: dict[int, int]) -> list[int]:
    """Return the events placed by `after`/`before` in the order they are placed: by
    pass, then in told order. An event whose named event is placed by number is placed
    in the first pass; else in its named event's pass if told after it, the next if
    before."""
    passes: dict[int, int] = {}
    for start in anchor_of:
        path: list[int] = []
        on_path: set[int] = set()
        position = start
        while position in anchor_of and position not in passes:
            if position in on_path:
                raise ValueError("chronology has a loop")  # the loader reports these first
            path.append(position)
            on_path.add(position)
            position = anchor_of[position]
        for position in reversed(path):
            anchor = anchor_of[position]
            if anchor not in anchor_of:
                passes[position] = 1
            else:
                passes[position] = passes[anchor] + (1 if anchor > position else 0)
    return sorted(anchor_of, key=lambda position: (passes[position], position))


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
