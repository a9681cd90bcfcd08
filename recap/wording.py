"""The words a reader sees in the chart: hover labels and where an event falls in time."""

from __future__ import annotations

import textwrap
from functools import lru_cache

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
    when: float,
    locked: bool,
) -> str:
    """Return an event's hover label, wrapped to fit a phone (cached: events share it)."""
    lines = [f"<b>{order}. {escape(title)}</b>"]
    if locked:
        lines.append("Spoiler: hidden until you reveal it.")
        return "<br>".join(lines)
    named = (("Characters", characters), ("Location", location), ("Act", act))
    facts = [summary, *(f"{label}: {value}" for label, value in named if value)]
    if when != order:
        kind = "flashback" if when < order else "flash-forward"
        facts.append(f"Story time: {when:g}, a {kind}")
    for fact in facts:
        if fact:
            wrapped = [fact] if len(fact) <= HOVER_WIDTH else textwrap.wrap(fact, HOVER_WIDTH)
            lines += [escape(part) for part in wrapped]
    return "<br>".join(lines)
