"""Shared fixtures: the bundled Ballerina story doubles as the end-to-end fixture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import recap

ROOT = Path(__file__).resolve().parent.parent
EVENTS_YAML = ROOT / "events.yaml"

MINIMAL_STORY = """\
title: Minimal
arcs:
  hero: {label: The hero, kind: protagonist}
  villain: {label: The villain, kind: antagonist}
acts:
  - {id: start, label: Start}
  - {id: end, label: End, spoiler: true}
events:
  - {title: Hero appears, arcs: hero, act: start, summary: A hero walks in.}
  - {title: They meet, arcs: [hero, villain], act: start, characters: [Hero, Villain]}
  - {title: Secret twist, arcs: [villain, mentor], act: end, characters: [Ghost], location: Crypt}
"""


@pytest.fixture(scope="session")
def ballerina() -> recap.Story:
    return recap.load_story(EVENTS_YAML)


@pytest.fixture(scope="session")
def ballerina_frame(ballerina: recap.Story) -> pd.DataFrame:
    return recap.to_frame(ballerina)


@pytest.fixture
def write_story(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write story text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "story.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def minimal_story_text(*, secret_arc: bool = True) -> str:
    text = MINIMAL_STORY
    if secret_arc:
        text = text.replace(
            "  villain: {label: The villain, kind: antagonist}\n",
            "  villain: {label: The villain, kind: antagonist}\n  mentor: {label: The mentor}\n",
        )
    return text
