"""`recap new`: a starter story that checks, builds and shows the whole format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import recap
from recap.cli import main
from recap.model import Event
from recap.starter import starter_text


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_writes_a_story_that_checks_and_builds(in_tmp: Path) -> None:
    result = CliRunner().invoke(main, ["new"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "events.yaml"
    checked = CliRunner().invoke(main, ["check"])
    assert checked.stdout == "events.yaml: ok, 3 events in 2 arcs\n", checked.output
    built = CliRunner().invoke(main, ["build", "--plotlyjs", "cdn"])
    assert built.exit_code == 0, built.output
    page = (in_tmp / built.stdout.strip()).read_text(encoding="utf-8")
    assert "The hero sets out" in page
    assert "The final duel" not in page  # a spoiler, hidden until revealed


def test_the_starter_shows_the_whole_format() -> None:
    text = starter_text(Path("story.yaml"))
    data = yaml.safe_load(text)
    used = {key for event in data["events"] for key in event}
    # Keys that exclude each other, or need a file, are shown as comments.
    events_part = text[text.index("\nevents:") :]
    used |= set(re.findall(r"^\s*# (\w+): ", events_part, re.MULTILINE))
    assert used == set(Event.model_fields), "show every event key in recap/starter.yaml"
    assert {arc["kind"] for arc in data["arcs"].values()} == {"protagonist", "antagonist"}
    assert any(act.get("spoiler") for act in data["acts"])
    assert any("before" in event or "after" in event for event in data["events"])  # a flashback
    assert len(data["events"]) == 3


@pytest.mark.parametrize(
    "title",
    [
        "The Heist",
        'She said: "no" #1',
        "yes",
        "2024-01-01",
        "  spaced  ",
        "발레리나",
        "Con",
        "a\tb",
    ],
)
def test_any_title_reads_back_the_same(in_tmp: Path, title: str) -> None:
    result = CliRunner().invoke(main, ["new", "story.yaml", "--title", title])
    assert result.exit_code == 0, result.output
    story = recap.load_story(in_tmp / "story.yaml")
    assert story.title == title.strip()
    assert story.file_stem  # a page can be written


def test_new_never_overwrites(in_tmp: Path) -> None:
    (in_tmp / "events.yaml").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new"])
    assert result.exit_code == 1
    assert result.stderr == (
        "events.yaml: already exists, and recap new never overwrites a file "
        "(name a new file, e.g. recap new my-story.yaml)\n"
    )
    assert (in_tmp / "events.yaml").read_text(encoding="utf-8") == "mine\n"


def test_new_makes_missing_folders_and_points_at_the_schema(in_tmp: Path) -> None:
    (in_tmp / "schema").mkdir()
    (in_tmp / "schema" / "story.schema.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "stories/heist.yaml"])
    assert result.exit_code == 0, result.output
    first = (in_tmp / "stories" / "heist.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/story.schema.json"


def test_without_a_schema_the_starter_says_how_to_make_one(in_tmp: Path) -> None:
    text = starter_text(in_tmp / "story.yaml")
    assert "recap schema > story.schema.json" in text
    assert "\n# yaml-language-server: $schema=story.schema.json\n" in text


def test_an_empty_title_is_refused(in_tmp: Path) -> None:
    result = CliRunner().invoke(main, ["new", "--title", " "])
    assert result.exit_code == 2
    assert not (in_tmp / "events.yaml").exists()
