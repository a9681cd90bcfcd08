"""The built page in a real headless Chromium: chart, hover, taps, the spoiler gate, layout."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from recap.frame import LOCKED_TITLE

pytestmark = pytest.mark.browser

WIDTHS = [375, 1440]
PHONE = {"width": 375, "height": 667, "has_touch": True, "is_mobile": True}


def arc_labels(facts) -> set[str]:
    return set(facts.frame["arc_label"])


def first_words(text: str, limit: int = 28) -> str:
    """The first few words of a text: short enough to sit on the hover's first line."""
    words: list[str] = []
    for word in text.split():
        if words and len(" ".join([*words, word])) > limit:
            break
        words.append(word)
    return " ".join(words)


def pick_events(facts, count: int = 3) -> list[dict]:
    """First, middle and last non-spoiler events that have a summary."""
    rows = facts.public_events[facts.public_events["summary"] != ""]
    assert len(rows), "the fixture story needs non-spoiler events with summaries"
    picks = {0, len(rows) // 2, len(rows) - 1}
    return [rows.iloc[index].to_dict() for index in sorted(picks)][:count]


def missing_from(text: str, strings: list[str]) -> list[str]:
    return [string for string in strings if string not in text]


def found_in(text: str, strings: list[str]) -> list[str]:
    return [string for string in strings if string in text]


def wait_for_markers(page, total: int) -> None:
    page.page.wait_for_function(
        "(n) => document.querySelectorAll('.recap-chart .scatterlayer .point').length === n",
        arg=total,
    )


# 1 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", ["hidden", "shown", "omit"])
def test_chart_draws_every_marker_on_its_lane(open_page, facts, mode, width):
    page = open_page(mode, width=width)
    state = page.chart_state(arc_labels(facts))
    shown, locked = state.counts()
    want_shown, want_locked = facts.markers(mode)

    assert shown == want_shown
    assert locked == want_locked
    if mode == "hidden":
        assert want_locked, "a hidden page must draw placeholders for its spoilers"
    total = sum(want_shown.values()) + sum(want_locked.values())
    assert state.svg_points == total
    # Each lane is labelled once, and every marker is drawn inside the plot area.
    assert len(set(state.lane_labels.values())) == len(state.lane_labels)
    for marker in state.markers:
        page.position(marker.x, marker.y)


# 2 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_hover_shows_the_event_summary(open_page, facts, width):
    page = open_page("hidden", width=width)
    labels = arc_labels(facts)
    for event in pick_events(facts):
        marker = page.marker(event["event_id"], labels)
        x, y = page.position(marker.x, marker.y)
        heading = f"{event['order']}. {event['title']}"
        text = page.hover(x, y, heading)
        assert text.startswith(heading), text
        assert first_words(event["summary"]) in text, text


# 3 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("pointer", ["mouse", "touch"])
def test_tapping_a_marker_shows_its_details(open_page, facts, pointer):
    page = open_page("hidden", **(PHONE if pointer == "touch" else {"width": 1440}))
    labels = arc_labels(facts)
    picks = pick_events(facts)
    # A person's taps are further apart than plotly's double-click window; taps closer
    # than that are merged, and plotly's 50 ms hover throttle can then reuse the old point.
    pause = page.chart.evaluate("(chart) => chart._context.doubleClickDelay") + 100
    previous = None
    for event in (picks[0], picks[-1]):
        if previous is not None:
            page.page.wait_for_timeout(pause)
        marker = page.marker(event["event_id"], labels)
        x, y = page.position(marker.x, marker.y)
        if pointer == "touch":
            page.page.touchscreen.tap(x, y)
        else:
            page.page.mouse.click(x, y)
        page.page.wait_for_function(
            "(title) => document.querySelector('.recap-detail').innerText.includes(title)",
            arg=event["title"],
        )
        detail = page.page.locator(".recap-detail").inner_text()
        assert detail.startswith(f"{event['order']}. {event['title']}"), detail
        assert event["summary"] in detail
        if previous is not None:
            assert previous["title"] not in detail
        highlighted = page.page.locator(".recap-events .recap-highlight")
        assert highlighted.count() == 1
        assert highlighted.get_attribute("data-event-id") == event["event_id"]
        previous = event


def test_tapping_a_marker_keeps_the_zoom(open_page, facts):
    page = open_page("hidden", **PHONE)
    page.chart.scroll_into_view_if_needed()
    page.page.locator('.recap-chart .modebar-btn[data-title="Zoom in"]').tap()
    ranges = "(chart) => [chart._fullLayout.xaxis.range, chart._fullLayout.yaxis.range]"
    page.page.wait_for_function(
        "() => document.querySelector('.recap-chart')._fullLayout.xaxis.range[0] > 1"
    )
    zoomed = page.chart.evaluate(ranges)
    low, high = zoomed[0]
    inside = facts.public_events[facts.public_events["order"].between(low + 0.5, high - 0.5)]
    assert len(inside), f"no event left in the zoomed range {zoomed[0]}"
    event = inside.iloc[len(inside) // 2]
    marker = page.marker(event["event_id"], arc_labels(facts))
    page.page.touchscreen.tap(*page.position(marker.x, marker.y))
    page.page.wait_for_function(
        "(title) => document.querySelector('.recap-detail').innerText.includes(title)",
        arg=event["title"],
    )
    page.page.wait_for_timeout(page.chart.evaluate("(c) => c._context.doubleClickDelay") + 100)
    assert page.chart.evaluate(ranges) == zoomed, "a single tap reset the zoom"


# 4 ---------------------------------------------------------------------------------------


def assert_no_spoilers(page, facts) -> None:
    strings = facts.spoiler_strings
    assert found_in(page.text(), strings) == [], "spoilers in the page text"
    assert found_in(page.page.title(), strings) == [], "spoilers in the document title"
    snapshot = page.page.locator("body").aria_snapshot()
    assert found_in(snapshot, strings) == [], "spoilers in the ARIA snapshot"
    assert found_in(page.accessible_texts(), strings) == [], "spoilers in the AX tree"
    ids = facts.spoiler_events["event_id"].tolist()
    source = page.page.evaluate("document.documentElement.outerHTML")
    assert found_in(source, ids) == [], "spoiler event ids in the live DOM"


def test_hidden_spoilers_stay_hidden_until_revealed(open_page, facts):
    page = open_page("hidden")
    labels = arc_labels(facts)
    strings = facts.spoiler_strings
    assert_no_spoilers(page, facts)

    # The placeholders' hover tells only the number and the teaser.
    state = page.chart_state(labels)
    placeholders = [marker for marker in state.markers if marker.locked]
    assert placeholders
    by_order = facts.told.set_index("order")
    for marker in placeholders:
        teaser = by_order.loc[marker.x, "teaser"] or LOCKED_TITLE
        x, y = page.position(marker.x, marker.y)
        text = page.hover(x, y, f"{marker.x}. {teaser}")
        assert found_in(text, strings) == [], f"spoilers in the hover of placeholder {marker.x}"
    page.page.mouse.move(0, 0)

    # Keyboard only: Tab to the reveal button, Enter reveals.
    focused = False
    for _ in range(30):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.matches('.recap-reveal')"):
            focused = True
            break
    assert focused, "Tab never reached the reveal button"
    assert page.page.evaluate("document.activeElement.tagName") == "BUTTON"
    button = page.page.locator(".recap-reveal")
    assert button.get_attribute("aria-expanded") == "false"

    page.page.keyboard.press("Enter")
    page.page.wait_for_selector('.recap-reveal[aria-expanded="true"]')
    want_shown, want_locked = facts.markers("shown")
    wait_for_markers(page, sum(want_shown.values()))
    assert missing_from(page.text(), facts.spoiler_texts) == []
    assert page.chart_state(labels).counts() == (want_shown, want_locked)

    # Space on the still-focused button hides them again.
    assert page.page.evaluate("document.activeElement.matches('.recap-reveal')")
    page.page.keyboard.press("Space")
    page.page.wait_for_selector('.recap-reveal[aria-expanded="false"]')
    want_shown, want_locked = facts.markers("hidden")
    wait_for_markers(page, sum(want_shown.values()) + sum(want_locked.values()))
    assert_no_spoilers(page, facts)
    assert page.chart_state(labels).counts() == (want_shown, want_locked)


# 5 ---------------------------------------------------------------------------------------


def test_shown_mode_shows_spoilers_without_a_gate(open_page, facts):
    page = open_page("shown")
    assert missing_from(page.text(), facts.spoiler_texts) == []
    assert page.page.locator(".recap-reveal").count() == 0
    assert page.page.locator(".recap-reveal-data").count() == 0


def encoded_forms(text: str) -> set[bytes]:
    forms = {
        text,
        html.escape(text),
        html.escape(text, quote=False),
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
    }
    return {form.encode("utf-8") for form in forms}


@pytest.mark.parametrize("mode", ["omit", "hidden"])
def test_spoilers_absent_from_page_source(pages, facts, mode):
    source = Path(pages[mode]).read_bytes()
    leaks = [s for s in facts.spoiler_strings if any(f in source for f in encoded_forms(s))]
    assert leaks == []


def test_omit_mode_leaves_spoilers_out(open_page, facts):
    page = open_page("omit")
    assert found_in(page.text(), facts.spoiler_strings) == []
    assert page.page.locator(".recap-reveal").count() == 0
    state = page.chart_state(arc_labels(facts))
    want_shown, want_locked = facts.markers("omit")
    assert state.counts() == (want_shown, want_locked)
    assert {m.event_id for m in state.markers} == set(facts.public_events["event_id"])


# 6 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["hidden", "shown", "omit"])
def test_no_console_errors(open_page, facts, mode):
    page = open_page(mode)
    event = pick_events(facts)[0]
    marker = page.marker(event["event_id"], arc_labels(facts))
    x, y = page.position(marker.x, marker.y)
    page.hover(x, y, event["title"])
    page.page.mouse.click(x, y)
    page.page.wait_for_function("document.querySelector('.recap-detail').innerText !== ''")
    if mode == "hidden":
        page.page.locator(".recap-reveal").click()
        page.page.wait_for_selector('.recap-reveal[aria-expanded="true"]')
        page.page.locator(".recap-reveal").click()
        page.page.wait_for_selector('.recap-reveal[aria-expanded="false"]')
    assert page.page.get_attribute(".recap", "data-chart") == "ready"
    assert page.errors == []


# 7 ---------------------------------------------------------------------------------------


NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_sideways_scroll(open_page, facts, width):
    page = open_page("hidden", width=width)
    sizes = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    assert page.page.evaluate(NO_SIDEWAYS_SCROLL), page.page.evaluate(sizes)
    page.page.locator(".recap-reveal").click()
    want_shown, _ = facts.markers("shown")
    wait_for_markers(page, sum(want_shown.values()))
    assert page.page.evaluate(NO_SIDEWAYS_SCROLL), page.page.evaluate(sizes)


# 8 ---------------------------------------------------------------------------------------


def test_text_paints_before_plotly_runs(open_page):
    page = open_page("hidden")
    entries = page.page.evaluate(
        """() => Object.fromEntries(
          [...performance.getEntriesByType("paint"), ...performance.getEntriesByType("mark")]
            .map((entry) => [entry.name, entry.startTime]))"""
    )
    assert "first-contentful-paint" in entries, entries
    assert "recap:plotly-start" in entries, entries
    assert entries["first-contentful-paint"] < entries["recap:plotly-start"], entries


# 9 ---------------------------------------------------------------------------------------


CHART_CENTRE = """
(chart) => {
  chart.scrollIntoView({ block: "center" });
  const box = chart.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  return { x, y, hit: chart.contains(document.elementFromPoint(x, y)) };
}
"""


def test_chart_does_not_trap_page_scroll_on_a_phone(open_page):
    page = open_page("hidden", **PHONE)
    settings = page.chart.evaluate(
        "(chart) => [chart._context.scrollZoom, chart._fullLayout.dragmode]"
    )
    assert settings == [False, False]
    ranges = "(chart) => [chart._fullLayout.xaxis.range, chart._fullLayout.yaxis.range]"
    before = page.chart.evaluate(ranges)

    # A mouse wheel over the chart scrolls the page.
    centre = page.chart.evaluate(CHART_CENTRE)
    assert centre["hit"], "the chart's centre is not on screen"
    start = page.page.evaluate("window.scrollY")
    page.page.mouse.move(centre["x"], centre["y"])
    page.page.mouse.wheel(0, 200)
    page.page.wait_for_function("(start) => window.scrollY > start", arg=start)

    # So does a finger swiping up over the chart.
    centre = page.chart.evaluate(CHART_CENTRE)
    assert centre["hit"], "the chart's centre is not on screen"
    start = page.page.evaluate("window.scrollY")
    session = page.page.context.new_cdp_session(page.page)
    x, y = centre["x"], centre["y"]
    session.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for step in range(1, 11):
        point = {"x": x, "y": y - 15 * step}
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    session.detach()
    page.page.wait_for_function("(start) => window.scrollY > start", arg=start)

    assert page.chart.evaluate(ranges) == before, "the chart zoomed or panned"


def test_without_javascript_the_list_stands_and_the_gate_holds(open_page, facts):
    """Scripts off (a reader's setting, or a CMS that strips them): no dead button."""
    page = open_page("hidden", wait_for_chart=False, java_script_enabled=False).page
    assert not page.locator(".recap-reveal").is_visible()
    text = page.evaluate("document.body.innerText")
    assert "Revealing spoilers needs JavaScript" in text
    assert "The interactive chart needs JavaScript" in text
    assert [secret for secret in facts.spoiler_strings if secret in text] == []
    for title in facts.public_events["title"]:
        assert title in text
