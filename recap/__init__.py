"""recap: turn a story's events into an interactive, spoiler-safe timeline page.

The pipeline, one stage per module::

    story = load_story("events.yaml")       # load.py: YAML -> validated Story
    frame = to_frame(story)                 # frame.py: Story -> DataFrame
    figure = build_figure(frame)            # figure.py: DataFrame -> plotly Figure
    write_html(story, "output")             # page.py + export.py: -> output/<slug>.html
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recap.errors import Problem, RecapError
    from recap.export import write_html
    from recap.figure import build_figure
    from recap.frame import omit_spoilers, redact_spoilers, to_frame
    from recap.image import write_image
    from recap.load import load_story, parse_story
    from recap.model import Act, Arc, Event, Story
    from recap.page import PageOptions, render_page
    from recap.plotlyjs import PlotlyScript

# Imported on first use, so that `recap --help` and `recap check` need not load
# pandas and plotly.
_HOMES = {
    "Act": "recap.model",
    "Arc": "recap.model",
    "Event": "recap.model",
    "PageOptions": "recap.page",
    "PlotlyScript": "recap.plotlyjs",
    "Problem": "recap.errors",
    "RecapError": "recap.errors",
    "Story": "recap.model",
    "build_figure": "recap.figure",
    "load_story": "recap.load",
    "omit_spoilers": "recap.frame",
    "parse_story": "recap.load",
    "redact_spoilers": "recap.frame",
    "render_page": "recap.page",
    "to_frame": "recap.frame",
    "write_html": "recap.export",
    "write_image": "recap.image",
}
__all__ = [
    "Act",
    "Arc",
    "Event",
    "PageOptions",
    "PlotlyScript",
    "Problem",
    "RecapError",
    "Story",
    "build_figure",
    "load_story",
    "omit_spoilers",
    "parse_story",
    "redact_spoilers",
    "render_page",
    "to_frame",
    "write_html",
    "write_image",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'recap' has no attribute {name!r}")
