"""Browser times: from navigation to a chart drawn, and to a chart interactive, in headless
Chromium.

Each page is served over HTTP on 127.0.0.1 and loaded in a fresh browser context (no
cache shared between loads). A script installed before the page's own records
`performance.now()` (milliseconds since navigation started) at two moments. *Drawn*: for
recap's pages when the .recap root says data-chart="sketched" (the chart drawn as plain
SVG, before plotly.js) or "ready"; *interactive*: when it says "ready" (plotly.js has drawn
the chart and its handlers are attached). recap's pages load plotly.js when the reader
reaches for the timeline: the script reaches for it (a pointer over the chart) the moment
the sketch is drawn, so "interactive" is the soonest a reader who sees the chart and goes
for it at once can hover. For a plain Plotly page both are when
its Plotly.newPlot has finished (its promise resolves after the plot, SVG or WebGL, is
drawn and its handlers are on).
"""

from __future__ import annotations

import functools
import gzip
import os
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from naive_build import plain_page

import recap
from recap.plotlyjs import BASIC_FILE, basic_bundle_bytes, basic_cdn_url

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
LOAD_TIMEOUT_MS = 180_000

READY_SCRIPT = """
(() => {
  const drawn = () => {
    if (window.__benchDrawn === undefined) window.__benchDrawn = performance.now();
  };
  const ready = () => {
    drawn();
    if (window.__benchReady === undefined) window.__benchReady = performance.now();
  };
  // recap's pages say so on their root; the reader reaches for the chart at once.
  new MutationObserver(() => {
    const root = document.querySelector(".recap");
    const state = root && root.getAttribute("data-chart");
    if (state === "sketched") {
      drawn();
      // The reader sees the chart and reaches for it at once.
      const reach = new PointerEvent("pointerover", { bubbles: true });
      if (!window.__benchReached) root.querySelector(".recap-chart").dispatchEvent(reach);
      window.__benchReached = true;
    }
    if (state === "ready") ready();
    if (state === "failed") window.__benchFailed = true;
  }).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-chart"],
  });
  // A plain Plotly page is ready when its Plotly.newPlot has finished (its promise
  // resolves once the plot, SVG or WebGL, is drawn and its handlers are on).
  let plotly;
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get: () => plotly,
    set: (value) => {
      plotly = value;
      if (!value || !value.newPlot || value.__benchWrapped) return;
      const newPlot = value.newPlot;
      value.newPlot = function (...args) {
        const drawn = newPlot.apply(this, args);
        Promise.resolve(drawn).then(() => { if (!document.querySelector(".recap")) ready(); });
        return drawn;
      };
      value.__benchWrapped = true;
    },
  });
})();
"""


@dataclass(frozen=True)
class PageTime:
    name: str
    bytes: int
    dom_nodes: int
    drawn_ms: float  # median of the loads: the chart drawn (recap: its sketch)
    ready_ms: float  # median of the loads: the chart interactive


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 from a thread; yield its base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        """Serves as a web host does: HTML and scripts gzipped when the browser accepts it."""

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if not accepts or path.suffix not in {".html", ".js"} or not path.is_file():
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            kind = "text/html" if path.suffix == ".html" else "application/javascript"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def build_pages(story: recap.Story, folder: Path, base_url: str) -> dict[str, Path]:
    """Write recap's inline and cdn-style pages and a naive Plotly page of the story."""
    pages: dict[str, Path] = {}
    inline = recap.write_html(story, folder / "inline")[0].path
    pages["recap, inline (basic bundle)"] = inline
    # The cdn page as built, its bundle fetched from this server instead of the CDN
    # (same bytes, so the integrity hash still holds and is still checked).
    cdn = recap.write_html(story, folder / "cdn", plotlyjs="cdn")[0].path
    (folder / BASIC_FILE).write_bytes(basic_bundle_bytes())
    html = cdn.read_text("utf-8")
    assert basic_cdn_url() in html
    cdn.write_text(html.replace(basic_cdn_url(), f"{base_url}/{BASIC_FILE}"), "utf-8")
    pages["recap, cdn-style (bundle served here)"] = cdn
    naive = folder / "naive" / "plotly.html"
    naive.parent.mkdir(parents=True, exist_ok=True)
    plain_page(recap.to_frame(story), story.title, naive)
    pages["naive Plotly page (write_html)"] = naive
    return pages


def time_page(browser: Any, url: str, *, loads: int) -> tuple[float, float, int]:
    """Return the median drawn and interactive times in ms over `loads` fresh loads, and
    the DOM size."""
    drawn, ready = [], []
    nodes = 0
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            context.add_init_script(READY_SCRIPT)
            page = context.new_page()
            page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
            page.wait_for_function(
                "window.__benchReady !== undefined || window.__benchFailed === true",
                timeout=LOAD_TIMEOUT_MS,
                polling=50,
            )
            if page.evaluate("window.__benchFailed === true"):
                raise RuntimeError(f"the chart failed to draw: {url}")
            drawn.append(float(page.evaluate("window.__benchDrawn")))
            ready.append(float(page.evaluate("window.__benchReady")))
            nodes = int(page.evaluate("document.getElementsByTagName('*').length"))
        finally:
            context.close()
    return statistics.median(drawn), statistics.median(ready), nodes


def browser_times(
    stories: dict[int, recap.Story], folder: Path, *, loads: int
) -> list[tuple[int, list[PageTime]]]:
    """Time each story's pages; return (events, page times) per story, in order."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no Chromium: install Debian's chromium or set BROWSER_PATH")
    results = []
    with served(folder) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for events, story in stories.items():
                root = folder / f"pages-{events}"
                pages = build_pages(story, root, f"{base_url}/{root.name}")
                timed = []
                for name, path in pages.items():
                    url = f"{base_url}/{path.relative_to(folder).as_posix()}"
                    drawn, ready, nodes = time_page(browser, url, loads=loads)
                    timed.append(PageTime(name, path.stat().st_size, nodes, drawn, ready))
                results.append((events, timed))
        finally:
            browser.close()
    return results
