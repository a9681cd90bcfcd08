"""page.py: the HTML page, checked as text (the browser tests check it as a reader sees it)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import markupsafe
import pandas as pd
import plotly.graph_objects as go
import pytest

import recap
from recap.characters import characters_spec
from recap.figure import figure_spec
from recap.frame import events, spoiler_only_values, to_frame
from recap.load import parse_story
from recap.page import PageOptions, render_page
from recap.page_reveal import relative_to_locked
from recap.plotlyjs import PlotlyScript
from recap.veil import unveil_held
from tests.conftest import EVENTS_YAML, minimal_story_text

NO_PLOTLY = PlotlyScript(src="plotly.min.js")


def spoiler_strings(frame: pd.DataFrame) -> set[str]:
    told = events(frame)
    spoilers = told[told["spoiler"]]
    return (set(spoilers["title"]) | set(spoilers["summary"]) | spoiler_only_values(frame)) - {""}


def encodings(text: str) -> set[str]:
    return {
        text,
        str(markupsafe.escape(text)),
        html.escape(text),
        html.escape(text, quote=False),
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
    }


def reveal_payload(page: str) -> dict[str, object]:
    found = re.search(r'class="recap-reveal-data"[^>]*>([^<]+)</template>', page)
    assert found
    return json.loads(unveil_held(found.group(1)))  # type: ignore[no-any-return]


def revealed_figure(page: str, name: str = "figure") -> dict[str, Any]:
    """The revealed chart (or Characters view) as the page's script makes it: the locked
    figure's layout as served, with the payload's changes."""
    figure: dict[str, Any] = reveal_payload(page)[name]  # type: ignore[assignment]
    held = re.search(rf'<template class="recap-{name}">([^<]+)</template>', page)
    assert held
    layout = json.loads(held.group(1))["layout"]
    for key, value in figure["layoutChanges"].items():
        if value is None:
            del layout[key]
        else:
            layout[key] = value
    return {"data": figure["data"], "layout": layout}


def without_payload(page: str) -> str:
    return re.sub(r'class="recap-reveal-data"[^>]*>[^<]+</template>', "", page)


def test_hidden_page_has_no_spoiler_outside_the_payload(
    ballerina: recap.Story, ballerina_frame: pd.DataFrame
) -> None:
    page = render_page(ballerina, plotly=NO_PLOTLY)
    visible = without_payload(page)
    for secret in spoiler_strings(ballerina_frame):
        for encoded in encodings(secret):
            assert encoded not in visible, secret
    payload = json.dumps(reveal_payload(page), ensure_ascii=False)
    for secret in spoiler_strings(ballerina_frame):
        assert encodings(secret) & {part for part in encodings(secret) if part in payload}


@pytest.mark.parametrize("mode", ["omit"])
def test_omit_leaves_no_byte_of_the_ending(
    mode: str, ballerina: recap.Story, ballerina_frame: pd.DataFrame
) -> None:
    page = render_page(ballerina, plotly=NO_PLOTLY, options=PageOptions(spoilers=mode))  # type: ignore[arg-type]
    for secret in spoiler_strings(ballerina_frame):
        for encoded in encodings(secret):
            assert encoded not in page, secret
    assert 'class="recap-reveal' not in page


def test_shown_page_has_everything_and_no_button(
    ballerina: recap.Story, ballerina_frame: pd.DataFrame
) -> None:
    page = render_page(ballerina, plotly=NO_PLOTLY, options=PageOptions(spoilers="shown"))
    for title in events(ballerina_frame)["title"]:
        assert str(markupsafe.escape(title)) in page
    assert 'class="recap-reveal"' not in page


def test_page_is_deterministic(ballerina: recap.Story) -> None:
    first = render_page(ballerina, plotly=PlotlyScript.choose("cdn"))
    again = render_page(recap.load_story(EVENTS_YAML), plotly=PlotlyScript.choose("cdn"))
    assert first == again
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", first)  # no random uuids


def test_hostile_text_is_escaped_everywhere() -> None:
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)> & \"q\" 'q'"
    text = (
        minimal_story_text()
        .replace("summary: A hero walks in.", f"summary: {json.dumps(hostile)}")
        .replace("title: Minimal", f"title: {json.dumps(hostile)}\nslug: hostile")
    )
    page = render_page(parse_story(text), plotly=NO_PLOTLY, options=PageOptions(spoilers="shown"))
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    # The only script element is ours, the page script; the data sits in inert templates
    # (the figures and the page's words).
    assert page.count("<script") == 1
    assert page.count("<template") == 3
    assert str(markupsafe.escape(hostile)) in page


def test_reveal_button_is_real_and_labelled(ballerina: recap.Story) -> None:
    page = render_page(ballerina, plotly=NO_PLOTLY)
    button = re.search(r"<button[^>]*class=\"recap-reveal\"[^>]*>([^<]+)</button>", page)
    assert button
    assert 'aria-expanded="false"' in button.group(0)
    assert button.group(1) == "Reveal spoilers"


def test_text_comes_before_the_chart_script(ballerina: recap.Story) -> None:
    page = render_page(ballerina, plotly=PlotlyScript.choose("inline"))
    assert page.index("recap-events") < page.index('class="recap-plotlyjs"')
    # plotly.js is inert text until the page has painted, then the page runs it.
    assert '<script type="text/plain" class="recap-plotlyjs">' in page


def test_customize_applies_to_every_view(ballerina: recap.Story) -> None:
    def taller(figure: go.Figure) -> None:
        figure.update_layout(height=999)

    page = render_page(ballerina, plotly=NO_PLOTLY, customize=taller)
    assert '"height":999' in page
    assert revealed_figure(page)["layout"]["height"] == 999


def test_a_reveal_payload_carries_only_the_layout_that_changes(ballerina: recap.Story) -> None:
    """Of the revealed figures' layouts the payload carries what differs from the locked
    ones (most of a layout does not), and the page makes the whole layout again."""
    page = render_page(ballerina, plotly=NO_PLOTLY)
    frame = to_frame(ballerina)
    told = events(frame)
    full = {
        "figure": figure_spec(frame, labels="overlay", told=told),
        "characters": characters_spec(frame, labels="overlay", told=told),
    }
    for name, figure in full.items():
        assert figure is not None
        changes = reveal_payload(page)[name]["layoutChanges"]  # type: ignore[index]
        assert 0 < len(changes) < len(figure["layout"]) / 2, sorted(changes)
        assert "font" not in changes  # the same once revealed: left to the locked layout
        assert revealed_figure(page, name) == json.loads(json.dumps(figure))
    # A key the revealed layout no longer has is named, with null.
    assert relative_to_locked({"layout": {"a": 1, "b": 2}}, {"data": [], "layout": {"a": 1}}) == {
        "data": [],
        "layoutChanges": {"b": None},
    }
    # With no locked figure to differ from, the figure travels whole.
    assert relative_to_locked(None, full["figure"]) is full["figure"]


def test_arc_only_in_spoilers_is_not_named() -> None:
    story = parse_story(minimal_story_text())
    page = render_page(story, plotly=NO_PLOTLY)
    assert "The mentor" not in without_payload(page)
