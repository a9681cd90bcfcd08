"""Does a very long story stay usable? The time each thing a reader does takes, in headless
Chromium, on recap's inline page: open it, zoom in and out, step with the keys, open an
event, reveal the spoilers, switch to the Characters view and back, show the list."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from browser import CHROMIUM_ARGS, LOAD_TIMEOUT_MS, chromium_path, served

import recap

READY = '.recap[data-chart="ready"]'
SKETCHED = '.recap[data-chart="sketched"]'


def usability_times(story: recap.Story, folder: Path) -> list[tuple[str, float, str]]:
    """Return (action, seconds, what the page holds after it) for each reader action."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no Chromium: install Debian's chromium or set BROWSER_PATH")
    page_path = recap.write_html(story, folder / "usable")[0].path
    events = len(story.events)
    results: list[tuple[str, float, str]] = []
    with served(folder) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(LOAD_TIMEOUT_MS)
            chart = page.locator(".recap-chart")

            def holds() -> str:
                counts = page.evaluate(
                    "({nodes: document.getElementsByTagName('*').length,"
                    " markers: document.querySelectorAll('.scatterlayer .point').length})"
                )
                return f"{counts['nodes']:,} elements, {counts['markers']:,} markers drawn"

            def timed(action: str, steps: Callable[[], Any]) -> None:
                started = time.perf_counter()
                steps()
                results.append((action, time.perf_counter() - started, holds()))

            middle = events // 2
            timed(
                "open (to the sketch drawn and labelled)",
                lambda: (
                    page.goto(f"{base_url}/{page_path.relative_to(folder).as_posix()}"),
                    page.wait_for_selector(SKETCHED),
                ),
            )
            timed(
                "reach for the chart (plotly.js loads and draws)",
                lambda: (
                    chart.dispatch_event("pointerover"),
                    page.wait_for_selector(READY),
                ),
            )
            timed(
                "zoom in on 40 events",
                lambda: (
                    chart.evaluate(
                        "(c, range) => Plotly.relayout(c, {'xaxis.range': range})",
                        [middle + 0.5, middle + 40.5],
                    ),
                    page.wait_for_function(
                        "() => document.querySelectorAll('.recap-label').length > 5"
                    ),
                ),
            )
            timed(
                "zoom out again",
                lambda: chart.evaluate(
                    f"(c) => Plotly.relayout(c, {{'xaxis.range': [0.4, {events}.6]}})"
                ),
            )
            timed(
                "End, then ArrowLeft (panel opens)",
                lambda: (
                    chart.focus(),
                    page.keyboard.press("End"),
                    page.keyboard.press("ArrowLeft"),
                    page.wait_for_selector(".recap-detail > *"),
                ),
            )
            timed("tap a label", lambda: page.locator(".recap-label").first.click())
            reveal = page.locator("button.recap-reveal").first
            if reveal.count():
                timed("reveal the spoilers", lambda: reveal.click())
            characters = page.locator('button[data-view="characters"]')
            if characters.count() and characters.is_visible():
                timed("switch to the Characters view", lambda: characters.click())
                timed(
                    "back to the timeline",
                    lambda: page.locator('button[data-view="timeline"]').click(),
                )
            show = page.locator(".recap-list-show")
            if show.count() and show.is_visible():
                timed(
                    "show the list",
                    lambda: (show.click(), page.wait_for_selector("li.recap-event")),
                )
                timed("scroll the list", lambda: page.mouse.wheel(0, 20_000))
        finally:
            browser.close()
    return results
