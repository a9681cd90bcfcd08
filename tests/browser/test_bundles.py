"""The plotly.js bundles in a real headless Chromium: the vendored basic bundle draws the
whole page (inline and from the CDN, its integrity hash checked), and `full` still works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import recap
from recap.plotlyjs import basic_bundle, basic_bundle_bytes, basic_cdn_url, bundle_version
from tests.browser.conftest import TIMEOUT_MS, RecapPage, record_errors, serve, wake

pytestmark = pytest.mark.browser

BUNDLE_JS = """
() => ({
  version: Plotly.version,
  traces: Object.keys(Plotly.PlotSchema.get().traces).sort(),
})
"""

# What the chart asked for against what plotly.js drew in the SVG.
DRAWN_JS = """
(chart) => ({
  shapes: chart._fullLayout.shapes.length,
  shapesDrawn: chart.querySelectorAll(".shapelayer path").length,
  annotations: chart._fullLayout.annotations.filter((a) => a.visible).length,
  annotationsDrawn: chart.querySelectorAll(".annotation").length,
  lines: chart._fullData.filter((t) => t.mode === "lines").length,
  linesDrawn: Array.from(chart.querySelectorAll(".scatterlayer .trace"))
    .filter((trace) => trace.querySelector(".js-line")).length,
  xRange: chart._fullLayout.xaxis.range.slice(),
})
"""


@pytest.fixture
def load(browser: Any) -> Iterator[Any]:
    """Open a URL in a fresh context (optionally routing the CDN); return the page."""
    contexts: list[Any] = []

    def load_(url: str, *, cdn_body: bytes | None = None, wait: bool = True) -> RecapPage:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        if cdn_body is not None:
            context.route(
                basic_cdn_url(),
                lambda route: route.fulfill(
                    body=cdn_body,
                    content_type="application/javascript",
                    headers={"Access-Control-Allow-Origin": "*"},
                ),
            )
        page = context.new_page()
        loaded = RecapPage(page)
        record_errors(page, loaded.errors)
        page.goto(url)
        if wait:
            wake(page)
        return loaded

    yield load_
    for context in contexts:
        context.close()


def check_page_works(page: RecapPage, facts: Any) -> None:
    """The chart draws every marker, band and label; hover, zoom and reveal work."""
    labels = set(facts.frame["arc_label"])
    state = page.chart_state(labels)
    assert state.counts() == facts.markers("hidden")
    drawn = page.chart.evaluate(DRAWN_JS)
    assert drawn["shapes"] > 0
    assert drawn["shapesDrawn"] == drawn["shapes"], drawn
    assert drawn["annotationsDrawn"] == drawn["annotations"], drawn
    assert drawn["linesDrawn"] == drawn["lines"], drawn

    event = facts.public_events.iloc[len(facts.public_events) // 2]
    marker = page.marker(event["event_id"], labels)
    page.hover(*page.position(marker.x, marker.y), f"{event['order']}. {event['title']}")

    page.page.locator('.recap-chart .modebar-btn[data-title="Zoom in"]').click()
    page.page.wait_for_function(
        "([chart, width]) => { const r = chart._fullLayout.xaxis.range; "
        "return r[1] - r[0] < width; }",
        arg=[page.chart.element_handle(), drawn["xRange"][1] - drawn["xRange"][0]],
    )

    page.page.locator(".recap-reveal").click()
    page.page.wait_for_selector('.recap-reveal[aria-expanded="true"]')
    want_shown, _ = facts.markers("shown")
    page.page.wait_for_function(
        "(n) => document.querySelectorAll('.recap-chart .scatterlayer .point').length === n",
        arg=sum(want_shown.values()),
    )
    assert page.errors == []


def test_default_page_runs_the_basic_bundle(open_page, facts):
    page = open_page("hidden")
    bundle = page.page.evaluate(BUNDLE_JS)
    assert bundle["version"] == bundle_version(basic_bundle())
    assert bundle["traces"] == ["bar", "pie", "scatter"]
    check_page_works(page, facts)


@pytest.fixture(scope="module")
def cdn_site(story: recap.Story, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A cdn page and a full-bundle page, served over HTTP; yield the base URL."""
    root = tmp_path_factory.mktemp("bundles")
    recap.write_html(story, root / "cdn", plotlyjs="cdn")
    recap.write_html(story, root / "full", plotlyjs="full")
    (root / "favicon.ico").write_bytes(b"")  # no 404 in the console
    yield from serve(root)


def page_url(base: str, mode: str, story: recap.Story) -> str:
    return f"{base}/{mode}/{story.file_stem}.html"


def test_cdn_page_loads_the_basic_bundle_it_names(load, cdn_site, story, facts):
    page = load(page_url(cdn_site, "cdn", story), cdn_body=basic_bundle_bytes())
    assert page.page.evaluate(BUNDLE_JS)["traces"] == ["bar", "pie", "scatter"]
    check_page_works(page, facts)


def test_cdn_page_refuses_a_changed_bundle(load, cdn_site, story):
    # The subresource-integrity hash is checked by the browser: a bundle changed by one
    # byte is not run, and the page says the chart failed, keeping its text.
    tampered = basic_bundle_bytes().replace(b"plotly.js (basic", b"plotly.js (Basic", 1)
    page = load(page_url(cdn_site, "cdn", story), cdn_body=tampered, wait=False)
    # The sketch is drawn without plotly.js; plotly.js is asked for when the reader
    # reaches for the chart, refused, and the sketch stays, with a note under it.
    page.page.wait_for_selector('.recap[data-chart="sketched"]')
    page.page.locator(".recap-chart").dispatch_event("pointerover")
    page.page.wait_for_selector('.recap[data-chart="failed"]')
    assert page.page.evaluate("typeof window.Plotly") == "undefined"
    assert page.page.locator(".recap-sketch path.point").count() > 0
    assert "could not load" in page.page.locator(".recap-chart-status").inner_text()
    assert any("integrity" in error for error in page.errors), page.errors


def test_full_bundle_still_draws_the_page(load, cdn_site, story, facts):
    page = load(page_url(cdn_site, "full", story))
    bundle = page.page.evaluate(BUNDLE_JS)
    assert {"scattergl", "heatmap"} <= set(bundle["traces"])
    check_page_works(page, facts)
