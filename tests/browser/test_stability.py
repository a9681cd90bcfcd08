"""Nothing moves as the page's script runs: the controls it needs are laid out from the
first paint (no layout shift on a phone or a desktop), and without scripts they are not
shown at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import TIMEOUT_MS, wake

pytestmark = pytest.mark.browser

SHIFTS_JS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__shifts.push({
      value: entry.value,
      sources: (entry.sources || []).map((s) => String((s.node && s.node.className) || "")),
    });
  }
}).observe({ type: "layout-shift", buffered: true });
"""

PHONE = {
    "viewport": {"width": 412, "height": 823},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1.75,
}
DESKTOP = {"viewport": {"width": 1350, "height": 940}}


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_nothing_shifts_while_the_page_loads(
    browser: Any, pages: dict[str, Path], device: dict[str, Any]
) -> None:
    context = browser.new_context(**device)
    try:
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(SHIFTS_JS)
        page = context.new_page()
        page.goto(pages["hidden"].as_uri())
        wake(page)
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__shifts")
    finally:
        context.close()
    assert sum(shift["value"] for shift in shifts) < 0.01, shifts


def test_without_scripts_the_scripted_controls_are_not_shown(
    browser: Any, pages: dict[str, Path]
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(pages["hidden"].as_uri())
        scripted = page.locator("[data-recap-scripted]")
        assert scripted.count() >= 2  # the reveal button, the views
        for index in range(scripted.count()):
            assert not scripted.nth(index).is_visible()
        assert "JavaScript" in page.locator(".recap-spoiler-bar").inner_text()
    finally:
        context.close()
