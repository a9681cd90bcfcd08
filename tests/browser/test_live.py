"""`recap watch --serve` in a real browser: reload after a save, keep the reader's place."""

from __future__ import annotations

import contextlib
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import STORY_PATH, TIMEOUT_MS, wake
from tests.conftest import fetch_when_up, start_preview

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A running `recap watch --serve` on a copy of the bundled story."""
    story = tmp_path / "events.yaml"
    shutil.copy(STORY_PATH, story)
    process, port = start_preview(tmp_path, "--plotlyjs", "directory")
    url = f"http://127.0.0.1:{port}/ballerina.html"
    fetch_when_up(url)
    yield story, url
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert "Traceback" not in stderr


def edit(story: Path, old: str, new: str) -> None:
    text = story.read_text(encoding="utf-8")
    assert old in text
    story.write_text(text.replace(old, new, 1), encoding="utf-8")


@contextlib.contextmanager
def preview(browser: Any, url: str, *, width: int) -> Iterator[Any]:
    """Open the preview page with its chart drawn; close it afterwards."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(url)
        wake(page)
        yield page
    finally:
        page.close()


def test_reload_keeps_reveal_zoom_and_scroll(browser: Any, served: tuple[Path, str]) -> None:
    story, url = served
    with preview(browser, url, width=1280) as page:
        page.click(".recap-reveal")
        page.evaluate(
            "Plotly.relayout(document.querySelector('.recap-chart'), {'xaxis.range': [5, 10]})"
        )
        page.evaluate("window.scrollTo(0, 900)")
        page.wait_for_timeout(200)

        edit(story, "title: Ok-ju tails Choi", "title: Ok-ju follows Choi home")
        page.wait_for_function(
            "document.body.innerText.includes('Ok-ju follows Choi home')", timeout=TIMEOUT_MS
        )
        wake(page)
        page.wait_for_timeout(300)
        assert page.get_attribute(".recap-reveal", "aria-expanded") == "true"
        x_range = page.evaluate("document.querySelector('.recap-chart')._fullLayout.xaxis.range")
        assert x_range == pytest.approx([5, 10])
        assert abs(page.evaluate("window.scrollY") - 900) < 5


def test_broken_edit_shows_the_error_then_recovers(browser: Any, served: tuple[Path, str]) -> None:
    story, url = served
    with preview(browser, url, width=375) as page:
        edit(story, "title: Ballerina", "titel: Ballerina")
        banner = page.wait_for_selector("#recap-live-error", timeout=TIMEOUT_MS)
        assert banner.get_attribute("role") == "alert"
        assert "events.yaml:4:1: story: unknown key `titel`" in banner.inner_text()
        # The last good page is still there under the banner.
        assert page.locator("h1").inner_text() == "Ballerina"

        # Fixed, the page reloads (even though its bytes are those of the last good build).
        edit(story, "titel: Ballerina", "title: Ballerina")
        page.wait_for_selector("#recap-live-error", state="detached", timeout=TIMEOUT_MS)
        wake(page)
        assert page.locator("h1").inner_text() == "Ballerina"
