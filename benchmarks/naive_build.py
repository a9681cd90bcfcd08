"""What a Plotly user would write to turn a story file into a page: the build recap's
whole-process figures are set beside, as the browser part sets its pages beside a plain
Plotly page.

    python benchmarks/naive_build.py STORY.yaml OUT.html          # the plain build
    python benchmarks/naive_build.py STORY.yaml --read-only       # PyYAML's read alone

It reads the file with PyYAML's fastest loader (libyaml's, CSafeLoader), with no checks,
positions or error messages, and writes the same px.scatter page as the browser part.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# The import floor's modules, so that a run's time over the floor is the work alone.
import click  # noqa: F401
import jinja2  # noqa: F401
import pandas as pd
import plotly.graph_objects  # noqa: F401
import pydantic  # noqa: F401
import yaml


def read(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as file:
        story: dict[str, Any] = yaml.load(file, Loader=yaml.CSafeLoader)
    return story


def one_or_many(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def write_page(story: dict[str, Any], target: str) -> None:
    arcs = {arc_id: arc.get("label", arc_id) for arc_id, arc in story.get("arcs", {}).items()}
    acts = {act["id"]: act.get("label", act["id"]) for act in story.get("acts", [])}
    rows = [
        {
            "order": order,
            "title": event["title"],
            "arc_label": arcs.get(arc_id, arc_id),
            "summary": event.get("summary", ""),
            "characters": ", ".join(one_or_many(event.get("characters", []))),
            "location": event.get("location", ""),
            "act_label": acts.get(event.get("act"), ""),
        }
        for order, event in enumerate(story["events"], start=1)
        for arc_id in one_or_many(event.get("arcs", []))
    ]
    plain_page(pd.DataFrame(rows), story.get("title"), target)


def plain_page(rows: pd.DataFrame, title: str | None, target: str | Path) -> None:
    """Write what a Plotly user writes in a few lines: a scatter of the rows (told
    order, arc), hover text from their columns, plotly.js inlined (write_html's default)."""
    import plotly.express as px

    figure = px.scatter(
        rows,
        x="order",
        y="arc_label",
        color="arc_label",
        hover_name="title",
        hover_data=["summary", "characters", "location", "act_label"],
        title=title,
    )
    figure.write_html(target, include_plotlyjs=True, full_html=True)


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    story = read(source)
    if target != "--read-only":
        write_page(story, target)
