"""figure.py: DataFrame -> Plotly Figure."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

import recap
from recap.frame import events
from recap.load import parse_story
from tests.conftest import minimal_story_text


def marker_traces(figure: go.Figure) -> list[Any]:
    return [trace for trace in figure.data if trace.mode == "markers"]


def test_markers_per_lane_match_the_frame(ballerina_frame: pd.DataFrame) -> None:
    figure = recap.build_figure(ballerina_frame)
    counts: dict[int, int] = {}
    for trace in marker_traces(figure):
        for lane in trace.y:
            counts[lane] = counts.get(lane, 0) + 1
    assert counts == ballerina_frame.groupby("lane").size().to_dict()


def test_each_arc_is_a_labelled_span(ballerina_frame: pd.DataFrame) -> None:
    figure = recap.build_figure(ballerina_frame)
    spans = [
        trace for trace in figure.data if trace.mode == "lines" and trace.name.endswith("span")
    ]
    assert len(spans) == ballerina_frame["lane"].nunique()
    labels = " ".join(annotation.text for annotation in figure.layout.annotations)
    for arc_label in ballerina_frame["arc_label"].unique():
        assert arc_label in labels


def test_kinds_differ_in_shape_and_line_not_only_colour(ballerina_frame: pd.DataFrame) -> None:
    figure = recap.build_figure(ballerina_frame)
    symbols = {}
    for trace in marker_traces(figure):
        kinds = ballerina_frame[ballerina_frame["lane"] == trace.y[0]]["arc_kind"].iloc[0]
        symbols[kinds] = trace.marker.symbol[0]
    assert symbols["protagonist"] != symbols["antagonist"]
    dashes = {trace.line.dash for trace in figure.data if trace.name.endswith("span")}
    assert len(dashes) >= 2


def test_shared_events_are_joined(ballerina_frame: pd.DataFrame) -> None:
    figure = recap.build_figure(ballerina_frame)
    connectors = [trace for trace in figure.data if trace.name == "shared events"]
    shared = (ballerina_frame.groupby("order").size() > 1).sum()
    assert len(connectors) == 1
    assert list(connectors[0].x).count(None) == shared


def test_acts_are_bands(ballerina: recap.Story, ballerina_frame: pd.DataFrame) -> None:
    figure = recap.build_figure(ballerina_frame)
    bands = [shape for shape in figure.layout.shapes if shape.type == "rect"]
    assert len(bands) == len(ballerina.acts)


def test_hover_has_title_summary_characters_location_and_act() -> None:
    frame = recap.to_frame(parse_story(minimal_story_text()))
    figure = recap.build_figure(frame)
    hover = " ".join(text for trace in marker_traces(figure) for text in trace.hovertext)
    assert "Hero appears" in hover
    assert "A hero walks in." in hover
    assert "Characters: Hero, Villain" in hover
    assert "Location: Crypt" in hover
    assert "Act: Start" in hover


def test_user_text_is_escaped_for_plotly() -> None:
    text = minimal_story_text().replace("Hero appears", "'<b>Hero</b> & <script>x</script>'")
    figure = recap.build_figure(recap.to_frame(parse_story(text)))
    hover = " ".join(text for trace in marker_traces(figure) for text in trace.hovertext)
    assert "&lt;b&gt;Hero&lt;/b&gt; &amp; &lt;script&gt;" in hover
    assert "<script>" not in hover


def test_locked_markers_carry_no_details() -> None:
    frame = recap.redact_spoilers(recap.to_frame(parse_story(minimal_story_text())))
    figure = recap.build_figure(frame)
    locked = [trace for trace in marker_traces(figure) if trace.name == "Spoiler, hidden"]
    assert len(locked) == 1
    assert all("Secret" not in text and "Crypt" not in text for text in locked[0].hovertext)


def test_phone_friendly_interaction(ballerina_frame: pd.DataFrame) -> None:
    layout = recap.build_figure(ballerina_frame).layout
    assert layout.dragmode is False
    assert layout.yaxis.fixedrange is True


def test_long_summaries_are_wrapped() -> None:
    long_summary = "word " * 60
    text = minimal_story_text().replace("A hero walks in.", long_summary.strip())
    figure = recap.build_figure(recap.to_frame(parse_story(text)))
    first = marker_traces(figure)[0].hovertext[0]
    assert max(len(line) for line in first.split("<br>")[1:]) <= 48
    assert len(events(recap.to_frame(parse_story(text)))) == 3


def test_hover_tells_flashbacks() -> None:
    text = minimal_story_text().replace(
        "act: start, characters", "act: start, when: 0.5, characters"
    )
    figure = recap.build_figure(recap.to_frame(parse_story(text)))
    hover = " ".join(text for trace in marker_traces(figure) for text in trace.hovertext)
    unwrapped = hover.replace("<br>", " ")
    assert (
        "Flashback: the earliest event of the story, before \u201cHero appears\u201d" in unwrapped
    )
    assert hover.count("Flashback") == 2  # event 2 is on two lanes; no other event moved
    assert "Story time" not in hover  # no raw numbers for readers
