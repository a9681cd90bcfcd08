"""The words a reader sees in the chart: hover labels and where an event falls in time."""

from __future__ import annotations

import textwrap
import unicodedata
from functools import lru_cache

import pandas as pd

from recap.i18n import ENGLISH, Language
from recap.theme import escape

HOVER_WIDTH = 48  # characters (half as many wide CJK ones): fits a phone screen


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
    language: Language = ENGLISH,
) -> str:
    """Return an event's hover label, wrapped to fit a phone (cached: events share it)."""
    lines = [f"<b>{order}. {escape(title)}</b>"]
    if locked:
        lines.append(escape(language.gettext("Spoiler: hidden until you reveal it.")))
        return "<br>".join(map(language.isolate, lines))
    named = (
        (language.gettext("Characters"), characters),
        (language.gettext("Location"), location),
        (language.gettext("Act"), act),
    )
    facts = [
        summary,
        *(
            language.gettext("%(label)s: %(value)s", label=label, value=value)
            for label, value in named
            if value
        ),
        chronology,
    ]
    for fact in facts:
        if fact:
            width = HOVER_WIDTH // 2 if _has_wide(fact) else HOVER_WIDTH
            wrapped = [fact] if len(fact) <= width else textwrap.wrap(fact, width)
            lines += [escape(part) for part in wrapped]
    return "<br>".join(map(language.isolate, lines))


def _has_wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) in "WF" for char in text)


def chronology_words(told: pd.DataFrame, language: Language = ENGLISH) -> dict[int, str]:
    """Say, for each event told out of place, where it falls in the story: by its
    neighbours in story order, never by a raw number. Keyed by told order."""
    visible = told[~told["locked"]].sort_values("story_rank")
    # Columns as lists: iterating pandas' text columns is slow, value by value.
    names = [str(label) for label in visible["label"].tolist()]
    words = {}
    for index, (order, placement) in enumerate(
        zip(visible["order"].tolist(), visible["placement"].tolist(), strict=True)
    ):
        if not placement:
            continue
        kind = (
            language.gettext("Flashback")
            if placement == "flashback"
            else language.gettext("Flash-forward")
        )
        if index == 0 and len(names) > 1:
            text = language.gettext(
                "%(kind)s: the earliest event of the story, before \u201c%(next)s\u201d",
                kind=kind,
                next=names[1],
            )
        elif index == 0:
            text = language.gettext("%(kind)s: the earliest event of the story", kind=kind)
        elif index == len(names) - 1:
            text = language.gettext(
                "%(kind)s: happens after \u201c%(previous)s\u201d, last of all",
                kind=kind,
                previous=names[index - 1],
            )
        else:
            text = language.gettext(
                "%(kind)s: happens between \u201c%(previous)s\u201d and \u201c%(next)s\u201d",
                kind=kind,
                previous=names[index - 1],
                next=names[index + 1],
            )
        words[int(order)] = text
    return words
