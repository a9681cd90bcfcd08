"""watch.py, serve.py and `recap watch`: rebuild on save, keep the last good page, preview."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from recap.build import BuildResult, BuildSettings
from recap.errors import RecapError
from recap.serve import EVENTS_PATH, PreviewServer
from recap.watch import watch_stories
from tests.conftest import MINIMAL_STORY, fetch_when_up, start_preview

STORY = MINIMAL_STORY.replace(", mentor", "")


class Watcher:
    """Runs watch_stories in a thread and hands its results to the test."""

    def __init__(self, source: Path, settings: BuildSettings) -> None:
        self.results: list[BuildResult] = []
        self._arrived = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=watch_stories,
            args=([source], settings),
            kwargs={"on_result": self._collect, "stop": self._stop},
            daemon=True,
        )

    def _collect(self, result: BuildResult) -> None:
        with self._arrived:
            self.results.append(result)
            self._arrived.notify_all()

    def start(self) -> None:
        self._thread.start()
        time.sleep(0.5)  # let the OS watch settle before the first save

    def next_result(self, *, after: int, timeout: float = 10) -> BuildResult:
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.results) > after, timeout=timeout)
        assert arrived, "no rebuild after the save"
        return self.results[after]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Path, Watcher]]:
    source = tmp_path / "story.yaml"
    source.write_text(STORY)
    out = tmp_path / "out"
    watcher = Watcher(source, BuildSettings(out_dir=out, plotlyjs="cdn"))
    watcher.start()
    yield source, out, watcher
    watcher.stop()


def test_a_save_rebuilds(watched: tuple[Path, Path, Watcher]) -> None:
    source, out, watcher = watched
    source.write_text(STORY.replace("Hero appears", "Hero arrives"))
    result = watcher.next_result(after=0)
    assert result.ok
    assert result.written == [out / "minimal.html"]
    assert "Hero arrives" in (out / "minimal.html").read_text()


def test_a_broken_save_keeps_the_last_good_page(watched: tuple[Path, Path, Watcher]) -> None:
    source, out, watcher = watched
    source.write_text(STORY)
    watcher.next_result(after=0)
    good = (out / "minimal.html").read_bytes()
    source.write_text(STORY.replace("title: Minimal", "titel: Minimal"))
    broken = watcher.next_result(after=1)
    assert broken.error is not None
    assert "story.yaml:1:1: story: unknown key `titel`" in str(broken.error)
    assert (out / "minimal.html").read_bytes() == good
    assert sorted(os.listdir(out)) == ["minimal.html"]
    source.write_text(STORY.replace("Hero appears", "Hero is back"))
    fixed = watcher.next_result(after=2)
    assert fixed.ok
    assert "Hero is back" in (out / "minimal.html").read_text()


def test_an_editor_that_saves_by_renaming_is_seen(watched: tuple[Path, Path, Watcher]) -> None:
    source, out, watcher = watched
    swap = source.with_name(".story.yaml.swp")
    swap.write_text(STORY.replace("Hero appears", "Renamed into place"))
    os.replace(swap, source)
    result = watcher.next_result(after=0)
    assert result.ok
    assert "Renamed into place" in (out / "minimal.html").read_text()


def read_event(stream: object) -> dict[str, object]:
    for raw in stream:  # type: ignore[attr-defined]
        line = raw.decode().strip()
        if line.startswith("data: "):
            return json.loads(line[len("data: ") :])  # type: ignore[no-any-return]
    raise AssertionError("the event stream ended")


def test_preview_server_injects_live_reload_and_pushes_news(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<!DOCTYPE html><html><body><p>hi</p></body></html>")
    server = PreviewServer(tmp_path, port=0)
    server.start()
    try:
        with urllib.request.urlopen(server.url + "page.html", timeout=5) as response:
            page = response.read().decode()
            assert response.headers["Cache-Control"] == "no-store"
        assert "new EventSource" in page
        assert page.index("new EventSource") < page.index("</body>")
        assert (tmp_path / "page.html").read_text().count("EventSource") == 0  # disk untouched
        with urllib.request.urlopen(server.url + EVENTS_PATH.lstrip("/"), timeout=5) as stream:
            threading.Timer(
                0.2, server.publish, [{"type": "reload", "pages": ["page.html"]}]
            ).start()
            assert read_event(stream) == {"type": "reload", "pages": ["page.html"]}
        server.publish({"type": "error", "messages": ["story.yaml:1:1: broken"]})
        with urllib.request.urlopen(server.url + EVENTS_PATH.lstrip("/"), timeout=5) as stream:
            # A page opened after a failed build is told at once.
            assert read_event(stream)["messages"] == ["story.yaml:1:1: broken"]
    finally:
        server.close()


def test_watch_command_serves_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(STORY)
    process, port = start_preview(tmp_path, "story.yaml", "--plotlyjs", "cdn")
    try:
        page = fetch_when_up(f"http://127.0.0.1:{port}/minimal.html")
        assert "Hero appears" in page
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert stdout.splitlines()[0].startswith("output/minimal.html in ")
    assert f"serving output at http://127.0.0.1:{port}/" in stdout
    assert stdout.rstrip().endswith("stopped")
    assert sorted(os.listdir(tmp_path / "output")) == ["minimal.html"]
    again = PreviewServer(tmp_path, port=port)  # the port is free for the next preview
    again.close()


def test_watching_a_missing_folder_is_a_recap_error(tmp_path: Path) -> None:
    with pytest.raises(RecapError, match="no such folder to watch"):
        watch_stories([tmp_path / "nowhere" / "story.yaml"], BuildSettings(), on_result=print)
