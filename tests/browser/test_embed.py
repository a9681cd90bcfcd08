"""The timeline inside articles, in a real headless Chromium: iframe, fragments, image.

Each test builds a small article page (its own title, paragraphs and CSS) that embeds the
bundled Ballerina story one way, serves it over HTTP on 127.0.0.1 and checks it at a phone
and a desktop width. The iframe's page comes from a second server, so the frame is
cross-origin as in real life. Expectations come from the stories (`recap.to_frame`), and
plotly.js is always inlined or served locally: no network.

Screenshots of every article, for a human to look at, go to /tmp/embed-shots/.
"""

from __future__ import annotations

import html
import json
import struct
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import recap
from recap.embed import iframe_snippet
from recap.image import IMAGE_WIDTH, PNG_SCALE, write_image
from tests.browser.conftest import (
    STORY_PATH,
    TIMEOUT_MS,
    StoryFacts,
    record_errors,
    serve,
    wake,
)

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
VIEWPORT_HEIGHT = 800
INITIAL_IFRAME_HEIGHT = 900
SHOTS = Path("/tmp/embed-shots")
FIT_TOLERANCE = 3  # px between the iframe's height and the height of what it shows

# The host's own look, which an embedded timeline must leave exactly as it is.
HOST_CSS = """
body { font-family: Georgia, serif; color: rgb(10, 20, 30); background: rgb(255, 253, 245);
  line-height: 1.6; max-width: 60rem; margin: 0 auto; padding: 0 10px; }
h1 { font-size: 38px; font-weight: 700; margin: 24px 17px; }
p { margin: 17px; }
.pull { font-style: italic; letter-spacing: 1px; margin: 20px 17px; padding: 8px 12px;
  border-left: 6px solid rgb(200, 30, 40); background: rgb(240, 240, 230); }
img { display: block; max-width: 100%; height: auto; }
"""
HOST_STYLES = {  # what HOST_CSS must give, to be sure the comparison compares something
    ("body", "color"): "rgb(10, 20, 30)",
    ("body", "font-family"): "Georgia, serif",
    ("h1", "font-size"): "38px",
    ("p.before", "margin-top"): "17px",
    (".pull", "letter-spacing"): "1px",
}
STYLE_PROPS = [
    "font-family", "font-size", "font-weight", "font-style", "color", "background-color",
    "line-height", "letter-spacing", "margin-top", "margin-right", "margin-bottom",
    "margin-left", "padding-left", "border-left-width", "border-left-style",
    "border-left-color", "color-scheme", "max-width",
]  # fmt: skip
STYLED = ["html", "body", "h1", "p.before", ".pull", "p.after"]
# The body's `margin: 0 auto` resolves to pixels from the layout, and Chromium reports 0px
# for it after some relayouts while the body stays where it was: compare only the rest.
LAYOUT_RESOLVED = {("body", "margin-left"), ("body", "margin-right")}

# A second story for the two-timelines article, with its own ending behind a button.
LIGHTHOUSE_YAML = """\
title: The Lighthouse Keeper
slug: lighthouse
subtitle: A short story for the embedding tests
year: 1999
arcs:
  keeper: {label: Maren the keeper, kind: protagonist}
  sea: {label: The winter sea, kind: antagonist}
  wreck: {label: The wreck of the Albatross}
acts:
  - {id: arrival, label: Arrival}
  - {id: finale, label: How it ends, spoiler: true}
events:
  - title: Maren takes the night watch
    arcs: keeper
    summary: Maren climbs the tower and lights the lamp for the first time.
    characters: [Maren]
    location: The lighthouse
    act: arrival
  - title: A storm rolls in
    arcs: [keeper, sea]
    summary: Waves break over the rocks all night long.
    characters: [Maren]
    act: arrival
  - title: The lamp goes dark
    arcs: [keeper, sea]
    summary: A gust shatters the lantern glass and the beam dies.
    teaser: Something fails
    act: finale
  - title: Maren rows out to the Albatross
    arcs: [keeper, wreck]
    summary: She finds Ilse Vantongeren clinging to the broken mast.
    characters: [Maren, Ilse Vantongeren]
    location: Gannet Reef
    act: finale
"""

TEXT_JS = "document.body.innerText"
NO_SIDEWAYS_JS = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
})"""
STYLES_JS = """([selectors, props]) => Object.fromEntries(selectors.map((selector) => {
  const style = getComputedStyle(document.querySelector(selector));
  return [selector, Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]))];
}))"""
DUPLICATE_IDS_JS = """() => {
  const seen = {};
  for (const node of document.querySelectorAll("[id]")) seen[node.id] = (seen[node.id] || 0) + 1;
  return Object.entries(seen).filter(([, n]) => n > 1);
}"""
HEADINGS_JS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => ({
  level: Number(h.tagName[1]),
  root: h.closest(".recap") ? h.closest(".recap").id : null,
}))"""
# Inside the frame: how tall its content is, and whether anything scrolls.
FRAME_SIZE_JS = """() => {
  const root = document.querySelector(".recap");
  const doc = document.documentElement;
  return {
    content: root.getBoundingClientRect().bottom + scrollY,
    scrollHeight: doc.scrollHeight,
    viewportHeight: innerHeight,
    scrollWidth: doc.scrollWidth,
    clientWidth: doc.clientWidth,
  };
}"""
# The look of each heading inside the timeline, in document order.
HEADING_LOOK_JS = """() => [...document.querySelectorAll(
  ".recap :is(h1, h2, h3, h4, h5, h6):not(.recap-visually-hidden)"
)].map((h) => {
  const style = getComputedStyle(h);
  return {
    heading: `${h.tagName.toLowerCase()}.${h.className || "(no class)"}`,
    look: ["font-size", "font-weight", "line-height", "margin-top", "margin-bottom"]
      .map((p) => `${p}: ${style.getPropertyValue(p)}`).join("; "),
  };
})"""
# Each locked placeholder's note must fit inside its fixed-height box.
CLIPPED_NOTES_JS = """() => [...document.querySelectorAll(".recap-locked")].filter((item) => {
  const box = item.querySelector(".recap-locked-box").getBoundingClientRect();
  const note = item.querySelector(".recap-locked-note").getBoundingClientRect();
  return note.bottom > box.bottom + 0.5;
}).map((item) => item.getAttribute("data-event-id"))"""
TWO_FRAMES_JS = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)
IFRAME_HEIGHT_JS = "(id) => document.getElementById(id).getBoundingClientRect().height"
POINTS_JS = "(root) => root.querySelectorAll('.recap-chart .scatterlayer .point').length"
# Messages that look like the frame's height report but come from elsewhere: the host
# page itself, and another sandboxed frame (whose origin is "null", like the timeline's).
FOREIGN_MESSAGES_JS = """async ([frameId, otherId]) => {
  const frame = document.getElementById(frameId);
  const heard = (probe) => new Promise((resolve) => {
    addEventListener("message", function listen(event) {
      if (event.data && event.data.probe === probe) {
        removeEventListener("message", listen);
        setTimeout(resolve, 50);
      }
    });
  });
  const before = frame.style.height;
  let waiting = heard("host");
  postMessage({ type: "recap:height", height: 123, probe: "host" }, "*");
  await waiting;
  const afterHost = frame.style.height;
  waiting = heard("other-frame");
  document.getElementById(otherId).contentWindow.postMessage("go", "*");
  await waiting;
  return { before, afterHost, afterOther: frame.style.height };
}"""
OTHER_FRAME = (
    '<iframe id="other-widget" title="Another widget" sandbox="allow-scripts" '
    'style="display:block;width:40px;height:20px;border:0" srcdoc="{}"></iframe>'
).format(
    html.escape(
        "<script>onmessage = function () { parent.postMessage("
        '{type: "recap:height", height: 123, probe: "other-frame"}, "*"); };</script>'
    )
)
# Host-side record of the iframe's heights, from the first one on.
HEIGHT_LOG = """<script>
(function () {
  var frame = document.getElementById(%s);
  window.frameHeights = [frame.getBoundingClientRect().height];
  new ResizeObserver(function () {
    window.frameHeights.push(frame.getBoundingClientRect().height);
  }).observe(frame);
})();
</script>"""
# The reader is typing in the article's search box when the timeline loads below.
HOST_FOCUS = (
    '<p><input id="host-search" type="search" aria-label="Search this article"></p>\n'
    '<script>document.getElementById("host-search").focus();</script>'
)


def article(title: str, embed: str = "", *, before: str = "") -> str:
    """A small article page: a title, paragraphs, a pull quote, the embed, a closing line."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" href="data:,">
<style>{HOST_CSS}</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
{before}
<p class="before">Our critic watched the film twice. Below, the plot as a timeline: the
last act stays hidden until you ask for it, so you can read on without fear.</p>
<blockquote class="pull">A revenge story told with a dancer's precision.</blockquote>
{embed}
<p class="after">Tell us what you made of the ending in the comments.</p>
</body>
</html>
"""


# --- stories, builds and servers, once per module ----------------------------------------


@pytest.fixture(scope="module")
def lighthouse(tmp_path_factory: pytest.TempPathFactory) -> recap.Story:
    path = tmp_path_factory.mktemp("lighthouse") / "lighthouse.yaml"
    path.write_text(LIGHTHOUSE_YAML, encoding="utf-8")
    return recap.load_story(path)


@pytest.fixture(scope="module")
def lighthouse_facts(lighthouse: recap.Story) -> StoryFacts:
    facts = StoryFacts(recap.to_frame(lighthouse))
    assert len(facts.spoiler_events), "the second story needs spoiler events"
    assert facts.spoiler_values, "the second story needs spoiler-only names"
    # Its secrets must not occur in Ballerina, so that finding one means a leak.
    ballerina_text = STORY_PATH.read_text(encoding="utf-8")
    assert [s for s in facts.spoiler_strings if s in ballerina_text] == []
    return facts


@dataclass(frozen=True)
class Site:
    """The articles (one server) and the timeline page they frame (another server)."""

    articles: Path
    article_url: str
    timeline_url: str
    page_url: str  # the timeline page itself, on the timeline's server
    frame_id: str
    linked_event: str  # the event the #event-id iframe opens at

    def url(self, name: str) -> str:
        return f"{self.article_url}/{name}"


@pytest.fixture(scope="module")
def timeline_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("timeline-site")
    yield from ((root, url) for url in serve(root))


@pytest.fixture(scope="module")
def article_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("article-site")
    yield from ((root, url) for url in serve(root))


def only_page(outputs: list[Any]) -> Path:
    (page,) = [out.path for out in outputs if out.path.name.endswith(".html")]
    return Path(page)


@pytest.fixture(scope="module")
def site(
    story: recap.Story,
    facts: StoryFacts,
    lighthouse: recap.Story,
    lighthouse_facts: StoryFacts,
    timeline_server: tuple[Path, str],
    article_server: tuple[Path, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Site:
    """Build the timeline page, the fragments and every article, once."""
    timeline_dir, timeline_url = timeline_server
    articles, article_url = article_server
    page = only_page(recap.write_html(story, timeline_dir, plotlyjs="inline"))
    page_url = f"{timeline_url}/{page.name}"

    def framed(url: str, *, before: str = "") -> str:
        snippet = iframe_snippet(story, url=url, resize=True)
        embed = snippet + HEIGHT_LOG % json.dumps(frame_id) + "\n" + OTHER_FRAME
        return article(f"{story.title}, reviewed", embed, before=before)

    frame_id = f"recap-frame-{story.file_stem}"
    assert f'id="{frame_id}"' in iframe_snippet(story, url=page_url)
    linked = facts.public_events.iloc[-1]["event_id"]
    pages = {
        "plain.html": article(f"{story.title}, reviewed"),
        "iframe.html": framed(page_url),
        "iframe-event.html": framed(f"{page_url}#{linked}", before=HOST_FOCUS),
        "iframe-shown.html": framed(f"{page_url}?spoilers=shown"),
    }

    # One fragment with plotly.js inlined; two sharing plotly.js's basic bundle beside them.
    inline_dir = tmp_path_factory.mktemp("inline-fragment")
    inline = only_page(recap.write_html(story, inline_dir, plotlyjs="inline", fragment=True))
    pages["fragment.html"] = article(f"{story.title}, reviewed", inline.read_text("utf-8"))
    written = recap.write_html(story, articles, plotlyjs="directory", fragment=True)
    assert (articles / "plotly-basic.min.js").is_file()
    second = recap.write_html(lighthouse, articles, plotlyjs="directory", fragment=True)
    pages["two-fragments.html"] = article(
        "Two stories, two timelines",
        only_page(written).read_text("utf-8")
        + '\n<p class="between">And now for something quieter.</p>\n'
        + only_page(second).read_text("utf-8"),
    )
    for name, text in pages.items():
        (articles / name).write_text(text, encoding="utf-8")
    return Site(articles, article_url, timeline_url, page_url, frame_id, linked)


# --- the browser side ---------------------------------------------------------------------


@dataclass
class Tab:
    """An article open in its own browser context, with the errors logged in it so far."""

    page: Any
    width: int
    errors: list[str] = field(default_factory=list)

    def text(self) -> str:
        return str(self.page.evaluate(TEXT_JS))

    def screenshot(self, name: str, *, frame: Any = None) -> Path:
        """Save the whole article as SHOTS/<name>-<width>.png, for a human to look at."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}-{self.width}.png"
        if frame is None:
            self.page.screenshot(path=str(path), full_page=True)
            return path
        # A full-page capture leaves a cross-origin frame blank below the first screen:
        # make the viewport as tall as the article instead, then put it back.
        viewport = self.page.viewport_size
        height = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.set_viewport_size({"width": viewport["width"], "height": height})
        try:
            # Let the frame's own process paint what has just come into view.
            frame.evaluate(TWO_FRAMES_JS)
            time.sleep(0.3)
            self.page.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(viewport)
        return path

    def assert_no_sideways_scroll(self, frame: Any = None) -> None:
        for where, target in (("the article", self.page), ("the frame", frame)):
            if target is not None:
                size = target.evaluate(NO_SIDEWAYS_JS)
                assert size["scrollWidth"] <= size["clientWidth"], f"{where} scrolls sideways"


OpenArticle = Callable[[str, int], Tab]


@pytest.fixture
def open_article(browser: Any, site: Site) -> Iterator[OpenArticle]:
    contexts: list[Any] = []

    def open_(name: str, width: int) -> Tab:
        context = browser.new_context(viewport={"width": width, "height": VIEWPORT_HEIGHT})
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        tab = Tab(page, width)
        record_errors(page, tab.errors)  # frames log here too, cross-origin ones included
        page.goto(name if "://" in name else site.url(name))
        return tab

    yield open_
    for context in contexts:
        context.close()


def found_in(text: str, strings: list[str]) -> list[str]:
    return [string for string in strings if string in text]


def missing_from(text: str, strings: list[str]) -> list[str]:
    return [string for string in strings if string not in text]


def points(facts: StoryFacts, mode: str) -> int:
    shown, locked = facts.markers(mode)
    return sum(shown.values()) + sum(locked.values())


def timeline_frame(tab: Tab, site: Site) -> Any:
    """Wait for the timeline inside the iframe to draw its chart; return the frame."""
    wake(tab.page.frame_locator(f"#{site.frame_id}"))
    frame = tab.page.locator(f"#{site.frame_id}").element_handle().content_frame()
    assert frame is not None
    assert frame.url.startswith(site.timeline_url), "the iframe is not cross-origin"
    return frame


def wait_fitted(tab: Tab, frame: Any, site: Site) -> dict[str, float]:
    """Wait until the iframe is as tall as its content, twice in a row; return the sizes."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    streak = 0
    while True:
        sizes = frame.evaluate(FRAME_SIZE_JS)
        sizes["iframe"] = tab.page.evaluate(IFRAME_HEIGHT_JS, site.frame_id)
        fitted = (
            abs(sizes["iframe"] - sizes["content"]) <= FIT_TOLERANCE
            and sizes["scrollHeight"] <= sizes["viewportHeight"] + 1
        )
        streak = streak + 1 if fitted else 0
        if streak == 2:
            return sizes
        assert time.monotonic() < deadline, f"the iframe never fitted its content: {sizes}"
        time.sleep(0.2)


def assert_fragment_headings(tab: Tab) -> None:
    """One h1, the article's; each timeline opens at h2; no level is skipped."""
    headings = tab.page.evaluate(HEADINGS_JS)
    assert [h for h in headings if h["level"] == 1] == [{"level": 1, "root": None}]
    roots = Counter(h["root"] for h in headings if h["root"])
    assert roots, "no headings inside the timeline"
    for root in roots:
        levels = [h["level"] for h in headings if h["root"] == root]
        assert levels[0] == 2, f"{root} starts at h{levels[0]}, not h2"
        assert min(levels) == 2, f"{root} has a heading above h2"
    previous = 0
    for heading in headings:
        assert heading["level"] <= previous + 1, f"heading levels skip: {headings}"
        previous = heading["level"]


def style_changes(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> list[str]:
    return [
        f"{selector} {prop}: {value} -> {after[selector][prop]}"
        for selector, props in before.items()
        for prop, value in props.items()
        if after[selector][prop] != value
    ]


def host_styles(tab: Tab) -> dict[str, dict[str, str]]:
    styles: dict[str, dict[str, str]] = tab.page.evaluate(STYLES_JS, [STYLED, STYLE_PROPS])
    for selector, prop in LAYOUT_RESOLVED:
        del styles[selector][prop]
    for (selector, prop), value in HOST_STYLES.items():
        assert styles[selector][prop] == value, f"the host CSS did not apply to {selector}"
    return styles


# 1. iframe ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_iframe_fits_its_page_and_reveals_inside(open_article, site, story, facts, width):
    tab = open_article("iframe.html", width)
    frame = timeline_frame(tab, site)
    iframe = tab.page.locator(f"#{site.frame_id}")
    assert story.title in (iframe.get_attribute("title") or ""), "the iframe needs a title"
    assert iframe.get_attribute("sandbox") == "allow-scripts allow-popups"

    # Nothing of the ending shows, neither in the article nor in the frame.
    assert found_in(tab.text(), facts.spoiler_strings) == [], "spoilers in the article"
    assert found_in(frame.evaluate(TEXT_JS), facts.spoiler_strings) == [], "spoilers in frame"

    # The iframe starts at its default height and grows to fit the page it shows.
    sizes = wait_fitted(tab, frame, site)
    heights = tab.page.evaluate("frameHeights")
    assert heights[0] == INITIAL_IFRAME_HEIGHT
    assert sizes["iframe"] > INITIAL_IFRAME_HEIGHT, sizes
    tab.assert_no_sideways_scroll(frame)
    tab.screenshot("iframe", frame=frame)

    # Look-alike height messages from anyone but the timeline's frame change nothing.
    probes = tab.page.evaluate(FOREIGN_MESSAGES_JS, [site.frame_id, "other-widget"])
    assert probes["afterHost"] == probes["before"], f"the host's own message resized: {probes}"
    assert probes["afterOther"] == probes["before"], f"another frame resized it: {probes}"
    assert tab.page.evaluate(IFRAME_HEIGHT_JS, site.frame_id) == sizes["iframe"]

    # The reveal button inside the frame works, and the iframe follows the new height.
    button = frame.locator(".recap-reveal")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    frame.wait_for_selector('.recap-reveal[aria-expanded="true"]')
    frame.wait_for_function(
        f"document.querySelectorAll('.scatterlayer .point').length === {points(facts, 'shown')}"
    )
    assert missing_from(frame.evaluate(TEXT_JS), facts.spoiler_texts) == []
    revealed = wait_fitted(tab, frame, site)
    assert revealed["iframe"] != sizes["iframe"], "the revealed page has the same height?"
    tab.assert_no_sideways_scroll(frame)

    # Turning the phone (or resizing the window) refits the frame to its new height.
    other_width = next(w for w in WIDTHS if w != width)
    tab.page.set_viewport_size({"width": other_width, "height": VIEWPORT_HEIGHT})
    turned = wait_fitted(tab, frame, site)
    assert turned["iframe"] != revealed["iframe"], "same height at another width?"
    tab.assert_no_sideways_scroll(frame)
    assert tab.errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_iframe_event_link_highlights_the_event(open_article, site, facts, width):
    tab = open_article("iframe-event.html", width)
    frame = timeline_frame(tab, site)
    frame.wait_for_selector(f'[data-event-id="{site.linked_event}"].recap-highlight')
    highlighted = frame.eval_on_selector_all(
        ".recap-highlight", "(nodes) => nodes.map((node) => node.dataset.eventId)"
    )
    assert highlighted == [site.linked_event]
    assert found_in(frame.evaluate(TEXT_JS), facts.spoiler_strings) == []
    assert found_in(tab.text(), facts.spoiler_strings) == []
    wait_fitted(tab, frame, site)
    tab.screenshot("iframe-event", frame=frame)
    assert tab.errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_iframe_event_link_scrolls_the_article_to_it(open_article, site, width):
    """The article scrolls to the event the frame opens at (the frame has no scroll of its
    own once fitted), and keeps its keyboard focus."""
    tab = open_article("iframe-event.html", width)
    frame = timeline_frame(tab, site)
    frame.wait_for_selector(f'[data-event-id="{site.linked_event}"].recap-highlight')
    wait_fitted(tab, frame, site)
    item_top = frame.evaluate(
        f"document.querySelector('li[data-event-id=\"{site.linked_event}\"]')"
        ".getBoundingClientRect().top"
    )
    # At the top of the article's window, 8 px down.
    frame_top = f"document.getElementById('{site.frame_id}').getBoundingClientRect().top"
    tab.page.wait_for_function(f"Math.abs({frame_top} + {item_top} - 8) <= 2")
    state = tab.page.evaluate(
        "() => ({ scrolled: scrollY > 0, focused: document.activeElement.id })"
    )
    assert state == {"scrolled": True, "focused": "host-search"}


@pytest.mark.parametrize("width", WIDTHS)
def test_iframe_spoilers_shown_in_src(open_article, site, facts, width):
    tab = open_article("iframe-shown.html", width)
    frame = timeline_frame(tab, site)
    assert frame.locator(".recap-reveal").get_attribute("aria-expanded") == "true"
    assert missing_from(frame.evaluate(TEXT_JS), facts.spoiler_texts) == []
    for event_id in facts.spoiler_events["event_id"]:
        assert frame.locator(f'[data-event-id="{event_id}"]').is_visible(), event_id
    assert frame.evaluate("() => document.querySelectorAll('.scatterlayer .point').length") == (
        points(facts, "shown")
    )
    wait_fitted(tab, frame, site)
    tab.assert_no_sideways_scroll(frame)
    tab.screenshot("iframe-shown", frame=frame)
    assert tab.errors == []


# 2. one fragment ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_fragment_in_an_article(open_article, facts, width):
    baseline = host_styles(open_article("plain.html", width))
    tab = open_article("fragment.html", width)
    wake(tab.page)
    assert style_changes(baseline, host_styles(tab)) == [], "the fragment restyled the article"
    assert_fragment_headings(tab)
    assert tab.page.evaluate(DUPLICATE_IDS_JS) == []
    assert found_in(tab.text(), facts.spoiler_strings) == []
    tab.assert_no_sideways_scroll()
    tab.screenshot("fragment")

    root = tab.page.locator(".recap")
    assert root.evaluate(POINTS_JS) == points(facts, "hidden")
    root.locator(".recap-reveal").click()
    tab.page.wait_for_selector('.recap-reveal[aria-expanded="true"]')
    tab.page.wait_for_function(f"({POINTS_JS})(document) === {points(facts, 'shown')}")
    assert missing_from(tab.text(), facts.spoiler_texts) == []
    assert style_changes(baseline, host_styles(tab)) == [], "revealing restyled the article"
    tab.assert_no_sideways_scroll()
    assert tab.errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_fragment_looks_like_the_standalone_page(open_article, site, width):
    """Its headings sit one level lower (under the article's h1): the look must not change,
    but for the title, which is deliberately quieter under the article's own title."""
    page = open_article(site.page_url, width)
    fragment = open_article("fragment.html", width)
    assert page.page.evaluate(CLIPPED_NOTES_JS) == []
    clipped = fragment.page.evaluate(CLIPPED_NOTES_JS)
    problems = [f"placeholder notes cut off in their boxes: {clipped}"] if clipped else []
    page_looks = page.page.evaluate(HEADING_LOOK_JS)
    fragment_looks = fragment.page.evaluate(HEADING_LOOK_JS)
    assert len(page_looks) == len(fragment_looks)
    problems += dict.fromkeys(
        f"{ours['heading']} (fragment: {theirs['heading']}): "
        f"page {ours['look']} | fragment {theirs['look']}"
        for ours, theirs in zip(page_looks, fragment_looks, strict=True)
        if ours["look"] != theirs["look"] and "recap-title" not in ours["heading"]
    )
    title_size = "parseFloat(getComputedStyle(document.querySelector('.recap-title')).fontSize)"
    section_size = (
        "parseFloat(getComputedStyle(document.querySelector('.recap-section-title')).fontSize)"
    )
    assert page.page.evaluate(title_size) > fragment.page.evaluate(title_size)
    assert fragment.page.evaluate(title_size) > fragment.page.evaluate(section_size)
    assert not problems, "the fragment looks different:\n" + "\n".join(problems)


# 3. two fragments ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_two_fragments_in_one_article(
    open_article, story, facts, lighthouse, lighthouse_facts, width
):
    tab = open_article("two-fragments.html", width)
    wake(tab.page, count=2)
    timelines = {
        name: (
            tab.page.locator(".recap", has=tab.page.locator(".recap-title", has_text=told.title)),
            told_facts,
        )
        for name, told, told_facts in (
            ("ballerina", story, facts),
            ("lighthouse", lighthouse, lighthouse_facts),
        )
    }
    everything_secret = facts.spoiler_strings + lighthouse_facts.spoiler_strings
    assert tab.page.evaluate(DUPLICATE_IDS_JS) == []
    assert_fragment_headings(tab)
    assert found_in(tab.text(), everything_secret) == []
    for root, told_facts in timelines.values():
        assert root.evaluate(POINTS_JS) == points(told_facts, "hidden")
    tab.assert_no_sideways_scroll()
    tab.screenshot("two-fragments")

    for name, (root, told_facts) in timelines.items():
        other_root, other_facts = next(v for k, v in timelines.items() if k != name)
        root.locator(".recap-reveal").click()
        root.locator('.recap-reveal[aria-expanded="true"]').wait_for()
        root.page.wait_for_function(
            f"({POINTS_JS})(document.getElementById('{root.get_attribute('id')}')) "
            f"=== {points(told_facts, 'shown')}"
        )
        assert missing_from(root.inner_text(), told_facts.spoiler_texts) == []
        # The other timeline stays locked: button, text and chart.
        assert other_root.locator(".recap-reveal").get_attribute("aria-expanded") == "false"
        assert found_in(tab.text(), other_facts.spoiler_strings) == [], f"{name} revealed both"
        assert other_root.evaluate(POINTS_JS) == points(other_facts, "hidden")
        assert tab.page.evaluate(DUPLICATE_IDS_JS) == []
        tab.assert_no_sideways_scroll()
        # Hide it again before trying the other one.
        root.locator(".recap-reveal").click()
        root.locator('.recap-reveal[aria-expanded="false"]').wait_for()
        assert found_in(tab.text(), everything_secret) == []
    assert tab.errors == []


# 4. a static image ---------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_static_image_in_an_article(open_article, site, story, facts):
    """One test only: kaleido takes seconds per image."""
    output = write_image(story, site.articles, fmt="png")
    width, height = png_size(output.path.read_bytes())
    assert IMAGE_WIDTH * PNG_SCALE == 2400
    assert width == 2400
    figure = recap.build_figure(recap.redact_spoilers(facts.frame), title=story.title)
    assert height == figure.layout.height * PNG_SCALE

    alt = f"The timeline of {story.title}, its ending's events drawn as grey squares."
    image = (
        f'<figure><img src="{output.path.name}" alt="{html.escape(alt)}" '
        f'width="{width // PNG_SCALE}" height="{height // PNG_SCALE}">'
        "<figcaption>The plot at a glance.</figcaption></figure>"
    )
    (site.articles / "image.html").write_text(
        article(f"{story.title}, reviewed", image), encoding="utf-8"
    )
    for viewport in WIDTHS:
        tab = open_article("image.html", viewport)
        img = tab.page.locator("img")
        tab.page.wait_for_function(
            "() => document.querySelector('img').complete "
            "&& document.querySelector('img').naturalWidth > 0"
        )
        natural = img.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
        assert natural == [width, height]
        assert found_in(tab.text() + (img.get_attribute("alt") or ""), facts.spoiler_strings) == []
        tab.assert_no_sideways_scroll()
        tab.screenshot("image")
        assert tab.errors == []
