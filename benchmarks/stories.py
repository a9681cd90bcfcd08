"""Generated stories for the benchmarks: N events with two-sentence summaries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

ARCS = 6
ACTS = 10


def generated_story(events: int, *, arcs: int = ARCS, acts: int = ACTS) -> str:
    """Return a story of `events` events as YAML text.

    Six arcs (one protagonist, one antagonist), ten acts (the last one a spoiler); every
    third event belongs to two arcs; each event has a two-sentence summary, two
    characters and a location.
    """
    return _yaml(story_data(events, arcs=arcs, acts=acts))


def _yaml(story: dict[str, Any]) -> str:
    return yaml.safe_dump(story, sort_keys=False, allow_unicode=True, width=100)


def story_data(events: int, *, arcs: int = ARCS, acts: int = ACTS) -> dict[str, Any]:
    """Return the generated story as data (see generated_story)."""
    kinds = ["protagonist", "antagonist"] + ["other"] * (arcs - 2)
    story = {
        "title": f"Generated story of {events} events",
        "slug": "generated",
        "arcs": {
            f"arc{index}": {"label": f"Arc {index}", "kind": kind}
            for index, kind in enumerate(kinds)
        },
        "acts": [
            {
                "id": f"act{index}",
                "label": f"Act {index + 1}",
                **({"spoiler": True} if index == acts - 1 else {}),
            }
            for index in range(acts)
        ],
        "events": [
            {
                "title": f"Event number {number}",
                # (5n + 1) mod 6 never equals n mod 6: the second arc is another lane.
                "arcs": [f"arc{number % arcs}"]
                + ([f"arc{(number * 5 + 1) % arcs}"] if number % 3 == 0 else []),
                "act": f"act{number * acts // events}",
                "summary": f"In scene {number}, someone does something unexpected. "
                f"It matters later, in act {number * acts // events + 2}.",
                "characters": [f"Character {number % 13}", f"Character {number % 7 + 13}"],
                "location": f"Place {number % 17}",
            }
            for number in range(events)
        ],
    }
    return story


def _told_backwards(events: int) -> dict[str, Any]:
    story = story_data(events)
    for number, event in enumerate(story["events"][1:], start=1):
        event["before"] = f"event-number-{number - 1}"
    return story


def _spoiler_acts(events: int) -> dict[str, Any]:
    story = story_data(events, acts=200)
    for act in story["acts"][100:]:
        act["spoiler"] = True
    return story


def _new_characters(events: int) -> dict[str, Any]:
    story = story_data(events)
    for number, event in enumerate(story["events"]):
        event["characters"] = [f"Person {number}", f"Person {number + 1}"]
    return story


def _long_summaries(events: int) -> dict[str, Any]:
    story = story_data(events)
    for event in story["events"]:
        # A colon makes the dump quote it: a quoted text over 15 lines.
        event["summary"] = " ".join(["Note: " + event["summary"]] * 20)
    return story


# Stories that stress one part each: the chronology, the reveal controls, the Characters
# view, the reading of quoted text, the lanes. Each of the first four once took a
# 10,000-event story minutes (or hours) or hundreds of megabytes.
SHAPES: dict[str, Callable[[int], dict[str, Any]]] = {
    "told backwards (each event `before:` the one told before it)": _told_backwards,
    "100 spoiler acts (of 200)": _spoiler_acts,
    "a new character in every event": _new_characters,
    "a quoted paragraph of summary in every event (1,700 characters)": _long_summaries,
    "40 arcs": lambda events: story_data(events, arcs=40),
}


def shaped_story(events: int, shape: str) -> str:
    """Return the story of this shape (a key of SHAPES) as YAML text."""
    return _yaml(SHAPES[shape](events))
