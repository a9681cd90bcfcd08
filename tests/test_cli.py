"""cli.py and the end-to-end build of the bundled story."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import recap
from recap.__main__ import draws_pages
from recap.cli import main
from recap.load import Limits
from recap.model import story_schema
from tests.conftest import EVENTS_YAML, MINIMAL_STORY, ROOT


@pytest.fixture
def in_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder laid out like a fresh checkout: events.yaml, no output yet."""
    shutil.copy(EVENTS_YAML, tmp_path / "events.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_defaults_to_events_yaml_and_output(in_project: Path) -> None:
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert result.output == "output/ballerina.html\n"
    page = (in_project / "output" / "ballerina.html").read_text()
    assert "<title>Ballerina: story timeline</title>" in page


def test_rebuild_reports_unchanged(in_project: Path) -> None:
    CliRunner().invoke(main, ["build"])
    result = CliRunner().invoke(main, ["build"])
    assert result.output == "output/ballerina.html (unchanged)\n"


def test_several_files_good_ones_still_build(in_project: Path) -> None:
    (in_project / "bad.yaml").write_text("title: Bad\narcs: {}\nevents: []\n")
    (in_project / "other.yaml").write_text(MINIMAL_STORY.replace(", mentor", ""))
    result = CliRunner().invoke(main, ["build", "bad.yaml", "events.yaml", "other.yaml", "-o", "o"])
    assert result.exit_code == 1
    assert "o/ballerina.html" in result.stdout
    assert "o/minimal.html" in result.stdout
    assert "bad.yaml:2:7: `arcs` must not be empty" in result.stderr
    assert "bad.yaml:3:9: `events` must not be empty" in result.stderr


def test_a_file_named_twice_is_built_once(in_project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "events.yaml", "events.yaml"])
    assert result.exit_code == 0
    assert result.output == "output/ballerina.html\n"


def test_two_stories_writing_the_same_file_is_an_error(in_project: Path) -> None:
    shutil.copy("events.yaml", "copy.yaml")
    result = CliRunner().invoke(main, ["build", "events.yaml", "copy.yaml"])
    assert result.exit_code == 1
    assert "copy.yaml: would write output/ballerina.html, already written from events.yaml" in (
        result.stderr
    )


def test_check_writes_nothing(in_project: Path) -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0
    story = recap.load_story(in_project / "events.yaml")
    counts = f"{len(story.events)} events in {len(story.arcs)} arcs"
    assert result.output.startswith(f"events.yaml: ok, {counts}")
    assert not (in_project / "output").exists()


def test_check_reports_problems_with_exit_1(in_project: Path) -> None:
    (in_project / "typo.yaml").write_text(
        EVENTS_YAML.read_text().replace("title: Ballerina", "titel: Ballerina", 1)
    )
    result = CliRunner().invoke(main, ["check", "typo.yaml"])
    assert result.exit_code == 1
    assert "typo.yaml:4:1: story: unknown key `titel` (did you mean 'title'?)" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("option", "bundle_header"),
    [([], "* plotly.js (basic - minified) v"), (["--plotlyjs", "full"], "* plotly.js v")],
)
def test_plotlyjs_chooses_the_bundle(
    in_project: Path, option: list[str], bundle_header: str
) -> None:
    result = CliRunner().invoke(main, ["build", *option])
    assert result.exit_code == 0, result.output
    assert bundle_header in (in_project / "output" / "ballerina.html").read_text()


def test_limits_are_named_and_raised_from_the_command_line(in_project: Path) -> None:
    events = "".join(f"  - {{title: Event {n}, arcs: a}}\n" for n in range(40_000))
    (in_project / "big.yaml").write_text("title: Big\narcs: {a: {label: A}}\nevents:\n" + events)
    result = CliRunner().invoke(main, ["check", "big.yaml", "--max-file-mb", "0.5"])
    assert result.exit_code == 1
    assert result.stderr == (
        "big.yaml: the file is 1.3 MB, more than the limit of 0.5 MB "
        "(split the story, or raise the limit with --max-file-mb 2)\n"
    )
    result = CliRunner().invoke(main, ["check", "big.yaml", "--max-file-mb", "2"])
    assert result.output == "big.yaml: ok, 40000 events in 1 arc\n"
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    (in_project / "bomb.yaml").write_text(bomb)
    result = CliRunner().invoke(main, ["build", "bomb.yaml", "--max-alias-values", "20"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "bomb.yaml:1:14: anchors and aliases expand to more than 20 values"
    )


def test_limit_defaults_in_the_help_are_the_real_ones() -> None:
    limits = Limits()
    text = " ".join(CliRunner().invoke(main, ["build", "--help"]).output.split())
    assert f"(default: {limits.file_bytes / 2**20:g})" in text
    assert f"(default: {limits.alias_values:,})" in text


def test_wrong_command_line_exits_2(in_project: Path) -> None:
    assert CliRunner().invoke(main, ["build", "--spoilers", "maybe"]).exit_code == 2
    assert CliRunner().invoke(main, ["build", "--plotlyjs", "nope"]).exit_code == 2
    assert CliRunner().invoke(main, ["frobnicate"]).exit_code == 2


def test_schema_matches_the_shipped_file() -> None:
    result = CliRunner().invoke(main, ["schema"])
    shipped = (ROOT / "schema" / "story.schema.json").read_text()
    assert result.output == shipped
    assert json.loads(shipped) == story_schema()


def test_every_command_has_an_example() -> None:
    for command in ("build", "check", "schema"):
        assert "Example:" in CliRunner().invoke(main, [command, "--help"]).output


def test_python_dash_m_and_exit_codes_as_a_process(in_project: Path) -> None:
    (in_project / "broken.yaml").write_text("title: [unclosed\n")
    done = subprocess.run(
        [sys.executable, "-m", "recap", "build", "broken.yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("broken.yaml:1:8: this '[' is never closed")
    assert "Traceback" not in done.stderr
    assert not (in_project / "output").exists()


@pytest.mark.parametrize(
    ("arguments", "draws"),
    [
        (["build", "events.yaml"], True),
        (["watch", "--serve"], True),
        (["embed", "events.yaml", "--base-url", "https://example.org/"], True),
        (["build", "--help"], False),
        (["check", "events.yaml"], False),
        (["--help"], False),
        ([], False),
    ],
)
def test_page_commands_load_pandas_before_click_runs(arguments: list[str], draws: bool) -> None:
    assert draws_pages(arguments) is draws
