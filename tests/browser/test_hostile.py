"""Hostile story text is shown as text in a real browser, and never runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import recap
from tests.browser.conftest import TIMEOUT_MS, wake

pytestmark = pytest.mark.browser

# Each payload, if it ever ran, would set window.pwned.
PAYLOADS = [
    "<script>window.pwned = 'script'</script>",
    "<img src=x onerror=\"window.pwned = 'img'\">",
    "</script><script>window.pwned = 'breakout'</script>",
    "<a href=\"javascript:window.pwned = 'link'\">click</a>",
    "<svg onload=\"window.pwned = 'svg'\"></svg>",
    "\u2028\u2029 {{ 7*7 }} ${alert(1)} %{hovertext} & &amp; \"quotes\" 'single'",
    "발레리나 🩰 — émoji and Korean",
]
TITLE = "Ballerina <b>bold</b> & \"quoted\" </title><script>window.pwned='title'</script>"


def hostile_story() -> str:
    text = {
        "title": TITLE,
        "slug": "hostile",
        "subtitle": PAYLOADS[1],
        "source": PAYLOADS[3],
        "arcs": {
            "hero": {"label": PAYLOADS[4], "kind": "protagonist", "description": PAYLOADS[0]},
            "foe": {"label": "Foe " + PAYLOADS[2], "kind": "antagonist"},
        },
        "acts": [
            {"id": "one", "label": PAYLOADS[5]},
            {"id": "end", "label": "End", "spoiler": True},
        ],
        "events": [
            {
                "title": payload[:60],
                "arcs": ["hero", "foe"] if index % 2 else ["hero"],
                "summary": payload,
                "characters": [payload[:30], PAYLOADS[6]],
                "location": payload,
                "act": "end" if index >= len(PAYLOADS) - 2 else "one",
                "teaser": PAYLOADS[0] if index >= len(PAYLOADS) - 2 else None,
            }
            for index, payload in enumerate(PAYLOADS)
        ],
    }
    for event in text["events"]:  # type: ignore[attr-defined]
        if event["teaser"] is None:
            del event["teaser"]
    return json.dumps(text, ensure_ascii=False)  # JSON is YAML


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.yaml"
    source.write_text(hostile_story(), encoding="utf-8")
    story = recap.load_story(source)
    pages = {}
    for mode in ("hidden", "shown"):
        out = folder / mode
        written = recap.write_html(story, out, options=recap.PageOptions(spoilers=mode))
        pages[mode] = written[-1].path
    return pages


def open_hostile(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on(
        "dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.goto(path.as_uri())
    wake(page)
    return page, problems


@pytest.mark.parametrize("mode", ["shown", "hidden"])
def test_hostile_text_is_text(browser: Any, hostile_pages: dict[str, Path], mode: str) -> None:
    page, problems = open_hostile(browser, hostile_pages[mode])
    try:
        if mode == "hidden":
            page.click(".recap-reveal")
            page.wait_for_timeout(300)
        # Hover every marker: hover labels render story text through plotly's HTML subset.
        for point in page.locator(".scatterlayer .point").all():
            box = point.bounding_box()
            if box:
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(30)
        page.locator(".scatterlayer .point").first.click(force=True)
        page.wait_for_timeout(200)
        assert page.evaluate("window.pwned") is None
        assert problems == []
        assert page.title() == f"{TITLE}: story timeline"
        assert page.locator("h1").inner_text() == TITLE
        text = page.evaluate("document.querySelector('.recap-events').innerText")
        for payload in PAYLOADS[:5]:
            assert payload in text, payload  # shown exactly as written, tags and all
        assert PAYLOADS[6] in text
        # Nothing from the story became an element: no images, links or svg onload.
        assert page.locator(".recap-events img, .recap-events a, .recap-legend a").count() == 0
        chart_text = page.evaluate(
            "[...document.querySelectorAll('.recap-chart svg')].map(s => s.textContent).join(' ')"
        )
        assert "<svg onload" in chart_text  # the lane label, as text
    finally:
        page.close()


def test_hover_shows_markup_as_text(browser: Any, hostile_pages: dict[str, Path]) -> None:
    page, problems = open_hostile(browser, hostile_pages["shown"])
    try:
        point = page.locator(".scatterlayer .point").first
        box = point.bounding_box()
        assert box
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".hoverlayer .hovertext", timeout=TIMEOUT_MS)
        hover = page.evaluate("document.querySelector('.hoverlayer .hovertext').textContent")
        assert "<script>window.pwned = 'script'</script>" in hover
        assert page.evaluate("window.pwned") is None
        assert problems == []
    finally:
        page.close()


def test_the_sketchs_hover_shows_markup_as_text(browser: Any, tmp_path: Path) -> None:
    """Before plotly.js (here: never, a cdn page offline) the sketch's hover sets the
    same text, as text."""
    source = tmp_path / "hostile.yaml"
    source.write_text(hostile_story(), encoding="utf-8")
    options = recap.PageOptions(spoilers="shown")
    (output,) = recap.write_html(
        recap.load_story(source), tmp_path, plotlyjs="cdn", options=options
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(output.path.as_uri())
        page.wait_for_selector('.recap[data-chart="sketched"]', timeout=TIMEOUT_MS)
        hovers = []
        for point in page.locator(".recap-sketch path.point").all():
            box = point.bounding_box()
            assert box
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_selector(".recap-hover", timeout=TIMEOUT_MS)
            # Only the hover's own rows: nothing of the story became an element.
            assert page.locator(".recap-hover *:not(b, div)").count() == 0
            hovers.append(page.locator(".recap-hover").inner_text())
        assert any(PAYLOADS[0] in hover for hover in hovers)  # the script, as text
        assert any(PAYLOADS[1] in hover for hover in hovers)
        assert page.evaluate("window.pwned") is None
        assert problems == []
    finally:
        context.close()
