"""The page's head as a browser and a link-preview scraper read it: icon, canonical, og."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from recap.cli import main
from tests.browser.conftest import CHROMIUM, STORY_PATH, unavailable, wake

pytestmark = pytest.mark.browser


@pytest.fixture
def logged_server(pages: dict[str, Path]) -> Iterator[tuple[str, list[str]]]:
    """Serve the built pages, noting every path the browser asks for."""
    asked: list[str] = []

    class Recording(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            asked.append(self.path)

    root = pages["hidden"].parent.parent
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Recording, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_icon_is_inline_and_no_favicon_is_asked_for(
    browser: Any, pages: dict[str, Path], logged_server: tuple[str, list[str]]
) -> None:
    url, asked = logged_server
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}/hidden/{pages['hidden'].name}")
        wake(page)
        # Chromium asks for /favicon.ico soon after load when a page names no icon.
        page.wait_for_timeout(1500)
        size = page.evaluate(
            """() => new Promise((done) => {
                const link = document.querySelector('link[rel="icon"]');
                if (!link) return done(null);
                const image = new Image();
                image.onload = () => done([image.naturalWidth, image.naturalHeight]);
                image.onerror = () => done(null);
                image.src = link.href;
            })"""
        )
    finally:
        context.close()
    assert f"/hidden/{pages['hidden'].name}" in asked
    assert not [path for path in asked if "favicon" in path], asked
    assert size is not None, "no icon, or one that does not load as a picture"
    assert size[0] > 0


def test_base_url_makes_the_preview_addresses_absolute(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing")  # the PNG is drawn in Chromium
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(STORY_PATH),
            "-o",
            str(tmp_path),
            "--plotlyjs",
            "cdn",
            "--image",
            "png",
            "--base-url",
            "https://example.org/recaps",
        ],
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "ballerina.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://example.org/recaps/ballerina.png">' in page
    assert '<link rel="canonical" href="https://example.org/recaps/ballerina.html">' in page
    assert '<meta property="og:url" content="https://example.org/recaps/ballerina.html">' in page
