"""build.py and embed.py: batch builds in parallel, and the iframe snippet."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

import recap
from recap.build import BuildSettings, build_stories
from recap.cli import main
from recap.embed import iframe_snippet
from tests.conftest import EVENTS_YAML, MINIMAL_STORY

STORY = MINIMAL_STORY.replace(", mentor", "")


def write_stories(folder: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = folder / f"story{number}.yaml"
        path.write_text(STORY.replace("title: Minimal", f"title: Story number {number}"))
        paths.append(path)
    return paths


def test_parallel_build_matches_the_sequential_one(tmp_path: Path) -> None:
    sources = write_stories(tmp_path, 4)
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [\n")
    sources.insert(2, broken)
    parallel = list(
        build_stories(sources, BuildSettings(out_dir=tmp_path / "p", plotlyjs="cdn"), parallel=True)
    )
    serial = list(
        build_stories(
            sources, BuildSettings(out_dir=tmp_path / "s", plotlyjs="cdn"), parallel=False
        )
    )
    assert [result.source for result in parallel] == sources  # one result per file, in order
    assert [result.ok for result in parallel] == [True, True, False, True, True]
    for one, other in zip(parallel, serial, strict=True):
        assert [path.name for path in one.written] == [path.name for path in other.written]
        for path in one.written:
            assert path.read_bytes() == (tmp_path / "s" / path.name).read_bytes()


def test_fragment_is_written_beside_the_page(tmp_path: Path) -> None:
    settings = BuildSettings(out_dir=tmp_path, fragment=True)
    (result,) = build_stories([EVENTS_YAML], settings)
    assert [path.name for path in result.written] == ["ballerina.html", "ballerina.fragment.html"]
    fragment = (tmp_path / "ballerina.fragment.html").read_text()
    assert "<html" not in fragment
    assert "<body" not in fragment
    assert 'data-plotly-src="https://cdn.plot.ly/plotly-' in fragment  # cdn by default
    assert '<h2 class="recap-title"' in fragment


def test_iframe_snippet_is_titled_lazy_and_sandboxed() -> None:
    story = recap.load_story(EVENTS_YAML)
    snippet = iframe_snippet(story, url="https://example.org/t/ballerina.html")
    assert 'title="Ballerina: story timeline"' in snippet
    assert 'loading="lazy"' in snippet
    assert 'sandbox="allow-scripts allow-popups"' in snippet
    assert 'var origins = ["null", "https://example.org"];' in snippet
    assert "event.source !== frame.contentWindow" in snippet
    assert "<script>" not in iframe_snippet(story, resize=False)


def test_embed_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["embed", str(EVENTS_YAML), "--url", "https://e.org/b.html"])
    assert result.exit_code == 0
    assert result.output.startswith(
        '<iframe id="recap-frame-ballerina" src="https://e.org/b.html?theme=host"'
    )
    missing = CliRunner().invoke(main, ["embed", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 1
    assert "none.yaml: no such file" in missing.stderr


def test_embed_refuses_script_addresses() -> None:
    result = CliRunner().invoke(main, ["embed", str(EVENTS_YAML), "--url", "javascript:alert(1)"])
    assert result.exit_code == 2
    assert "use an http(s) address or a relative path" in result.output


def test_base_url_gives_the_page_its_address(tmp_path: Path) -> None:
    settings = BuildSettings(out_dir=tmp_path, plotlyjs="cdn", base_url="https://e.org/r/")
    [result] = build_stories([EVENTS_YAML], settings)
    page = result.written[0].read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://e.org/r/ballerina.html">' in page
    assert "og:image" not in page  # no image built: none named
    plain = (tmp_path / "plain").resolve()
    [result] = build_stories([EVENTS_YAML], BuildSettings(out_dir=plain, plotlyjs="cdn"))
    assert 'rel="canonical"' not in result.written[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("https://example.org/recaps", "https://example.org/recaps/ballerina.html"),
        ("https://example.org/recaps/", "https://example.org/recaps/ballerina.html"),
        ("http://localhost:8000", "http://localhost:8000/ballerina.html"),
    ],
)
def test_embed_uses_the_base_url(given: str, used: str) -> None:
    result = CliRunner().invoke(main, ["embed", str(EVENTS_YAML), "--base-url", given])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f'<iframe id="recap-frame-ballerina" src="{used}?theme=host"')
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(used))
    assert f'var origins = ["null", "{origin}"];' in result.stdout
    assert not result.stderr


def test_embed_warns_about_a_relative_address() -> None:
    result = CliRunner().invoke(main, ["embed", str(EVENTS_YAML)])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        '<iframe id="recap-frame-ballerina" src="ballerina.html?theme=host"'
    )
    assert "works only for an article on the same site" in result.stderr
    assert "--base-url" in result.stderr


@pytest.mark.parametrize("bad", ["ftp://example.org/", "example.org/recaps", "https://e.org/?a=1"])
def test_base_url_must_be_an_absolute_web_address(bad: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(EVENTS_YAML), "-o", str(tmp_path), "--base-url", bad]
    )
    assert result.exit_code == 2
    assert "--base-url" in result.output
    assert not list(tmp_path.iterdir())
