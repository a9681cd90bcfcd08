"""The timeline on real host pages, in a real headless Chromium.

Three hosts are made here, each serving the Ballerina fragment built with
`--plotlyjs-url /assets/plotly.min.js` under folder-style URLs (`/site/review/`):
- a MkDocs Material site (built with mkdocs from the test extra): instant navigation on,
  a light/dark palette toggle, `md_in_html`; a page with the fragment, a page with the
  iframe snippet, one with the snippet opening at an event, and one with neither;
- a CommonMark page rendered by markdown-it (npm, tests/audit) with HTML allowed, styled
  like a blog (20 px root font, uppercase letter-spaced headings, indented lists...), a
  dark toggle (a `dark` class on <html>) and a pjax-like link that swaps the body and
  re-creates its scripts without their type, as instant-navigation libraries do;
- a bare page: no styles at all, the look the fragment must keep everywhere.
The timeline page the iframes show comes from a second server, so frames are
cross-origin. Screenshots of each host, light and dark, go to /tmp/host-shots/.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import recap
from recap.embed import iframe_snippet
from recap.plotlyjs import BASIC_FILE
from tests.browser.conftest import (
    AUDIT_MODULES,
    READY,
    TIMEOUT_MS,
    StoryFacts,
    record_errors,
    serve,
    unavailable,
    wake,
)

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
SHOTS = Path("/tmp/host-shots")
PLOTLY_URL = "/assets/plotly.min.js"

# Every property a host's typography could reach; compared element by element.
LOOK = [
    "font-family", "font-size", "font-weight", "font-style", "font-variant-caps",
    "line-height", "letter-spacing", "word-spacing", "text-transform", "text-align",
    "text-indent", "text-decoration-line", "text-shadow", "white-space", "color",
    "background-color", "background-image", "opacity", "display", "position", "float",
    "vertical-align", "list-style-type", "box-shadow", "cursor", "visibility",
    "margin-top", "margin-right", "margin-bottom", "margin-left",
    "padding-top", "padding-right", "padding-bottom", "padding-left",
    "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
    "border-top-style", "border-left-style", "border-top-color", "border-left-color",
    "border-top-left-radius", "min-height", "max-width",
]  # fmt: skip
# Every element the timeline writes, outside plotly.js's own drawing; with the look of
# its ::before and ::after. The root's auto side margins depend on the host's column.
LOOK_JS = """([root, props]) => {
  const rootElement = document.querySelector(root);
  const nodes = [rootElement, ...rootElement.querySelectorAll("*")].filter((node) =>
    !node.closest("style, script, template") && (
      !node.parentElement || !node.parentElement.closest(".recap-chart")));
  return nodes.map((node, index) => {
    const style = getComputedStyle(node);
    const look = Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
    for (const pseudo of ["::before", "::after", "::marker"]) {
      look[pseudo] = getComputedStyle(node, pseudo).getPropertyValue("content");
    }
    if (index === 0) { delete look["margin-left"]; delete look["margin-right"]; }
    const name = node.tagName.toLowerCase() + (node.className && typeof node.className ===
      "string" ? "." + node.className.trim().split(/\\s+/).join(".") : "");
    return [name, look];
  });
}"""
HOST_LOOK_JS = """([selectors, props]) => Object.fromEntries(selectors.map((selector) => {
  const style = getComputedStyle(document.querySelector(selector));
  return [selector, Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]))];
}))"""
DUPLICATE_IDS_JS = """() => {
  const seen = {};
  for (const node of document.querySelectorAll("[id]")) seen[node.id] = (seen[node.id] || 0) + 1;
  return Object.entries(seen).filter(([, n]) => n > 1);
}"""
REFERENCES = ["aria-labelledby", "aria-controls", "aria-describedby"]
DANGLING_JS = """(names) => [...document.querySelectorAll(names.map((n) => `[${n}]`).join(","))]
  .flatMap((node) => names.flatMap((n) => (node.getAttribute(n) || "").split(/\\s+/)))
  .filter((id) => id && !document.getElementById(id))"""
TWO_FRAMES_JS = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)
POINTS_JS = "document.querySelectorAll('.recap .recap-chart .scatterlayer .point').length"

# --- the hosts ------------------------------------------------------------------------------

ARTICLE = """\
Our critic watched the film twice. Below, the plot as a timeline: the last act stays
hidden until you ask for it, so you can read on without fear.

> A revenge story told with a dancer's precision.
"""
CLOSING = "Tell us what you made of the ending in the comments.\n"

MKDOCS_YML = """\
site_name: Recap on a MkDocs site
site_url: {site_url}
use_directory_urls: true
theme:
  name: material
  font: false
  features:
    - navigation.instant
  palette:
    - scheme: default
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - scheme: slate
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
markdown_extensions:
  - md_in_html
  - attr_list
  - admonition
plugins: []
nav:
  - Home: index.md
  - Review: review.md
  - Framed: framed.md
  - Linked: linked.md
  - Plain: plain.md
"""

# A blog's look, the kind that reaches into embedded HTML: a 20 px root, uppercase and
# letter-spaced headings, faded small headings, indented list items, justified text.
BLOG_CSS = """
html { font-size: 20px; color-scheme: light; }
html.dark { color-scheme: dark; }
body { font: 1rem/1.7 Georgia, serif; color: #222; background: #fdfcf7; margin: 0 auto;
  max-width: 46rem; padding: 0 1rem; }
html.dark body { color: #ddd; background: #16161a; }
h1, h2, h3, h4, h5, h6 { text-transform: uppercase; letter-spacing: 0.08em; font-weight: 300;
  margin: 2em 0 1em; color: #555; }
h5 { opacity: 0.56; font-size: 0.8em; }
article p, article li { text-align: justify; margin: 1.2em 0; }
article ol li, article ul li { margin-left: 1.5em; padding-left: 0.5em; }
article ul { list-style: square; }
article dd { margin: 0 0 1em 2em; font-style: italic; }
article button { text-transform: uppercase; letter-spacing: 0.2em; border-radius: 0; }
article details { border: 2px solid #448aff; padding: 1em; box-shadow: 0 0 8px #0004; }
article summary::before { content: "\\25B6  "; }
article figure { display: flex; flex-direction: column; align-items: center; margin: 2em auto;
  width: fit-content; }
article span { letter-spacing: 0.03em; }
"""
BLOG_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>{css}</style>
</head>
<body>
<header><button type="button" id="theme-toggle">Dark</button>
<a id="swap-link" href="{other}">{other_name}</a></header>
<article>
{body}
</article>
<script>
document.getElementById("theme-toggle").addEventListener("click", function () {{
  document.documentElement.classList.toggle("dark");
}});
// Instant navigation as pjax, Turbo or Material do it: fetch the page, swap the body's
// content, and re-create each script (without its type) so that it runs.
document.getElementById("swap-link").addEventListener("click", function (event) {{
  event.preventDefault();
  window.swaps = (window.swaps || 0) + 1;
  fetch(this.href).then(function (r) {{ return r.text(); }}).then(function (text) {{
    var next = new DOMParser().parseFromString(text, "text/html");
    document.querySelector("article").replaceWith(document.adoptNode(next.querySelector("article")));
    history.pushState(null, "", event.target.href);
    document.querySelectorAll("article script").forEach(function (old) {{
      var script = document.createElement("script");
      script.textContent = old.textContent;
      old.replaceWith(script);
    }});
  }});
}});
</script>
</body>
</html>
"""
BARE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bare</title><link rel="icon" href="data:,"></head>
<body>
<h1>Bare</h1>
{fragment}
</body>
</html>
"""
MARKDOWN_IT_JS = """
const fs = require("fs");
const md = require("markdown-it")({ html: true });
process.stdout.write(md.render(fs.readFileSync(process.argv[2], "utf8")));
"""


@dataclass(frozen=True)
class Hosts:
    root: Path
    url: str  # the hosts' server
    timeline_url: str  # the page the iframes show, on another server
    frame_id: str
    linked_event: str
    fragment: str

    def at(self, path: str) -> str:
        return f"{self.url}/{path}"


@pytest.fixture(scope="module")
def hosts(
    story: recap.Story, facts: StoryFacts, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Hosts]:
    node = shutil.which("node")
    if not node or not (AUDIT_MODULES / "markdown-it").is_dir():
        unavailable("the CommonMark host needs node and markdown-it (npm ci --prefix tests/audit)")
    try:
        import material  # noqa: F401  (the MkDocs theme, from the test extra)
    except ImportError:
        unavailable("mkdocs-material is not installed (pip install -e '.[test]')")
    root = tmp_path_factory.mktemp("hosts")
    timeline_root = tmp_path_factory.mktemp("host-timeline")
    build = tmp_path_factory.mktemp("host-build")
    for url in serve(root):
        for timeline_url in serve(timeline_root):
            outputs = recap.write_html(
                story, build, plotlyjs="directory", plotlyjs_url=PLOTLY_URL, fragment=True
            )
            (fragment_path,) = [o.path for o in outputs if o.path.name.endswith("fragment.html")]
            fragment = fragment_path.read_text(encoding="utf-8")
            (root / "assets").mkdir()
            shutil.copy(build / BASIC_FILE, root / "assets" / "plotly.min.js")
            page = [o.path for o in recap.write_html(story, timeline_root, plotlyjs="inline")]
            page_url = f"{timeline_url}/{page[-1].name}"
            linked = str(facts.public_events.iloc[-1]["event_id"])
            snippets = {
                "framed": iframe_snippet(story, url=page_url),
                "linked": iframe_snippet(story, url=f"{page_url}#{linked}"),
            }
            make_mkdocs_site(root, url, fragment, snippets)
            make_markdown_it_pages(root, node, fragment)
            (root / "bare").mkdir()
            (root / "bare" / "index.html").write_text(
                BARE_PAGE.format(fragment=fragment), encoding="utf-8"
            )
            frame_id = f"recap-frame-{story.file_stem}"
            yield Hosts(root, url, timeline_url, frame_id, linked, fragment)


def make_mkdocs_site(root: Path, url: str, fragment: str, snippets: dict[str, str]) -> None:
    source = root.parent / f"{root.name}-mkdocs"
    docs = source / "docs"
    docs.mkdir(parents=True)
    pages = {
        "index.md": "# Film notes\n\nReviews with timelines. Read [the review](review.md).\n",
        "review.md": f"# Ballerina, reviewed\n\n{ARTICLE}\n{fragment}\n{CLOSING}\n"
        "Next: [another review](plain.md).\n",
        "framed.md": f"# Ballerina, framed\n\n{ARTICLE}\n{snippets['framed']}\n{CLOSING}",
        "linked.md": f"# Ballerina, at one event\n\n{ARTICLE}\n{snippets['linked']}\n{CLOSING}",
        "plain.md": f"# Ballerina, reviewed\n\n{ARTICLE}\n{CLOSING}",
    }
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    config, site = source / "mkdocs.yml", root / "site"
    config.write_text(MKDOCS_YML.format(site_url=f"{url}/site/"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stderr}"


def make_markdown_it_pages(root: Path, node: str, fragment: str) -> None:
    script = root.parent / f"{root.name}-render.js"
    script.write_text(MARKDOWN_IT_JS, encoding="utf-8")

    def render(markdown: str) -> str:
        source = script.with_suffix(".md")
        source.write_text(markdown, encoding="utf-8")
        done = subprocess.run(
            [node, str(script), str(source)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            env={**os.environ, "NODE_PATH": str(AUDIT_MODULES)},
        )
        return done.stdout

    pages = {
        "md/index.html": ("Film notes", "# Film notes\n\nReviews with timelines.\n", "review/"),
        "md/review/index.html": (
            "Ballerina, reviewed",
            f"# Ballerina, reviewed\n\n{ARTICLE}\n{fragment}\n{CLOSING}",
            "../",
        ),
    }
    for path, (title, markdown, other) in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        page = BLOG_PAGE.format(
            title=html.escape(title),
            css=BLOG_CSS,
            body=render(markdown),
            other=other,
            other_name="Read the review" if other == "review/" else "Home",
        )
        target.write_text(page, encoding="utf-8")


# --- the browser side -----------------------------------------------------------------------


@dataclass
class Tab:
    page: Any
    width: int
    errors: list[str] = field(default_factory=list)

    def shot(self, name: str, *, full_page: bool = True) -> None:
        """Save SHOTS/<name>-<width>.png, for a human to look at: the whole page, or what
        the window shows (a cross-origin frame paints only there)."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}-{self.width}.png"
        if not full_page:
            self.page.evaluate(TWO_FRAMES_JS)
            time.sleep(0.3)  # the frame's own process paints what just came into view
        self.page.screenshot(path=str(path), full_page=full_page)

    def look(self, root: str = ".recap") -> list[tuple[str, dict[str, str]]]:
        return [tuple(item) for item in self.page.evaluate(LOOK_JS, [root, LOOK])]  # type: ignore[misc]


OpenTab = Callable[..., Tab]


@pytest.fixture
def open_tab(browser: Any, hosts: Hosts) -> Iterator[OpenTab]:
    contexts: list[Any] = []

    def open_(path: str, width: int = 1280, *, wait: bool = True, **options: Any) -> Tab:
        context = browser.new_context(viewport={"width": width, "height": 800}, **options)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        tab = Tab(page, width)
        record_errors(page, tab.errors)
        page.goto(hosts.at(path))
        if wait and "#" not in path and "framed" not in path and "linked" not in path:
            wake(page)
        return tab

    yield open_
    for context in contexts:
        context.close()


def look_changes(
    expected: list[tuple[str, dict[str, str]]], got: list[tuple[str, dict[str, str]]]
) -> list[str]:
    assert [name for name, _ in got] == [name for name, _ in expected], "other elements"
    return [
        f"{name} {prop}: {value!r} here, {got[index][1][prop]!r} on the host"
        for index, (name, look) in enumerate(expected)
        for prop, value in look.items()
        if got[index][1][prop] != value
    ]


def reveal_and_check(tab: Tab, facts: StoryFacts) -> None:
    """Nothing of the ending before the button; all of it after."""
    text = tab.page.evaluate("document.body.innerText")
    assert [s for s in facts.spoiler_strings if s in text] == []
    tab.page.locator(".recap .recap-reveal").first.click()
    tab.page.wait_for_selector('.recap .recap-reveal[aria-expanded="true"]')
    text = tab.page.evaluate("document.body.innerText")
    assert [s for s in facts.spoiler_texts if s not in text] == []


def material_toggle(tab: Tab) -> None:
    tab.page.locator("form[data-md-component=palette] label:not([hidden])").click()


def points(facts: StoryFacts, mode: str) -> int:
    """How many markers the chart draws in a spoiler mode, placeholders included."""
    shown, locked = facts.markers(mode)
    return sum(shown.values()) + sum(locked.values())


def wait_scheme(target: Any, scheme: str) -> None:
    target.wait_for_selector(f'.recap[data-recap][data-scheme="{scheme}"]')


# --- MkDocs Material ------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_material_instant_navigation_renders_and_reveals(open_tab, facts, width):
    tab = open_tab("site/", width, wait=False)
    tab.page.wait_for_selector(".md-content")
    tab.page.evaluate("window.sameWindow = 'yes'")
    tab.page.locator(".md-content a[href*='review']").click()
    wake(tab.page)
    assert tab.page.evaluate("window.sameWindow") == "yes", "that was a full reload"
    assert "/site/review/" in tab.page.url
    assert tab.page.evaluate(POINTS_JS) == points(facts, "hidden")
    reveal_and_check(tab, facts)
    tab.page.wait_for_function(f"{POINTS_JS} === {points(facts, 'shown')}")

    # Away and back, still instant: a new copy of the timeline, wired again, locked again.
    tab.page.locator(".md-content a[href*='plain']").click()
    tab.page.wait_for_function("!document.querySelector('.recap')")
    tab.page.go_back()
    wake(tab.page)
    assert tab.page.evaluate("window.sameWindow") == "yes"
    assert tab.page.locator(".recap-reveal").get_attribute("aria-expanded") == "false"
    reveal_and_check(tab, facts)
    assert tab.errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_material_palette_toggle_switches_the_timeline_live(open_tab, width):
    tab = open_tab("site/review/", width)
    wait_scheme(tab.page, "light")
    tab.shot("material-light")
    light_bg = tab.page.evaluate(
        "getComputedStyle(document.querySelector('.recap')).backgroundColor"
    )
    material_toggle(tab)
    wait_scheme(tab.page, "dark")
    dark_bg = tab.page.evaluate(
        "getComputedStyle(document.querySelector('.recap')).backgroundColor"
    )
    assert (light_bg, dark_bg) == ("rgb(255, 255, 255)", "rgb(13, 17, 23)")
    tab.shot("material-dark")
    material_toggle(tab)
    wait_scheme(tab.page, "light")
    assert tab.errors == []


def test_material_iframe_follows_the_palette(open_tab, hosts):
    tab = open_tab("site/framed/", 1280)
    frame_locator = tab.page.frame_locator(f"#{hosts.frame_id}")
    wake(frame_locator)
    frame = tab.page.locator(f"#{hosts.frame_id}").element_handle().content_frame()
    assert frame.url.startswith(hosts.timeline_url)
    wait_scheme(frame, "light")
    tab.page.locator(f"#{hosts.frame_id}").scroll_into_view_if_needed()
    tab.shot("material-iframe-light", full_page=False)
    material_toggle(tab)
    wait_scheme(frame, "dark")
    assert frame.evaluate("getComputedStyle(document.documentElement).backgroundColor") == (
        "rgb(13, 17, 23)"
    )
    tab.shot("material-iframe-dark", full_page=False)
    material_toggle(tab)
    wait_scheme(frame, "light")
    assert tab.errors == []


def test_iframe_ignores_a_scheme_from_anyone_but_its_parent(open_tab, hosts):
    """The frame's page takes the scheme from the window that embeds it, nobody else."""
    tab = open_tab("site/framed/", 1280)
    wake(tab.page.frame_locator(f"#{hosts.frame_id}"))
    frame = tab.page.locator(f"#{hosts.frame_id}").element_handle().content_frame()
    wait_scheme(frame, "light")
    # The frame posting to itself is not its parent speaking.
    frame.evaluate("postMessage({ type: 'recap:scheme', scheme: 'dark' }, '*')")
    frame.evaluate("new Promise((done) => setTimeout(done, 200))")
    assert frame.locator(".recap").get_attribute("data-scheme") == "light"


@pytest.mark.parametrize("width", WIDTHS)
def test_material_event_link_scrolls_the_article_below_its_header(open_tab, hosts, width):
    tab = open_tab("site/linked/", width)
    wake(tab.page.frame_locator(f"#{hosts.frame_id}"))
    frame = tab.page.locator(f"#{hosts.frame_id}").element_handle().content_frame()
    selector = f'li[data-event-id="{hosts.linked_event}"]'
    frame.wait_for_selector(f"{selector}.recap-highlight")
    # The event's top shows in the window, just below Material's sticky header.
    where = f"""() => {{
      const frame = document.getElementById("{hosts.frame_id}").getBoundingClientRect();
      const header = document.querySelector(".md-header").getBoundingClientRect();
      return {{ frameTop: frame.top, header: header.bottom, height: innerHeight }};
    }}"""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        place = tab.page.evaluate(where)
        item = frame.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().top")
        top = place["frameTop"] + item
        if place["header"] <= top <= place["header"] + 24:
            break
        assert time.monotonic() < deadline, f"the event is at {top}px: {place}"
        time.sleep(0.2)
    tab.shot("material-linked", full_page=False)
    assert tab.errors == []


def test_material_fragment_event_link_shows_the_event_below_the_header(open_tab, hosts):
    tab = open_tab(f"site/review/#{hosts.linked_event}", 1280)
    wake(tab.page)
    item = f'.recap li[data-event-id="{hosts.linked_event}"]'
    tab.page.wait_for_selector(f"{item}.recap-highlight")
    top = tab.page.evaluate(f"document.querySelector('{item}').getBoundingClientRect().top")
    header = tab.page.evaluate(
        "document.querySelector('.md-header').getBoundingClientRect().bottom"
    )
    assert header <= top <= header + 40
    assert tab.errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_material_leaves_the_timeline_as_on_a_bare_page(open_tab, width):
    for scheme in ("light", "dark"):
        bare = open_tab("bare/", width, color_scheme=scheme)
        wait_scheme(bare.page, scheme)
        material = open_tab("site/review/", width)
        if scheme == "dark":
            material_toggle(material)
        wait_scheme(material.page, scheme)
        changes = look_changes(bare.look(), material.look())
        assert changes == [], f"Material ({scheme}) restyles the timeline:\n" + "\n".join(
            changes[:40]
        )
        bare.shot(f"bare-{scheme}")


@pytest.mark.parametrize("width", WIDTHS)
def test_material_keeps_its_own_look(open_tab, width):
    selectors = [
        "html", "body", ".md-header", ".md-typeset h1", ".md-typeset p",
        ".md-typeset blockquote", ".md-content",
    ]  # fmt: skip
    props = [*LOOK, "width"]
    plain = open_tab("site/plain/", width, wait=False)
    plain.page.wait_for_selector(".md-content")
    review = open_tab("site/review/", width)
    expected = plain.page.evaluate(HOST_LOOK_JS, [selectors, props])
    got = review.page.evaluate(HOST_LOOK_JS, [selectors, props])
    assert got == expected


# --- markdown-it (CommonMark) ---------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_commonmark_page_renders_reveals_and_keeps_the_look(open_tab, facts, hosts, width):
    tab = open_tab("md/review/", width)
    assert tab.page.evaluate(POINTS_JS) == points(facts, "hidden")
    # markdown-it passed the fragment through whole: no paragraph put in, no code as text.
    served = (hosts.root / "md" / "review" / "index.html").read_text(encoding="utf-8")
    assert hosts.fragment.strip() in served
    assert "function" not in tab.page.evaluate("document.querySelector('.recap').innerText")
    bare = open_tab("bare/", width)
    changes = look_changes(bare.look(), tab.look())
    assert changes == [], "the blog's CSS restyles the timeline:\n" + "\n".join(changes[:40])
    tab.shot("commonmark-light")
    tab.page.locator("#theme-toggle").click()
    wait_scheme(tab.page, "dark")
    dark_bare = open_tab("bare/", width, color_scheme="dark")
    wait_scheme(dark_bare.page, "dark")
    changes = look_changes(dark_bare.look(), tab.look())
    assert changes == [], "dark: the blog's CSS restyles the timeline:\n" + "\n".join(changes[:40])
    tab.shot("commonmark-dark")
    reveal_and_check(tab, facts)
    assert tab.errors == []


def test_commonmark_page_after_a_body_swap(open_tab, facts):
    tab = open_tab("md/", 1280, wait=False)
    tab.page.locator("#swap-link").click()
    wake(tab.page)
    assert tab.page.evaluate("window.swaps") == 1
    reveal_and_check(tab, facts)
    assert tab.errors == []


def test_a_saved_copy_of_a_wired_timeline_starts_again(open_tab, facts):
    """htmx's history and Turbo's cache put back a copy of the page as it was, revealed
    chart and all, without running its scripts: the timeline is wired again, locked."""
    tab = open_tab("md/review/", 1280)
    reveal_and_check(tab, facts)
    tab.page.evaluate(
        "() => { const saved = document.querySelector('article').innerHTML;"
        " document.querySelector('article').innerHTML = saved; }"
    )
    tab.page.wait_for_selector(f"{READY}:not([data-revealed])")
    button = tab.page.locator(".recap-reveal")
    assert button.get_attribute("aria-expanded") == "false"
    assert tab.page.evaluate(POINTS_JS) == points(facts, "hidden")
    reveal_and_check(tab, facts)
    assert tab.errors == []


def test_the_same_story_twice_has_unique_ids(open_tab, facts, hosts):
    """Two copies of one fragment: ids stay unique, references follow, each reveals alone."""
    tab = open_tab("md/review/", 1280)
    tab.page.evaluate(
        "() => { const copy = document.querySelector('.recap').outerHTML;"
        " document.querySelector('article').insertAdjacentHTML('beforeend', copy); }"
    )
    tab.page.wait_for_function(f"document.querySelectorAll('{READY}').length === 2")
    assert tab.page.evaluate(DUPLICATE_IDS_JS) == []
    assert tab.page.evaluate(DANGLING_JS, REFERENCES) == []
    roots = tab.page.locator(".recap")
    second = roots.nth(1)
    assert second.get_attribute("id") != roots.nth(0).get_attribute("id")
    second.locator(".recap-reveal").click()
    second.locator('.recap-reveal[aria-expanded="true"]').wait_for()
    assert roots.nth(0).locator(".recap-reveal").get_attribute("aria-expanded") == "false"
    revealed_ids = second.evaluate(
        "(root) => [...root.querySelectorAll('.recap-events li[id]')].map((li) => li.id)"
    )
    assert all(i.startswith(second.get_attribute("id") + "-") for i in revealed_ids)
    assert tab.page.evaluate(DUPLICATE_IDS_JS) == []
    assert tab.page.evaluate(DANGLING_JS, REFERENCES) == []
    assert tab.errors == []


# --- a bare page: each way a host can say its scheme ----------------------------------------

SCHEME_WAYS = {
    "color-scheme": "document.documentElement.style.colorScheme = '{}'",
    "data-theme": "document.documentElement.setAttribute('data-theme', '{}')",
    "data-bs-theme": "document.body.setAttribute('data-bs-theme', '{}')",
    "data-md-color-scheme": (
        "document.body.setAttribute('data-md-color-scheme', '{}' === 'dark' ? 'slate' : 'default')"
    ),
    "dark class": "document.documentElement.classList.toggle('dark', '{}' === 'dark')",
}


@pytest.mark.parametrize("way", SCHEME_WAYS)
def test_bare_page_follows_each_way_a_host_says_its_scheme(open_tab, way):
    tab = open_tab("bare/", 1280)
    wait_scheme(tab.page, "light")
    tab.page.evaluate(SCHEME_WAYS[way].format("dark"))
    wait_scheme(tab.page, "dark")
    tab.page.evaluate(SCHEME_WAYS[way].format("light"))  # no dark class: the system's light
    wait_scheme(tab.page, "light")
    assert tab.errors == []


def test_bare_page_follows_the_system_setting_live(open_tab):
    tab = open_tab("bare/", 1280, color_scheme="light")
    wait_scheme(tab.page, "light")
    tab.page.emulate_media(color_scheme="dark")
    wait_scheme(tab.page, "dark")
    # A host that names its scheme outranks the system.
    tab.page.evaluate("document.documentElement.setAttribute('data-theme', 'light')")
    wait_scheme(tab.page, "light")
    assert tab.errors == []
