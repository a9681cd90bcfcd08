"""characters.py: the Characters view's lines, and how many a chart can hold."""

from __future__ import annotations

import itertools

import pandas as pd

from recap.characters import (
    MAX_LINES,
    MOST_LINES,
    ROW_HEIGHT,
    character_lines,
    characters_spec,
)
from recap.frame import to_frame
from recap.i18n import language
from recap.load import parse_story


def told(*casts: str, locked: tuple[int, ...] = ()) -> pd.DataFrame:
    """Events told in order (told numbers from 1), each with its cast ("A, B")."""
    return pd.DataFrame(
        {
            "order": range(1, len(casts) + 1),
            "characters": list(casts),
            "locked": [number in locked for number in range(1, len(casts) + 1)],
        }
    )


def test_each_character_a_line_in_order_of_first_appearance() -> None:
    lines = character_lines(told("Ann, Bo", "Cy", "Bo, Ann", "Di", "Cy"))
    assert lines == {"Ann": [1, 3], "Bo": [1, 3], "Cy": [2, 5], "Di": [4]}


def test_locked_events_make_no_line() -> None:
    assert character_lines(told("Ann", "Ghost, Ann", locked=(2,))) == {"Ann": [1]}


def test_past_a_dozen_characters_those_seen_once_share_a_line() -> None:
    casts = [f"Lead, Extra {number}" for number in range(MAX_LINES)] + ["Lead, Friend"] * 2
    lines = character_lines(told(*casts))
    assert list(lines) == ["Lead", "Friend", f"Others ({MAX_LINES})"]
    assert lines[f"Others ({MAX_LINES})"] == list(range(1, MAX_LINES + 1))


def test_past_thirty_lines_the_least_seen_share_it_too() -> None:
    # 1,000 pairs seen twice each, and one character seen in every event.
    casts = [f"Hero, Person {number // 2}" for number in range(2_000)]
    lines = character_lines(told(*casts))
    assert len(lines) == MOST_LINES
    assert list(lines)[:3] == ["Hero", "Person 0", "Person 1"]  # most seen, then first seen
    assert lines["Hero"] == list(range(1, 2_001))
    folded = 1_000 - (MOST_LINES - 2)
    assert list(lines)[-1] == f"Others ({folded:,})"
    assert lines[f"Others ({folded:,})"] == list(range(2 * (MOST_LINES - 2) + 1, 2_001))
    german = character_lines(told(*casts), language("de"))
    assert list(german)[-1] == f"Weitere ({folded:,})".replace(",", ".")


def test_the_chart_of_a_crowded_cast_stays_a_readable_height() -> None:
    lines = [
        f"  - {{title: E{number}, arcs: a, characters: [P{number}, P{number + 1}]}}"
        for number in range(3_000)
    ]
    story = parse_story("title: T\narcs: {a: {label: A}}\nevents:\n" + "\n".join(lines) + "\n")
    spec = characters_spec(to_frame(story), labels="overlay")
    assert spec is not None
    assert len(spec["data"]) == MOST_LINES
    assert spec["layout"]["height"] == 110 + ROW_HEIGHT * MOST_LINES


def test_names_of_lines_that_start_together_stand_clear_of_each_other() -> None:
    # Three characters met at once: their names, written where their lines start (13 px
    # text), stand at least a text line apart, not stacked into one another.
    story = parse_story(
        "title: T\narcs: {a: {label: A}}\nevents:\n"
        "  - {title: Meeting, arcs: a, characters: [Anna, Vronsky, Stiva]}\n"
        "  - {title: Ball, arcs: a, characters: [Anna, Kitty]}\n"
    )
    spec = characters_spec(to_frame(story), labels="overlay")
    assert spec is not None
    starts = sorted(trace["y"][0] for trace in spec["data"] if trace["x"][0] == 1)
    assert len(starts) == 3
    gaps = [(lower - upper) * ROW_HEIGHT for upper, lower in itertools.pairwise(starts)]
    assert min(gaps) >= 16
