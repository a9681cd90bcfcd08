"""Told events -> the page's text: the list of events, the spoilers' own list items (for
the reveal payloads) and the legend of arcs.

A list item is written by a format string, not a template: a story of thousands of events
would spend more on calling a Jinja2 macro per item than on all the rest of its page.
The items' markup, escaping and words are what Jinja2 (autoescape, newstyle gettext)
made of them, byte for byte; the legend and the pictures stay templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import pandas as pd
from markupsafe import Markup, escape

from recap.figure import ARC_KINDS
from recap.frame import HIDDEN_ARC_ID, LOCKED_COLOR, SPOILER_ID_PREFIX
from recap.i18n import N_, Language
from recap.page_templates import environment
from recap.picture_links import PictureLinks
from recap.theme import DASHES

# Browsers number a list's items in time that grows with the square of its length.
ITEMS_PER_LIST = 100
LOCK_ICON = (
    '<svg class="recap-lock" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" '
    'focusable="false"><path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7Zm2 0h4V5a2 2 0 0 0-4 0Z" '
    'fill="currentColor"/></svg>'
)
# The legend's drawings of plotly's marker symbols, on an 18 x 18 box.
SWATCH_SHAPES = {
    "circle": '<circle cx="9" cy="9" r="6" fill="{color}"/>',
    "diamond": '<path d="M9 2 16 9 9 16 2 9Z" fill="{color}"/>',
    "triangle-up": '<path d="M9 2 16 15H2Z" fill="{color}"/>',
    "triangle-down": '<path d="M2 3H16L9 16Z" fill="{color}"/>',
    "star": '<path d="M9 1.5 11.2 6.6 16.5 7 12.4 10.5 13.7 15.8 9 13 4.3 15.8 5.6 10.5 '
    '1.5 7 6.8 6.6Z" fill="{color}"/>',
    "hexagon": '<path d="M9 2 15 5.5V12.5L9 16 3 12.5V5.5Z" fill="{color}"/>',
    "pentagon": '<path d="M9 2 16 7.2 13.3 15.5H4.7L2 7.2Z" fill="{color}"/>',
    "cross": '<path d="M6.5 2.5H11.5V6.5H15.5V11.5H11.5V15.5H6.5V11.5H2.5V6.5H6.5Z" '
    'fill="{color}"/>',
    "square": '<rect x="3" y="3" width="12" height="12" fill="{color}"/>',
    "none": "",
}


class _Row(NamedTuple):
    """What a list item shows of one told event; its ESCAPED texts are HTML already."""

    order: int
    event_id: str
    title: str
    act_id: str
    act_label: str
    spoiler: bool
    locked: bool
    reveal_step: int
    arc_labels: tuple[str, ...]
    arc_colors: tuple[str, ...]
    summary: str
    characters: str
    location: str
    image_src: str
    image_alt: str
    image_credit: str
    image_caption: str


# The texts a list item shows as they are (the picture's go to its template's macro).
ESCAPED = frozenset({"event_id", "title", "act_label", "summary", "characters", "location"})


def _rows(told: pd.DataFrame) -> Iterator[_Row]:
    # Columns as lists: iterating pandas' Arrow-backed text columns is slow, value by value.
    columns = [
        escaped(told[name].tolist()) if name in ESCAPED else told[name].tolist()
        for name in _Row._fields
    ]
    return map(_Row._make, zip(*columns, strict=True))


def escaped(texts: list[str]) -> list[str]:
    """Return the texts escaped as Jinja2 escapes them, in one call for them all: joined
    by NUL, which escaping leaves alone (texts holding a NUL are escaped one by one)."""
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        return [str(escape(text)) for text in texts]
    return str(escape(joined)).split("\0") if texts else []


def events_html(
    told: pd.DataFrame,
    *,
    root_id: str,
    heading_base: int,
    pictures: PictureLinks,
    language: Language,
) -> str:
    """Return the list of the told events (`frame.events`): a section per unbroken run
    of one act, its items in lists of at most ITEMS_PER_LIST."""
    writer = _ItemWriter(root_id, heading_base, pictures, language)
    runs: list[tuple[_Row, list[_Row]]] = []
    for row in _rows(told):
        if not runs or runs[-1][0].act_id != row.act_id:
            runs.append((row, []))
        runs[-1][1].append(row)
    root = escape(root_id)
    parts = []
    for number, (first, rows) in enumerate(runs, start=1):
        spoiler = " recap-act-spoiler" if all(row.spoiler for row in rows) else ""
        labelled_by = f' aria-labelledby="{root}-act-{number}"' if first.act_id else ""
        parts.append(f'<section class="recap-act{spoiler}"{labelled_by}>\n')
        if first.act_label:
            level = heading_base + 2
            parts.append(
                f'<h{level} class="recap-act-label" id="{root}-act-{number}">'
                f"{first.act_label}</h{level}>"
            )
        for start in range(0, len(rows), ITEMS_PER_LIST):
            run = rows[start : start + ITEMS_PER_LIST]
            parts.append(f'<ol class="recap-event-list" start="{run[0].order}">\n')
            parts += map(writer.item, run)
            parts.append("</ol>\n")
        parts.append("</section>\n")
    return "".join(parts).strip()


def spoiler_items(
    told: pd.DataFrame,
    *,
    root_id: str,
    heading_base: int,
    pictures: PictureLinks,
    language: Language,
) -> dict[int, dict[str, str]]:
    """Return the list item of each spoiler of the told events (`frame.events`, spoilers
    not locked), by the reveal step that unlocks it, then by its placeholder's event id."""
    writer = _ItemWriter(root_id, heading_base, pictures, language)
    steps: dict[int, dict[str, str]] = {}
    for row in _rows(told[told["spoiler"]]):
        item = writer.item(row).strip()
        steps.setdefault(row.reveal_step, {})[f"{SPOILER_ID_PREFIX}{row.order}"] = item
    return steps


class _ItemWriter:
    """Writes list items for one page: its root id, heading levels, pictures and words."""

    def __init__(
        self, root_id: str, heading_base: int, pictures: PictureLinks, language: Language
    ) -> None:
        self.root = escape(root_id)
        self.heading_base = heading_base
        self.pictures = pictures
        self.language = language
        self.spoiler_note = _word(language, N_("Spoiler, hidden until you reveal it."))
        spoiler_word = _word(language, N_("spoiler"))  # outside the f-string: Babel reads it
        self.spoiler_tag = f'<span class="recap-tag recap-tag-spoiler">{spoiler_word}</span>'
        self.characters_word = _word(language, N_("Characters"))
        self.location_word = _word(language, N_("Location"))
        self.tags: dict[tuple[str, str], str] = {}  # an arc's tag, written once

    def item(self, row: _Row) -> str:
        """Return one event's list item, ending with a newline."""
        # An act's events have headings one level below the act's own.
        level = self.heading_base + (3 if row.act_label else 2)
        event_id, title = row.event_id, row.title
        start = f'id="{self.root}-{event_id}" data-event-id="{event_id}"'
        if row.locked:
            return (
                f'<li class="recap-event recap-locked" {start} value="{row.order}">\n'
                '<div class="recap-locked-box">\n'
                f'<h{level} class="recap-event-title">{LOCK_ICON} {title}</h{level}>\n'
                f'<p class="recap-locked-note">{self.spoiler_note}</p>\n'
                "</div>\n</li>\n"
            )
        act = f' data-act="{row.act_label}"' if row.act_label else ""
        arcs = "\n".join(map(escape, row.arc_labels))
        names = row.characters
        # Escaping leaves ", " as it is: the escaped names split as the names do.
        lines = names.replace(", ", "\n")  # one name a line, for the script to split
        characters = f' data-characters="{lines}"' if names else ""
        tags = "".join(map(self._tag, row.arc_labels, row.arc_colors))
        facts = ""
        if names or row.location:
            facts = '<dl class="recap-event-facts">\n'
            if names:
                facts += f"<div><dt>{self.characters_word}</dt><dd>{names}</dd></div>"
            if row.location:
                facts += f"<div><dt>{self.location_word}</dt><dd>{row.location}</dd></div>"
            facts += "</dl>"
        return (
            f'<li class="recap-event" {start}{act} data-arcs="{arcs}"{characters}'
            f' value="{row.order}">\n'
            f'<h{level} class="recap-event-title">{title}</h{level}>\n'
            f"{self._picture(row)}"
            f'<p class="recap-event-arcs">{tags}{self.spoiler_tag if row.spoiler else ""}</p>\n'
            + (f'<p class="recap-event-summary">{row.summary}</p>' if row.summary else "")
            + f"{facts}</li>\n"
        )

    def _tag(self, label: str, color: str) -> str:
        key = (label, color)
        if key not in self.tags:
            self.tags[key] = (
                f'<span class="recap-tag" style="--arc-color: {escape(color)}">'
                f"{escape(label)}</span>"
            )
        return self.tags[key]

    def _picture(self, row: _Row) -> str:
        """Return the event's picture and a newline (the picture template's macro), or ""."""
        picture = self.pictures.get(row.image_src)
        if not picture:
            return ""
        macros: Any = environment(self.language).get_template("picture.html.j2").module
        shown = macros.event_picture(picture, row.image_alt, row.image_credit, row.image_caption)
        return f"{shown}\n"


def _word(language: Language, message: str) -> str:
    """Return a message as a template's `_()` gives it: translated, not escaped (the
    catalog is trusted markup), '%%' read as '%'."""
    return str(Markup(language.translations.gettext(message)) % {})


def legend_html(frame: pd.DataFrame, *, heading_base: int, language: Language) -> str:
    """Return the legend: each arc drawn in the view, with its swatch, kind and words."""
    arcs = []
    columns = ("arc_id", "arc_label", "arc_kind", "arc_symbol", "arc_color", "arc_description")
    lanes = frame.drop_duplicates("arc_id").sort_values("lane")
    for arc_id, label, kind, symbol, color, description in zip(
        *(lanes[column].tolist() for column in columns), strict=True
    ):
        # The hidden lane's markers are the spoilers' squares, listed once below.
        shape = "none" if arc_id == HIDDEN_ARC_ID else symbol
        kind_word = ARC_KINDS.get(kind)  # "other" arcs say no kind
        arcs.append(
            {
                "label": label,
                "kind": kind,
                "kind_label": language.gettext(kind_word) if kind_word else "",
                "description": description,
                "swatch": swatch(shape, color, kind),
            }
        )
    if frame["locked"].any():
        arcs.append(
            {
                "label": language.gettext("Spoiler"),
                "kind": "spoiler",
                "kind_label": "",
                "description": language.gettext("hidden until you reveal it"),
                "swatch": SWATCH_SHAPES["square"].format(color=LOCKED_COLOR),
            }
        )
    template = environment(language).get_template("legend.html.j2")
    return template.render(arcs=arcs, heading_base=heading_base).strip()


def swatch(symbol: str, color: str, kind: str) -> str:
    """Return the legend's drawing of an arc: its line (dashed as drawn) and marker."""
    dash = {"solid": "", "dash": ' stroke-dasharray="3 2"', "dot": ' stroke-dasharray="1 2"'}[
        DASHES[kind]
    ]
    line = f'<line x1="0" y1="9" x2="18" y2="9" stroke="{color}" stroke-width="2"{dash}/>'
    return line + SWATCH_SHAPES[symbol].format(color=color)
