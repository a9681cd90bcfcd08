"""The garbage collector is paused while a story is read and built, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from recap.build import BuildSettings, build_story
from recap.collector import collector_paused
from recap.errors import RecapError
from recap.load import load_story
from tests.conftest import EVENTS_YAML


@pytest.fixture
def collector_on() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.enable()
    yield
    if not enabled:
        gc.disable()


def test_paused_inside_and_restored_after(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error(collector_on: None) -> None:
    with pytest.raises(ValueError, match="boom"), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off(collector_on: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_loading_and_building_pause_it(
    collector_on: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    import recap.build
    import recap.export
    import recap.load

    real_parse, real_write = recap.load.parse_story, recap.export.write_html

    def parse(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_parse(*args, **kwargs)  # type: ignore[arg-type]

    def write(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(recap.load, "parse_story", parse)
    monkeypatch.setattr(recap.build, "write_html", write)
    result = build_story(EVENTS_YAML, BuildSettings(out_dir=tmp_path))
    assert result.ok
    assert result.written
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_broken_story_leaves_it_on(collector_on: None, tmp_path: Path) -> None:
    broken = tmp_path / "events.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(RecapError):
        load_story(broken)
    assert gc.isenabled()
