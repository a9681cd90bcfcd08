"""DataFrame -> Plotly Figure: one lane per arc, story order along x."""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from recap.frame import events
from recap.labels import (
    LABEL_FONT_SIZE,
    LABEL_HEIGHT,
    LABEL_MAX_WIDTH,
    MARKER_RADIUS,
    Box,
    label_priority,
    place_labels,
    shorten,
    text_width,
)

Theme = Literal["light", "dark"]
# "overlay": the page's script draws labels and act captions over the chart, measured
# as drawn; "annotations": they are placed here, for drawings without that script.
LabelMode = Literal["annotations", "overlay"]
DEFAULT_WIDTH = 1100  # pixels: what a figure with no width is laid out for

FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", sans-serif'
)
HOVER_WIDTH = 48  # characters: fits a phone screen
LANE_HEIGHT = 78
LOCKED_SYMBOL = "square"
# Line style tells the arc kinds apart without colour; each arc has its own shape too.
DASHES = {"protagonist": "solid", "antagonist": "dash", "other": "dot"}
CAPTION_SIZE = 12
CAPTION_ROW = 17  # pixels between the two rows of act captions


@dataclass(frozen=True)
class Palette:
    text: str
    muted: str
    grid: str
    band: str
    spoiler_band: str
    locked: str
    marker_outline: str
    hover_background: str
    label_background: str


PALETTES: dict[Theme, Palette] = {
    "light": Palette(
        text="#1f2328",
        muted="#57606a",
        grid="#d0d7de",
        band="rgba(128,128,128,0.09)",
        spoiler_band="rgba(130,80,223,0.11)",
        locked="#6e7781",
        marker_outline="#ffffff",
        hover_background="#ffffff",
        label_background="rgba(255,255,255,0.8)",
    ),
    "dark": Palette(
        text="#e6edf3",
        muted="#9da7b3",
        grid="#30363d",
        band="rgba(128,128,128,0.12)",
        spoiler_band="rgba(130,80,223,0.16)",
        locked="#8b949e",
        marker_outline="#0d1117",
        hover_background="#161b22",
        label_background="rgba(13,17,23,0.8)",
    ),
}


def build_figure(
    frame: pd.DataFrame,
    *,
    theme: Theme = "light",
    title: str | None = None,
    width: int | None = None,
) -> go.Figure:
    """Draw the frame as a timeline: acts as bands, arcs as lanes, labelled events."""
    return go.Figure(figure_spec(frame, theme=theme, title=title, width=width))


def figure_spec(
    frame: pd.DataFrame,
    *,
    theme: Theme = "light",
    title: str | None = None,
    labels: LabelMode = "annotations",
    width: int | None = None,
) -> dict[str, Any]:
    """Return the timeline as a plain Plotly figure dict (data and layout).

    Plain dicts keep page builds fast: plotly's figure objects validate every property
    on assignment, which costs more than the rest of a build. With `labels="overlay"`
    the figure carries what the page's script needs to label it (`layout.meta.recap`).
    """
    palette = PALETTES[theme]
    lanes = frame.drop_duplicates("lane").sort_values("lane")
    told = events(frame)
    last = int(told["order"].max()) if len(told) else 1
    bands, acts = _act_bands(told, palette)
    traces = [_arc_span(rows, palette) for _, rows in frame.groupby("lane", sort=True)]
    traces += _connectors(frame, palette)
    unlocked = frame[~frame["locked"]]
    for lane in lanes.itertuples():
        rows = unlocked[unlocked["lane"] == lane.lane]
        if len(rows):
            traces.append(_markers(rows, palette, name=str(lane.arc_label)))
    locked = frame[frame["locked"]]
    if len(locked):
        traces.append(_markers(locked, palette, name="Spoiler, hidden"))
    layout: dict[str, Any] = {
        "template": {},
        "height": 110 + LANE_HEIGHT * len(lanes) + (24 if title else 0),
        "margin": {"l": 12, "r": 12, "t": 58 + (34 if title else 0), "b": 44},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": FONT_FAMILY, "size": 13, "color": palette.text},
        "showlegend": False,
        "dragmode": False,
        "hovermode": "closest",
        "hoverlabel": {
            "align": "left",
            "bgcolor": palette.hover_background,
            "bordercolor": palette.grid,
            "font": {"family": FONT_FAMILY, "size": 13, "color": palette.text},
        },
        "xaxis": {
            "title": {"text": "Order in which the story tells it"},
            "range": [0.4, last + 0.6],
            "tickmode": "auto",
            "nticks": 12,
            "tickformat": "d",
            "showgrid": False,
            "zeroline": False,
            "showline": True,
            "linecolor": palette.grid,
            "tickfont": {"color": palette.muted},
        },
        "yaxis": {"range": [len(lanes) - 0.45, -0.8], "visible": False, "fixedrange": True},
        "shapes": bands,
        "annotations": [
            _lane_label(int(str(lane.lane)), str(lane.arc_label), str(lane.arc_kind), palette)
            for lane in lanes.itertuples()
        ],
    }
    if title:
        layout["title"] = {
            "text": _escape(title),
            "x": 0.01,
            "xanchor": "left",
            "font": {"size": 18},
        }
    if labels == "overlay":
        layout["meta"] = {"recap": _overlay_data(frame, told, acts)}
    else:
        layout["annotations"] += _caption_annotations(acts, layout, palette, width)
        layout["annotations"] += _label_annotations(frame, told, layout, palette, width)
    return {"data": traces, "layout": layout}


def _overlay_data(
    frame: pd.DataFrame, told: pd.DataFrame, acts: list[tuple[str, float, float]]
) -> dict[str, Any]:
    """Return the labels (in priority order) and act captions for the page's script."""
    lanes: dict[int, list[int]] = {}
    for order, lane in zip(frame["order"], frame["lane"], strict=True):
        lanes.setdefault(int(order), []).append(int(lane))
    labels = [
        [
            str(told["event_id"].iloc[index]),
            int(told["order"].iloc[index]),
            lanes[int(told["order"].iloc[index])],
            str(told["label"].iloc[index]),
        ]
        for index in label_priority(told)
    ]
    return {"labels": labels, "acts": [list(act) for act in acts]}


def _plot_area(layout: dict[str, Any], width: int | None) -> tuple[Box, float, float]:
    """Return the plot area in pixels, and the pixels per unit along x and y."""
    margin = layout["margin"]
    full_width = width or layout.get("width") or DEFAULT_WIDTH
    area = Box(margin["l"], margin["t"], full_width - margin["r"], layout["height"] - margin["b"])
    (x0, x1), (y0, y1) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    return area, (area.x1 - area.x0) / (x1 - x0), (area.y1 - area.y0) / (y1 - y0)


def _caption_annotations(
    acts: list[tuple[str, float, float]],
    layout: dict[str, Any],
    palette: Palette,
    width: int | None,
) -> list[dict[str, Any]]:
    """Caption each act on one row; one that would run into the caption before it
    drops to a second row, and where both rows are taken it starts after the earlier
    caption, shortened to its band (or is left out: the list heads each act anyway)."""
    area, per_x, _ = _plot_area(layout, width)
    x_start = layout["xaxis"]["range"][0]
    row_ends = [float("-inf"), float("-inf")]
    annotations = []
    for label, start, end in acts:
        left = area.x0 + (start - x_start) * per_x
        right = area.x0 + (end - x_start) * per_x
        text = label
        row = (
            0
            if left >= row_ends[0]
            else 1
            if left >= row_ends[1]
            else int(row_ends[1] < row_ends[0])
        )
        if left < row_ends[row]:
            # Both rows are taken here: start after the caption before, shortened to the band.
            left = row_ends[row]
            if right - left < 24:
                continue
            text = shorten(label, right - left, CAPTION_SIZE)
        row_ends[row] = left + text_width(text, CAPTION_SIZE) + 8
        annotations.append(
            {
                "x": x_start + (left - area.x0) / per_x,
                "xref": "x",
                "xanchor": "left",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": 2 + CAPTION_ROW * row,
                "text": _escape(text),
                "showarrow": False,
                "font": {"size": CAPTION_SIZE, "color": palette.muted},
            }
        )
    return annotations


def _label_annotations(
    frame: pd.DataFrame,
    told: pd.DataFrame,
    layout: dict[str, Any],
    palette: Palette,
    width: int | None,
) -> list[dict[str, Any]]:
    """Place the event labels for a fixed-size drawing, from estimated text widths."""
    area, per_x, per_y = _plot_area(layout, width)
    x_start, y_start = layout["xaxis"]["range"][0], layout["yaxis"]["range"][0]

    def pixel(x: float, y: float) -> tuple[float, float]:
        return area.x0 + (x - x_start) * per_x, area.y0 + (y - y_start) * per_y

    obstacles = [
        Box(px - MARKER_RADIUS, py - MARKER_RADIUS, px + MARKER_RADIUS, py + MARKER_RADIUS)
        for px, py in map(pixel, frame["order"], frame["lane"])
    ]
    for lane in frame.drop_duplicates("lane").itertuples():
        kind = "" if lane.arc_kind == "other" else f"  ·  {lane.arc_kind}"
        lane_width = text_width(f"{lane.arc_label}{kind}", 13) * 1.08 + 8
        _, top = pixel(0, float(str(lane.lane)) - 0.42)
        obstacles.append(Box(area.x0, top - 11, area.x0 + lane_width, top + 11))
    anchors: dict[int, list[tuple[float, float]]] = {}
    for order, lane in zip(frame["order"], frame["lane"], strict=True):
        anchors.setdefault(int(order), []).append(pixel(order, lane))
    requests = []
    for index in label_priority(told):
        row = told.iloc[index]
        text = shorten(str(row["label"]), LABEL_MAX_WIDTH)
        requests.append(
            (str(row["event_id"]), text, text_width(text) + 6, anchors[int(row["order"])])
        )
    annotations = []
    for placed in place_labels(requests, obstacles=obstacles, bounds=area):
        box = placed.box
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        annotation = {
            "x": x_start + (centre[0] - area.x0) / per_x,
            "y": y_start + (centre[1] - area.y0) / per_y,
            "xref": "x",
            "yref": "y",
            "text": _escape(placed.text),
            "showarrow": False,
            "font": {"size": LABEL_FONT_SIZE, "color": palette.text},
            "bgcolor": palette.label_background,
            "borderpad": 1,
            "height": LABEL_HEIGHT - 2,
            "name": placed.event_id,
        }
        if placed.leader:
            annotation.update(
                {
                    "showarrow": True,
                    "arrowhead": 0,
                    "arrowwidth": 1,
                    "arrowcolor": palette.muted,
                    "ax": x_start + (placed.anchor[0] - area.x0) / per_x,
                    "ay": y_start + (placed.anchor[1] - area.y0) / per_y,
                    "axref": "x",
                    "ayref": "y",
                }
            )
        annotations.append(annotation)
    return annotations


def _act_bands(
    told: pd.DataFrame, palette: Palette
) -> tuple[list[dict[str, Any]], list[tuple[str, float, float]]]:
    """Return a background band per run of one act, and each run's (label, x0, x1)."""
    bands: list[dict[str, Any]] = []
    captions: list[tuple[str, float, float]] = []
    # Each unbroken run of events in one act is a band; an act may come back later.
    runs = (told["act_id"] != told["act_id"].shift()).cumsum()
    in_acts = told["act_id"] != ""
    for index, (_, rows) in enumerate(told[in_acts].groupby(runs[in_acts], sort=True)):
        start, end = int(rows["order"].min()), int(rows["order"].max())
        spoiler_act = bool(rows["spoiler"].all())
        fill = palette.band if index % 2 == 0 else "rgba(0,0,0,0)"
        bands.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": start - 0.5,
                "x1": end + 0.5,
                "y0": 0,
                "y1": 1,
                "line": {"width": 0},
                "fillcolor": palette.spoiler_band if spoiler_act else fill,
                "layer": "below",
            }
        )
        captions.append((str(rows["act_label"].iloc[0]), start - 0.5, end + 0.5))
    return bands, captions


def _arc_span(rows: pd.DataFrame, palette: Palette) -> dict[str, Any]:
    first = rows.iloc[0]
    color = palette.locked if first["arc_id"] == "hidden" else str(first["arc_color"])
    return {
        "type": "scatter",
        "x": [int(rows["order"].min()), int(rows["order"].max())],
        "y": [int(first["lane"])] * 2,
        "mode": "lines",
        "line": {"color": color, "width": 4, "dash": DASHES[str(first["arc_kind"])]},
        "opacity": 0.55,
        "hoverinfo": "skip",
        "name": f"{first['arc_label']} span",
    }


def _connectors(frame: pd.DataFrame, palette: Palette) -> list[dict[str, Any]]:
    """Join the markers of an event that belongs to several arcs."""
    spread = frame.groupby("order", sort=True)["lane"].agg(["min", "max", "size"])
    shared = spread[spread["size"] > 1]
    if shared.empty:
        return []
    xs: list[int | None] = []
    ys: list[int | None] = []
    for order, row in shared.iterrows():
        xs += [int(str(order)), int(str(order)), None]
        ys += [int(row["min"]), int(row["max"]), None]
    return [
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines",
            "line": {"color": palette.muted, "width": 1.5},
            "hoverinfo": "skip",
            "name": "shared events",
        }
    ]


def _markers(rows: pd.DataFrame, palette: Palette, *, name: str) -> dict[str, Any]:
    locked = bool(rows["locked"].iloc[0])
    return {
        "type": "scatter",
        "x": rows["order"].tolist(),
        "y": rows["lane"].tolist(),
        "mode": "markers",
        "name": name,
        "marker": {
            "size": 15 if locked else 14,
            "symbol": LOCKED_SYMBOL if locked else rows["arc_symbol"].tolist(),
            "color": palette.locked if locked else rows["arc_color"].tolist(),
            "line": {"width": 1.5, "color": palette.marker_outline},
        },
        "customdata": rows["event_id"].tolist(),
        "hovertext": [
            _hover_text(*fields)
            for fields in zip(
                rows["order"],
                rows["title"],
                rows["summary"],
                rows["characters"],
                rows["location"],
                rows["act_label"],
                rows["when"],
                rows["locked"],
                strict=True,
            )
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


@lru_cache(maxsize=4096)
def _hover_text(
    order: int,
    title: str,
    summary: str,
    characters: str,
    location: str,
    act: str,
    when: float,
    locked: bool,
) -> str:
    """Return an event's hover label, wrapped to fit a phone (cached: events share it)."""
    lines = [f"<b>{order}. {_escape(title)}</b>"]
    if locked:
        lines.append("Spoiler: hidden until you reveal it.")
        return "<br>".join(lines)
    named = (("Characters", characters), ("Location", location), ("Act", act))
    facts = [summary, *(f"{label}: {value}" for label, value in named if value)]
    if when != order:
        kind = "flashback" if when < order else "flash-forward"
        facts.append(f"Story time: {when:g}, a {kind}")
    for fact in facts:
        if fact:
            wrapped = [fact] if len(fact) <= HOVER_WIDTH else textwrap.wrap(fact, HOVER_WIDTH)
            lines += [_escape(part) for part in wrapped]
    return "<br>".join(lines)


def _lane_label(lane: int, label: str, kind: str, palette: Palette) -> dict[str, object]:
    kind_text = "" if kind == "other" else f"  ·  {kind}"
    return {
        "x": 0,
        "xref": "paper",
        "xanchor": "left",
        "y": lane - 0.42,
        "yref": "y",
        "yanchor": "middle",
        "text": f"<b>{_escape(label)}</b>{kind_text}",
        "showarrow": False,
        "bgcolor": palette.label_background,
        "font": {"size": 13, "color": palette.text},
    }


def _escape(text: str) -> str:
    """Make user text literal in Plotly's small HTML subset."""
    return html.escape(text, quote=False)
