"""Benchmarks for regenerating: prints figures and ratios, asserts nothing.

    python benchmarks/bench.py            # Ballerina and a generated 1,000-event story
    python benchmarks/bench.py --rounds 20

Measures, in one run on this machine:
1. watch mode: the time from saving a story file to the new page being written
   (median and worst of several saves), for Ballerina and for 1,000 events;
2. `recap build` as a whole process, against the bare import of its dependencies
   (python -c "import plotly, pandas, ..."), as a ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPENDENCIES = "import plotly.graph_objects, pandas, yaml, pydantic, click, jinja2"


def generated_story(events: int, *, arcs: int = 6, acts: int = 10) -> str:
    """Return a story of `events` events, the last act a spoiler, as YAML text."""
    kinds = ["protagonist", "antagonist"] + ["other"] * (arcs - 2)
    story = {
        "title": f"Generated story of {events} events",
        "slug": "generated",
        "arcs": {
            f"arc{index}": {"label": f"Arc {index}", "kind": kind}
            for index, kind in enumerate(kinds)
        },
        "acts": [
            {
                "id": f"act{index}",
                "label": f"Act {index + 1}",
                **({"spoiler": True} if index == acts - 1 else {}),
            }
            for index in range(acts)
        ],
        "events": [
            {
                "title": f"Event number {number}",
                "arcs": [f"arc{number % arcs}", f"arc{(number * 7) % arcs}"],
                "act": f"act{number * acts // events}",
                "summary": f"Something happens in scene {number}, and it matters later. " * 2,
                "characters": [f"Character {number % 13}", f"Character {number % 7}"],
                "location": f"Place {number % 17}",
            }
            for number in range(events)
        ],
    }
    return yaml.safe_dump(story, sort_keys=False, allow_unicode=True)


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


def process_seconds(command: list[str], *, cwd: Path, rounds: int) -> float:
    """Median wall time of running `command` as a fresh process."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="saves per story (default 10)")
    rounds = parser.parse_args().rounds

    print("Save-to-written in watch mode (one process, warm):")
    stories = {
        "Ballerina (events.yaml)": (ROOT / "events.yaml").read_text(encoding="utf-8"),
        "generated, 1,000 events": generated_story(1000),
    }
    for name, text in stories.items():
        delays = save_to_written(text, rounds=rounds)
        print(
            f"  {name:<26} median {statistics.median(delays) * 1000:6.0f} ms"
            f"   worst {max(delays) * 1000:6.0f} ms   ({rounds} saves)"
        )

    print("\nWhole process (median of 5):")
    with tempfile.TemporaryDirectory(prefix="recap-bench-") as folder:
        shutil.copy(ROOT / "events.yaml", folder)
        imports = process_seconds([sys.executable, "-c", DEPENDENCIES], cwd=Path(folder), rounds=5)
        build = process_seconds(
            [sys.executable, "-m", "recap", "build"], cwd=Path(folder), rounds=5
        )
        check = process_seconds(
            [sys.executable, "-m", "recap", "check"], cwd=Path(folder), rounds=5
        )
        helptext = process_seconds(
            [sys.executable, "-m", "recap", "--help"], cwd=Path(folder), rounds=5
        )
    print(f"  bare import of the dependencies  {imports * 1000:6.0f} ms   (1.00x)")
    print(f"  recap build (Ballerina, inline)  {build * 1000:6.0f} ms   ({build / imports:.2f}x)")
    print(f"  recap check                      {check * 1000:6.0f} ms   ({check / imports:.2f}x)")
    print(
        f"  recap --help                     {helptext * 1000:6.0f} ms   "
        f"({helptext / imports:.2f}x)"
    )


if __name__ == "__main__":
    main()
