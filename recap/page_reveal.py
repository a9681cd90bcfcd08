"""The reveal controls' payloads: what each control shows once pressed, veiled in the page.

A payload holds the chart and the Characters view as they are once its control is pressed,
the legend, and the list items of the spoilers it unlocks (earlier ones come from the
payloads before it). Veiled (veil.py): out of the page's text, search and source.

Of each figure's layout a payload carries only what differs from the locked figure's,
which the page holds in plain already: most of a layout (fonts, axes, colours, the acts'
bands) is the same once revealed, and veiled text cannot be gzipped against the plain.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

import pandas as pd

from recap.frame import events, redact_spoilers, reveal_steps
from recap.i18n import Language
from recap.model import Story
from recap.page_list import legend_html, spoiler_items
from recap.picture_links import PictureLinks
from recap.veil import veil

FigureJson = dict[str, Any]  # a figure as plain JSON data (plotly.js's form)
# A view's figure (or None: no such view) from the view's frame and its told events.
FigureMaker = Callable[[pd.DataFrame, pd.DataFrame], FigureJson | None]


class Views(NamedTuple):
    """Something of each of a page's two views: the chart, the Characters view."""

    figure: Any
    characters: Any


def reveal_controls(
    story: Story,
    frame: pd.DataFrame,
    *,
    locked: Views,
    make: Views,
    root_id: str,
    heading_base: int,
    pictures: PictureLinks,
    language: Language,
) -> list[dict[str, Any]]:
    """Return each reveal control's template fields: the acts it names, how many events it
    unlocks, and its veiled payload. `locked` holds the views' figures as first shown
    (FigureJson, or None for no Characters view); `make` their FigureMakers."""
    # Every spoiler's item is written once, from the events as told, unredacted.
    told = events(frame)
    unlocked_items = spoiler_items(
        told, root_id=root_id, heading_base=heading_base, pictures=pictures, language=language
    )
    controls = []
    for step, (act_ids, act_labels) in enumerate(reveal_steps(story)):
        view = redact_spoilers(frame, revealed_steps=step + 1, language=language)
        view_told = told if view is frame else events(view)
        unlocked = unlocked_items.get(step, {})
        figures = {
            name: relative_to_locked(shown, maker(view, view_told))
            for name, shown, maker in zip(Views._fields, locked, make, strict=True)
        }
        content = {
            **figures,
            "legend": legend_html(view, heading_base=heading_base, language=language),
            "events": unlocked,
        }
        controls.append(
            {
                "act": act_range(act_labels),
                "act_end": act_labels[-1] if len(act_labels) > 1 else "",
                "act_id": " ".join(act_ids),
                "count": len(unlocked),
                "payload": veil(inert_json(figure_text(content))),
            }
        )
    return controls


def relative_to_locked(locked: FigureJson | None, revealed: FigureJson | None) -> FigureJson | None:
    """Return the revealed figure with, for its layout, only what differs from the locked
    figure's ("layoutChanges"; None for what it no longer has); whole if there is no
    locked figure to differ from."""
    if locked is None or revealed is None:
        return revealed
    before, after = locked["layout"], revealed["layout"]
    changes = {key: value for key, value in after.items() if before.get(key, ...) != value}
    changes |= {key: None for key in before if key not in after}
    rest = {key: value for key, value in revealed.items() if key != "layout"}
    return {**rest, "layoutChanges": changes}


def figure_text(data: FigureJson | None) -> str:
    """Return JSON data as compact text, the same bytes for the same data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def act_range(labels: tuple[str, ...]) -> str:
    """Name the spoiler acts a reveal control unlocks: one act, or the first and the last
    of those that share it, joined by an en dash; "" for a story's only control."""
    if len(labels) > 1:
        return f"{labels[0]} \u2013 {labels[-1]}"
    return labels[0] if labels else ""


def inert_json(text: str) -> str:
    """Make JSON text plain text in HTML: no markup, no entity, no '</template>' breakout."""
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text
