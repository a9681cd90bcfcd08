"""chronology.py: story order from `when`, `after` and `before`; flashbacks by main thread."""

from __future__ import annotations

import pytest

import recap
from recap.chronology import placements
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
