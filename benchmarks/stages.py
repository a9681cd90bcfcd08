"""The build's stages timed one by one in a warm process: load, validate, frame, figure,
page and write."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import recap
from recap import page as recap_page
from recap import page_reveal
from recap.collector import collector_paused
from recap.export import write_atomic
from recap.load import Limits, read_text
from recap.plotlyjs import PlotlyScript
from recap.yamlread import parse_yaml

NO_LIMITS = Limits(file_bytes=2**31, alias_values=2**31)


def best_seconds(action: Callable[[], object], rounds: int) -> float:
    """The fastest of `rounds` runs: on a shared machine, the least disturbed one."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


# --- 1. stages in one process ---------------------------------------------------------


def stage_seconds(source: Path, scratch: Path, rounds: int) -> dict[str, float]:
    """Seconds of each stage of one build, warm (the build run once before timing).

    The page stage is one `render_page` less the time it spends in the frame and figure
    functions it calls (for the public view, each reveal step and the characters view),
    which are counted under frame and figure.
    """
    text = read_text(source, limits=NO_LIMITS)
    parsed = parse_yaml(text, name=str(source), limits=NO_LIMITS)
    story = recap.parse_story(text, limits=NO_LIMITS)
    script = PlotlyScript.choose("inline")
    html = recap.render_page(story, plotly=script)
    target = scratch / "page.html"
    spent = {"frame": 0.0, "figure": 0.0}

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - started

        return wrapper

    patches = [
        mock.patch.object(module, name, timed(stage, getattr(module, name)))
        for stage, module, names in (
            ("frame", recap_page, ("to_frame", "public_view")),
            ("frame", page_reveal, ("redact_spoilers",)),
            ("figure", recap_page, ("figure_spec", "characters_spec")),
        )
        for name in names
    ]

    def build_page() -> dict[str, float]:
        spent.update(frame=0.0, figure=0.0)
        with contextlib.ExitStack() as stack:
            for patch in patches:
                stack.enter_context(patch)
            started = time.perf_counter()
            recap.render_page(story, plotly=script)
            total = time.perf_counter() - started
        return {**spent, "page": total - spent["frame"] - spent["figure"]}

    def load() -> object:
        return parse_yaml(read_text(source, limits=NO_LIMITS), name=str(source), limits=NO_LIMITS)

    def validate() -> object:
        # parse_story with the YAML already read: the checks and the model alone.
        with mock.patch("recap.load.parse_yaml", return_value=parsed):
            return recap.parse_story(text, limits=NO_LIMITS)

    def write() -> object:
        target.unlink(missing_ok=True)
        return write_atomic(target, html.encode("utf-8"))

    # As in a build, Python's cyclic garbage collector is paused (recap/collector.py).
    with collector_paused():
        build_page()  # warm: caches a build fills once (templates, the bundle's text)
        pages = [build_page() for _ in range(rounds)]
        times = {name: min(page[name] for page in pages) for name in ("frame", "figure", "page")}
        times["load"] = best_seconds(load, rounds)
        times["validate"] = best_seconds(validate, rounds)
        times["write"] = best_seconds(write, rounds)
    return times
