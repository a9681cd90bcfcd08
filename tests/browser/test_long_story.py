"""A long story in a real headless Chromium: the chart draws a thinned set of markers that
fills in as the reader zooms, the list joins the page only when asked for, and the
chart's hover, labels, panel, keys and reveal still reach every event, spoilers kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import recap
from recap.frame import events, public_view
from tests.browser.conftest import TIMEOUT_MS, record_errors, visible_everywhere, wake

pytestmark = pytest.mark.browser

EVENTS = 3000  # with every third event on two lanes: 4,000 markers, enough to be thinned
ACTS = 6
SPOILER_TITLE = "Ending scene"  # the last act's events are spoilers


def long_story_text() -> str:
    story = {
        "title": "A long saga",
        "slug": "saga",
        "arcs": {f"arc{n}": {"label": f"Lane {n}"} for n in range(4)},
        "acts": [
            {
                "id": f"act{n}",
                "label": f"Part {n + 1}",
                **({"spoiler": True} if n == ACTS - 1 else {}),
            }
            for n in range(ACTS)
        ],
        "events": [
            {
                "title": f"{SPOILER_TITLE} {n}" if n * ACTS // EVENTS == ACTS - 1 else f"Scene {n}",
                "arcs": [f"arc{n % 4}"] + ([f"arc{(n + 1) % 4}"] if n % 3 == 0 else []),
                "act": f"act{n * ACTS // EVENTS}",
                "summary": f"What happens in scene {n}.",
                "characters": [f"Person {n % 7}", f"Person {n % 5 + 7}"],
            }
            for n in range(EVENTS)
        ],
    }
    return yaml.safe_dump(story, sort_keys=False, width=100)


@pytest.fixture(scope="module")
def saga(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("long-story")
    source = folder / "saga.yaml"
    source.write_text(long_story_text(), encoding="utf-8")
    story = recap.load_story(source)
    (page,) = [
        output.path
        for output in recap.write_html(story, folder / "out", plotlyjs="inline")
        if output.path.suffix == ".html"
    ]
    return page, recap.to_frame(story)


@pytest.fixture
def open_saga(browser: Any, saga: tuple[Path, Any]) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_(width: int = 1280) -> tuple[Any, list[str]]:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS * 3)
        page = context.new_page()
        errors: list[str] = []
        record_errors(page, errors)
        page.goto(saga[0].as_uri())
        wake(page)
        return page, errors

    yield open_
    for context in contexts:
        context.close()


DRAWN_JS = """
(chart) => {
  const drawn = [];
  chart._fullData.forEach((trace) => {
    if (trace.mode !== "markers") return;
    trace.x.forEach((x, i) => drawn.push([String(trace.customdata[i]), x, trace.y[i]]));
  });
  return { drawn: drawn, svg: chart.querySelectorAll(".scatterlayer .point").length,
           range: chart._fullLayout.xaxis.range.slice() };
}
"""


def markers_in(frame: Any, low: float, high: float) -> set[tuple[float, float]]:
    """(told position, lane) of every marker the chart has in the range, public or locked."""
    rows = frame[(frame["order"] >= low) & (frame["order"] <= high)]
    return {
        (float(order), float(lane)) for order, lane in zip(rows["order"], rows["lane"], strict=True)
    }


def test_the_list_joins_the_page_only_when_asked(open_saga: Any, saga: tuple[Path, Any]) -> None:
    page, errors = open_saga()
    told = events(saga[1])
    assert page.locator("li.recap-event").count() == 0
    assert page.evaluate("document.getElementsByTagName('*').length") < 5000
    button = page.locator(".recap-list-show")
    assert button.is_visible()
    assert f"{EVENTS:,}" in button.inner_text()  # written by the build: "3,000"
    assert page.locator(".recap-list-note").count() == 0  # the no-script note goes
    # The chart reads the held list: hover texts name their events.
    hover = page.locator(".recap-chart").evaluate(
        "(c) => c._fullData.filter((t) => t.mode === 'markers' && t.name !== 'Spoiler, hidden')"
        ".map((t) => [t.customdata[0], t.hovertext[0]])"
    )
    titles = dict(zip(told["event_id"], told["title"], strict=True))
    assert hover
    assert all(titles[event_id] in text for event_id, text in hover)
    button.click()
    assert page.locator("li.recap-event").count() == len(told)
    assert page.evaluate("document.activeElement.classList.contains('recap-events')")
    assert not button.is_visible()
    # Counts the script writes are written as the language writes numbers too.
    page.locator(".recap-follow summary").click()
    page.locator(".recap-follow-arcs .recap-chip").first.click()
    status = page.locator(".recap-follow-status").inner_text()
    assert f"of {len(told[~told['locked']]):,} events" in status, status
    assert errors == []


def test_the_chart_is_thinned_and_fills_in_when_zoomed(
    open_saga: Any, saga: tuple[Path, Any]
) -> None:
    page, errors = open_saga()
    frame = saga[1]
    chart = page.locator(".recap-chart")
    state = chart.evaluate(DRAWN_JS)
    total = len(frame)
    assert 0 < state["svg"] < total / 2, "a long story draws a thinned set of markers"
    # Spread over the whole story, every lane, not just its start.
    xs = [x for _, x, _ in state["drawn"]]
    assert min(xs) < EVENTS * 0.05
    assert max(xs) > EVENTS * 0.95
    lanes = public_view(frame, "hidden")["lane"].unique()
    assert {y for *_, y in state["drawn"]} == {float(lane) for lane in lanes}
    # Zoomed in on 30 events, every marker there is drawn, and the labels follow.
    chart.evaluate("(c) => Plotly.relayout(c, {'xaxis.range': [1000.5, 1030.5]})")
    page.wait_for_function(
        "(c) => c._fullLayout.xaxis.range[0] === 1000.5 && "
        "c.querySelectorAll('.recap-label').length > 0",
        arg=chart.element_handle(),
    )
    zoomed = chart.evaluate(DRAWN_JS)
    drawn_in_view = {(x, y) for _, x, y in zoomed["drawn"] if 1000.5 <= x <= 1030.5}
    assert drawn_in_view == markers_in(frame, 1000.5, 1030.5)
    labelled = set(
        chart.evaluate(
            "(c) => Array.from(c.querySelectorAll('.recap-label')).map((l) => l.dataset.labelFor)"
        )
    )
    ids_in_view = set(frame[(frame["order"] > 1000) & (frame["order"] < 1031)]["event_id"])
    assert labelled
    assert labelled <= ids_in_view
    # Zoomed out again: thinned again.
    chart.evaluate(
        "(c) => Plotly.relayout(c, {'xaxis.autorange': false, 'xaxis.range': [0.4, 3000.6]})"
    )
    page.wait_for_function(
        "(c) => c.querySelectorAll('.scatterlayer .point').length < 2000",
        arg=chart.element_handle(),
    )
    assert errors == []


def test_taps_and_keys_reach_every_event(open_saga: Any, saga: tuple[Path, Any]) -> None:
    page, errors = open_saga()
    told = events(saga[1])
    public = told[~told["spoiler"]]
    label = page.locator(".recap-label").first
    event_id = label.get_attribute("data-label-for")
    label.click()
    title = public.set_index("event_id").loc[event_id, "title"]
    assert title in page.locator(".recap-detail").inner_text()
    # The keys step through every event, drawn or not: the ring marks each one.
    page.locator(".recap-chart").focus()
    page.keyboard.press("Home")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    sixth = told.iloc[5]
    assert sixth["title"] in page.locator(".recap-detail").inner_text()
    assert page.locator(".recap-chart").get_attribute("data-current-event") == sixth["event_id"]
    assert page.locator(".recap-cursor").count() == 1
    assert errors == []


def test_spoilers_stay_hidden_until_revealed(open_saga: Any, saga: tuple[Path, Any]) -> None:
    page, errors = open_saga()
    assert SPOILER_TITLE not in page.content()
    assert SPOILER_TITLE not in visible_everywhere(page)
    page.locator(".recap-list-show").click()
    assert SPOILER_TITLE not in visible_everywhere(page)
    page.locator("button.recap-reveal").first.click()
    page.wait_for_function(
        f"() => document.querySelectorAll('li.recap-event:not(.recap-locked)').length === {EVENTS}"
    )
    # textContent: a long list is laid out only near the screen, which innerText skips.
    assert f"{SPOILER_TITLE} {EVENTS - 1}" in page.locator(".recap-events").text_content()
    assert errors == []


def test_the_characters_view_is_thinned_and_keeps_each_name(open_saga: Any) -> None:
    page, errors = open_saga()
    chart = page.locator(".recap-chart")
    page.locator('button[data-view="characters"]').click()
    page.wait_for_function(
        "(c) => c.data.some((t) => (t.mode || '').indexOf('lines') >= 0)",
        arg=chart.element_handle(),
    )
    drawn = chart.evaluate(
        "(c) => c._fullData.filter((t) => (t.mode || '').indexOf('lines') >= 0)"
        ".map((t) => ({ points: t.x.length, name: (t.text || [])[0] || '', trace: t.name }))"
    )
    full = page.evaluate(
        "() => JSON.parse(document.querySelector('template.recap-characters').content.textContent)"
        ".data.filter((t) => (t.mode || '').indexOf('lines') >= 0)"
        ".map((t) => ({ points: t.x.length, name: (t.text || [])[0] || '', trace: t.name }))"
    )
    assert len(drawn) == len(full) > 0
    assert sum(line["points"] for line in drawn) < sum(line["points"] for line in full) / 2
    for kept, whole in zip(drawn, full, strict=True):
        assert kept["name"] == whole["name"]  # each line still starts with its name
    assert errors == []


RINGS_JS = """
(chart) => {
  const points = new Set();
  chart._fullData.forEach((trace) => {
    if (trace.mode === "markers") trace.x.forEach((x, i) => points.add(x + "|" + trace.y[i]));
  });
  const rings = chart._fullLayout.shapes.filter((shape) => shape.name === "out-of-place");
  const at = (shape) => shape.xanchor + "|" + shape.yanchor;
  return { markers: points.size, rings: rings.map((shape) => [shape.xanchor, shape.yanchor]),
           ringed: rings.filter((shape) => points.has(at(shape))).length };
}
"""


def test_a_story_told_backwards_rings_only_the_markers_drawn(
    fresh_page: Any, tmp_path: Path
) -> None:
    # Each event happens before the one told before it: every event but the first is a
    # flashback, with a ring. Thinned, only the markers drawn keep theirs.
    story = yaml.safe_load(long_story_text())
    for number, event in enumerate(story["events"]):
        event["id"] = f"e{number}"
        if number:
            event["before"] = f"e{number - 1}"
    source = tmp_path / "backwards.yaml"
    source.write_text(yaml.safe_dump(story, sort_keys=False), encoding="utf-8")
    loaded = recap.load_story(source)
    (page_path,) = [output.path for output in recap.write_html(loaded, tmp_path / "out")]
    page, errors = fresh_page(page_path.as_uri())
    wake(page)
    chart = page.locator(".recap-chart")
    state = chart.evaluate(RINGS_JS)
    assert 0 < len(state["rings"]) <= state["markers"] < 2000
    assert state["ringed"] == len(state["rings"])
    # Zoomed in on 30 events, all drawn: each visible one (not the first) has its ring.
    chart.evaluate("(c) => Plotly.relayout(c, {'xaxis.range': [1000.5, 1030.5]})")
    page.wait_for_function(
        "(c) => c._fullLayout.xaxis.range[0] === 1000.5", arg=chart.element_handle()
    )
    zoomed = chart.evaluate(RINGS_JS)
    frame = public_view(recap.to_frame(loaded), "hidden")
    flashbacks = frame[(frame["placement"] != "") & frame["order"].between(1001, 1030)]
    in_view = {(x, y) for x, y in zoomed["rings"] if 1000.5 <= x <= 1030.5}
    assert in_view == set(zip(flashbacks["order"], flashbacks["lane"], strict=True))
    assert len(flashbacks) >= 30
    assert errors == []
