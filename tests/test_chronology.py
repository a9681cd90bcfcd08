"""chronology.py: story order from `when`, `after` and `before`; flashbacks by main thread."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

import recap
from recap.chronology import placements, story_positions
from recap.frame import events
from recap.load import parse_story

HEAD = "title: T\narcs: {a: {label: A}}\nevents:\n"


def story_order(lines: list[str]) -> list[str]:
    told = events(recap.to_frame(parse_story(HEAD + "\n".join(lines) + "\n")))
    return told.sort_values("story_rank")["title"].tolist()


def test_after_and_before_refer_to_events_not_numbers() -> None:
    lines = [
        "  - {title: Trial, arcs: a}",
        "  - {title: Crime, arcs: a, before: trial}",
        "  - {title: Arrest, arcs: a, after: crime}",
        "  - {title: Verdict, arcs: a}",
    ]
    assert story_order(lines) == ["Crime", "Arrest", "Trial", "Verdict"]
    # Inserting an event at the top moves no flashback (a `when` number would have).
    assert story_order(["  - {title: Prologue, arcs: a}", *lines]) == [
        "Prologue",
        "Crime",
        "Arrest",
        "Trial",
        "Verdict",
    ]


def test_events_after_the_same_event_keep_their_told_order() -> None:
    lines = [
        "  - {title: Start, arcs: a}",
        "  - {title: End, arcs: a}",
        "  - {title: First memory, arcs: a, after: start}",
        "  - {title: Second memory, arcs: a, after: start}",
    ]
    assert story_order(lines) == ["Start", "First memory", "Second memory", "End"]


def test_when_numbers_still_work() -> None:
    lines = [
        "  - {title: One, arcs: a}",
        "  - {title: Two, arcs: a}",
        "  - {title: Zero, arcs: a, when: 0.5}",
    ]
    assert story_order(lines) == ["Zero", "One", "Two"]


@pytest.mark.parametrize(
    ("ranks", "expected"),
    [
        ([1, 2, 3, 4], ["", "", "", ""]),
        ([2, 3, 1, 4], ["", "", "flashback", ""]),
        ([1, 4, 2, 3], ["", "flash-forward", "", ""]),
        # A present-day trial (7, 8, 9) framing the past told in order: one thread each;
        # the longer past is the main thread, the trial scenes are out of place.
        (
            [7, 1, 2, 8, 3, 4, 9, 5, 6],
            ["flash-forward", "", "", "flash-forward", "", "", "flash-forward", "", ""],
        ),
        # A cold open from the end, then the story from its start.
        ([5, 1, 2, 3, 4], ["flash-forward", "", "", "", ""]),
    ],
)
def test_flashbacks_are_judged_by_the_main_thread(ranks: list[int], expected: list[str]) -> None:
    assert placements(ranks) == expected


def test_locked_events_keep_a_neutral_place() -> None:
    text = (
        HEAD
        + "  - {title: One, arcs: a}\n  - {title: Two, arcs: a}\n"
        + "  - {title: Secret origin, arcs: a, when: 0.5, spoiler: true}\n"
    )
    frame = recap.to_frame(parse_story(text))
    told = events(recap.redact_spoilers(frame)).set_index("order")
    # Hidden: after every visible event, and nothing is a flashback because of it.
    assert told["story_rank"].to_dict() == {1: 1, 2: 2, 3: 3}
    assert set(told["placement"]) == {""}
    assert events(frame).set_index("order").loc[3, "placement"] == "flashback"


def plainly_placed(events: list[SimpleNamespace], ids: list[str]) -> list[int]:
    """story_positions as first written, plainly and in quadratic time: the reference."""
    placed = sorted(
        (event.when if event.when is not None else float(position + 1), position)
        for position, event in enumerate(events)
        if event.after is None and event.before is None
    )
    order = [position for _, position in placed]
    index_of = {event_id: position for position, event_id in enumerate(ids)}
    pending = [
        position
        for position, event in enumerate(events)
        if event.after is not None or event.before is not None
    ]
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
            raise ValueError("chronology has a loop")
        pending = waiting
    return order


@pytest.mark.parametrize("seed", range(300))
def test_placing_agrees_with_the_plain_reference(seed: int) -> None:
    chance = random.Random(seed)
    count = chance.randint(1, 25)
    ids = [f"e{position}" for position in range(count)]
    story = []
    for position in range(count):
        way = chance.choice(["told", "told", "when", "after", "before"])
        others = [other for other in range(count) if other != position]
        named = ids[chance.choice(others)] if others and way in ("after", "before") else None
        story.append(
            SimpleNamespace(
                when=chance.choice([0.5, 1.5, 2.0, count + 0.5, chance.uniform(0, count + 1)])
                if way == "when"
                else None,
                after=named if way == "after" else None,
                before=named if way == "before" else None,
            )
        )
    try:
        expected = plainly_placed(story, ids)
    except ValueError:
        with pytest.raises(ValueError, match="loop"):
            story_positions(story, ids)  # type: ignore[arg-type]
        return
    assert story_positions(story, ids) == expected  # type: ignore[arg-type]


def test_a_long_chain_of_after_and_before_is_placed_in_linear_time() -> None:
    # A story told backwards, each event before the one told just before it: 20,000
    # events took minutes with list inserts; a count of steps, not a timer, checks it.
    count = 20_000
    ids = [f"e{position}" for position in range(count)]
    story = [SimpleNamespace(when=None, after=None, before=None)] + [
        SimpleNamespace(when=None, after=None, before=ids[position - 1])
        for position in range(1, count)
    ]
    assert story_positions(story, ids) == list(range(count - 1, -1, -1))  # type: ignore[arg-type]
