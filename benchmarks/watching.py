"""Watch mode: the time from saving a story file to its rebuilt page."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path


def save_to_written(story_text: str, *, rounds: int) -> list[float]:
    """Seconds from each save of the story to its rebuilt page, in a running watcher."""
    from recap.build import BuildSettings, build_stories
    from recap.watch import watch_stories

    folder = Path(tempfile.mkdtemp(prefix="recap-bench-"))
    try:
        source = folder / "story.yaml"
        source.write_text(story_text, encoding="utf-8")
        settings = BuildSettings(out_dir=folder / "output")
        list(build_stories([source], settings))  # the first build, as `recap watch` does
        built = threading.Event()
        finished: list[float] = []

        def on_result(result: object) -> None:
            finished.append(time.perf_counter())
            built.set()

        stop = threading.Event()
        watcher = threading.Thread(
            target=watch_stories,
            args=([source], settings),
            kwargs={"on_result": on_result, "stop": stop},
            daemon=True,
        )
        watcher.start()
        time.sleep(1.0)  # let the watcher settle
        delays = []
        for round_number in range(rounds):
            built.clear()
            edited = story_text.replace("title: ", f"title: Take {round_number} of ", 1)
            saved = time.perf_counter()
            source.write_text(edited, encoding="utf-8")
            if not built.wait(timeout=60):
                raise RuntimeError("the watcher did not rebuild")
            delays.append(finished[-1] - saved)
            time.sleep(0.3)
        stop.set()
        watcher.join(timeout=5)
        return delays
    finally:
        shutil.rmtree(folder, ignore_errors=True)
