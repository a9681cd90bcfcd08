"""Shared fixtures: the bundled Ballerina story doubles as the end-to-end fixture."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import recap

# The tests' pictures are cached apart from the user's own cache (children inherit this).
os.environ["RECAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="recap-test-cache-")

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


def start_preview(folder: Path, *arguments: str) -> tuple[subprocess.Popen[str], int]:
    """Start `recap watch --serve` in `folder` on a free port, as a user would."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    command = [sys.executable, "-m", "recap", "watch", *arguments, "--serve", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    return process, port


def fetch_when_up(url: str, *, seconds: float = 30) -> str:
    """Return the text at `url` once the server answers; "" if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode())
        except OSError:
            time.sleep(0.2)
    return ""
