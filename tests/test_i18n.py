"""Languages: the catalogs (complete, current, compiled), tags, plural forms, and every
reader-facing word of a page, chart, image and snippet in the story's language."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from plotly.offline import get_plotlyjs_version

import recap
from recap.cli import main
from recap.embed import iframe_snippet
from recap.errors import RecapError
from recap.figure import figure_spec
from recap.frame import public_view, redact_spoilers, to_frame
from recap.i18n import (
    SOURCE_PLURAL_SAMPLES,
    cldr_plural_samples,
    language,
    supported_catalogs,
    supported_tags,
)
from recap.load import parse_story
from recap.page import PageOptions, PlotlyScript, render_fragment, render_page
from recap.page_i18n import (
    PLOTLY_LOCALES,
    SOURCE_PLOTLY_CANDIDATES,
    browser_catalog,
    plotly_candidates,
    plotly_locale,
)
from tests.conftest import ROOT, minimal_story_text

LOCALES = ROOT / "recap" / "locales"
CATALOGS = [catalog for catalog in supported_catalogs() if catalog != "en"]
REQUIRED = {"en", "ko", "ja", "zh_Hans", "es", "fr", "de", "pt", "it", "ar"}
NO_PLOTLY = PlotlyScript(src="plotly.min.js")
KOREAN = ROOT / "tests" / "stories" / "korean.yaml"
ARABIC = ROOT / "tests" / "stories" / "arabic.yaml"


def read_catalog(path: Path) -> object:
    with path.open("rb") as stream:
        return read_po(stream)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[object, object]:
    """Extract the code's strings now, as scripts/translations does (babel.cfg)."""
    template = tmp_path_factory.mktemp("pot") / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "-q", "extract"]
    command += ["-F", "babel.cfg", "--no-location", "--omit-header", "-o", str(template), "."]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return {message.id: message for message in read_catalog(template) if message.id}  # type: ignore[attr-defined]


def test_the_required_languages_are_shipped() -> None:
    assert set(supported_catalogs()) >= REQUIRED


def test_the_committed_template_is_current(extracted: dict[object, object]) -> None:
    committed = read_catalog(LOCALES / "messages.pot")
    assert {m.id for m in committed if m.id} == set(extracted), "run scripts/translations"  # type: ignore[attr-defined]


@pytest.mark.parametrize("catalog", CATALOGS)
def test_catalog_has_every_string_and_no_stale_one(
    catalog: str, extracted: dict[object, object]
) -> None:
    po = read_catalog(LOCALES / catalog / "LC_MESSAGES" / "messages.po")
    ids = {message.id for message in po if message.id}  # type: ignore[attr-defined]
    missing = sorted(map(str, set(extracted) - ids))
    stale = sorted(map(str, ids - set(extracted)))
    assert not missing, f"{catalog}: untranslated strings (run scripts/translations): {missing}"
    assert not stale, f"{catalog}: strings the code no longer has: {stale}"


@pytest.mark.parametrize("catalog", CATALOGS)
def test_every_translation_is_written_and_keeps_its_placeholders(catalog: str) -> None:
    po = read_catalog(LOCALES / catalog / "LC_MESSAGES" / "messages.po")
    for message in po:  # type: ignore[attr-defined]
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(forms) == po.num_plurals if message.pluralizable else 1  # type: ignore[attr-defined]
        assert all(forms), f"{catalog}: no translation for {message.id!r}"
        assert "fuzzy" not in message.flags, f"{catalog}: fuzzy {message.id!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(re.findall(r"%\((\w+)\)s", " ".join(ids))) - {"count"}
        for form in forms:
            used = set(re.findall(r"%\((\w+)\)s", form))
            assert used <= wanted | {"count"}, f"{catalog}: unknown placeholder in {form!r}"
            # A plural form may say its number in words ("two events"), never drop a name.
            assert wanted <= used or message.pluralizable, f"{catalog}: {form!r} lost one"
        assert not list(message.check(po)), f"{catalog}: {message.id!r}"


@pytest.mark.parametrize("catalog", CATALOGS)
def test_compiled_catalog_is_made_from_the_current_source(catalog: str) -> None:
    folder = LOCALES / catalog / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(folder / "messages.po"))
    assert (folder / "messages.mo").read_bytes() == compiled.getvalue(), (
        f"{catalog}: messages.mo is stale: run scripts/translations"
    )


@pytest.mark.parametrize(
    ("tag", "page_tag", "catalog", "direction"),
    [
        ("en", "en", "en", "ltr"),
        ("ko", "ko", "ko", "ltr"),
        ("pt-BR", "pt-BR", "pt", "ltr"),
        ("pt_pt", "pt-PT", "pt", "ltr"),
        ("zh-Hans", "zh-Hans", "zh_Hans", "ltr"),
        ("zh-CN", "zh-CN", "zh_Hans", "ltr"),
        ("zh", "zh", "zh_Hans", "ltr"),
        ("ar", "ar", "ar", "rtl"),
        ("ar-EG", "ar-EG", "ar", "rtl"),
        ("he", "he", "he", "rtl"),
        ("fa", "fa", "fa", "rtl"),
        ("fa-IR", "fa-IR", "fa", "rtl"),
        ("ur", "ur", "ur", "rtl"),
        ("ur-PK", "ur-PK", "ur", "rtl"),
        ("de-CH", "de-CH", "de", "ltr"),
        ("es-419", "es-419", "es", "ltr"),
    ],
)
def test_tags_find_their_catalog(tag: str, page_tag: str, catalog: str, direction: str) -> None:
    found = language(tag)
    assert (found.tag, found.catalog, found.direction) == (page_tag, catalog, direction)


@pytest.mark.parametrize(
    ("tag", "message", "hint"),
    [
        ("kr", "unknown language tag 'kr'", "did you mean 'ko'?"),
        ("jp", "unknown language tag 'jp'", "did you mean 'ja'?"),
        ("cn", "unknown language tag 'cn'", "did you mean 'zh-Hans'?"),
        ("Korean", "unknown language tag 'Korean'", "did you mean 'ko'?"),
        ("español", "unknown language tag 'español'", "did you mean 'es'?"),
        ("frnch", "unknown language tag 'frnch'", "did you mean 'fr'?"),
        ("zh-Hant", "no translation for 'zh-Hant'", "supported languages: ar, de, en"),
        ("zh-TW", "no translation for 'zh-TW'", "supported languages: ar, de, en"),
        ("pl", "no translation for 'pl' (Polish) yet", "'Adding a language' in the README"),
        ("xx-yy", "unknown language tag 'xx-yy'", "supported languages: ar, de, en"),
    ],
)
def test_unknown_or_unsupported_tags_are_refused_with_a_hint(
    tag: str, message: str, hint: str
) -> None:
    with pytest.raises(RecapError) as raised:
        language(tag)
    (problem,) = raised.value.problems
    assert message in problem.message
    assert problem.hint
    assert hint in problem.hint


def test_story_lang_error_is_located_with_did_you_mean() -> None:
    text = minimal_story_text().replace("title: Minimal\n", "title: Minimal\nlang: kr\n")
    with pytest.raises(RecapError) as raised:
        parse_story(text, name="story.yaml")
    assert [str(problem) for problem in raised.value.problems] == [
        "story.yaml:2:7: unknown language tag 'kr' (did you mean 'ko'?)"
    ]


def test_cli_lang_option_is_checked_and_overrides_the_story(tmp_path: Path) -> None:
    wrong = CliRunner().invoke(main, ["build", str(KOREAN), "-o", str(tmp_path), "--lang", "kr"])
    assert wrong.exit_code == 2
    assert "Invalid value for '--lang': unknown language tag 'kr' (did you mean 'ko'?)" in (
        wrong.output
    )
    assert not list(tmp_path.iterdir()), "nothing is written for a wrong --lang"
    right = CliRunner().invoke(main, ["build", str(KOREAN), "-o", str(tmp_path), "--lang", "fr"])
    assert right.exit_code == 0, right.output
    page = (tmp_path / "heungbu-nolbu.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr"' in page
    assert "Frise chronologique" in page


def test_arabic_has_six_plural_forms() -> None:
    arabic = language("ar")
    counts = [0, 1, 2, 3, 11, 100]
    forms = [arabic.ngettext("%(count)s event", "%(count)s events", n) for n in counts]
    assert len(set(forms)) == 6, forms
    assert forms[:3] == ["لا أحداث", "حدث واحد", "حدثان"]
    assert forms[3:] == ["3 أحداث", "11 حدثًا", "100 حدث"]
    # 103 is 'few' again (n % 100 in 3..10), 111 'many'.
    assert arabic.ngettext("%(count)s event", "%(count)s events", 103) == "103 أحداث"
    assert arabic.ngettext("%(count)s event", "%(count)s events", 111) == "111 حدثًا"


@pytest.mark.parametrize(
    ("tag", "written"),
    [("en", "12,345"), ("de", "12.345"), ("fr", "12\u202f345"), ("ar", "12,345"), ("ko", "12,345")],
)
def test_counts_are_written_as_the_language_writes_numbers(tag: str, written: str) -> None:
    words = language(tag)
    assert written in words.ngettext("%(count)s event", "%(count)s events", 12345)
    assert words.number(12345) == written


def test_a_page_writes_its_counts_in_its_language(tmp_path: Path) -> None:
    arcs = "arcs:\n  a: {label: A}\n"
    events = "".join(f"  - {{title: Scene {n}, arcs: [a]}}\n" for n in range(1200))
    story = parse_story(f"title: Long\n{arcs}events:\n{events}")
    english = render_page(story, plotly=PlotlyScript(src="p.js"))
    german = render_page(story, plotly=PlotlyScript(src="p.js"), options=PageOptions(lang="de"))
    assert "Show the list of all 1,200 events" in english
    assert "1.200" in german
    assert "1200" not in re.sub(r"<(script|template)\b.*?</\1>", "", german, flags=re.S)


def test_hebrew_has_a_dual() -> None:
    hebrew = language("he")
    assert hebrew.direction == "rtl"
    forms = [hebrew.ngettext("%(count)s event", "%(count)s events", n) for n in (1, 2, 5)]
    assert forms == ["אירוע אחד", "שני אירועים", "5 אירועים"]


def test_plural_samples_cover_each_cldr_category() -> None:
    assert language("ar").plural_samples() == {
        "zero": 0,
        "one": 1,
        "two": 2,
        "few": 3,
        "many": 11,
        "other": 100,
    }
    assert set(language("ko").plural_samples()) == {"other"}
    assert set(language("fr").plural_samples()) == {"one", "many", "other"}


def test_the_page_is_in_the_story_language_and_keeps_the_story_spelling() -> None:
    story = recap.load_story(KOREAN)
    page = render_page(story, plotly=NO_PLOTLY)
    assert page.startswith('<!DOCTYPE html>\n<html lang="ko" dir="ltr"')
    assert "<title>흥부와 놀부: 이야기 타임라인</title>" in page
    assert "스포일러를 막으려고 사건 4개를 숨겼습니다." in page
    assert ">보기: 박 타는 날</button>" in page
    assert "흥부네 가족" in page
    assert "도깨비" not in page


def test_lang_option_overrides_the_story() -> None:
    story = recap.load_story(KOREAN)
    page = render_page(story, plotly=NO_PLOTLY, options=PageOptions(lang="de"))
    assert '<html lang="de" dir="ltr"' in page
    assert "4 Ereignisse sind ausgeblendet, um nichts zu verraten." in page
    assert "흥부와 놀부" in page  # the story's own words stay as written


def test_fragment_root_carries_lang_and_dir_only_on_itself() -> None:
    story = recap.load_story(ARABIC)
    fragment = render_fragment(story, plotly=NO_PLOTLY)
    assert re.search(r'<section class="recap" id="recap-ali-baba" lang="ar" dir="rtl"', fragment)
    assert "<html" not in fragment


def test_english_page_is_unchanged_by_default(ballerina: recap.Story) -> None:
    page = render_page(ballerina, plotly=NO_PLOTLY)
    assert '<html lang="en" dir="ltr"' in page
    assert "8 events are hidden to avoid spoilers." in page
    words = re.search(r'class="recap-i18n">(.*?)</template>', page)
    assert words
    assert json.loads(words.group(1)) == {"dir": "ltr", "lang": "en"}


def test_every_omitted_word_is_gone_in_every_language() -> None:
    story = parse_story(minimal_story_text())
    for tag in supported_tags():
        page = render_page(story, plotly=NO_PLOTLY, options=PageOptions(spoilers="omit", lang=tag))
        for secret in ("Secret twist", "Ghost", "Crypt", "The mentor"):
            assert secret not in page, (tag, secret)


def test_placeholders_and_hidden_lane_are_translated() -> None:
    frame = to_frame(parse_story(minimal_story_text()))
    redacted = redact_spoilers(frame, language=language("ja"))
    locked = redacted[redacted["locked"]]
    assert set(locked["title"]) == {"ネタバレ"}
    assert "表示するまで非表示" in set(redacted["arc_label"])


def test_rtl_chart_runs_right_to_left_with_isolated_text() -> None:
    story = recap.load_story(ARABIC)
    arabic = language("ar")
    frame = public_view(to_frame(story), "hidden", language=arabic)
    spec = figure_spec(frame, language=arabic)
    x_range = spec["layout"]["xaxis"]["range"]
    assert x_range[0] > x_range[1], "the first event told stands at the right"
    lane = spec["layout"]["annotations"][0]
    assert (lane["x"], lane["xanchor"]) == (1, "right")
    assert lane["text"].startswith("\u2067")
    assert lane["text"].endswith("\u2069")
    assert spec["layout"]["hoverlabel"]["align"] == "right"
    assert spec["layout"]["xaxis"]["title"]["text"] == "\u2067ترتيب السرد\u2069"
    # Static labels and captions go right to left too: each act caption starts at its right.
    captions = [a for a in spec["layout"]["annotations"] if a.get("yref") == "paper"]
    assert captions
    assert all(a["xanchor"] == "right" for a in captions)


def test_iframe_title_speaks_the_story_language() -> None:
    snippet = iframe_snippet(recap.load_story(KOREAN), resize=False)
    assert 'title="흥부와 놀부: 이야기 타임라인"' in snippet
    french = iframe_snippet(recap.load_story(KOREAN), resize=False, lang="fr")
    assert 'title="흥부와 놀부\u00a0: frise chronologique de l\u2019histoire"' in french


def test_browser_catalog_carries_the_script_words_and_plotly_locale() -> None:
    script = (ROOT / "recap" / "static" / "js" / "reveal.js").read_text(encoding="utf-8")
    korean = json.loads(browser_catalog(language("ko"), script))
    assert korean["messages"]["Hide spoilers"] == "스포일러 숨기기"
    assert korean["plotlyLocale"] == "ko"
    assert korean["plotlyWords"] == {}, "plotly.js's own Korean file names its toolbar"
    arabic = json.loads(browser_catalog(language("ar"), script))
    assert arabic["dir"] == "rtl"
    hidden = "Every event is shown, spoilers included: all %(count)s hidden event."
    assert set(arabic["messages"][hidden]) == {"zero", "one", "two", "few", "many", "other"}
    assert arabic["plotlyWords"] == {
        "Zoom in": "تكبير",
        "Zoom out": "تصغير",
        "Reset axes": "إعادة ضبط المحاور",
    }


def test_plotly_locales_match_the_plotly_js_that_plotly_ships() -> None:
    assert (PLOTLY_LOCALES / "VERSION").read_text().strip() == get_plotlyjs_version()
    assert (PLOTLY_LOCALES / "LICENSE").read_text().startswith("MIT License")
    for tag in supported_tags():
        if tag != "en":
            assert plotly_locale(language(tag)) is not None, tag
    assert plotly_locale(language("pt-PT"))[0] == "pt-PT"  # type: ignore[index]
    assert plotly_locale(language("pt"))[0] == "pt-BR"  # type: ignore[index]
    assert plotly_locale(language("zh-Hans"))[0] == "zh-CN"  # type: ignore[index]


def test_english_shortcuts_match_what_babel_says() -> None:
    """English reads no catalog and no CLDR data: its constants must be what Babel finds."""
    assert cldr_plural_samples("en") == SOURCE_PLURAL_SAMPLES
    assert plotly_candidates("en") == list(SOURCE_PLOTLY_CANDIDATES)
    assert language("en") == language("EN")  # the shortcut, and Babel's way


def test_an_english_build_does_not_import_babel(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from recap.cli import main\n"
        f"main(['build', {str(ROOT / 'events.yaml')!r}, '-o', {str(tmp_path)!r}],"
        " standalone_mode=False)\n"
        "assert not [name for name in sys.modules if name.startswith('babel')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
