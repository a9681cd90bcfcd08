"""recap: turn a story's events into an interactive, spoiler-safe timeline page.

The pipeline, one stage per module::

    story = load_story("events.yaml")          # load.py: YAML -> validated Story
    frame = to_frame(story)                    # frame.py: Story -> DataFrame
    figure = build_figure(frame)               # figure.py: DataFrame -> plotly Figure
    write_html(story, "output")                # page.py + export.py: -> output/<slug>.html
"""

from recap.errors import Problem, RecapError
from recap.export import write_html
from recap.figure import build_figure
from recap.frame import omit_spoilers, redact_spoilers, to_frame
from recap.load import load_story, parse_story
from recap.model import Act, Arc, Event, Story
from recap.page import PageOptions, PlotlyScript, render_page

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
]
