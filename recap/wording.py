"""The words a reader sees in the chart: hover labels and where an event falls in time."""

from __future__ import annotations

import textwrap
from functools import lru_cache

import pandas as pd

from recap.theme import escape

HOVER_WIDTH = 48  # characters: fits a phone screen


@lru_cache(maxsize=4096)
def hover_text(
    order: int,
    title: str,
    summary: str,
    characters: str,
    location: str,
    act: str,
    chronology: str,
    locked: bool,
) -> str:
    """Return an event's hover label, wrapped to fit a phone (cached: events share it)."""
    lines = [f"<b>{order}. {escape(title)}</b>"]
    if locked:
        lines.append("Spoiler: hidden until you reveal it.")
        return "<br>".join(lines)
    named = (("Characters", characters), ("Location", location), ("Act", act))
    facts = [summary, *(f"{label}: {value}" for label, value in named if value), chronology]
    for fact in facts:
        if fact:
            wrapped = [fact] if len(fact) <= HOVER_WIDTH else textwrap.wrap(fact, HOVER_WIDTH)
            lines += [escape(part) for part in wrapped]
    return "<br>".join(lines)


def ordinal(number: int) -> str:
    """Return 1st, 2nd, 3rd, 4th... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 < number % 100 < 14 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def chronology_words(told: pd.DataFrame) -> dict[int, str]:
    """Say, for each event told out of place, where it falls in the story: by its
    neighbours in story order, never by a raw number. Keyed by told order."""
    visible = told[~told["locked"]].sort_values("story_rank")
    names = [str(label) for label in visible["label"]]
    words = {}
    for index, (order, placement) in enumerate(
        zip(visible["order"], visible["placement"], strict=True)
    ):
        if not placement:
            continue
        kind = "Flashback" if placement == "flashback" else "Flash-forward"
        if index == 0:
            before = f", before \u201c{names[1]}\u201d" if len(names) > 1 else ""
            words[int(order)] = f"{kind}: the earliest event of the story{before}"
        elif index == len(names) - 1:
            words[int(order)] = f"{kind}: happens after \u201c{names[index - 1]}\u201d, last of all"
        else:
            words[int(order)] = (
                f"{kind}: happens between \u201c{names[index - 1]}\u201d "
                f"and \u201c{names[index + 1]}\u201d"
            )
    return words
