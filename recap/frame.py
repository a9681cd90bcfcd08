"""Story -> DataFrame: one row per event per arc, and the spoiler views of that frame."""

from __future__ import annotations

from typing import Any

import pandas as pd

from recap.model import SpoilerMode, Story, default_event_id

DEFAULT_COLORS = {"protagonist": "#0072B2", "antagonist": "#C45200"}
# Okabe-Ito based, darkened where needed for 4.5:1 contrast on white.
OTHER_COLORS = ("#6B6B6B", "#007A5A", "#A8477F", "#8A6D00", "#2D7DA8")
HIDDEN_ARC_ID = "hidden"
HIDDEN_ARC_LABEL = "Hidden until revealed"
LOCKED_TITLE = "Spoiler"
SPOILER_ID_PREFIX = "spoiler-"  # a placeholder's id: "spoiler-" and its told number

COLUMNS = [
    "order",  # 1, 2, 3... in the order the story tells its events
    "event_id",
    "title",
    "summary",
    "characters",  # names joined with ", "
    "location",
    "act_id",
    "act_label",
    "spoiler",
    "teaser",
    "when",  # place in story chronology; the told order unless `when` is given
    "arc_id",
    "arc_label",
    "arc_kind",
    "arc_color",
    "arc_description",
    "lane",  # 0 for the first arc drawn, 1 for the next...
    "locked",  # a spoiler shown as a placeholder (only in redacted frames)
]


def to_frame(story: Story) -> pd.DataFrame:
    """Flatten a story into one row per (event, arc), in told order."""
    act_by_id = {act.id: act for act in story.acts}
    arc_ids = list(story.arcs)
    rows = []
    for position, event in enumerate(story.events):
        act = act_by_id.get(event.act) if event.act else None
        spoiler = event.spoiler if event.spoiler is not None else bool(act and act.spoiler)
        for arc_id in dict.fromkeys(event.arcs):
            arc = story.arcs[arc_id]
            rows.append(
                {
                    "order": position + 1,
                    "event_id": default_event_id(event.id, event.title, position),
                    "title": event.title,
                    "summary": event.summary or "",
                    "characters": ", ".join(event.characters),
                    "location": event.location or "",
                    "act_id": act.id if act else "",
                    "act_label": act.label if act else "",
                    "spoiler": spoiler,
                    "teaser": event.teaser or "",
                    "when": event.when if event.when is not None else float(position + 1),
                    "arc_id": arc_id,
                    "arc_label": arc.label,
                    "arc_kind": arc.kind,
                    "arc_color": arc.color or _default_color(arc_ids.index(arc_id), arc.kind),
                    "arc_description": arc.description or "",
                    "lane": arc_ids.index(arc_id),
                    "locked": False,
                }
            )
    return _renumber_lanes(pd.DataFrame(rows, columns=COLUMNS))


def redact_spoilers(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace spoiler events with locked placeholders that give nothing away.

    A placeholder keeps its place in the order and on the lanes of arcs that the
    reader already knows; arcs seen only in spoilers collapse into one hidden lane.
    """
    secret_arcs = _secret_arcs(frame)
    redacted = frame.copy()
    spoiler = redacted["spoiler"]
    redacted.loc[spoiler, "title"] = redacted.loc[spoiler, "teaser"].where(
        redacted.loc[spoiler, "teaser"] != "", LOCKED_TITLE
    )
    redacted.loc[spoiler, "event_id"] = SPOILER_ID_PREFIX + redacted.loc[spoiler, "order"].astype(
        str
    )
    for column in ("summary", "characters", "location", "teaser"):
        redacted.loc[spoiler, column] = ""
    redacted.loc[spoiler, "locked"] = True
    hidden = redacted["arc_id"].isin(secret_arcs)
    redacted.loc[hidden, ["arc_id", "arc_label", "arc_kind", "arc_color", "arc_description"]] = [
        HIDDEN_ARC_ID,
        HIDDEN_ARC_LABEL,
        "other",
        "#767676",
        "",
    ]
    redacted.loc[hidden, "lane"] = redacted["lane"].max() + 1
    redacted = redacted.drop_duplicates(subset=["order", "arc_id"])
    return _renumber_lanes(redacted)


def omit_spoilers(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop spoiler events, keeping the told numbers of the others."""
    return _renumber_lanes(frame[~frame["spoiler"]])


def public_view(frame: pd.DataFrame, spoilers: SpoilerMode) -> pd.DataFrame:
    """Return what a reader sees first: spoilers locked, shown, or left out."""
    if spoilers == "hidden":
        return redact_spoilers(frame)
    if spoilers == "omit":
        return omit_spoilers(frame)
    return frame


def spoiler_only_values(frame: pd.DataFrame) -> set[str]:
    """Return the arc labels, characters and locations that appear only in spoilers."""
    spoilers, others = frame[frame["spoiler"]], frame[~frame["spoiler"]]

    def values(rows: pd.DataFrame) -> set[str]:
        names = {name for text in rows["characters"] for name in text.split(", ") if name}
        return (names | set(rows["location"]) | set(rows["arc_label"])) - {""}

    return values(spoilers) - values(others)


def events(frame: pd.DataFrame) -> pd.DataFrame:
    """Return one row per event (its arcs gathered into tuples), in told order."""
    # The frame is sorted by order, so one pass gathers each event's arcs. (Columns as
    # lists: iterating pandas' Arrow-backed text columns is slow, value by value.)
    gathered: dict[int, list[tuple[str, str, str]]] = {}
    for order, arc_id, label, color in zip(
        frame["order"].tolist(),
        frame["arc_id"].tolist(),
        frame["arc_label"].tolist(),
        frame["arc_color"].tolist(),
        strict=True,
    ):
        gathered.setdefault(order, []).append((arc_id, label, color))
    first = frame.drop_duplicates("order").reset_index(drop=True)
    arcs = [gathered[order] for order in first["order"].tolist()]
    gathered_columns: dict[str, Any] = {
        "arc_ids": [tuple(arc[0] for arc in event) for event in arcs],
        "arc_labels": [tuple(arc[1] for arc in event) for event in arcs],
        "arc_colors": [tuple(arc[2] for arc in event) for event in arcs],
    }
    return first.assign(**gathered_columns)


def _secret_arcs(frame: pd.DataFrame) -> set[str]:
    spoiler_by_arc = frame.groupby("arc_id")["spoiler"].all()
    return set(spoiler_by_arc[spoiler_by_arc].index)


def _renumber_lanes(frame: pd.DataFrame) -> pd.DataFrame:
    """Number the lanes that have events 0, 1, 2... keeping their relative order."""
    frame = frame.sort_values(["order", "lane"], kind="stable").reset_index(drop=True)
    used = sorted(frame["lane"].unique())
    frame["lane"] = frame["lane"].map({lane: index for index, lane in enumerate(used)})
    return frame.astype({"lane": "int64", "order": "int64", "spoiler": bool, "locked": bool})


def _default_color(index: int, kind: str) -> str:
    return DEFAULT_COLORS.get(kind, OTHER_COLORS[index % len(OTHER_COLORS)])
