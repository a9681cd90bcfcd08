"""The chart tells the story: labels, the details panel, the keyboard, act-by-act reveal.

Checked in a real Chromium on the bundled story and on a story with long titles, six arcs,
Korean and emoji text and two spoiler acts (tests/stories/two_spoiler_acts.yaml).
Expectations come from the stories' frames, never from hard-coded text.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

import recap
from recap.frame import events
from tests.browser.conftest import STORIES, WIDTHS, Built, visible_everywhere, wake

pytestmark = pytest.mark.browser

GEOMETRY_JS = """
(root) => {
  const chart = root.querySelector(".recap-chart");
  const origin = chart.getBoundingClientRect();
  const rel = (el) => {
    const b = el.getBoundingClientRect();
    return [b.left - origin.left, b.top - origin.top, b.right - origin.left, b.bottom - origin.top];
  };
  const xa = chart._fullLayout.xaxis, ya = chart._fullLayout.yaxis;
  return {
    area: [xa._offset, ya._offset, xa._offset + xa._length, ya._offset + ya._length],
    labels: Array.from(chart.querySelectorAll(".recap-label")).map((el) => ({
      id: el.getAttribute("data-label-for"), text: el.textContent, box: rel(el),
      visible: el.offsetWidth > 0 && getComputedStyle(el).visibility !== "hidden",
    })),
    points: Array.from(chart.querySelectorAll(".scatterlayer .point")).map(rel),
    annotations: Array.from(chart.querySelectorAll(".annotation")).map(rel),
    captions: Array.from(chart.querySelectorAll(".recap-caption")).map(rel),
  };
}
"""


def overlap(a: list[float], b: list[float], tolerance: float = 0.5) -> bool:
    return (
        a[0] < b[2] - tolerance
        and b[0] < a[2] - tolerance
        and a[1] < b[3] - tolerance
        and b[1] < a[3] - tolerance
    )


def geometry(page: Any) -> dict[str, Any]:
    page.wait_for_function("document.querySelectorAll('.recap-label').length > 0")
    return page.locator(".recap").first.evaluate(GEOMETRY_JS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(STORIES))
def test_labels_never_overlap_and_name_their_events(
    open_story: Any, built: dict[str, Built], name: str, width: int, scheme: str
) -> None:
    page, errors = open_story(name, width=width, color_scheme=scheme, query="?theme=auto")
    drawn = geometry(page)
    told = built[name].told.set_index("event_id")
    labels = drawn["labels"]
    assert labels, "no label on the chart"
    area = drawn["area"]
    for label in labels:
        assert label["visible"]
        box = label["box"]
        assert area[0] - 0.5 <= box[0], f"{label} leaves the chart"
        assert box[2] <= area[2] + 0.5, f"{label} leaves the chart"
        assert area[1] - 0.5 <= box[1], f"{label} leaves the chart"
        assert box[3] <= area[3] + 0.5, f"{label} leaves the chart"
        row = told.loc[label["id"]]
        assert not row["spoiler"], f"a locked event is labelled: {label}"
        shown = label["text"].removesuffix("\u2026")
        assert row["label"].startswith(shown), f"{label['text']!r} is not {row['label']!r}"
        for other in drawn["points"] + drawn["annotations"]:
            assert not overlap(box, other), f"{label['text']!r} covers a marker or lane label"
    assert len({label["id"] for label in labels}) == len(labels), "an event is labelled twice"
    for first, second in itertools.pairwise(labels):
        for other in labels[labels.index(second) :]:
            if other is not first:
                assert not overlap(first["box"], other["box"]), (first["text"], other["text"])
    for index, caption in enumerate(drawn["captions"]):
        for other in drawn["captions"][index + 1 :]:
            assert not overlap(caption, other), "act captions overlap"
    public = told[~told["spoiler"]]
    labelled = {label["id"] for label in labels}
    if name == "ballerina" and width >= 1280:
        assert labelled == set(public.index), "at 1280 px every public event is labelled"
    for act, rows in public.groupby("act_id"):
        assert labelled & set(rows.index), f"act {act!r} has no label at {width} px"
    assert errors == []


def test_zooming_in_shows_more_labels(open_story: Any, built: dict[str, Built]) -> None:
    page, _ = open_story("ballerina", width=375)
    before = len(geometry(page)["labels"])
    public = built["ballerina"].told.query("not spoiler")
    page.evaluate(
        "([a, b]) => Plotly.relayout(document.querySelector('.recap-chart'), "
        "{'xaxis.range': [a, b]})",
        [0.5, float(public["order"].iloc[7]) + 0.5],
    )
    page.wait_for_timeout(300)
    after = geometry(page)["labels"]
    in_view = public[public["order"] <= public["order"].iloc[7]]
    assert {label["id"] for label in after} == set(in_view["event_id"]), (before, after)


def panel_text(page: Any) -> str:
    return str(page.locator(".recap-detail").inner_text())


def test_click_and_tap_open_the_panel_in_view(open_story: Any, built: dict[str, Built]) -> None:
    told = built["ballerina"].told.set_index("event_id")
    page, errors = open_story("ballerina", width=1280)
    label = page.locator(".recap-label").nth(3)
    event_id = label.get_attribute("data-label-for")
    label.click()
    page.wait_for_function("document.querySelector('.recap-detail').innerText !== ''")
    text = panel_text(page)
    assert told.loc[event_id, "title"] in text
    assert told.loc[event_id, "summary"].split()[0] in text
    assert "Act" in text
    assert told.loc[event_id, "act_label"] in text
    box = page.locator(".recap-panel").bounding_box()
    assert box["y"] >= 0, f"the panel opened off screen: {box}"
    assert box["y"] + 40 <= 900, f"the panel opened off screen: {box}"
    chart_box = page.locator(".recap-chart").bounding_box()
    assert box["x"] >= chart_box["x"] + chart_box["width"] - 1, "on a wide screen, beside the chart"
    page.locator(".recap-detail-close").click()
    assert panel_text(page) == ""
    assert errors == []

    phone, errors = open_story("ballerina", width=375, has_touch=True, is_mobile=True)
    target = built["ballerina"].told.query("not spoiler").iloc[0]
    spot = phone.locator(".recap-chart").evaluate(
        """(chart, x) => { chart.scrollIntoView({block: "center"});
        const b = chart.getBoundingClientRect(), l = chart._fullLayout;
        return [b.left + l.xaxis._offset + l.xaxis.l2p(x),
                b.top + l.yaxis._offset + l.yaxis.l2p(0)]; }""",
        int(target["order"]),
    )
    phone.touchscreen.tap(spot[0], spot[1])
    phone.wait_for_function("document.querySelector('.recap-detail').innerText !== ''")
    assert target["title"] in panel_text(phone)
    panel = phone.locator(".recap-panel").bounding_box()
    chart = phone.locator(".recap-chart").bounding_box()
    assert panel["y"] >= chart["y"] + chart["height"] - 1, "on a phone, under the chart"
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_walks_every_event_from_one_tab_stop(
    open_story: Any, built: dict[str, Built], width: int
) -> None:
    page, errors = open_story("lighthouse", width=width)
    told = built["lighthouse"].told
    secrets = [t for step in (0, 1) for t in built["lighthouse"].texts_of_step(step)]
    # Focus the last control before the chart (a reveal, view or follow control), then Tab.
    page.evaluate(
        """() => {
          const stops = Array.from(document.querySelectorAll(
            "button, summary, a[href], [tabindex='0']")).filter((e) => e.checkVisibility());
          stops[stops.indexOf(document.querySelector(".recap-chart")) - 1].focus();
        }"""
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.recap-chart')"), "Tab skips the chart"
    for position, row in enumerate(told.itertuples()):
        page.keyboard.press("ArrowRight" if position else "Home")
        text = panel_text(page)
        assert text.startswith(f"{row.order}. "), (row.order, text)
        current = page.locator(".recap-chart").get_attribute("data-current-event")
        if row.spoiler:
            assert [secret for secret in secrets if secret in text] == []
            assert current.startswith("spoiler-")
        else:
            assert row.title in text
            assert current == row.event_id
    page.keyboard.press("Home")
    assert panel_text(page).startswith(f"{told['order'].iloc[0]}. ")
    page.keyboard.press("End")
    assert panel_text(page).startswith(f"{told['order'].iloc[-1]}. ")
    page.keyboard.press("Escape")
    assert panel_text(page) == ""
    # One tab stop for the events: past the chart come only plotly's three zoom buttons.
    stops = []
    for _ in range(4):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.getAttribute('aria-label') || ''"))
        if not page.evaluate("!!document.activeElement.closest('.recap-chart')"):
            break
    assert stops[:-1] == ["Zoom in", "Zoom out", "Reset axes"], stops
    assert errors == []


def test_links_open_the_panel_and_never_a_locked_event(
    open_story: Any, built: dict[str, Built]
) -> None:
    told = built["ballerina"].told
    public = told.query("not spoiler").iloc[5]
    page, _ = open_story("ballerina", query=f"#{public['event_id']}")
    assert public["title"] in panel_text(page)
    secret = told.query("spoiler").iloc[0]
    page, _ = open_story("ballerina", query=f"#{secret['event_id']}")
    assert panel_text(page) == ""
    page, _ = open_story("ballerina", query=f"#spoiler-{secret['order']}")
    text = panel_text(page)
    assert text.startswith(f"{secret['order']}. ")
    assert secret["title"] not in text
    assert secret["summary"] not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_reveal_act_by_act(open_story: Any, built: dict[str, Built], width: int) -> None:
    story = built["lighthouse"]
    first, second = story.texts_of_step(0), story.texts_of_step(1)
    assert first
    assert second
    page, errors = open_story("lighthouse", width=width)
    buttons = page.locator(".recap-reveal")
    assert buttons.count() == 2
    assert "The first betrayal" in buttons.nth(0).inner_text()
    assert "The last night" in buttons.nth(1).inner_text()
    seen = visible_everywhere(page)
    assert [text for text in first + second if text in seen] == []

    buttons.nth(0).click()
    page.wait_for_selector('.recap-reveal[data-step="0"][aria-expanded="true"]')
    assert buttons.nth(1).get_attribute("aria-expanded") == "false"
    seen = visible_everywhere(page)
    labels = page.evaluate(
        "Array.from(document.querySelectorAll('.recap-label')).map((l) => l.textContent)"
    )
    assert [text for text in first if text in seen] == first or len(first) == 0
    assert [text for text in second if text in seen + " ".join(labels)] == []
    assert "still hidden" in page.locator(".recap-spoiler-note").inner_text()

    buttons.nth(1).click()
    page.wait_for_selector('.recap-reveal[data-step="1"][aria-expanded="true"]')
    seen = visible_everywhere(page)
    assert [text for text in second if text not in seen] == []

    buttons.nth(0).click()  # hiding an act hides the ones after it too
    page.wait_for_selector('.recap-reveal[data-step="1"][aria-expanded="false"]')
    assert buttons.nth(0).get_attribute("aria-expanded") == "false"
    seen = visible_everywhere(page)
    assert [text for text in first + second if text in seen] == []
    assert errors == []


def test_reveal_from_the_address(open_story: Any, built: dict[str, Built]) -> None:
    story = built["lighthouse"]
    act_id = story.story.acts[2].id
    page, _ = open_story("lighthouse", query=f"?reveal={act_id}")
    assert page.locator('.recap-reveal[data-step="0"]').get_attribute("aria-expanded") == "true"
    seen = visible_everywhere(page)
    assert [text for text in story.texts_of_step(1) if text in seen] == []
    page, _ = open_story("lighthouse", query="?spoilers=shown")
    seen = visible_everywhere(page)
    assert [text for text in story.texts_of_step(1) if text not in seen] == []


def test_many_spoiler_acts_share_controls(fresh_page: Any, tmp_path: Path) -> None:
    # Twelve spoiler acts, eight controls (MAX_REVEAL_CONTROLS): acts 10-11, 12-13... share.
    lines = ["title: Serial", "arcs: {a: {label: A}}", "acts:"]
    lines += [
        f"  - {{id: act{index}, label: Episode {index + 1}, spoiler: {index >= 8}}}"
        for index in range(20)
    ]
    lines += ["events:"] + [
        f"  - {{title: Scene {number}, summary: Secret of scene {number}, arcs: a, "
        f"act: act{number // 2}}}"
        for number in range(40)
    ]
    story = recap.parse_story("\n".join(lines) + "\n")
    (page_path,) = [output.path for output in recap.write_html(story, tmp_path)]
    told = events(recap.to_frame(story))
    summaries = {step: told[told["reveal_step"] == step]["summary"].tolist() for step in range(8)}
    assert [len(summaries[step]) for step in range(8)] == [2, 4, 2, 4, 2, 4, 2, 4]

    page, errors = fresh_page(page_path.as_uri())
    wake(page)
    buttons = page.locator(".recap-reveal")
    assert buttons.count() == 8
    assert buttons.nth(0).inner_text() == "Reveal: Episode 9"
    assert buttons.nth(1).inner_text() == "Reveal: Episode 10 \u2013 Episode 11"
    buttons.nth(1).click()
    page.wait_for_selector('.recap-reveal[data-step="1"][aria-expanded="true"]')
    assert buttons.nth(1).inner_text() == "Hide: Episode 10 \u2013 Episode 11"
    note = page.locator(".recap-spoiler-note").inner_text()
    assert "\u201cEpisode 11\u201d" in note
    assert "18 later events are still hidden" in note
    seen = visible_everywhere(page)
    assert [text for text in summaries[0] + summaries[1] if text not in seen] == []
    later = [text for step in range(2, 8) for text in summaries[step]]
    assert [text for text in later if text in seen] == []

    # An address naming any act of a shared control reveals up to that control.
    page, _ = fresh_page(page_path.as_uri() + "?reveal=act10")
    wake(page)
    page.wait_for_selector('.recap-reveal[data-step="1"][aria-expanded="true"]')
    assert page.locator('.recap-reveal[data-step="2"]').get_attribute("aria-expanded") == "false"
    assert errors == []
