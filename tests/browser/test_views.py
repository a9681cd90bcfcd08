"""Story views in a real Chromium: as told, in story order, and by character.

The test story (tests/stories/out_of_order.yaml) opens on a flash-forward, places two
flashbacks with `before:`, has a spoiler act, and a character seen only in the ending.
Expectations come from the story's frame.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import recap
from recap.frame import events
from tests.browser.conftest import DRAWN, REPO, WIDTHS, Built, visible_everywhere, wake

pytestmark = pytest.mark.browser

LIST_JS = (
    "Array.from(document.querySelectorAll('.recap-events li[data-event-id]'))"
    ".map((li) => li.getAttribute('data-event-id'))"
)
MARKERS_JS = """
(chart) => {
  const xs = {};
  chart._fullData.filter((t) => t.mode && t.mode.includes("markers")).forEach((t) => {
    Array.from(t.customdata || []).forEach((id, i) => { xs[id] = t.x[i]; });
  });
  return xs;
}
"""


def public_story_order(built: Built) -> pd.DataFrame:
    """What the reader sees first: hidden events last, others by story rank."""
    return events(recap.redact_spoilers(built.frame)).sort_values("story_rank")


def wait_for_view(page: Any, view: str) -> None:
    page.wait_for_selector(f'.recap[data-view="{view}"]')
    page.wait_for_timeout(700)  # the markers' move is animated


@pytest.mark.parametrize("width", WIDTHS)
def test_switching_to_story_order_and_back(
    open_story: Any, built: dict[str, Built], width: int
) -> None:
    story = built["harbour"]
    page, errors = open_story("harbour", width=width)
    told_ids = page.evaluate(LIST_JS)
    told = events(recap.redact_spoilers(story.frame))
    assert told_ids == told["event_id"].tolist()
    heading = page.locator(".recap-events-heading")
    assert heading.inner_text() == "Events in the order told"
    button = page.get_by_role("button", name="In story order", exact=True)
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    wait_for_view(page, "story")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name="As told").get_attribute("aria-pressed") == "false"
    expected = public_story_order(story)
    assert page.evaluate(LIST_JS) == expected["event_id"].tolist()
    assert heading.inner_text() == "Events in story order"
    xs = page.locator(".recap-chart").evaluate(MARKERS_JS)
    for row in expected.itertuples():
        assert xs[row.event_id] == row.story_rank, row.event_id
    ordered = sorted(xs, key=xs.__getitem__)
    assert [event for event in ordered if not event.startswith("spoiler-")] == [
        event for event in expected["event_id"] if not event.startswith("spoiler-")
    ]
    # Told numbers stay visible: on the list items and in the labels.
    labels = page.evaluate(
        "Array.from(document.querySelectorAll('.recap-label')).map((l) => l.textContent)"
    )
    assert labels
    assert all(label.split(". ")[0].isdigit() for label in labels), labels
    page.get_by_role("button", name="As told").click()
    wait_for_view(page, "told")
    assert page.evaluate(LIST_JS) == told_ids
    xs = page.locator(".recap-chart").evaluate(MARKERS_JS)
    for row in told.itertuples():
        assert xs[row.event_id] == row.order
    assert errors == []


def test_flashbacks_are_marked_in_the_list_and_the_chart(
    open_story: Any, built: dict[str, Built]
) -> None:
    page, _ = open_story("harbour")
    told = events(recap.redact_spoilers(built["harbour"].frame)).set_index("event_id")
    notes = page.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll('.recap-events li')).map("
        "(li) => [li.getAttribute('data-event-id'), "
        "(li.querySelector('.recap-chronology') || {}).textContent || '']))"
    )
    for event_id, note in notes.items():
        placement = told.loc[event_id, "placement"]
        if placement == "flashback":
            assert note.startswith("Flashback"), (event_id, note)
        elif placement == "flash-forward":
            assert note.startswith("Flash-forward"), (event_id, note)
        else:
            assert note == "", (event_id, note)
    assert not any(char.isdigit() for char in "".join(notes.values())), "no raw numbers"
    rings = page.locator(".recap-chart").evaluate(
        "(c) => c._fullLayout.shapes.filter((s) => s.name === 'out-of-place').length"
    )
    drawn = recap.redact_spoilers(built["harbour"].frame)  # one ring per lane drawn
    assert rings == int((drawn["placement"] != "").sum())


def test_the_address_and_the_story_choose_the_order(
    open_story: Any, built: dict[str, Built], tmp_path: Any
) -> None:
    story = built["harbour"]
    page, _ = open_story("harbour", query="?order=story")
    wait_for_view(page, "story")
    assert page.evaluate(LIST_JS) == public_story_order(story)["event_id"].tolist()
    page, _ = open_story("ballerina")  # told in order but for two remembered events
    assert page.get_by_role("button", name="In story order").is_visible()
    page, _ = open_story("lighthouse")  # no event moves: no switch
    assert not page.get_by_role("button", name="In story order").is_visible()


def test_story_key_order_opens_in_story_order(browser: Any, tmp_path: Any) -> None:
    source = (REPO / "tests/stories/out_of_order.yaml").read_text()
    path = tmp_path / "story.yaml"
    path.write_text(source.replace("order: told", "order: story"))
    (page_path,) = [
        output.path
        for output in recap.write_html(recap.load_story(path), tmp_path / "out")
        if output.path.suffix == ".html"
    ]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(page_path.as_uri())
    wake(page)
    assert page.locator(".recap").get_attribute("data-view") == "story"
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_characters_view_shows_visible_characters_only(
    open_story: Any, built: dict[str, Built], width: int
) -> None:
    story = built["harbour"]
    told = events(story.frame)
    public_names = {
        name for names in told[~told["spoiler"]]["characters"] for name in names.split(", ")
    } - {""}
    secret_names = (
        {name for names in told[told["spoiler"]]["characters"] for name in names.split(", ")}
        - public_names
        - {""}
    )
    assert secret_names == {"Inspector Okafor"}
    page, errors = open_story("harbour", width=width)
    page.get_by_role("button", name="Characters").click()
    wait_for_view(page, "characters")
    drawn = set(
        page.locator(".recap-chart").evaluate(
            "(c) => Array.from(c.querySelectorAll('.textpoint')).map((t) => t.textContent)"
        )
    )
    assert public_names <= drawn, public_names - drawn
    seen = visible_everywhere(page)
    assert [name for name in secret_names if name in seen] == []
    # Story order applies to the characters too; still nothing revealed.
    page.get_by_role("button", name="In story order").click()
    wait_for_view(page, "characters")
    assert page.locator(".recap").get_attribute("data-order-shown") == "story"
    seen = visible_everywhere(page)
    assert [name for name in secret_names if name in seen] == []
    assert [text for text in story.texts_of_step(0) if text in seen] == []
    # A tap on a character's event opens it, as in the other views.
    page.locator(".recap-chart").focus()
    page.keyboard.press("Home")
    assert page.locator(".recap-detail").inner_text() != ""
    page.locator(".recap-reveal").click()
    page.wait_for_selector('.recap-reveal[aria-expanded="true"]')
    page.wait_for_timeout(500)
    drawn = set(
        page.locator(".recap-chart").evaluate(
            "(c) => Array.from(c.querySelectorAll('.textpoint')).map((t) => t.textContent)"
        )
    )
    assert secret_names <= drawn
    assert errors == []


def test_switching_keeps_spoilers_panel_and_zoom(open_story: Any, built: dict[str, Built]) -> None:
    story = built["harbour"]
    page, errors = open_story("harbour")
    page.locator(".recap-label").first.click()
    opened = page.locator(".recap-detail").inner_text()
    page.evaluate(
        "Plotly.relayout(document.querySelector('.recap-chart'), {'xaxis.range': [0.5, 4.5]})"
    )
    page.get_by_role("button", name="In story order").click()
    wait_for_view(page, "story")
    assert page.locator(".recap-detail").inner_text() == opened
    zoom = page.locator(".recap-chart").evaluate("(c) => c._fullLayout.xaxis.range")
    assert zoom == [0.5, 4.5]
    assert page.locator(".recap-reveal").get_attribute("aria-expanded") == "false"
    seen = visible_everywhere(page)
    assert [text for text in story.texts_of_step(0) if text in seen] == []
    assert errors == []


def test_following_characters_filters_the_list_and_is_remembered(
    open_story: Any, built: dict[str, Built]
) -> None:
    story = built["harbour"]
    told = events(recap.redact_spoilers(story.frame))
    page, errors = open_story("harbour")
    page.locator(".recap-follow summary").click()
    chips = page.locator(".recap-follow-characters .recap-chip")
    offered = set(chips.all_inner_texts())
    visible_names = {n for names in told["characters"] for n in names.split(", ")} - {""}
    assert offered == visible_names  # never a character seen only in hidden events
    page.locator(".recap-follow-characters .recap-chip", has_text="Vell").click()
    expected = told[told["characters"].str.contains("Vell")]["event_id"].tolist()
    shown = page.evaluate(
        "Array.from(document.querySelectorAll('.recap-events li[data-event-id]'))"
        ".filter((li) => !li.hidden).map((li) => li.getAttribute('data-event-id'))"
    )
    assert shown == expected
    assert "characters=Vell" in page.url
    # The address brings the same choice back.
    again, _ = open_story("harbour", query="?characters=Vell")
    assert again.evaluate(
        "Array.from(document.querySelectorAll('.recap-events li[data-event-id]'))"
        ".filter((li) => !li.hidden).length"
    ) == len(expected)
    assert errors == []


NAMES_JS = """
(chart) => Array.from(chart.querySelectorAll(".scatterlayer text"))
  .filter((text) => text.textContent.trim())
  .map((text) => {
    const box = text.getBoundingClientRect();
    return { name: text.textContent.replace(/[\\u2066-\\u2069]/g, ""),
             box: [box.left, box.top, box.right, box.bottom] };
  })
"""


def test_names_of_lines_that_start_close_together_are_not_written_over_each_other(
    fresh_page: Any, tmp_path: Path
) -> None:
    # Two lines start one event apart with long names: on a phone the second name would
    # run into the first, and goes to the other side of its line's start.
    story = recap.parse_story(
        "title: Three meet\narcs: {a: {label: Main}}\nevents:\n"
        "  - {title: Meeting, arcs: a, characters: [Anna Karenina, Count Vronsky, Stiva]}\n"
        "  - {title: Ball, arcs: a, characters: [Anna Karenina, Kitty, Count Vronsky]}\n"
        "  - {title: Race, arcs: a, characters: [Count Vronsky, Konstantin Levin]}\n"
        "  - {title: Letter, arcs: a, characters: [Anna Karenina, Alexei Karenin]}\n"
        "  - {title: Farm, arcs: a, characters: [Konstantin Levin, Kitty]}\n"
        "  - {title: Station, arcs: a, characters: [Anna Karenina]}\n"
    )
    (page_path,) = [output.path for output in recap.write_html(story, tmp_path)]
    expected = {"Anna Karenina", "Count Vronsky", "Stiva", "Kitty", "Konstantin Levin"}
    expected.add("Alexei Karenin")
    for width in (375, 1280):
        page, errors = fresh_page(page_path.as_uri() + "?view=characters", width=width)
        page.wait_for_selector(DRAWN)
        chart = page.locator(".recap-chart")
        for state in ("sketch", "plotly.js"):
            if state == "plotly.js":
                wake(page)
            names = chart.evaluate(NAMES_JS)
            assert {entry["name"] for entry in names} == expected, (width, state)
            for first, second in itertools.combinations(names, 2):
                assert not boxes_overlap(first["box"], second["box"]), (width, state, first, second)
        assert errors == []


def boxes_overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


MARKER_BOXES_JS = """
(chart) => Array.from(chart.querySelectorAll("path.point")).map((point) => {
  const box = point.getBoundingClientRect();
  return [box.left, box.top, box.right, box.bottom];
})
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_names_keep_inside_the_chart_and_clear_of_markers(
    fresh_page: Any, built: dict[str, Built], width: int, tmp_path: Path
) -> None:
    """Each line's name is whole and inside the chart; in Ballerina, whose every name
    has a side clear of markers, over no marker ("the other victim" was written over
    Choi's line on a phone); and the margin kept for names is what they need: on a
    phone, not the width of a long name whose line starts far in. In Arabic the names
    stand at the right, where the story starts, and so does their margin."""
    (arabic,) = recap.write_html(
        built["ballerina"].story, tmp_path, options=recap.PageOptions(lang="ar")
    )
    pages = {
        "ballerina": (built["ballerina"].path, "l"),
        "harbour": (built["harbour"].path, "l"),
        "ballerina in Arabic": (arabic.path, "r"),
    }
    for name, (path, side) in pages.items():
        page, errors = fresh_page(path.as_uri() + "?view=characters", width=width)
        page.wait_for_selector(DRAWN)
        chart = page.locator(".recap-chart")
        spec = page.evaluate(
            "JSON.parse(document.querySelector('template.recap-characters').innerHTML)"
        )
        kept = spec["layout"]["margin"][side]
        for state in ("sketch", "plotly.js"):
            if state == "plotly.js":
                wake(page)
            box = chart.bounding_box()
            names, markers = chart.evaluate(NAMES_JS), chart.evaluate(MARKER_BOXES_JS)
            assert names
            for entry in names:
                left, _, right, _ = entry["box"]
                assert box["x"] - 0.5 <= left, (name, state, entry)
                assert right <= box["x"] + box["width"] + 0.5, (name, state, entry)
                for marker in markers if name.startswith("ballerina") else []:
                    assert not boxes_overlap(entry["box"], marker), (name, state, entry)
            # Where the first event stands, from the names' side: at most the margin
            # Python kept for names.
            centres = [(marker[0] + marker[2]) / 2 - box["x"] for marker in markers]
            first = min(centres) if side == "l" else box["width"] - max(centres)
            assert first <= kept + 12, (name, state, first)
            if name.startswith("ballerina") and width < 600:
                assert first < kept - 40, (name, state, first)
        assert errors == []
