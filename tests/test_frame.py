"""frame.py: Story -> DataFrame, and the spoiler views of it."""

from __future__ import annotations

import pandas as pd

import recap
from recap import frame as frame_module
from recap.frame import (
    COLUMNS,
    HIDDEN_ARC_ID,
    MAX_REVEAL_CONTROLS,
    REVEAL_EVENT_BUDGET,
    events,
    reveal_control_limit,
    reveal_steps,
    spoiler_only_values,
)
from recap.load import parse_story
from tests.conftest import ROOT, minimal_story_text


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


TWO_SPOILER_ACTS = """
title: Steps
arcs: {hero: {label: Hero, kind: protagonist}, foe: {label: Foe}, ghost: {label: Ghost}}
acts:
  - {id: start, label: Start}
  - {id: twist, label: The twist, spoiler: true}
  - {id: middle, label: Middle}
  - {id: end, label: The end, spoiler: true}
events:
  - {title: One, arcs: hero, act: start}
  - {title: Early secret, arcs: foe, act: start, spoiler: true}
  - {title: Two, arcs: hero, act: twist}
  - {title: Three, arcs: foe, act: middle}
  - {title: Late secret, arcs: hero, act: middle, spoiler: true}
  - {title: Four, arcs: [hero, ghost], act: end}
  - {title: No act secret, arcs: foe, spoiler: true}
"""


def test_reveal_steps_follow_the_spoiler_acts() -> None:
    story = parse_story(TWO_SPOILER_ACTS)
    assert reveal_steps(story) == [(("twist",), ("The twist",)), (("end",), ("The end",))]
    told = events(recap.to_frame(story)).set_index("title")
    # An act's spoilers are its own; any other spoiler goes with the first spoiler act
    # that starts after it, or with the last one.
    assert told["reveal_step"].to_dict() == {
        "One": -1,
        "Early secret": 0,
        "Two": 0,
        "Three": -1,
        "Late secret": 1,
        "Four": 1,
        "No act secret": 1,
    }


def test_redaction_by_steps_unlocks_earlier_acts_only() -> None:
    frame = recap.to_frame(parse_story(TWO_SPOILER_ACTS))
    first = events(recap.redact_spoilers(frame, revealed_steps=1))
    assert first[first["locked"]]["order"].tolist() == [5, 6, 7]
    assert "Two" in set(first["title"])
    assert not {"Late secret", "Four", "No act secret"} & set(first["title"])
    # The ghost arc is seen only in a locked event: still the hidden lane.
    assert "Ghost" not in set(recap.redact_spoilers(frame, revealed_steps=1)["arc_label"])
    assert not events(recap.redact_spoilers(frame, revealed_steps=2))["locked"].any()


def test_one_spoiler_act_means_one_control(ballerina: recap.Story) -> None:
    assert reveal_steps(ballerina) == [((), ())]


def test_labels_default_to_the_title_and_are_hidden_when_locked() -> None:
    text = minimal_story_text().replace("{title: They meet,", "{title: They meet, label: Meet,")
    frame = recap.to_frame(parse_story(text))
    told = events(frame).set_index("event_id")
    assert told.loc["they-meet", "label"] == "Meet"
    assert told.loc["they-meet", "labelled"]
    assert told.loc["hero-appears", "label"] == "Hero appears"
    assert set(events(recap.redact_spoilers(frame)).query("locked")["label"]) == {""}


def test_arcs_get_distinct_colours_and_shapes_up_to_eight() -> None:
    arcs = "\n".join(f"  a{n}: {{label: Arc {n}}}" for n in range(8))
    events_text = "\n".join(f"  - {{title: E{n}, arcs: a{n}}}" for n in range(8))
    story = parse_story(f"title: Many\narcs:\n{arcs}\nevents:\n{events_text}\n")
    lanes = recap.to_frame(story).drop_duplicates("arc_id")
    assert lanes["arc_color"].nunique() == 8
    assert lanes["arc_symbol"].nunique() == 8
    assert "square" not in set(lanes["arc_symbol"])  # kept for locked placeholders


def test_events_gathers_each_events_arcs_in_told_order(ballerina_frame: pd.DataFrame) -> None:
    told = events(ballerina_frame)
    assert told["order"].tolist() == sorted(set(ballerina_frame["order"]))
    shared = ballerina_frame.groupby("order")["arc_id"].agg(tuple)
    assert told["arc_ids"].tolist() == shared.tolist()
    # Events out of told order (each one's rows still in lane order) come back in order.
    backwards = ballerina_frame.sort_values("order", ascending=False, kind="stable")
    pd.testing.assert_frame_equal(events(backwards), told)


def test_every_spoiler_revealed_is_the_frame_as_the_full_redaction_makes_it(
    ballerina_frame: pd.DataFrame,
) -> None:
    # redact_spoilers hands back the frame itself when nothing stays locked: check that
    # the whole redaction (renumbered lanes, the chronology of the visible events) would
    # make the same frame, for a story revealed in one step and one in two.
    for frame, steps in (
        (ballerina_frame, 1),
        (recap.to_frame(parse_story(TWO_SPOILER_ACTS)), 2),
        (recap.to_frame(recap.load_story(ROOT / "tests" / "stories" / "out_of_order.yaml")), 1),
    ):
        revealed = recap.redact_spoilers(frame, revealed_steps=steps)
        assert revealed is frame
        pd.testing.assert_frame_equal(
            revealed, frame_module._visible_chronology(frame_module._renumber_lanes(frame))
        )


def many_spoiler_acts(events: int, acts: int) -> str:
    """A story of `events` events over `acts` acts, the second half of them spoilers."""
    lines = [
        "title: Long",
        "arcs: {a: {label: A}}",
        "acts:",
        *(
            f"  - {{id: act{index}, label: Act {index + 1}, spoiler: {index >= acts // 2}}}"
            for index in range(acts)
        ),
        "events:",
        *(
            f"  - {{title: E{number}, arcs: a, act: act{number * acts // events}}}"
            for number in range(events)
        ),
    ]
    return "\n".join(lines) + "\n"


def test_a_control_per_spoiler_act_up_to_the_limit() -> None:
    story = parse_story(many_spoiler_acts(100, 16))
    assert reveal_control_limit(100) == MAX_REVEAL_CONTROLS == 8
    assert reveal_steps(story) == [
        ((f"act{index}",), (f"Act {index + 1}",)) for index in range(8, 16)
    ]


def test_past_the_limit_neighbouring_spoiler_acts_share_a_control() -> None:
    story = parse_story(many_spoiler_acts(120, 60))  # 30 spoiler acts, 8 controls
    steps = reveal_steps(story)
    assert len(steps) == 8
    assert [len(ids) for ids, _ in steps] == [3, 4, 4, 4, 3, 4, 4, 4]
    assert [act for ids, _ in steps for act in ids] == [f"act{index}" for index in range(30, 60)]
    assert steps[0] == (("act30", "act31", "act32"), ("Act 31", "Act 32", "Act 33"))
    # Each spoiler is unlocked by the control of its act.
    told = events(recap.to_frame(story))
    spoilers = told[told["spoiler"]]
    step_of_act = {act: step for step, (ids, _) in enumerate(steps) for act in ids}
    assert spoilers["reveal_step"].tolist() == [step_of_act[act] for act in spoilers["act_id"]]


def test_the_longer_the_story_the_fewer_controls() -> None:
    assert reveal_control_limit(5_000) == 8
    assert reveal_control_limit(10_000) == REVEAL_EVENT_BUDGET // 10_000 == 4
    assert reveal_control_limit(50_000) == 1
    story = parse_story(many_spoiler_acts(10_000, 20))
    steps = reveal_steps(story)
    assert len(steps) == 4
    assert steps[-1][0] == tuple(f"act{index}" for index in range(17, 20))
