"""Fragments and iframe snippets as text, for the ways hosts insert them (the browser tests
in tests/browser/test_hosts.py check them as readers see them on real host pages)."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner

import recap
from recap.cli import main
from recap.embed import iframe_snippet
from recap.page import PageOptions, render_fragment, render_page
from recap.plotlyjs import BASIC_FILE, PlotlyScript, basic_bundle_bytes
from tests.conftest import EVENTS_YAML

STORY = recap.load_story(EVENTS_YAML)
PLOTLY_MODES = {
    "cdn": PlotlyScript.choose("cdn"),
    "directory": PlotlyScript.choose("directory"),
    "url": PlotlyScript(src="/assets/plotly.min.js"),
    "inline": PlotlyScript.choose("inline"),
}


@pytest.mark.parametrize("mode", PLOTLY_MODES)
@pytest.mark.parametrize("spoilers", ["hidden", "shown", "omit"])
def test_fragment_has_no_blank_line_and_no_tab(mode: str, spoilers: str) -> None:
    """CommonMark ends an HTML block at a blank line; Python-Markdown turns tabs to spaces."""
    fragment = render_fragment(
        STORY,
        plotly=PLOTLY_MODES[mode],
        options=PageOptions(spoilers=spoilers),  # type: ignore[arg-type]
    )
    lines = fragment.splitlines()
    assert [number for number, line in enumerate(lines, 1) if not line.strip()] == []
    assert "\t" not in fragment
    assert "\r" not in fragment


@pytest.mark.parametrize("mode", PLOTLY_MODES)
def test_fragment_data_is_held_where_no_script_can_run_it(mode: str) -> None:
    """Instant navigation re-creates every script element without its type: the only
    script in a fragment is the page's own code."""
    fragment = render_fragment(STORY, plotly=PLOTLY_MODES[mode])
    assert re.findall(r"<script\b[^>]*>", fragment) == ["<script>"]
    holders = re.findall(r'<template class="([a-z-]+)"', fragment)
    expected = ["recap-figure", "recap-characters", "recap-reveal-data"]
    assert holders == ([*expected, "recap-plotlyjs"] if mode == "inline" else expected)


def test_fragment_follows_the_host_and_the_page_is_light_by_default() -> None:
    fragment = render_fragment(STORY, plotly=PLOTLY_MODES["cdn"])
    page = render_page(STORY, plotly=PLOTLY_MODES["cdn"])
    assert re.search(r'<section class="recap"[^>]* data-theme="host"', fragment)
    assert re.search(r'<div class="recap"[^>]* data-theme="light"', page)
    chosen = render_fragment(STORY, plotly=PLOTLY_MODES["cdn"], options=PageOptions(theme="dark"))
    assert re.search(r'<section class="recap"[^>]* data-theme="dark"', chosen)


def test_python_markdown_keeps_the_fragment_whole() -> None:
    """As MkDocs renders a page (md_in_html on): the fragment comes out as it went in."""
    fragment = render_fragment(STORY, plotly=PLOTLY_MODES["url"])
    text = f"# A review\n\nSome words.\n\n{fragment}\nMore words.\n"
    html = markdown.markdown(text, extensions=["md_in_html"])
    start = fragment.index("<section")
    assert fragment[start:].strip() in html


def test_styles_use_no_rem_or_em() -> None:
    """The host's root font size must not reach the timeline's sizes."""
    fragment = render_fragment(STORY, plotly=PLOTLY_MODES["cdn"])
    css = re.search(r"<style>(.*?)</style>", fragment, re.S)
    assert css
    assert re.findall(r"\d(?:r?em)\b", css.group(1)) == []


def selectors(css: str) -> list[str]:
    """Every selector of a stylesheet, split at its top-level commas."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for head in re.findall(r"([^{};]+)\{", css):
        if head.strip().startswith("@"):
            continue
        depth, part = 0, ""
        for char in head:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth == 0:
                found.append(part.strip())
                part = ""
            else:
                part += char
        found.append(part.strip())
    return found


@pytest.mark.parametrize("name", ["timeline.css", "pictures.css"])
def test_every_rule_carries_the_prefix_that_outranks_the_host(name: str) -> None:
    css = (Path(recap.__file__).parent / "static" / name).read_text(encoding="utf-8")
    found = selectors(css)
    assert len(found) > 10
    prefix = re.compile(r"(section)?\.recap:is\(#recap, \[data-recap\]\)([ \[:.]|$)")
    assert [selector for selector in found if not prefix.match(selector)] == []


# --- plotly.js for fragments, and the build log ---------------------------------------------


def test_plotlyjs_url_is_where_pages_and_fragments_load_it(tmp_path: Path) -> None:
    url = ["--plotlyjs-url", "/assets/plotly.min.js"]
    result = CliRunner().invoke(
        main, ["build", str(EVENTS_YAML), "-o", str(tmp_path), "--fragment", *url]
    )
    assert result.exit_code == 0, result.output
    for name in ("ballerina.html", "ballerina.fragment.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert 'data-plotly-src="/assets/plotly.min.js"' in text, name
    # The file to publish at that address is written beside the pages.
    assert (tmp_path / BASIC_FILE).read_bytes() == basic_bundle_bytes()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--plotlyjs", "cdn", "--plotlyjs-url", "/p.js"], "goes with --plotlyjs directory"),
        (["--plotlyjs", "inline", "--plotlyjs-url", "/p.js"], "goes with --plotlyjs directory"),
        (["--plotlyjs-url", "javascript:alert(1)"], "use an http(s) address or a path"),
        (["--plotlyjs-url", "data:text/javascript,1"], "use an http(s) address or a path"),
        (["--plotlyjs-url", " "], "use an http(s) address or a path"),
    ],
)
def test_plotlyjs_url_refusals(tmp_path: Path, arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["build", str(EVENTS_YAML), "-o", str(tmp_path), *arguments])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_shared_plotly_file_is_named_once_in_the_build_log(tmp_path: Path) -> None:
    stories = [EVENTS_YAML, *sorted((EVENTS_YAML.parent / "tests" / "stories").glob("*.yaml"))]
    arguments = ["build", *map(str, stories), "-o", str(tmp_path), "--plotlyjs", "directory"]
    for run in ("first", "again"):
        result = CliRunner().invoke(main, [*arguments, "--fragment"])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert len([line for line in lines if BASIC_FILE in line]) == 1, (run, lines)
        assert len([line for line in lines if ".fragment.html" in line]) == len(stories)


# --- the iframe snippet ---------------------------------------------------------------------


def test_snippet_follows_the_article_scheme_by_default() -> None:
    snippet = iframe_snippet(STORY, url="https://example.org/t/ballerina.html")
    assert 'src="https://example.org/t/ballerina.html?theme=host"' in snippet
    assert '"recap:scheme"' in snippet
    assert "function hostScheme(" in snippet
    fixed = iframe_snippet(STORY, url="https://example.org/t/ballerina.html", theme="dark")
    assert "?theme=dark" in fixed
    assert "function hostScheme(" not in fixed


def test_snippet_to_an_event_is_not_lazy() -> None:
    """The article scrolls to the event the frame opens at: the frame must load at once."""
    linked = iframe_snippet(STORY, url="https://example.org/t/ballerina.html#ok-ju-tails-choi")
    assert 'src="https://example.org/t/ballerina.html?theme=host#ok-ju-tails-choi"' in linked
    assert 'loading="lazy"' not in linked
    assert 'loading="lazy"' in iframe_snippet(STORY, url="https://example.org/t/ballerina.html")


@pytest.mark.parametrize("theme", ["host", "light"])
def test_snippet_has_no_blank_line_and_no_tab(theme: str) -> None:
    snippet = iframe_snippet(STORY, url="https://example.org/b.html", theme=theme)  # type: ignore[arg-type]
    assert [line for line in snippet.splitlines() if not line.strip()] == []
    assert "\t" not in snippet
    assert "__" not in snippet  # every blank of the host script filled in
