"""labels.py: which events are labelled first, and placement without overlaps."""

from __future__ import annotations

import itertools

import pytest

import recap
from recap.frame import events
from recap.labels import Box, candidates, label_priority, place_labels, shorten, text_width
from recap.load import parse_story


def test_priority_puts_chosen_labels_then_act_ends_then_an_even_spread() -> None:
    lines = ["title: T", "arcs: {a: {label: A}}", "acts: [{id: x, label: X}, {id: y, label: Y}]"]
    lines.append("events:")
    for number in range(1, 11):
        act = "x" if number <= 5 else "y"
        label = ", label: Chosen" if number == 3 else ""
        lines.append(f"  - {{title: E{number}, arcs: a, act: {act}{label}}}")
    told = events(recap.to_frame(parse_story("\n".join(lines))))
    order = [int(told["order"].iloc[index]) for index in label_priority(told)]
    assert order[0] == 3
    assert set(order[1:5]) == {1, 5, 6, 10}
    rest = order[5:]
    assert sorted(rest) == [2, 4, 7, 8, 9]
    # The first of the rest are spread out, not neighbours.
    assert abs(rest[0] - rest[1]) > 1
    assert len(order) == 10


def test_placed_labels_are_disjoint_inside_and_clear_of_obstacles() -> None:
    bounds = Box(0, 50, 400, 150)  # room for two rows above the markers and two below
    markers = [Box(x - 8, 92, x + 8, 108) for x in range(10, 400, 20)]
    requests = [
        (f"e{index}", "label", 90.0, [((box.x0 + box.x1) / 2, 100.0)])
        for index, box in enumerate(markers)
    ]
    placed = place_labels(requests, obstacles=markers, bounds=bounds)
    assert 4 < len(placed) < len(requests)  # crowded: some are left out
    for first, second in itertools.combinations(placed, 2):
        assert not first.box.overlaps(second.box)
    for label in placed:
        assert label.box.inside(bounds)
        assert not any(label.box.overlaps(marker) for marker in markers)
    assert any(label.leader for label in placed)  # some moved out a row, with a leader line


def test_the_first_spot_is_just_above_the_marker() -> None:
    first = next(iter(candidates((100.0, 100.0), 40.0, 16.0)))
    assert first.y1 <= 100 - 8
    assert (first.x0 + first.x1) / 2 == pytest.approx(100)


@pytest.mark.parametrize(
    "text",
    ["A very long title that goes on and on", "아주 긴 제목입니다 정말로", "🎬🎬🎬🎬🎬🎬🎬🎬🎬🎬"],
)
def test_shorten_fits_and_ends_in_an_ellipsis(text: str) -> None:
    short = shorten(text, 80)
    assert text_width(short) <= 80
    assert short.endswith("…")
    assert text.startswith(short[:-1])
    assert shorten("Short", 80) == "Short"
