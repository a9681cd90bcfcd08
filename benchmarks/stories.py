"""Generated stories for the benchmarks: N events with two-sentence summaries."""

from __future__ import annotations

import yaml

ARCS = 6
ACTS = 10


def generated_story(events: int, *, arcs: int = ARCS, acts: int = ACTS) -> str:
    """Return a story of `events` events as YAML text.

    Six arcs (one protagonist, one antagonist), ten acts (the last one a spoiler); every
    third event belongs to two arcs; each event has a two-sentence summary, two
    characters and a location.
    """
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
    return yaml.safe_dump(story, sort_keys=False, allow_unicode=True, width=100)
