"""DataFrame -> Plotly Figure: one lane per arc, story order along x."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from recap.frame import events
from recap.i18n import ENGLISH, N_, Language
from recap.labels import label_priority, static_annotations
from recap.theme import DASHES, LOCKED_SYMBOL, PALETTES, Palette, Theme, escape, font_family
from recap.wording import chronology_words, hover_text

# "overlay": the page's script draws labels and act captions over the chart, measured
# as drawn; "annotations": they are placed here, for drawings without that script.
LabelMode = Literal["annotations", "overlay"]
LANE_HEIGHT = 92
TOLD_AXIS_TITLE = N_("Order told")
STORY_AXIS_TITLE = N_("Order of events in the story")
ARC_KINDS = {"protagonist": N_("protagonist"), "antagonist": N_("antagonist")}
# The columns each part of the chart reads: taking rows of a frame takes every column.
SPAN_COLUMNS = ["order", "lane", "arc_id", "arc_label", "arc_kind", "arc_color"]
MARKER_COLUMNS = [
    *("order", "lane", "locked", "event_id", "arc_symbol", "arc_color"),
    *("title", "summary", "characters", "location", "act_label"),  # hover texts
]


def build_figure(
    frame: pd.DataFrame,
    *,
    theme: Theme = "light",
    title: str | None = None,
    width: int | None = None,
    language: Language = ENGLISH,
) -> go.Figure:
    """Draw the frame as a timeline: acts as bands, arcs as lanes, labelled events."""
    return go.Figure(figure_spec(frame, theme=theme, title=title, width=width, language=language))


def figure_spec(
    frame: pd.DataFrame,
    *,
    theme: Theme = "light",
    title: str | None = None,
    labels: LabelMode = "annotations",
    width: int | None = None,
    order: Literal["told", "story"] = "told",
    language: Language = ENGLISH,
    told: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Return the timeline as a plain Plotly figure dict (data and layout).

    `told` is `events(frame)`, when the caller has it already.

    `order="story"` draws the events where they happen in the story (for the static
    image; the page moves them in the browser), each label keeping its told number.

    Plain dicts keep page builds fast: plotly's figure objects validate every property
    on assignment, which costs more than the rest of a build. With `labels="overlay"`
    the figure carries what the page's script needs to label it (`layout.meta.recap`).
    Its words are in `language`; in a right-to-left one the chart runs right to left.
    """
    if order == "story":
        frame, told = in_story_order(frame), None
    palette = PALETTES[theme]
    lanes = frame[["lane", "arc_label", "arc_kind"]].drop_duplicates("lane").sort_values("lane")
    told = events(frame) if told is None else told
    bands, acts = act_bands(told, palette)
    chronology = chronology_words(told, language)
    spans = frame[SPAN_COLUMNS].groupby("lane", sort=True)
    traces = [_arc_span(rows, palette) for _, rows in spans]
    traces += _connectors(frame, palette)
    markers = frame[MARKER_COLUMNS]
    unlocked = markers[~markers["locked"]]
    for lane in lanes.itertuples():
        rows = unlocked[unlocked["lane"] == lane.lane]
        if len(rows):
            traces.append(
                _markers(
                    rows,
                    palette,
                    name=str(lane.arc_label),
                    chronology=chronology,
                    hover=labels == "annotations",
                    language=language,
                )
            )
    locked = markers[markers["locked"]]
    if len(locked):
        traces.append(
            _markers(
                locked,
                palette,
                name=language.gettext("Spoiler, hidden"),
                chronology={},
                hover=labels == "annotations",
                language=language,
            )
        )
    layout = figure_layout(
        told, palette, title=title, height=110 + LANE_HEIGHT * len(lanes), language=language
    )
    layout["yaxis"] = {"range": [len(lanes) - 0.45, -0.8], "visible": False, "fixedrange": True}
    if order == "story":
        layout["xaxis"]["title"]["text"] = language.isolate(language.gettext(STORY_AXIS_TITLE))
    layout["shapes"] = bands + _out_of_place_rings(frame, palette)
    layout["annotations"] = [
        _lane_label(
            int(str(lane.lane)),
            lane_text(lane.arc_label, lane.arc_kind, language),
            palette,
            language,
        )
        for lane in lanes.itertuples()
    ]
    if labels == "overlay":
        layout["meta"] = {"recap": overlay_data(frame, told, acts, chronology, language)}
    else:
        layout["annotations"] += static_annotations(
            frame, told, acts, layout, palette, width, language
        )
    return {"data": traces, "layout": layout}


def in_story_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Move each event to its place in story order; acts, which are runs of the telling,
    are left out, and labels carry the told number."""
    moved = frame.copy()
    unlocked = ~moved["locked"]
    moved.loc[unlocked, "label"] = (
        moved.loc[unlocked, "order"].astype(str) + ". " + moved.loc[unlocked, "label"]
    )
    moved["order"] = moved["story_rank"]
    moved[["act_id", "act_label"]] = ""
    return moved.sort_values(["order", "lane"], kind="stable").reset_index(drop=True)


def figure_layout(
    told: pd.DataFrame,
    palette: Palette,
    *,
    title: str | None,
    height: int,
    left: int = 12,
    language: Language = ENGLISH,
) -> dict[str, Any]:
    """Return the layout the views share: told order along x, fonts, hover, no drag.

    `left` is the margin where lines start: at the right in a right-to-left language,
    whose chart runs right to left (the first event told at the right).
    """
    last = int(told["order"].max()) if len(told) else 1
    font = font_family(language)
    start, end = (left, 12) if not language.rtl else (12, left)
    x_range = [0.4, last + 0.6]
    layout: dict[str, Any] = {
        "template": {},
        "height": height + (24 if title else 0),
        "margin": {"l": start, "r": end, "t": 58 + (34 if title else 0), "b": 44},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": font, "size": 13, "color": palette.text},
        "showlegend": False,
        "dragmode": False,
        "hovermode": "closest",
        "hoverlabel": {
            "align": "right" if language.rtl else "left",
            "bgcolor": palette.hover_background,
            "bordercolor": palette.grid,
            "font": {"family": font, "size": 13, "color": palette.text},
        },
        "xaxis": {
            "title": {"text": language.isolate(language.gettext(TOLD_AXIS_TITLE))},
            "range": x_range[::-1] if language.rtl else x_range,
            # Whole told numbers only: a short story would get 1, 1, 2, 2... otherwise.
            "tickmode": "linear",
            "tick0": 0,
            "dtick": _tick_step(last),
            "tickformat": "d",
            "showgrid": False,
            "zeroline": False,
            "showline": True,
            "linecolor": palette.grid,
            "tickfont": {"color": palette.muted},
        },
    }
    if title:
        layout["title"] = {
            "text": language.isolate(escape(title)),
            "x": 0.99 if language.rtl else 0.01,
            "xanchor": "right" if language.rtl else "left",
            "font": {"size": 18},
        }
    return layout


def _tick_step(last: int) -> int:
    """Return a round step (1, 2, 5, 10, 20, 50...) giving at most about 12 ticks."""
    step = 1
    while last / step > 12:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return step


def overlay_data(
    frame: pd.DataFrame,
    told: pd.DataFrame,
    acts: list[tuple[str, float, float]],
    chronology: dict[int, str],
    language: Language = ENGLISH,
    *,
    labelled: bool = True,
) -> dict[str, Any]:
    """Return what the page's script needs beyond the figure: the labels (in priority
    order; none unless `labelled`), the act captions, and each event's place in story
    order (told order, story rank, flashback or not, in words), locked events last and
    unmarked."""
    # One copy of each text: a label that is the title is read from the list item.
    orders = told["order"].tolist()
    labels = []
    if labelled:
        ids, chosen, titles = (told[name].tolist() for name in ("event_id", "label", "title"))
        labels = [
            [
                str(ids[index]),
                int(orders[index]),
                "" if chosen[index] == titles[index] else chosen[index],
            ]
            for index in label_priority(told)
        ]
    return {
        "labels": labels,
        "acts": [list(act) for act in acts],
        "chronology": [
            [int(order), int(rank), str(placement), chronology.get(int(order), "")]
            for order, rank, placement in zip(
                orders, told["story_rank"].tolist(), told["placement"].tolist(), strict=True
            )
        ],
        # The view switch shows only when the visible events' two orders differ.
        "reordered": reordered(told),
        "hidden": int(told["locked"].sum()),
        "storyAxis": language.isolate(language.gettext(STORY_AXIS_TITLE)),
    }


def reordered(told: pd.DataFrame) -> bool:
    """Whether the visible events' two orders differ (then the page offers both)."""
    visible = told[~told["locked"].astype(bool)]
    return bool((visible["story_rank"].diff().fillna(1) < 0).any())


def _out_of_place_rings(frame: pd.DataFrame, palette: Palette) -> list[dict[str, Any]]:
    """Ring the markers of flashbacks and flash-forwards, on every lane they are drawn."""
    rows = frame.loc[frame["placement"] != "", ["order", "lane"]]
    return [
        {
            "type": "circle",
            "name": "out-of-place",
            "xref": "x",
            "yref": "y",
            "xsizemode": "pixel",
            "ysizemode": "pixel",
            "xanchor": int(order),
            "yanchor": int(lane),
            "x0": -12,
            "x1": 12,
            "y0": -12,
            "y1": 12,
            "line": {"color": palette.muted, "width": 1.5, "dash": "dot"},
            "layer": "above",
        }
        for order, lane in zip(rows["order"].tolist(), rows["lane"].tolist(), strict=True)
    ]


def act_bands(
    told: pd.DataFrame, palette: Palette
) -> tuple[list[dict[str, Any]], list[tuple[str, float, float]]]:
    """Return a background band per run of one act, and each run's (label, x0, x1)."""
    bands: list[dict[str, Any]] = []
    captions: list[tuple[str, float, float]] = []
    # Each unbroken run of events in one act is a band; an act may come back later.
    told = told[["order", "act_id", "act_label", "spoiler"]]
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
    for order, low, high in zip(
        shared.index.tolist(), shared["min"].tolist(), shared["max"].tolist(), strict=True
    ):
        xs += [int(order), int(order), None]
        ys += [int(low), int(high), None]
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


def _markers(
    rows: pd.DataFrame,
    palette: Palette,
    *,
    name: str,
    chronology: dict[int, str],
    hover: bool,
    language: Language,
) -> dict[str, Any]:
    locked = bool(rows["locked"].iloc[0])
    trace: dict[str, Any] = {
        "type": "scatter",
        "x": rows["order"].tolist(),
        "y": rows["lane"].tolist(),
        "mode": "markers",
        "name": name,
        "marker": {
            "size": 15 if locked else 14,
            # One lane, one arc: one shape and colour per trace (scalars draw faster).
            "symbol": LOCKED_SYMBOL if locked else str(rows["arc_symbol"].iloc[0]),
            "color": palette.locked if locked else str(rows["arc_color"].iloc[0]),
            "line": {"width": 1.5, "color": palette.marker_outline},
        },
        "customdata": rows["event_id"].tolist(),
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    if hover:
        trace["hovertext"] = [
            hover_text(*fields)
            for fields in zip(
                rows["order"],
                rows["title"],
                rows["summary"],
                rows["characters"],
                rows["location"],
                rows["act_label"],
                [chronology.get(int(order), "") for order in rows["order"]],
                rows["locked"],
                [language] * len(rows),
                strict=True,
            )
        ]
    return trace


def lane_text(label: object, kind: object, language: Language) -> str:
    """Return a lane's caption: its arc's label, and the arc's kind unless 'other'."""
    kind_word = ARC_KINDS.get(str(kind))
    kind_text = f"  ·  {language.gettext(kind_word)}" if kind_word else ""
    return f"<b>{escape(str(label))}</b>{escape(kind_text)}"


def _lane_label(lane: int, text: str, palette: Palette, language: Language) -> dict[str, object]:
    return {
        "x": 1 if language.rtl else 0,
        "xref": "paper",
        "xanchor": "right" if language.rtl else "left",
        "y": lane - 0.42,
        "yref": "y",
        "yanchor": "middle",
        "text": language.isolate(text),
        "showarrow": False,
        "bgcolor": palette.label_background,
        "font": {"size": 13, "color": palette.text},
    }
