"""scripts/screenshot: takes the README's picture in a real headless Chromium."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from tests.test_screenshot import screenshot_script

pytestmark = pytest.mark.browser


def test_the_script_takes_a_fingerprinted_picture(browser: Any, tmp_path: Path) -> None:
    script = screenshot_script()
    output = script.take(tmp_path / "shot.png", width=640, height=480, browser=browser)
    png = output.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (640, 480)
    assert script.read_fingerprint(png) == script.page_fingerprint()
    assert png.endswith(b"IEND\xaeB`\x82")  # the text chunk went in before the end
