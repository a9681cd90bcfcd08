"""Fixtures for the real-browser tests: built pages, a headless Chromium, page helpers.

The pages are built once per session from the bundled story (events.yaml at the
repository root), with plotly.js inlined: these tests never touch the network.
Expectations come from the story itself (`recap.to_frame`), never from hard-coded text.

Without /usr/bin/chromium (or the npm audit tools, for the audits) the tests skip,
unless RECAP_REQUIRE_BROWSER=1, as in scripts/test: then they fail.
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import pytest

import recap
from recap.frame import HIDDEN_ARC_LABEL, events, spoiler_only_values

REPO = Path(__file__).resolve().parents[2]
STORY_PATH = REPO / "events.yaml"
AUDIT_MODULES = REPO / "tests" / "audit" / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
MODES = ("hidden", "shown", "omit")
READY = '.recap[data-chart="ready"]'
# Drawn: the sketch, before plotly.js has loaded, or plotly.js's own chart.
DRAWN = '.recap[data-chart="sketched"], .recap[data-chart="ready"]'
TIMEOUT_MS = 20_000

MarkerKey = tuple[str, int]  # (the lane's arc label, the event's told order)


def wake(target: Any, count: int = 1) -> None:
    """Reach for each timeline as a reader does, and wait until plotly.js has drawn it.

    `target` is a page or a frame locator. The page draws a sketch of the chart first;
    plotly.js loads when the pointer, a touch, the focus or a key reaches the timeline.
    """
    roots = target.locator(".recap[data-chart]")
    roots.nth(count - 1).wait_for()
    for index in range(roots.count()):
        roots.nth(index).locator(".recap-chart").dispatch_event("pointerover")
    target.locator(READY).nth(count - 1).wait_for()


def require_browser() -> bool:
    return os.environ.get("RECAP_REQUIRE_BROWSER") == "1"


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail loudly when the environment says the browser tests must run."""
    if require_browser():
        pytest.fail(f"{reason} (RECAP_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


# --- what the story says the page must show ---------------------------------------------


@dataclass(frozen=True)
class StoryFacts:
    """Expectations derived from the story's frame."""

    frame: pd.DataFrame

    @functools.cached_property
    def told(self) -> pd.DataFrame:
        """One row per event, in told order."""
        return events(self.frame)

    @property
    def spoiler_events(self) -> pd.DataFrame:
        return self.told[self.told["spoiler"]]

    @property
    def public_events(self) -> pd.DataFrame:
        return self.told[~self.told["spoiler"]]

    @property
    def spoiler_texts(self) -> list[str]:
        """Each spoiler event's title and summary."""
        titles = self.spoiler_events["title"].tolist()
        summaries = [text for text in self.spoiler_events["summary"] if text]
        return [*titles, *summaries]

    @property
    def spoiler_values(self) -> list[str]:
        """Characters, locations and arc labels found only in spoiler events."""
        return sorted(spoiler_only_values(self.frame))

    @property
    def spoiler_strings(self) -> list[str]:
        return [*self.spoiler_texts, *self.spoiler_values]

    def markers(self, mode: str) -> tuple[Counter[MarkerKey], Counter[MarkerKey]]:
        """Return the (event markers, locked placeholders) the chart must draw in a mode.

        Each is a Counter of (lane label, told order). A hidden page keeps spoilers as
        placeholders on the lanes of arcs the reader knows; arcs seen only in spoilers
        share one hidden lane, with one placeholder per event on it.
        """
        frame = self.frame
        shown = frame if mode == "shown" else frame[~frame["spoiler"]]
        markers = Counter(zip(shown["arc_label"], shown["order"].astype(int), strict=True))
        locked: Counter[MarkerKey] = Counter()
        if mode == "hidden":
            by_arc = frame.groupby("arc_id")["spoiler"].all()
            secret = set(by_arc[by_arc].index)
            locked = Counter(
                {
                    (
                        HIDDEN_ARC_LABEL if row.arc_id in secret else str(row.arc_label),
                        int(row.order),
                    )
                    for row in frame[frame["spoiler"]].itertuples()
                }
            )
        return markers, locked


@pytest.fixture(scope="session")
def story() -> recap.Story:
    return recap.load_story(STORY_PATH)


@pytest.fixture(scope="session")
def facts(story: recap.Story) -> StoryFacts:
    facts = StoryFacts(recap.to_frame(story))
    # The fixture story must exercise what these tests check.
    assert len(facts.spoiler_events) > 0, "the fixture story needs spoiler events"
    assert len(facts.public_events) > 0, "the fixture story needs non-spoiler events"
    return facts


@pytest.fixture(scope="session")
def pages(story: recap.Story, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the story's page once per spoiler mode: {mode: path of the .html file}."""
    root = tmp_path_factory.mktemp("pages")
    built = {}
    for mode in MODES:
        written = recap.write_html(
            story, root / mode, plotlyjs="inline", options=recap.PageOptions(spoilers=mode)
        )
        # write_html returns the files it wrote (as paths, or as outputs with a .path).
        paths = [Path(getattr(item, "path", item)) for item in written]
        (page,) = [path for path in paths if path.suffix == ".html"]
        built[mode] = page
    return built


@pytest.fixture(scope="session")
def http_root(pages: dict[str, Path]) -> Iterator[str]:
    """Serve the built pages on 127.0.0.1; yield the base URL (pages at /<mode>/<file>)."""
    yield from serve(pages["hidden"].parent.parent)


def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 from a thread; yield its base URL, then stop."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="recap-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


CHART_JS = """
(chart) => ({
  traces: chart._fullData.filter((t) => t.mode === "markers").map((t) => ({
    name: t.name,
    x: Array.from(t.x),
    y: Array.from(t.y),
    ids: Array.from(t.customdata || []),
    visible: t.visible,
  })),
  lanes: chart._fullLayout.annotations
    .filter((a) => a.yref === "y")
    .map((a) => ({ y: a.y, text: a.text })),
  svgPoints: chart.querySelectorAll(".scatterlayer .point").length,
})
"""

POSITION_JS = """
(chart, [x, y]) => {
  chart.scrollIntoView({ block: "center" });
  const layout = chart._fullLayout;
  const box = chart.getBoundingClientRect();
  return {
    x: box.left + layout.xaxis._offset + layout.xaxis.l2p(x),
    y: box.top + layout.yaxis._offset + layout.yaxis.l2p(y),
    inPlot: layout.xaxis.l2p(x) >= 0 && layout.xaxis.l2p(x) <= layout.xaxis._length
      && layout.yaxis.l2p(y) >= 0 && layout.yaxis.l2p(y) <= layout.yaxis._length,
  };
}
"""

HOVER_JS = """
(want) => {
  const layer = document.querySelector(".recap-chart .hoverlayer");
  const text = layer ? layer.textContent : "";
  return text.includes(want) ? text : false;
}
"""


@dataclass
class Marker:
    event_id: str
    x: int
    y: int
    lane: str
    locked: bool


@dataclass
class ChartState:
    markers: list[Marker]
    svg_points: int
    lane_labels: dict[int, str]

    def counts(self) -> tuple[Counter[MarkerKey], Counter[MarkerKey]]:
        shown = Counter((m.lane, m.x) for m in self.markers if not m.locked)
        locked = Counter((m.lane, m.x) for m in self.markers if m.locked)
        return shown, locked


@dataclass
class RecapPage:
    """A loaded story page, with the console errors it has logged so far."""

    page: Any
    errors: list[str] = field(default_factory=list)

    @property
    def chart(self) -> Any:
        return self.page.locator(".recap-chart")

    def text(self) -> str:
        return str(self.page.evaluate("document.body.innerText"))

    def chart_state(self, arc_labels: set[str]) -> ChartState:
        """Read the drawn chart: its marker traces, lane labels and SVG points."""
        raw = self.chart.evaluate(CHART_JS)
        lane_labels: dict[int, str] = {}
        for annotation in raw["lanes"]:
            bold = re.search(r"<b>(.*?)</b>", annotation["text"])
            label = html.unescape(bold.group(1) if bold else annotation["text"])
            lane_labels[round(annotation["y"])] = label
        markers = []
        for trace in raw["traces"]:
            assert trace["visible"] is True, f"marker trace {trace['name']!r} is not visible"
            # Event traces are named after their arc; any other is the placeholder trace.
            locked = trace["name"] not in arc_labels
            for event_id, x, y in zip(trace["ids"], trace["x"], trace["y"], strict=True):
                assert y in lane_labels, f"no lane label drawn for lane {y}: {lane_labels}"
                markers.append(Marker(str(event_id), int(x), int(y), lane_labels[y], locked))
        return ChartState(markers, int(raw["svgPoints"]), lane_labels)

    def marker(self, event_id: str, arc_labels: set[str]) -> Marker:
        state = self.chart_state(arc_labels)
        found = [m for m in state.markers if m.event_id == event_id]
        assert found, f"no marker for event {event_id!r} in the chart"
        return found[0]

    def position(self, x: float, y: float) -> tuple[float, float]:
        """Scroll the chart into view; return the viewport pixel of data point (x, y)."""
        spot = self.chart.evaluate(POSITION_JS, [x, y])
        assert spot["inPlot"], f"point ({x}, {y}) lies outside the plot area"
        viewport = self.page.viewport_size
        assert 0 <= spot["x"] < viewport["width"], f"point ({x}, {y}) is off screen: {spot}"
        assert 0 <= spot["y"] < viewport["height"], f"point ({x}, {y}) is off screen: {spot}"
        return float(spot["x"]), float(spot["y"])

    def hover(self, x: float, y: float, want: str) -> str:
        """Move the mouse to a pixel; return the hover label's text once it shows `want`."""
        self.page.mouse.move(x, y, steps=4)
        try:
            return str(self.page.wait_for_function(HOVER_JS, arg=want, timeout=5_000).json_value())
        except Exception:
            shown = self.page.evaluate(
                "document.querySelector('.recap-chart .hoverlayer')?.textContent ?? null"
            )
            pytest.fail(f"hover at ({x:.0f}, {y:.0f}) did not show {want!r}; it showed {shown!r}")

    def accessible_texts(self) -> str:
        """Every name, value and description in Chromium's full accessibility tree."""
        session = self.page.context.new_cdp_session(self.page)
        try:
            tree = session.send("Accessibility.getFullAXTree")
        finally:
            session.detach()
        texts = []
        for node in tree["nodes"]:
            for key in ("name", "value", "description"):
                value = (node.get(key) or {}).get("value")
                if isinstance(value, str) and value:
                    texts.append(value)
        assert texts, "the accessibility tree is empty"
        return "\n".join(texts)


OpenPage = Callable[..., RecapPage]


def record_errors(page: Any, errors: list[str]) -> None:
    """Collect the page's console errors and uncaught exceptions (its frames' too)."""
    page.on(
        "console",
        lambda message: (
            errors.append(f"console.error: {message.text} ({message.location})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))


@pytest.fixture
def open_page(browser: Any, pages: dict[str, Path]) -> Iterator[OpenPage]:
    """Open a built page in a fresh browser context; wait for its chart by default."""
    contexts: list[Any] = []

    def open_(
        mode: str = "hidden",
        *,
        width: int = 1440,
        height: int = 900,
        wait_for_chart: bool = True,
        **context_options: Any,
    ) -> RecapPage:
        context = browser.new_context(
            viewport={"width": width, "height": height}, **context_options
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        loaded = RecapPage(page)
        record_errors(page, loaded.errors)
        page.goto(pages[mode].as_uri())
        if wait_for_chart:
            wake(page)
        return loaded

    yield open_
    for context in contexts:
        context.close()


# --- the npm audit tools ------------------------------------------------------------------


@dataclass(frozen=True)
class AuditTools:
    axe: Path
    vnu: Path
    lighthouse: Path
    node: str
    java: str
    chrome: Path = CHROMIUM
    chrome_flags: tuple[str, ...] = tuple(CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def audit_tools() -> AuditTools:
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium to run the audits")
    paths = {
        "axe": AUDIT_MODULES / "axe-core" / "axe.min.js",
        "vnu": AUDIT_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar",
        "lighthouse": AUDIT_MODULES / "lighthouse" / "cli" / "index.js",
    }
    missing = [str(path.relative_to(REPO)) for path in paths.values() if not path.is_file()]
    if missing:
        unavailable(
            "npm audit tools missing: " + ", ".join(missing) + " (run: npm ci --prefix tests/audit)"
        )
    node, java = shutil.which("node"), shutil.which("java")
    if not node or not java:
        unavailable("the audits need `node` and `java` on PATH")
    return AuditTools(node=node, java=java, **paths)


# --- more stories: built once per session, opened by name ---------------------------------

STORIES = {
    "ballerina": REPO / "events.yaml",
    "lighthouse": REPO / "tests/stories/two_spoiler_acts.yaml",
    "harbour": REPO / "tests/stories/out_of_order.yaml",
}
WIDTHS = [375, 1280]


@dataclass
class Built:
    story: recap.Story
    frame: pd.DataFrame
    path: Path

    @property
    def told(self) -> pd.DataFrame:
        return events(self.frame)

    def texts_of_step(self, step: int) -> list[str]:
        """Titles, labels and summaries of the spoilers a reveal control unlocks."""
        rows = self.told[self.told["reveal_step"] == step]
        texts = {text for column in ("title", "label", "summary") for text in rows[column]}
        return sorted(texts - {""})


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    out = tmp_path_factory.mktemp("story-chart")
    result = {}
    for name, source in STORIES.items():
        story = recap.load_story(source)
        (page,) = [
            output.path
            for output in recap.write_html(story, out / name, plotlyjs="inline")
            if output.path.suffix == ".html"
        ]
        result[name] = Built(story, recap.to_frame(story), page)
    return result


@pytest.fixture
def fresh_page(browser: Any) -> Iterator[Any]:
    """Open an address in a fresh context at a width, `offline` refusing every https
    request; yield (page, console errors). The contexts close after the test."""
    contexts: list[Any] = []

    def open_(
        url: str, *, width: int = 1280, offline: bool = False, **options: Any
    ) -> tuple[Any, list[str]]:
        context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        if offline:
            context.route("https://**/*", lambda route: route.abort())
        page = context.new_page()
        errors: list[str] = []
        record_errors(page, errors)
        page.goto(url)
        return page, errors

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def open_story(fresh_page: Any, built: dict[str, Built]) -> Any:
    def open_(
        name: str, *, width: int = 1280, query: str = "", **options: Any
    ) -> tuple[Any, list[str]]:
        page, errors = fresh_page(built[name].path.as_uri() + query, width=width, **options)
        wake(page)
        return page, errors

    return open_


def visible_everywhere(page: Any) -> str:
    """The page's text, its labels and its accessibility tree, together."""
    session = page.context.new_cdp_session(page)
    tree = session.send("Accessibility.getFullAXTree")
    session.detach()
    names = [
        (node.get(key) or {}).get("value")
        for node in tree["nodes"]
        for key in ("name", "value", "description")
    ]
    hover = page.evaluate(
        "Array.from(document.querySelectorAll('.recap-chart')).map((c) => (c._fullData || [])"
        ".map((t) => [].concat(t.hovertext || []).join(' ')).join(' ')).join(' ')"
    )
    return "\n".join(
        [page.evaluate("document.body.innerText"), hover, *[n for n in names if isinstance(n, str)]]
    )
