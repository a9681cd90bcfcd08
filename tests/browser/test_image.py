"""image.py: static PNG and SVG through kaleido and the system's Chromium."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import recap
from recap.image import IMAGE_WIDTH, PNG_SCALE, render_image, write_image
from recap.page import PageOptions
from tests.browser.conftest import CHROMIUM, unavailable

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _needs_chromium() -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_is_sharp_and_deterministic(ballerina_story: recap.Story, tmp_path: Path) -> None:
    first = write_image(ballerina_story, tmp_path, fmt="png")
    assert first.path == tmp_path / "ballerina.png"
    data = first.path.read_bytes()
    width, height = png_size(data)
    assert width == IMAGE_WIDTH * PNG_SCALE
    assert height > 400
    again = write_image(ballerina_story, tmp_path, fmt="png")
    assert not again.changed  # same bytes: not rewritten


def test_svg_keeps_spoilers_locked_and_is_deterministic(ballerina_story: recap.Story) -> None:
    frame = recap.to_frame(ballerina_story)
    secret_titles = recap.frame.events(frame).query("spoiler")["title"]
    svg = render_image(ballerina_story, fmt="svg").decode()
    assert svg == render_image(ballerina_story, fmt="svg").decode()
    assert "Grey squares are spoilers" in svg
    assert not [title for title in secret_titles if title in svg]
    shown = render_image(ballerina_story, fmt="svg", options=PageOptions(spoilers="shown"))
    assert "Grey squares" not in shown.decode()


def test_missing_browser_is_explained(
    ballerina_story: recap.Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(recap.RecapError, match="static images need a Chromium or Chrome browser"):
        render_image(ballerina_story, fmt="png")


@pytest.fixture(scope="module")
def ballerina_story() -> recap.Story:
    return recap.load_story(Path(__file__).resolve().parents[2] / "events.yaml")


def test_image_is_labelled_like_the_page(ballerina_story: recap.Story) -> None:
    told = recap.frame.events(recap.to_frame(ballerina_story))
    svg = render_image(ballerina_story, fmt="svg").decode()
    public = told[~told["spoiler"]]
    # Every public event of the bundled story fits at the image's width, as on the page.
    assert [label for label in public["label"] if f">{label}<" not in svg] == []
    assert [label for label in told[told["spoiler"]]["label"] if f">{label}<" in svg] == []
    for act in dict.fromkeys(told["act_label"]):
        assert f">{act}<" in svg
