"""DataFrame -> the Characters view: one line per character across the events they are in.

In the manner of a narrative chart (xkcd 657): each character has a home row; at an event
shared by several characters their lines come together, side by side, then part again.
Only unlocked events count, so a character seen only in hidden events appears nowhere,
and a visible character's line skips the events still hidden.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from recap.figure import LabelMode, act_bands, figure_layout, overlay_data
from recap.frame import PALETTE, events
from recap.i18n import ENGLISH, Language
from recap.labels import text_width
from recap.theme import LOCKED_SYMBOL, PALETTES, Palette, Theme, escape
from recap.wording import chronology_words, hover_text

MAX_LINES = 12  # past this, characters seen once share one "others" line
MOST_LINES = 30  # and past this many still, so do the characters seen least
ROW_HEIGHT = 44
SPREAD = 0.42  # rows between lines that meet at one event: 18 px, a 13 px name's line box


def character_lines(told: pd.DataFrame, language: Language = ENGLISH) -> dict[str, list[int]]:
    """Return each line's told orders, lines in order of first appearance.

    When there are many, characters seen once share one "others" line, and so do the
    characters seen least past MOST_LINES lines (a row each would make a chart taller
    than any screen, and no reader follows a hundred lines).
    """
    lines: dict[str, list[int]] = {}
    columns = (told[column].tolist() for column in ("order", "characters", "locked"))
    for order, names, locked in zip(*columns, strict=True):
        if locked:
            continue
        for name in dict.fromkeys(filter(None, str(names).split(", "))):
            lines.setdefault(name, []).append(int(order))
    if len(lines) <= MAX_LINES:
        return lines
    kept = {name: orders for name, orders in lines.items() if len(orders) > 1}
    if len(kept) >= MOST_LINES:
        # The most seen keep their lines; among the equally seen, the first seen.
        most_seen = sorted(kept, key=lambda name: -len(kept[name]))[: MOST_LINES - 1]
        kept = {name: kept[name] for name in kept if name in set(most_seen)}
    folded = [name for name in lines if name not in kept]
    if folded:
        others = sorted({order for name in folded for order in lines[name]})
        kept[language.gettext("Others (%(count)s)", count=language.number(len(folded)))] = others
    return kept


def characters_spec(
    frame: pd.DataFrame,
    *,
    theme: Theme = "light",
    title: str | None = None,
    labels: LabelMode = "annotations",
    language: Language = ENGLISH,
    told: pd.DataFrame | None = None,
) -> dict[str, Any] | None:
    """Return the Characters view as a plain figure dict, or None if no one is named.

    `told` is `events(frame)`, when the caller has it already.
    """
    told = events(frame) if told is None else told
    lines = character_lines(told, language)
    if not lines:
        return None
    palette = PALETTES[theme]
    home = {name: row for row, name in enumerate(lines)}
    members: dict[int, list[str]] = {}
    for name, orders in lines.items():
        for order in orders:
            members.setdefault(order, []).append(name)
    chronology = chronology_words(told, language)
    event_ids = dict(zip(told["order"].tolist(), told["event_id"].tolist(), strict=True))
    # With the overlay the page builds hover texts from the list: one copy of each text.
    hovers = _hover_texts(told, members, chronology, language) if labels != "overlay" else None
    # Where the lines pass each event, worked out once per cast (a story's casts repeat).
    by_cast: dict[tuple[str, ...], dict[str, float]] = {}
    meeting = {}
    for order, present in members.items():
        cast = tuple(present)
        if cast not in by_cast:
            by_cast[cast] = _meeting_ys(present, home)
        meeting[order] = by_cast[cast]
    traces = []
    for index, (name, orders) in enumerate(lines.items()):
        ys = [meeting[order][name] for order in orders]
        color = PALETTE[index % 8]
        traces.append(_line(name, orders, ys, event_ids, hovers, color, palette, language))
    locked = told[told["locked"]]
    rows = len(lines) + (1 if len(locked) else 0)
    if len(locked):
        traces.append(_hidden_row(locked, len(lines), palette, language, hover=labels != "overlay"))
    bands, acts = act_bands(told, palette)
    width = min(170.0, max(text_width(name, 13) for name in lines) + 24)
    layout = figure_layout(
        told,
        palette,
        title=title,
        height=110 + ROW_HEIGHT * rows,
        left=int(width),
        language=language,
    )
    layout["yaxis"] = {"range": [rows - 0.4, -0.7], "visible": False, "fixedrange": True}
    layout["shapes"] = bands
    layout["annotations"] = []
    if labels == "overlay":
        overlay = overlay_data(frame, told, acts, chronology, language, labelled=False)
        layout["meta"] = {"recap": overlay}
    else:
        layout["annotations"] = [
            _caption(label, start, palette, language) for label, start, _ in acts
        ]
    return {"data": traces, "layout": layout}


def _meeting_ys(present: list[str], home: dict[str, int]) -> dict[str, float]:
    """Where each line present at an event passes it, rounded as drawn: its home row,
    or side by side with the others there (in the order of their homes)."""
    if len(present) == 1:
        return {present[0]: float(home[present[0]])}
    rows = sorted((home[name], name) for name in present)  # homes differ: names never compared
    first = sum(row for row, _ in rows) / len(rows) - (len(rows) - 1) / 2 * SPREAD
    return {name: round(first + index * SPREAD, 3) for index, (_, name) in enumerate(rows)}


def _hover_texts(
    told: pd.DataFrame,
    members: dict[int, list[str]],
    chronology: dict[int, str],
    language: Language,
) -> dict[int, str]:
    """Return the hover label of each event on a line, keyed by told order: each event's
    text is made once, however many lines pass it."""
    columns = ("order", "title", "summary", "characters", "location", "act_label")
    return {
        order: hover_text(
            order,
            str(title),
            str(summary),
            str(characters),
            str(location),
            str(act),
            chronology.get(order, ""),
            False,
            language,
        )
        for order, title, summary, characters, location, act in zip(
            *(told[column].tolist() for column in columns), strict=True
        )
        if order in members
    }


def _line(
    name: str,
    orders: list[int],
    ys: list[float],
    event_ids: dict[int, str],
    hovers: dict[int, str] | None,
    color: str,
    palette: Palette,
    language: Language,
) -> dict[str, Any]:
    trace = {
        "type": "scatter",
        "mode": "lines+markers+text",
        "name": name,
        "meta": {"line": name},
        "x": orders,
        "y": ys,
        "line": {"color": color, "width": 3, "shape": "spline", "smoothing": 0.6},
        "marker": {
            "size": 9,
            "color": color,
            "line": {"width": 1.5, "color": palette.marker_outline},
        },
        # The name stands at the line's start, before its first event (right of it, in
        # a right-to-left chart).
        "text": [language.isolate(escape(name))] + [""] * (len(orders) - 1),
        "textposition": "middle right" if language.rtl else "middle left",
        "textfont": {"color": palette.text, "size": 13},
        "cliponaxis": False,
        "customdata": [event_ids[order] for order in orders],
    }
    if hovers is not None:
        trace["hovertext"] = [hovers[order] for order in orders]
    trace["hovertemplate"] = "%{hovertext}<extra></extra>"
    return trace


def _hidden_row(
    locked: pd.DataFrame, row: int, palette: Palette, language: Language, *, hover: bool
) -> dict[str, Any]:
    """Hidden events sit on a row of their own: no line meets them, nothing is named."""
    trace = {
        "type": "scatter",
        "mode": "markers",
        "name": language.gettext("Spoiler, hidden"),
        "x": locked["order"].tolist(),
        "y": [row] * len(locked),
        "marker": {"size": 12, "symbol": LOCKED_SYMBOL, "color": palette.locked},
        "customdata": locked["event_id"].tolist(),
    }
    if hover:
        trace["hovertext"] = [
            hover_text(int(order), str(title), "", "", "", "", "", True, language)
            for order, title in zip(locked["order"].tolist(), locked["title"].tolist(), strict=True)
        ]
    trace["hovertemplate"] = "%{hovertext}<extra></extra>"
    return trace


def _caption(label: str, start: float, palette: Palette, language: Language) -> dict[str, Any]:
    return {
        "x": start,
        "xref": "x",
        "xanchor": "right" if language.rtl else "left",
        "y": 1,
        "yref": "paper",
        "yanchor": "bottom",
        "yshift": 2,
        "text": language.isolate(escape(label)),
        "showarrow": False,
        "font": {"size": 12, "color": palette.muted},
    }
