"""frame.py: Story -> DataFrame, and the spoiler views of it."""

from __future__ import annotations

import pandas as pd

import recap
from recap.frame import COLUMNS, HIDDEN_ARC_ID, events, spoiler_only_values
from recap.load import parse_story
from tests.conftest import minimal_story_text


def minimal_frame() -> pd.DataFrame:
    return recap.to_frame(parse_story(minimal_story_text()))


def test_one_row_per_event_per_arc(ballerina: recap.Story, ballerina_frame: pd.DataFrame) -> None:
    assert list(ballerina_frame.columns) == COLUMNS
    assert len(ballerina_frame) == sum(len(set(event.arcs)) for event in ballerina.events)
    assert sorted(ballerina_frame["order"].unique()) == list(range(1, len(ballerina.events) + 1))


def test_spoiler_comes_from_the_act_unless_the_event_says() -> None:
    text = minimal_story_text().replace("act: start, summary", "act: end, spoiler: false, summary")
    told = events(recap.to_frame(parse_story(text)))
    assert told["spoiler"].tolist() == [False, False, True]


def test_when_defaults_to_the_told_number() -> None:
    text = minimal_story_text().replace(
        "act: start, characters", "act: start, when: 0.5, characters"
    )
    told = events(recap.to_frame(parse_story(text)))
    assert told["when"].tolist() == [1.0, 0.5, 3.0]


def test_default_ids_come_from_titles() -> None:
    assert events(minimal_frame())["event_id"].tolist() == [
        "hero-appears",
        "they-meet",
        "secret-twist",
    ]


def test_redaction_hides_every_spoiler_detail() -> None:
    frame = minimal_frame()
    redacted = recap.redact_spoilers(frame)
    text = redacted.to_csv()
    for secret in ("Secret twist", "secret-twist", "Ghost", "Crypt", "The mentor"):
        assert secret not in text
    locked = redacted[redacted["locked"]]
    assert set(locked["title"]) == {"Spoiler"}
    assert set(locked["event_id"]) == {"spoiler-3"}
    # The villain is known from event 2, so the placeholder stays on that lane;
    # the mentor is only in the spoiler, so its lane collapses into the hidden one.
    assert set(locked["arc_id"]) == {"villain", HIDDEN_ARC_ID}


def test_redaction_uses_the_teaser() -> None:
    text = minimal_story_text().replace("location: Crypt}", "location: Crypt, teaser: Trouble}")
    redacted = recap.redact_spoilers(recap.to_frame(parse_story(text)))
    assert set(redacted[redacted["locked"]]["title"]) == {"Trouble"}


def test_omit_drops_spoilers_and_their_lanes() -> None:
    omitted = recap.omit_spoilers(minimal_frame())
    assert events(omitted)["order"].tolist() == [1, 2]
    assert sorted(omitted["lane"].unique()) == [0, 1]
    assert "The mentor" not in set(omitted["arc_label"])


def test_spoiler_only_values() -> None:
    assert spoiler_only_values(minimal_frame()) == {"Ghost", "Crypt", "The mentor"}


def test_ballerina_ending_is_spoiler(ballerina_frame: pd.DataFrame) -> None:
    told = events(ballerina_frame)
    spoilers = told[told["spoiler"]]
    assert len(spoilers) >= 1
    # The ending: every spoiler comes after every non-spoiler event.
    assert spoilers["order"].min() > told[~told["spoiler"]]["order"].max()
