"""Languages in a real Chromium: a Korean story's page has no English word of recap's
interface anywhere, an Arabic one is mirrored (its chart runs right to left) and passes
axe, counts take each language's plural forms, and spoilers stay hidden in every language.

The stories are written in their language (tests/stories/korean.yaml, arabic.yaml), so
any Latin word on the Korean page can only be recap's own.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import recap
from recap.i18n import supported_tags
from recap.image import render_image
from tests.browser.conftest import (
    REPO,
    STORY_PATH,
    TIMEOUT_MS,
    StoryFacts,
    record_errors,
    unavailable,
    visible_everywhere,
    wake,
)
from tests.browser.test_audits import AXE_RUN, describe_axe

pytestmark = pytest.mark.browser

KOREAN = REPO / "tests" / "stories" / "korean.yaml"
ARABIC = REPO / "tests" / "stories" / "arabic.yaml"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

# Words drawn by plotly.js (ticks, lane labels, axis title, captions) and its toolbar's
# tooltips, which live in data-title attributes the accessibility tree does not read.
CHART_WORDS_JS = """
() => Array.from(document.querySelectorAll(".recap-chart")).map((chart) => [
  Array.from(chart.querySelectorAll("svg text")).map((t) => t.textContent).join(" "),
  Array.from(chart.querySelectorAll(".modebar-btn"))
    .map((b) => b.getAttribute("data-title")).join(" "),
  chart.querySelector(".recap-overlay") ? chart.querySelector(".recap-overlay").textContent : "",
].join(" ")).join(" ")
"""
LANE_RIGHTS_JS = """
(chart) => Array.from(chart.querySelectorAll(".annotation")).map(
  (lane) => lane.getBoundingClientRect().right - chart.getBoundingClientRect().left
)
"""
MARKER_PIXELS_JS = """
(chart) => {
  const layout = chart._fullLayout, xs = {};
  chart._fullData.filter((t) => t.mode === "markers").forEach((t) => {
    Array.from(t.x).forEach((x) => { xs[x] = layout.xaxis._offset + layout.xaxis.l2p(x); });
  });
  return xs;
}
"""
LABELS_JS = """
(chart) => {
  const layout = chart._fullLayout, origin = chart.getBoundingClientRect(), anchors = {};
  chart._fullData.filter((t) => t.mode === "markers").forEach((t) => {
    Array.from(t.customdata || []).forEach((id, i) => {
      (anchors[id] = anchors[id] || []).push(layout.xaxis._offset + layout.xaxis.l2p(t.x[i]));
    });
  });
  const area = [layout.xaxis._offset, layout.xaxis._offset + layout.xaxis._length];
  return Array.from(chart.querySelectorAll(".recap-label")).map((label) => {
    const box = label.getBoundingClientRect();
    return {
      id: label.getAttribute("data-label-for"), text: label.textContent,
      left: box.left - origin.left, right: box.right - origin.left,
      anchors: anchors[label.getAttribute("data-label-for")] || [], area: area,
    };
  });
}
"""
CAPTIONS_JS = """
(chart) => Array.from(chart.querySelectorAll(".recap-caption")).map((caption) => {
  const box = caption.getBoundingClientRect(), origin = chart.getBoundingClientRect();
  return {
    text: caption.textContent, left: box.left - origin.left, right: box.right - origin.left,
  };
})
"""


def build(story: recap.Story, folder: Path, **options: Any) -> Path:
    """Build a page (plotly.js inlined: these tests stay offline); return its path."""
    written = recap.write_html(
        story, folder, plotlyjs="inline", options=recap.PageOptions(**options)
    )
    (page,) = [output.path for output in written if output.path.suffix == ".html"]
    return page


@pytest.fixture(scope="module")
def language_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("languages")
    return {
        "ko": build(recap.load_story(KOREAN), root / "ko"),
        "ar": build(recap.load_story(ARABIC), root / "ar"),
    }


@pytest.fixture
def open_language(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_(path: Path, *, width: int = 1280) -> tuple[Any, list[str]]:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        errors: list[str] = []
        record_errors(page, errors)
        page.goto(path.as_uri())
        wake(page)
        return page, errors

    yield open_
    for context in contexts:
        context.close()


def everything_shown(page: Any) -> str:
    """Every word a reader can see or hear: text, chart, hover, toolbar, accessibility."""
    return visible_everywhere(page) + "\n" + page.evaluate(CHART_WORDS_JS)


def latin_words(page: Any) -> list[str]:
    # Hover text is plotly's markup: its tags (<b>, <br>) are not words a reader sees.
    text = re.sub(r"</?(?:b|br|i)>", " ", everything_shown(page))
    return sorted(set(LATIN_WORD.findall(text)))


def settle(page: Any) -> None:
    page.wait_for_timeout(700)  # views animate their markers


@pytest.mark.parametrize("width", [375, 1280])
def test_korean_page_has_no_english_word_anywhere(
    open_language: Any, language_pages: dict[str, Path], width: int
) -> None:
    page, errors = open_language(language_pages["ko"], width=width)
    assert page.evaluate("document.documentElement.lang") == "ko"
    seen = {"locked": latin_words(page)}
    # The toolbar's tooltips are plotly.js's own Korean words.
    titles = page.eval_on_selector_all(
        ".recap-chart .modebar-btn", "(buttons) => buttons.map((b) => b.dataset.title)"
    )
    assert titles == ["확대(줌 인)", "축소(줌 아웃)", "축 초기화"]
    # Every control and view, before and after each reveal.
    page.get_by_role("button", name="시간 순서", exact=True).click()
    settle(page)
    seen["story order"] = latin_words(page)
    page.get_by_role("button", name="등장인물", exact=True).click()
    settle(page)
    seen["characters"] = latin_words(page)
    page.get_by_role("button", name="타임라인", exact=True).click()
    page.get_by_role("button", name="전개 순서", exact=True).click()
    settle(page)
    page.locator(".recap-follow summary").click()
    page.locator(".recap-follow-characters .recap-chip").first.click()
    settle(page)
    seen["following"] = latin_words(page)
    assert page.locator(".recap-follow-status").inner_text().endswith("개를 보여 줍니다.")
    page.locator(".recap-follow-clear").click()
    page.locator(".recap-chart").focus()
    page.keyboard.press("End")
    seen["details, locked"] = latin_words(page)
    for step, button in enumerate(page.locator(".recap-reveal").all()):
        button.click()
        page.wait_for_selector(f'.recap[data-reveal-level="{step + 1}"]')
        settle(page)
        page.locator(".recap-chart").focus()
        page.keyboard.press("Home")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # the flashback: its chronology in words
        seen[f"revealed {step + 1}"] = latin_words(page)
    assert "시간상 위치" in page.locator(".recap-detail").inner_text()
    page.get_by_role("button", name="시간 순서", exact=True).click()
    settle(page)
    seen["revealed, story order"] = latin_words(page)
    assert {state: words for state, words in seen.items() if words} == {}
    assert not errors


@pytest.mark.parametrize("width", [375, 1280])
def test_arabic_page_is_mirrored(
    open_language: Any, language_pages: dict[str, Path], width: int
) -> None:
    page, errors = open_language(language_pages["ar"], width=width)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    root = page.locator(".recap")
    assert root.evaluate("(el) => getComputedStyle(el).direction") == "rtl"
    heading = page.locator(".recap-title").bounding_box()
    assert heading["x"] + heading["width"] > width - 60, "the title starts at the right"
    chart = page.locator(".recap-chart")
    xs = {float(x): pixel for x, pixel in chart.evaluate(MARKER_PIXELS_JS).items()}
    told = sorted(xs)
    assert xs[told[0]] > xs[told[-1]], "the first event told is at the right"
    assert all(xs[a] > xs[b] for a, b in itertools.pairwise(told))
    # Lane names stand at the right, where the lanes start.
    lanes = chart.evaluate(LANE_RIGHTS_JS)
    plot_right = chart.evaluate("(c) => c._fullLayout.xaxis._offset + c._fullLayout.xaxis._length")
    assert lanes
    assert all(right > plot_right - 4 for right in lanes)
    # Labels sit by their markers, inside the plot, in the reversed chart.
    labels = chart.evaluate(LABELS_JS)
    assert labels, "no event label was placed"
    for label in labels:
        area = label["area"]
        assert area[0] - 1 <= label["left"], label
        assert label["right"] <= area[1] + 1, label
        assert any(
            label["left"] - 12 <= anchor <= label["right"] + 12 for anchor in label["anchors"]
        ), label
    # Act captions start at their act's right edge, the first act's at the plot's right.
    captions = chart.evaluate(CAPTIONS_JS)
    assert captions[0]["right"] == pytest.approx(
        chart.evaluate(
            f"(c) => c._fullLayout.xaxis._offset + c._fullLayout.xaxis.l2p({told[0] - 0.5})"
        ),
        abs=2,
    )
    assert captions[0]["text"] == "المغارة"
    # The list mirrors: numbers and tags on the right.
    item = page.locator(".recap-events li[data-event-id]").first
    assert item.evaluate("(li) => getComputedStyle(li.parentElement).paddingRight") != "0px"
    assert not errors


def test_arabic_arrow_keys_follow_the_chart_leftwards(
    open_language: Any, language_pages: dict[str, Path]
) -> None:
    page, _ = open_language(language_pages["ar"], width=1280)
    page.locator(".recap-chart").focus()
    page.keyboard.press("Home")
    current = ".recap-chart[data-current-event]"
    first = page.locator(current).get_attribute("data-current-event")
    page.keyboard.press("ArrowLeft")
    second = page.locator(current).get_attribute("data-current-event")
    ids = page.evaluate(
        "Array.from(document.querySelectorAll('.recap-events li[data-event-id]'))"
        ".map((li) => li.getAttribute('data-event-id'))"
    )
    assert [first, second] == ids[:2]
    page.keyboard.press("ArrowRight")
    assert page.locator(current).get_attribute("data-current-event") == first


def test_arabic_details_panel_is_left_of_the_chart_on_wide_screens(
    open_language: Any, language_pages: dict[str, Path]
) -> None:
    page, _ = open_language(language_pages["ar"], width=1280)
    chart = page.locator(".recap-chart").bounding_box()
    panel = page.locator(".recap-panel").bounding_box()
    assert panel["x"] + panel["width"] <= chart["x"] + 1


@pytest.mark.parametrize(("width", "reveal"), [(375, False), (1280, False), (1280, True)])
def test_arabic_page_passes_axe(
    open_language: Any, language_pages: dict[str, Path], audit_tools: Any, width: int, reveal: bool
) -> None:
    page, _ = open_language(language_pages["ar"], width=width)
    if reveal:
        page.locator(".recap-reveal").click()
        page.wait_for_selector('.recap[data-revealed="true"]')
        page.locator(".recap-chart").focus()
        page.keyboard.press("ArrowRight")
    page.add_script_tag(path=str(audit_tools.axe))
    violations = page.evaluate(AXE_RUN)
    assert not violations, describe_axe(violations)


ARABIC_COUNTS = """\
title: عدّ الأحداث
slug: counts-{hidden}
lang: ar
arcs:
  main: {{label: الحكاية, kind: protagonist}}
acts:
  - {{id: start, label: البداية}}
  - {{id: end, label: النهاية, spoiler: true}}
events:
"""


def counting_story(shown: int, hidden: int) -> recap.Story:
    """An Arabic story with `shown` open events (one a flashback) and `hidden` spoilers."""
    lines = [ARABIC_COUNTS.format(hidden=hidden)]
    for number in range(1, shown + hidden + 1):
        act = "start" if number <= shown else "end"
        when = ", when: 0.5" if number == 2 else ""
        who = ", characters: [سلمى]" if number == 1 else ""
        lines.append(f"  - {{title: الحدث رقم {number}, arcs: main, act: {act}{when}{who}}}\n")
    return recap.parse_story("".join(lines))


@pytest.mark.parametrize(
    ("hidden", "note", "caption"),
    [
        (1, "أُخفي حدث واحد تجنّبًا لحرق القصة.", "حدث مخفي واحد"),
        (2, "أُخفي حدثان تجنّبًا لحرق القصة.", "حدثان مخفيّان"),
        (4, "أُخفيت 4 أحداث تجنّبًا لحرق القصة.", "4 أحداث مخفية"),
        (11, "أُخفي 11 حدثًا تجنّبًا لحرق القصة.", "11 حدثًا مخفيًّا"),
    ],
)
def test_arabic_counts_take_their_plural_forms(
    open_language: Any, tmp_path: Path, hidden: int, note: str, caption: str
) -> None:
    path = build(counting_story(3, hidden), tmp_path)
    page, errors = open_language(path)
    assert page.locator(".recap-spoiler-note").first.inner_text() == note  # from the build
    page.get_by_role("button", name="بترتيب الوقوع", exact=True).click()
    settle(page)
    captions = page.locator(".recap-caption").all_inner_texts()
    assert caption in captions  # from the page's script, by the browser's CLDR rules
    page.get_by_role("button", name="بترتيب السرد", exact=True).click()
    page.locator(".recap-follow summary").click()
    page.locator(".recap-follow-arcs .recap-chip").first.click()
    total = 3 + hidden
    status = page.locator(".recap-follow-status").inner_text()
    expected = {4: "يظهر 3 من أصل 4 أحداث.", 5: "يظهر 3 من أصل 5 أحداث."}
    expected |= {7: "يظهر 3 من أصل 7 أحداث.", 14: "يظهر 3 من أصل 14 حدثًا."}
    assert status == expected[total]
    assert not errors


@pytest.fixture(scope="module")
def ballerina_in_every_language(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("every-language")
    story = recap.load_story(STORY_PATH)
    return {tag: build(story, root / tag, lang=tag) for tag in supported_tags()}


@pytest.mark.parametrize("tag", supported_tags())
def test_spoilers_stay_hidden_in_every_language(
    open_language: Any, ballerina_in_every_language: dict[str, Path], facts: StoryFacts, tag: str
) -> None:
    page, errors = open_language(ballerina_in_every_language[tag], width=375)
    assert page.evaluate("document.documentElement.lang") == tag
    before = visible_everywhere(page)
    leaked = [text for text in facts.spoiler_strings if text in before]
    assert not leaked, f"{tag}: visible before the reveal: {leaked}"
    page.locator(".recap-reveal").last.click()
    page.wait_for_selector('.recap[data-revealed="true"]')
    after = visible_everywhere(page)
    assert all(title in after for title in facts.spoiler_events["title"]), tag
    assert not errors


def test_arabic_fragment_keeps_the_host_page_direction(open_language: Any, tmp_path: Path) -> None:
    story = recap.load_story(ARABIC)
    written = recap.write_html(story, tmp_path, plotlyjs="inline", fragment=True)
    (fragment,) = [o.path for o in written if o.path.name.endswith(".fragment.html")]
    host = tmp_path / "article.html"
    host.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>An article</title>'
        '</head><body><main><h1>An article</h1><p id="before">Text before.</p>'
        + fragment.read_text(encoding="utf-8")
        + '<p id="after">Text after.</p></main></body></html>',
        encoding="utf-8",
    )
    page, errors = open_language(host)
    direction = "(el) => getComputedStyle(el).direction"
    assert page.locator("#before").evaluate(direction) == "ltr"
    assert page.locator("#after").evaluate(direction) == "ltr"
    root = page.locator("section.recap")
    assert root.evaluate(direction) == "rtl"
    assert root.get_attribute("lang") == "ar"
    assert page.evaluate("document.documentElement.dir") == ""
    xs = {float(x): px for x, px in page.locator(".recap-chart").evaluate(MARKER_PIXELS_JS).items()}
    assert xs[min(xs)] > xs[max(xs)]
    assert not errors


@pytest.mark.parametrize(
    ("script", "family"),
    [
        ("ko", "Noto Sans CJK"),
        ("ja", "Noto Sans CJK"),
        ("zh", "Noto Sans CJK"),
        ("ar", "Noto Sans Arabic"),
        ("he", "Noto Sans Hebrew"),
    ],
)
def test_the_machine_has_fonts_for_every_script(script: str, family: str) -> None:
    """The static image is drawn by this machine's Chromium: without the fonts, boxes."""
    listed = subprocess.run(
        ["fc-list", f":lang={script}", "family"], capture_output=True, text=True, check=False
    ).stdout
    if family not in listed:
        unavailable(
            f"no {family} font for {script!r}: apt-get install fonts-noto-cjk fonts-noto-core"
        )


def test_images_speak_the_story_language() -> None:
    korean = render_image(recap.load_story(KOREAN), fmt="svg").decode("utf-8")
    assert "전개 순서" in korean  # the axis title
    assert "회색 사각형은 스포일러로, 이 이미지에서는 숨겨져 있습니다." in korean
    assert "Noto Sans CJK KR" in korean
    assert not LATIN_WORD.search(re.sub(r"<[^>]*>", " ", korean).replace("&nbsp;", " "))
    arabic = render_image(recap.load_story(ARABIC), fmt="svg").decode("utf-8")
    assert "\u2067ترتيب السرد\u2069" in arabic
    assert "Noto Sans Arabic" in arabic
