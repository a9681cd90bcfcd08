"""The sketch: the chart drawn as plain SVG at first paint, plotly.js loaded on the
reader's first reach for the timeline, and drawing over it in the same place.

Checked in headless Chromium on the bundled story: before any input the page has drawn
every marker and label without running plotly.js; each kind of reach (a pointer, a
touch, the keyboard's focus) loads it; plotly.js's markers and labels land on the
sketch's pixels in each view; with plotly.js unreachable the sketch stays and answers
taps and keys; and the sketch shows nothing of a locked event.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import recap
from recap.figure import figure_spec
from recap.frame import events
from recap.plotlyjs import basic_bundle_bytes, basic_cdn_url
from tests.browser.conftest import (
    READY,
    STORIES,
    WIDTHS,
    StoryFacts,
    visible_everywhere,
    wake,
)

pytestmark = pytest.mark.browser

SKETCHED = '.recap[data-chart="sketched"]'

# Each marker's centre on the screen, whoever drew it.
POINTS_JS = """
() => Array.from(document.querySelectorAll(".recap-chart path.point")).map((point) => {
  const box = point.getBoundingClientRect();
  return [box.x + box.width / 2, box.y + box.height / 2];
}).sort((a, b) => a[0] - b[0] || a[1] - b[1])
"""
LABELS_JS = """
() => Array.from(document.querySelectorAll(".recap-label, .recap-caption")).map((node) =>
  [node.getAttribute("data-label-for") || "", node.textContent, node.style.left, node.style.top])
"""


@pytest.fixture
def open_at(fresh_page: Any, pages: dict[str, Path]) -> Any:
    """Open a built page at a width, to its sketch; return (page, console errors)."""

    def open_(
        mode: str = "hidden", width: int = 1280, query: str = "", **options: Any
    ) -> tuple[Any, list[str]]:
        page, errors = fresh_page(pages[mode].as_uri() + query, width=width, **options)
        page.wait_for_selector(SKETCHED)
        return page, errors

    return open_


def assert_close(before: list[list[float]], after: list[list[float]]) -> None:
    assert len(before) == len(after)
    for (x0, y0), (x1, y1) in zip(before, after, strict=True):
        assert abs(x0 - x1) <= 1, (x0, y0, x1, y1)
        assert abs(y0 - y1) <= 1, (x0, y0, x1, y1)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chart_is_drawn_and_labelled_without_plotly(
    open_at: Any, facts: StoryFacts, width: int
) -> None:
    page, errors = open_at(width=width)
    page.wait_for_timeout(1000)  # no input: nothing asks for plotly.js
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert page.get_attribute(".recap", "data-chart") == "sketched"
    shown, locked = facts.markers("hidden")
    assert len(page.evaluate(POINTS_JS)) == sum(shown.values()) + sum(locked.values())
    labelled = {row[0] for row in page.evaluate(LABELS_JS) if row[0]}
    public = set(facts.public_events["event_id"])
    assert labelled
    assert labelled <= public
    # The lanes are named, the axis numbered, and the "loading" note is gone.
    sketch = page.locator(".recap-sketch").text_content() or ""
    for label in facts.frame[~facts.frame["spoiler"]]["arc_label"].unique():
        assert label in sketch
    assert page.locator(".recap-chart-status").count() == 0
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("mode", "query"),
    [("hidden", ""), ("shown", ""), ("hidden", "?order=story"), ("hidden", "?view=characters")],
    ids=["told", "revealed", "story-order", "characters"],
)
def test_plotly_draws_over_the_sketch_in_the_same_place(
    open_at: Any, width: int, mode: str, query: str
) -> None:
    page, errors = open_at(mode, width, query)
    page.wait_for_timeout(200)
    points, labels = page.evaluate(POINTS_JS), page.evaluate(LABELS_JS)
    assert points
    wake(page)
    page.wait_for_timeout(200)
    assert page.locator(".recap-sketch").count() == 0
    assert page.locator(".recap-chart .main-svg").count() > 0
    assert_close(points, page.evaluate(POINTS_JS))
    assert page.evaluate(LABELS_JS) == labels
    assert errors == []


@pytest.fixture(scope="module")
def other_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test stories (six arcs, Korean and emoji titles; told out of order), and
    Ballerina in Arabic: right to left, with a taller font in the lanes' names."""
    out = tmp_path_factory.mktemp("sketch")
    built = {}
    for name, source in STORIES.items():
        if name != "ballerina":
            story = recap.load_story(source)
            built[name] = recap.write_html(story, out / name)[0].path
    options = recap.PageOptions(lang="ar")
    ballerina = recap.load_story(STORIES["ballerina"])
    built["ballerina-ar"] = recap.write_html(ballerina, out / "ar", options=options)[0].path
    return built


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["lighthouse", "harbour", "ballerina-ar"])
def test_any_story_is_sketched_where_plotly_draws_it(
    fresh_page: Any, other_pages: dict[str, Path], name: str, width: int
) -> None:
    page, errors = fresh_page(other_pages[name].as_uri(), width=width)
    page.wait_for_selector(SKETCHED)
    page.wait_for_timeout(200)
    points, labels = page.evaluate(POINTS_JS), page.evaluate(LABELS_JS)
    wake(page)
    page.wait_for_timeout(200)
    assert_close(points, page.evaluate(POINTS_JS))
    assert page.evaluate(LABELS_JS) == labels
    assert errors == []


@pytest.mark.parametrize("reach", ["pointer", "touch", "keyboard"])
def test_plotly_loads_when_the_reader_reaches_for_the_timeline(open_at: Any, reach: str) -> None:
    page, errors = open_at(width=375 if reach == "touch" else 1280, has_touch=reach == "touch")
    chart = page.locator(".recap-chart")
    box = chart.bounding_box()
    # A corner of the plot with no marker: reaching for it opens nothing.
    x, y = box["x"] + box["width"] - 20, box["y"] + 70
    if reach == "pointer":
        page.mouse.move(x, y)
    elif reach == "touch":
        page.touchscreen.tap(x, y)
    else:
        while not page.evaluate("document.activeElement.classList.contains('recap-chart')"):
            page.keyboard.press("Tab")
    page.wait_for_selector(READY)
    assert page.evaluate("typeof window.Plotly") == "object"
    assert page.locator(".recap-detail").inner_text() == ""
    assert errors == []


@pytest.fixture
def open_offline(fresh_page: Any, story: recap.Story, tmp_path: Path) -> Any:
    """Open the story's cdn page, to its sketch, with every https request refused: a cdn
    page read offline, where plotly.js never comes. Returns the page."""
    (output,) = recap.write_html(story, tmp_path, plotlyjs="cdn")

    def open_(query: str = "") -> Any:
        page, _ = fresh_page(output.path.as_uri() + query, offline=True)
        page.wait_for_selector(SKETCHED)
        return page

    return open_


def test_without_plotly_the_sketch_answers_keys_and_taps(
    open_offline: Any, facts: StoryFacts
) -> None:
    """A cdn page read offline: plotly.js never comes, the story still reads."""
    page = open_offline()
    chart_box = page.locator(".recap-chart").bounding_box()
    panel_box = page.locator(".recap-panel").bounding_box()
    page.locator(".recap-chart").focus()
    page.keyboard.press("ArrowRight")
    first = facts.told.iloc[0]
    detail = page.locator(".recap-detail")
    assert first["title"] in detail.inner_text()
    ring = page.locator(".recap-cursor").bounding_box()
    page.wait_for_selector('.recap[data-chart="failed"]')
    assert "could not load" in page.locator(".recap-chart-status").inner_text()
    # The note moves neither the chart nor its panel.
    assert page.locator(".recap-chart").bounding_box() == chart_box
    assert page.locator(".recap-panel").bounding_box()["x"] == panel_box["x"]
    page.keyboard.press("Escape")
    assert detail.inner_text() == ""
    # A tap on the ringed marker opens the same event, from the sketch.
    page.mouse.click(ring["x"] + ring["width"] / 2, ring["y"] + ring["height"] / 2)
    assert first["title"] in detail.inner_text()
    assert page.locator(".recap-sketch path.point").count() > 0
    assert page.locator(".recap-label").count() > 0


@pytest.mark.parametrize("mode", ["hidden", "omit"])
def test_the_sketch_shows_nothing_of_a_locked_event(
    open_at: Any, facts: StoryFacts, mode: str
) -> None:
    page, errors = open_at(mode, 1280)
    page.wait_for_timeout(200)
    chart_text = page.locator(".recap-chart").text_content() or ""
    everywhere = visible_everywhere(page)
    for secret in facts.spoiler_strings:
        assert secret not in chart_text, secret
        assert secret not in everywhere, secret
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert errors == []


def test_a_figure_the_sketch_does_not_know_is_drawn_by_plotly_at_once(
    fresh_page: Any, story: recap.Story, tmp_path: Path
) -> None:
    """A customised figure with a bar trace: no sketch of it, plotly.js draws it unasked."""

    def with_bars(figure: Any) -> None:
        figure.add_bar(x=[1, 2], y=[0, 1], name="extra")

    (output,) = recap.write_html(story, tmp_path, customize=with_bars)
    page, errors = fresh_page(output.path.as_uri())
    page.wait_for_selector(READY)
    assert page.locator(".recap-sketch").count() == 0
    assert page.locator(".recap-chart .barlayer .point").count() == 2
    assert errors == []


def test_without_plotly_a_tap_on_a_characters_line_opens_its_event(open_offline: Any) -> None:
    page = open_offline("?view=characters")
    # A marker on a character's line (a trace with a line), not on the hidden row.
    line = page.locator(".recap-sketch .trace:has(path:not(.point))").first
    box = line.locator("path.point").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator(".recap-detail").inner_text() != ""


# Each sketched marker's centre and shape, left to right, then top to bottom.
MARKERS_JS = """
() => Array.from(document.querySelectorAll(".recap-sketch path.point")).map((point) => {
  const box = point.getBoundingClientRect();
  return [box.x + box.width / 2, box.y + box.height / 2];
}).sort((a, b) => a[0] - b[0] || a[1] - b[1])
"""


def hover_lines(page: Any) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.recap-hover > *'), (row) => row.textContent)"
    )


def test_without_plotly_a_mouse_on_a_sketched_marker_shows_its_hover(
    open_offline: Any, facts: StoryFacts
) -> None:
    """The hover plotly.js would give, from the sketch: the event's number and title,
    its summary and facts; a locked event's title and note alone; gone off the marker."""
    page = open_offline()
    markers = page.evaluate(MARKERS_JS)
    first = facts.told.iloc[0]
    x, y = markers[0]
    page.mouse.move(x + 30, y + 30)
    page.mouse.move(x, y, steps=2)
    page.wait_for_selector(".recap-hover")
    lines = hover_lines(page)
    assert lines[0] == f"1. {first['title']}"
    # The summary, wrapped as plotly.js's hover wraps it, then the facts.
    assert " ".join(lines[1:]).startswith(" ".join(str(first["summary"]).split()))
    assert page.get_attribute(".recap-hover", "aria-hidden") == "true"
    tip = page.locator(".recap-hover").bounding_box()
    assert tip["x"] > x  # beside the marker, not over it
    # Off every marker (the chart's bottom left corner, under the axis): no hover.
    chart = page.locator(".recap-chart").bounding_box()
    corner = (chart["x"] + 4, chart["y"] + chart["height"] - 4)
    assert all(abs(cx - corner[0]) + abs(cy - corner[1]) > 24 for cx, cy in markers)
    page.mouse.move(*corner)
    assert page.locator(".recap-hover").count() == 0

    # The last marker is a locked event's: its placeholder's title and note, no more.
    x, y = markers[-1]
    page.mouse.move(x, y, steps=2)
    page.wait_for_selector(".recap-hover")
    lines = hover_lines(page)
    last = facts.told.iloc[-1]
    assert bool(last["spoiler"])
    assert lines[0] == f"{len(facts.told)}. {last['teaser'] or 'Spoiler'}"
    assert len(lines) == 2
    tip = page.locator(".recap-hover").bounding_box()
    assert tip["x"] + tip["width"] < x  # no room on the right: on the left
    shown = " ".join(lines)
    for secret in facts.spoiler_strings:
        assert secret not in shown, secret
    page.mouse.move(x + 300, y)  # off the chart
    assert page.locator(".recap-hover").count() == 0


def test_plotly_taking_over_takes_the_sketchs_hover_away(
    browser: Any, story: recap.Story, tmp_path: Path
) -> None:
    """A cdn page whose plotly.js is held back: the sketch's hover shows meanwhile; once
    plotly.js draws, its hover is the one left."""
    (output,) = recap.write_html(story, tmp_path, plotlyjs="cdn")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    held: list[Any] = []
    context.route(basic_cdn_url(), lambda route: held.append(route))
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(output.path.as_uri())
        page.wait_for_selector(SKETCHED)
        x, y = page.evaluate(MARKERS_JS)[0]
        page.mouse.move(x, y)
        page.wait_for_selector(".recap-hover")
        page.wait_for_timeout(300)
        assert len(held) == 1  # plotly.js asked for, not yet come
        assert page.get_attribute(".recap", "data-chart") == "sketched"
        held[0].fulfill(
            body=basic_bundle_bytes(),
            content_type="application/javascript",
            headers={"Access-Control-Allow-Origin": "*"},
        )
        page.wait_for_selector(READY)
        assert page.locator(".recap-hover").count() == 0
        page.mouse.move(x + 1, y)  # plotly.js's own hover now
        page.wait_for_selector(".recap-chart .hoverlayer .hovertext")
        assert page.locator(".recap-hover").count() == 0
        assert errors == []
    finally:
        context.close()


def test_the_sketchs_hover_keeps_its_look_under_a_hosts_rules(open_offline: Any) -> None:
    """An article's rules for its own divs and bold text do not reach the hover."""
    page = open_offline()
    page.add_style_tag(
        content="div, b { margin: 9px; padding: 7px; color: rgb(255, 0, 0);"
        " text-transform: uppercase; font-weight: 100; letter-spacing: 3px; }"
    )
    x, y = page.evaluate(MARKERS_JS)[0]
    page.mouse.move(x, y)
    page.wait_for_selector(".recap-hover")
    rows = page.evaluate(
        """() => Array.from(document.querySelectorAll('.recap-hover > *'), (row) => {
          const style = getComputedStyle(row);
          return [style.margin, style.padding, style.color, style.textTransform,
                  style.fontWeight, style.letterSpacing];
        })"""
    )
    title, *rest = rows
    assert title[:4] == ["0px", "0px", title[2], "none"]
    assert title[2] != "rgb(255, 0, 0)"
    assert title[4] == "700"
    for row in rest:
        assert row[:2] == ["0px", "0px"]
        assert row[2] != "rgb(255, 0, 0)"
        assert row[3:] == ["none", "400", "normal"]


def test_a_revealed_layout_is_the_locked_one_with_the_payloads_changes(
    fresh_page: Any, story: recap.Story, tmp_path: Path
) -> None:
    """The page rebuilds each revealed layout from the locked one as served: what the
    payload changes is changed (lane captions, labels), what it drops is gone (here a
    title a hook gives only a chart with hidden events), the rest stays."""

    def title_while_hidden(figure: Any) -> None:
        if any(trace.name == "Spoiler, hidden" for trace in figure.data):
            figure.update_layout(title_text="Some events are hidden")

    (output,) = recap.write_html(story, tmp_path, customize=title_while_hidden)
    page, errors = fresh_page(output.path.as_uri())
    page.wait_for_selector(READY)  # a customised figure: plotly.js draws it at once
    chart = page.locator(".recap-chart")
    assert chart.evaluate("(c) => c.layout.title.text") == "Some events are hidden"
    locked = chart.evaluate("(c) => [c.layout.height, c.layout.font, c.layout.annotations]")
    page.locator(".recap-reveal").last.click()
    page.wait_for_selector('.recap[data-revealed="true"]')
    page.wait_for_timeout(300)
    revealed = chart.evaluate("(c) => [c.layout.height, c.layout.font, c.layout.annotations]")
    assert chart.evaluate("(c) => c.layout.title") in (None, {})
    assert page.locator(".recap-chart .gtitle").count() == 0
    assert revealed[:2] == locked[:2]  # the same once revealed: from the locked layout
    frame = recap.to_frame(story)
    full = figure_spec(frame, labels="overlay", told=events(frame))
    captions = [note["text"] for note in full["layout"]["annotations"]]
    assert [note["text"] for note in revealed[2]] == captions
    assert errors == []
