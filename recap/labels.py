"""Which events get a label on the chart, and where each label goes without overlaps.

The page places its labels in the browser, where the text is measured as drawn
(static/js/labels.js); this module does the same for figures drawn without the page's
script: the static image and `build_figure` in a notebook. Both follow one rule:
labels are tried in priority order, each at the first free spot of a fixed list around
its marker (above, below, then further out with a leader line); one that fits nowhere
is left out, for the reader to find by tap, keyboard or zoom.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from recap.i18n import Language
from recap.theme import Palette, escape

DEFAULT_WIDTH = 1100  # pixels: what a figure with no width is laid out for
CAPTION_SIZE = 12
CAPTION_ROW = 17  # pixels between the two rows of act captions
LABEL_FONT_SIZE = 12
LABEL_HEIGHT = 16  # pixels: one line of LABEL_FONT_SIZE text and its padding
LABEL_MAX_WIDTH = 150  # pixels; longer labels end in an ellipsis
MARKER_RADIUS = 8  # pixels, with the marker's outline
GAP = 2  # pixels between a label and anything else
RINGS = 3  # rows of labels tried above and below a marker


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels, y growing downwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, bounds: Box) -> bool:
        return (
            self.x0 >= bounds.x0
            and self.y0 >= bounds.y0
            and self.x1 <= bounds.x1
            and self.y1 <= bounds.y1
        )


@dataclass(frozen=True)
class Placement:
    """Where one event's label went: its box, and the marker it belongs to."""

    event_id: str
    text: str
    box: Box
    anchor: tuple[float, float]
    leader: bool  # drawn away from its marker, joined to it by a line


def label_priority(events: pd.DataFrame) -> list[int]:
    """Return the row positions of the unlocked events, most deserving label first.

    First the labels the writer chose (`label:`), then the first and last event of
    each act, then the rest spread evenly, so a crowded chart still samples the story.
    """
    # Columns as lists: indexing a DataFrame row by row costs more than the rest.
    locked, writer_chose = events["locked"].tolist(), events["labelled"].tolist()
    act_ids = events["act_id"].tolist()
    open_rows = [index for index, is_locked in enumerate(locked) if not is_locked]
    labelled = [index for index in open_rows if writer_chose[index]]
    by_act: dict[str, list[int]] = {}
    for index in open_rows:
        by_act.setdefault(str(act_ids[index]), []).append(index)
    act_ends = [end for rows in by_act.values() for end in (rows[0], rows[-1])]
    first = list(dict.fromkeys([*labelled, *act_ends]))
    chosen = set(first)
    rest = [index for index in open_rows if index not in chosen]
    return first + [rest[index] for index in _spread(len(rest))]


def _spread(count: int) -> list[int]:
    """Return 0..count-1 in bit-reversed order: each prefix is spread evenly."""
    if count <= 1:
        return list(range(count))
    bits = (count - 1).bit_length()
    return sorted(range(count), key=lambda index: int(f"{index:0{bits}b}"[::-1], 2))


def text_width(text: str, size: float = LABEL_FONT_SIZE) -> float:
    """Estimate the width of text in a sans-serif font, erring on the wide side.

    Used only where the text cannot be measured as drawn (the static image).
    """
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            width += 1.0
        elif unicodedata.category(char) == "So":
            width += 1.25
        elif char == " ":
            width += 0.3
        elif char.isupper() or char in "mwMW@%":
            width += 0.72
        else:
            width += 0.56
    return width * size * 1.06


def shorten(text: str, max_width: float, size: float = LABEL_FONT_SIZE) -> str:
    """Cut text to fit max_width (estimated), ending it with an ellipsis."""
    if text_width(text, size) <= max_width:
        return text
    cut = len(text)
    while cut > 1 and text_width(text[:cut].rstrip() + "…", size) > max_width:
        cut -= 1
    return text[:cut].rstrip() + "…"


def candidates(
    anchor: tuple[float, float], width: float, height: float, *, rtl: bool = False
) -> Iterable[Box]:
    """Yield the spots tried for a label, best first: beside its marker, then further out;
    centred, then running on in the reading direction (leftwards when `rtl`), then back."""
    x, y = anchor
    lefts = [x - width / 2, x - MARKER_RADIUS, x + MARKER_RADIUS - width]
    beside = [x + MARKER_RADIUS + GAP, x - MARKER_RADIUS - GAP - width]
    if rtl:
        lefts, beside = [lefts[0], lefts[2], lefts[1]], beside[::-1]
    for ring in range(RINGS):
        offset = MARKER_RADIUS + GAP + ring * (height + GAP)
        rows = ((y - offset - height, y - offset), (y + offset, y + offset + height))
        for top, bottom in rows:
            for left in lefts:
                yield Box(left, top, left + width, bottom)
        if ring == 0:
            for left in beside:
                yield Box(left, y - height / 2, left + width, y + height / 2)


def place_labels(
    requests: Sequence[tuple[str, str, float, Sequence[tuple[float, float]]]],
    *,
    obstacles: Sequence[Box],
    bounds: Box,
    height: float = LABEL_HEIGHT,
    rtl: bool = False,
) -> list[Placement]:
    """Place each label (id, text, width, its markers' centres) in order; skip what won't fit."""
    taken = _Grid(list(obstacles))
    placed = []
    for event_id, text, width, anchors in requests:
        spot = _first_free(anchors, width, height, taken, bounds, rtl)
        if spot is None:
            continue
        box, anchor = spot
        near = abs((box.y0 + box.y1) / 2 - anchor[1]) <= MARKER_RADIUS + GAP + height
        placed.append(Placement(event_id, text, box, anchor, leader=not near))
        taken.add(box)
    return placed


def _first_free(
    anchors: Sequence[tuple[float, float]],
    width: float,
    height: float,
    taken: _Grid,
    bounds: Box,
    rtl: bool,
) -> tuple[Box, tuple[float, float]] | None:
    # Every marker of the event first tries its near spots, then its far ones.
    tried = [list(candidates(anchor, width, height, rtl=rtl)) for anchor in anchors]
    for index in range(max((len(boxes) for boxes in tried), default=0)):
        for anchor, boxes in zip(anchors, tried, strict=True):
            if index < len(boxes):
                box = boxes[index]
                if box.inside(bounds) and not taken.hits(box):
                    return box, anchor
    return None


class _Grid:
    """Boxes bucketed by 64-pixel cells, so a check looks at its neighbours only."""

    CELL = 64

    def __init__(self, boxes: list[Box]) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def _keys(self, box: Box) -> Iterable[tuple[int, int]]:
        for column in range(int(box.x0 // self.CELL), int(box.x1 // self.CELL) + 1):
            for row in range(int(box.y0 // self.CELL), int(box.y1 // self.CELL) + 1):
                yield column, row

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def hits(self, box: Box) -> bool:
        return any(
            box.overlaps(other) for key in self._keys(box) for other in self.cells.get(key, ())
        )


def static_annotations(
    frame: pd.DataFrame,
    told: pd.DataFrame,
    acts: list[tuple[str, float, float]],
    layout: dict[str, Any],
    palette: Palette,
    width: int | None,
    language: Language,
) -> list[dict[str, Any]]:
    """Return the act captions and event labels of a drawing made without the page."""
    return _caption_annotations(acts, layout, palette, width, language) + _label_annotations(
        frame, told, layout, palette, width, language
    )


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
    language: Language,
) -> list[dict[str, Any]]:
    """Caption each act on one row; one that would run into the caption before it
    drops to a second row, and where both rows are taken it starts after the earlier
    caption, shortened to its band (or is left out: the list heads each act anyway).

    Right to left, the same is done in mirror: captions start at their act's right.
    """
    area, per_x, _ = _plot_area(layout, width)
    x_start = layout["xaxis"]["range"][0]
    rtl = language.rtl

    def reading(pixel: float) -> float:
        """Distance along the reading direction, from where reading starts."""
        return area.x1 - pixel + area.x0 if rtl else pixel

    row_ends = [float("-inf"), float("-inf")]
    annotations = []
    for label, start, end in acts:
        left = reading(area.x0 + (start - x_start) * per_x)
        right = reading(area.x0 + (end - x_start) * per_x)
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
                "x": x_start + (reading(left) - area.x0) / per_x,
                "xref": "x",
                "xanchor": "right" if rtl else "left",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": 2 + CAPTION_ROW * row,
                "text": language.isolate(escape(text)),
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
    language: Language,
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
        kind = "" if lane.arc_kind == "other" else f"  ·  {language.gettext(str(lane.arc_kind))}"
        lane_width = text_width(f"{lane.arc_label}{kind}", 13) * 1.08 + 8
        _, top = pixel(0, float(str(lane.lane)) - 0.42)
        if language.rtl:  # lane captions stand at the right, where the lanes start
            obstacles.append(Box(area.x1 - lane_width, top - 11, area.x1, top + 11))
        else:
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
    for placed in place_labels(requests, obstacles=obstacles, bounds=area, rtl=language.rtl):
        box = placed.box
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        annotation = {
            "x": x_start + (centre[0] - area.x0) / per_x,
            "y": y_start + (centre[1] - area.y0) / per_y,
            "xref": "x",
            "yref": "y",
            "text": language.isolate(escape(placed.text)),
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
