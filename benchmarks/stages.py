"""The build's stages timed one by one in a warm process: load, validate, frame, figure,
page and write."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import recap
from recap.export import write_atomic
from recap.figure import figure_spec
from recap.frame import public_view
from recap.load import Limits, _read, read_text
from recap.plotlyjs import PlotlyScript

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
    """Seconds of each stage of one build, warm (each stage run once before timing)."""
    text = read_text(source, limits=NO_LIMITS)
    data = _read(text, name=str(source), limits=NO_LIMITS)
    story = recap.parse_story(text, limits=NO_LIMITS)
    full = recap.to_frame(story)
    public = public_view(full, "hidden")
    figures = {id(full): figure_spec(full), id(public): figure_spec(public)}
    script = PlotlyScript.choose("inline")
    html = recap.render_page(story, plotly=script)
    target = scratch / "page.html"

    def load() -> object:
        return _read(read_text(source, limits=NO_LIMITS), name=str(source), limits=NO_LIMITS)

    def validate() -> object:
        # parse_story with the YAML already read: the checks and the model alone.
        with mock.patch("recap.load._read", return_value=data):
            return recap.parse_story(text, limits=NO_LIMITS)

    def page() -> object:
        # render_page with its frame and figures made already: the HTML alone.
        with (
            mock.patch("recap.page.to_frame", return_value=full),
            mock.patch("recap.page.public_view", return_value=public),
            mock.patch("recap.page.figure_spec", lambda view, **_: figures[id(view)]),
        ):
            return recap.render_page(story, plotly=script)

    def write() -> object:
        target.unlink(missing_ok=True)
        return write_atomic(target, html.encode("utf-8"))

    stages: dict[str, Callable[[], object]] = {
        "load": load,
        "validate": validate,
        "frame": lambda: public_view(recap.to_frame(story), "hidden"),
        "figure": lambda: (figure_spec(full), figure_spec(public)),
        "page": page,
        "write": write,
    }
    for action in stages.values():
        action()  # warm: caches a build fills once (templates, the bundle's text)
    return {name: best_seconds(action, rounds) for name, action in stages.items()}
