"""page_list.py: the list of events, the spoilers' items and the legend, as HTML text."""

from __future__ import annotations

import re

import markupsafe
import pandas as pd
import pytest

from recap.frame import events, redact_spoilers, to_frame
from recap.i18n import ENGLISH, language
from recap.load import parse_story
from recap.page_list import (
    ITEMS_PER_LIST,
    escaped,
    events_html,
    legend_html,
    spoiler_items,
    swatch,
)
from recap.picture_links import PictureLinks

STORY = """\
title: Marks
arcs:
  hero: {label: "Hero's <path>", kind: protagonist}
  foe: {label: 'Foe & "co"', kind: antagonist}
acts:
  - {id: one, label: "Act <1>"}
  - {id: end, label: The end, spoiler: true}
events:
  - {title: "A <b> & 'c'", arcs: [hero, foe], act: one, characters: ["Ann <A>", Bob],
     location: "Here & there", summary: "Says \\"hi\\""}
  - {title: Unplaced, arcs: foe}
  - {title: The twist, arcs: hero, act: end, summary: Secret}
"""


def told(text: str = STORY, *, locked: bool = False) -> pd.DataFrame:
    frame = to_frame(parse_story(text))
    return events(redact_spoilers(frame) if locked else frame)


def test_items_escape_every_text_of_the_story() -> None:
    page = events_html(
        told(), root_id="r", heading_base=1, pictures=PictureLinks(), language=ENGLISH
    )
    assert "A &lt;b&gt; &amp; &#39;c&#39;</h4>" in page
    assert 'data-act="Act &lt;1&gt;"' in page
    assert '<h3 class="recap-act-label" id="r-act-1">Act &lt;1&gt;</h3>' in page
    assert 'data-arcs="Hero&#39;s &lt;path&gt;\nFoe &amp; &#34;co&#34;"' in page
    assert 'data-characters="Ann &lt;A&gt;\nBob"' in page
    assert "<dd>Here &amp; there</dd>" in page
    assert '<p class="recap-event-summary">Says &#34;hi&#34;</p>' in page
    # An event outside any act is in a section of its own, its heading one level up.
    assert '<section class="recap-act">\n<ol class="recap-event-list" start="2">' in page
    assert '<h3 class="recap-event-title">Unplaced</h3>' in page
    assert '<section class="recap-act recap-act-spoiler" aria-labelledby="r-act-3">' in page


def test_locked_items_show_only_their_placeholder() -> None:
    page = events_html(
        told(locked=True), root_id="r", heading_base=2, pictures=PictureLinks(), language=ENGLISH
    )
    assert "Secret" not in page
    assert "The twist" not in page
    assert '<li class="recap-event recap-locked" id="r-spoiler-3"' in page
    assert "Spoiler, hidden until you reveal it." in page


def test_items_speak_the_page_language() -> None:
    page = events_html(
        told(), root_id="r", heading_base=1, pictures=PictureLinks(), language=language("de")
    )
    assert "<dt>Figuren</dt>" in page
    assert "<dt>Characters</dt>" not in page


def test_long_acts_are_cut_into_lists_of_a_hundred() -> None:
    lines = "".join(f"  - {{title: Event {n}, arcs: hero, act: one}}\n" for n in range(250))
    text = STORY.split("events:\n")[0] + "events:\n" + lines
    page = events_html(
        told(text), root_id="r", heading_base=1, pictures=PictureLinks(), language=ENGLISH
    )
    starts = re.findall(r'<ol class="recap-event-list" start="(\d+)">', page)
    assert starts == ["1", str(ITEMS_PER_LIST + 1), str(2 * ITEMS_PER_LIST + 1)]
    assert page.count("<li ") == 250


def test_spoiler_items_are_keyed_by_step_and_placeholder() -> None:
    items = spoiler_items(
        told(), root_id="r", heading_base=1, pictures=PictureLinks(), language=ENGLISH
    )
    assert list(items) == [0]
    assert list(items[0]) == ["spoiler-3"]
    item = items[0]["spoiler-3"]
    assert item.startswith('<li class="recap-event" id="r-the-twist"')
    assert item.endswith("</li>")
    assert '<span class="recap-tag recap-tag-spoiler">spoiler</span>' in item


def test_legend_lists_each_arc_and_the_locked_square() -> None:
    frame = redact_spoilers(to_frame(parse_story(STORY)))
    legend = legend_html(frame, heading_base=1, language=ENGLISH)
    assert "Hero&#39;s &lt;path&gt;" in legend
    assert '<span class="recap-arc-kind">protagonist</span>' in legend
    assert "hidden until you reveal it" in legend


def test_swatch_draws_the_arc_line_and_marker() -> None:
    drawn = swatch("diamond", "#123456", "antagonist")
    assert drawn.startswith('<line x1="0" y1="9" x2="18" y2="9" stroke="#123456"')
    assert 'stroke-dasharray="3 2"' in drawn
    assert drawn.endswith('<path d="M9 2 16 9 9 16 2 9Z" fill="#123456"/>')
    assert swatch("none", "#000000", "other").endswith("/>")


@pytest.mark.parametrize(
    "texts",
    [["A & B", "<i>", "", "'quoted' \"twice\""], ["nul\0inside", "&"], [""], []],
)
def test_escaped_is_jinjas_escape_of_each_text(texts: list[str]) -> None:
    assert escaped(texts) == [str(markupsafe.escape(text)) for text in texts]
