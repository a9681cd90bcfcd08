"""Story -> DataFrame: one row per event per arc, and the spoiler views of that frame."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

import pandas as pd

from recap.chronology import placements, story_positions
from recap.i18n import ENGLISH, N_, Language
from recap.model import Act, Event, SpoilerMode, Story, default_event_id

# Eight colours after Okabe-Ito's, darkened for 3:1 contrast on white and kept apart from
# the grey of locked placeholders. No eight colours stay distinct for every reader, so
# each arc also gets its own marker shape (figure.SHAPES).
# The protagonist takes the blue and the antagonist the vermilion; other arcs take the
# rest in order, so up to eight arcs never share a colour.
PALETTE = (
    "#0072B2",  # blue
    "#C45200",  # vermilion
    "#007A5A",  # bluish green
    "#A8477F",  # reddish purple
    "#8A6D00",  # ochre
    "#5A4FCF",  # indigo
    "#8C5A3C",  # brown
    "#4F7F80",  # slate teal
)
DEFAULT_COLORS = {"protagonist": PALETTE[0], "antagonist": PALETTE[1]}
# Plotly marker symbols, one per arc; the square is kept for locked placeholders.
SYMBOLS = (
    "circle",
    "diamond",
    "triangle-up",
    "triangle-down",
    "star",
    "hexagon",
    "pentagon",
    "cross",
)
DEFAULT_SYMBOLS = {"protagonist": "circle", "antagonist": "diamond"}
LOCKED_COLOR = "#767676"
HIDDEN_ARC_ID = "hidden"
# Reveal controls: a control per spoiler act, at most this many, and fewer in a long
# story, where events times controls stays under the budget (see reveal_control_limit).
MAX_REVEAL_CONTROLS = 8
REVEAL_EVENT_BUDGET = 40_000
# English msgids: a redacted frame holds them in the reader's language.
HIDDEN_ARC_LABEL = N_("Hidden until revealed")
LOCKED_TITLE = N_("Spoiler")
SPOILER_ID_PREFIX = "spoiler-"  # a placeholder's id: "spoiler-" and its told number

COLUMNS = [
    "order",  # 1, 2, 3... in the order the story tells its events
    "event_id",
    "title",
    "label",  # short text for the chart: the event's `label:`, else its title
    "labelled",  # the writer chose the label (it wins a place on a crowded chart)
    "summary",
    "characters",  # names joined with ", "
    "location",
    "act_id",
    "act_label",
    "spoiler",
    "reveal_step",  # which reveal control unlocks a spoiler: 0, 1... in told order; -1 if none
    "teaser",
    "when",  # place in story chronology; the told order unless `when` is given
    "story_rank",  # 1, 2, 3... in the order the events happen (`when`, `after`, `before`)
    "placement",  # "", "flashback" or "flash-forward": off the story's main thread
    "arc_id",
    "arc_label",
    "arc_kind",
    "arc_color",
    "arc_symbol",  # the arc's marker shape
    "arc_description",
    "lane",  # 0 for the first arc drawn, 1 for the next...
    "locked",  # a spoiler shown as a placeholder (only in redacted frames)
    "has_image",  # the event has a picture (never true for a locked placeholder)
    "image_src",  # the picture's file path or https:// address, as written; "" if none
    "image_alt",
    "image_credit",
    "image_caption",
]
IMAGE_COLUMNS = ["image_src", "image_alt", "image_credit", "image_caption"]
# The types of the columns that are not text (or the float `when`).
COLUMN_TYPES = {
    **dict.fromkeys(("lane", "order", "reveal_step", "story_rank"), "int64"),
    **dict.fromkeys(("spoiler", "locked", "labelled", "has_image"), "bool"),
}


def to_frame(story: Story) -> pd.DataFrame:
    """Flatten a story into one row per (event, arc), in told order."""
    act_by_id = {act.id: act for act in story.acts}
    colors = _arc_colors(story)
    symbols = _arc_symbols(story)
    spoilers = spoiler_flags(story)
    steps = _reveal_steps(story, spoilers)
    ids = [
        default_event_id(event.id, event.title, position)
        for position, event in enumerate(story.events)
    ]
    in_story_order = story_positions(story.events, ids)
    story_rank = {position: rank + 1 for rank, position in enumerate(in_story_order)}
    marks = placements([story_rank[position] for position in range(len(story.events))])
    # Column by column: the event's values once, repeated for each of its arcs (a row
    # per arc), costs a long story far less than a dict per row.
    arc_lanes = {arc_id: lane for lane, arc_id in enumerate(story.arcs)}
    arc_rows = [list(dict.fromkeys(event.arcs)) for event in story.events]
    repeats = [len(arcs) for arcs in arc_rows]
    arc_of_row = [arc_id for arcs in arc_rows for arc_id in arcs]
    acts = [act_by_id.get(event.act) if event.act else None for event in story.events]
    images = [event.image for event in story.events]
    per_event: dict[str, list[Any]] = {
        "order": list(range(1, len(story.events) + 1)),
        "event_id": ids,
        "title": [event.title for event in story.events],
        "label": [event.label or event.title for event in story.events],
        "labelled": [event.label is not None for event in story.events],
        "summary": [event.summary or "" for event in story.events],
        "characters": [", ".join(event.characters) for event in story.events],
        "location": [event.location or "" for event in story.events],
        "act_id": [act.id if act else "" for act in acts],
        "act_label": [act.label if act else "" for act in acts],
        "spoiler": spoilers,
        "reveal_step": [steps.get(position, -1) for position in range(len(story.events))],
        "teaser": [event.teaser or "" for event in story.events],
        "when": [
            event.when if event.when is not None else float(position + 1)
            for position, event in enumerate(story.events)
        ],
        "story_rank": [story_rank[position] for position in range(len(story.events))],
        "placement": marks,
        "locked": [False] * len(story.events),
        "has_image": [image is not None for image in images],
        "image_src": [image.src if image else "" for image in images],
        "image_alt": [image.alt if image else "" for image in images],
        "image_credit": [(image.credit or "") if image else "" for image in images],
        "image_caption": [(image.caption or "") if image else "" for image in images],
    }
    per_arc: dict[str, list[Any]] = {
        "arc_id": arc_of_row,
        "arc_label": [story.arcs[arc_id].label for arc_id in arc_of_row],
        "arc_kind": [story.arcs[arc_id].kind for arc_id in arc_of_row],
        "arc_color": [colors[arc_id] for arc_id in arc_of_row],
        "arc_symbol": [symbols[arc_id] for arc_id in arc_of_row],
        "arc_description": [story.arcs[arc_id].description or "" for arc_id in arc_of_row],
        "lane": [arc_lanes[arc_id] for arc_id in arc_of_row],
    }
    repeated = _repeater(repeats)
    columns = {
        name: repeated(per_event[name]) if name in per_event else per_arc[name] for name in COLUMNS
    }
    return _renumber_lanes(pd.DataFrame(columns, columns=COLUMNS))


def _repeater(repeats: list[int]) -> Callable[[list[Any]], list[Any]]:
    """Return a function that repeats each value of a list as many times as its count
    says (in C: a comprehension per column costs a long story more than the frame)."""
    if all(count == 1 for count in repeats):
        return lambda values: values
    rows = [position for position, count in enumerate(repeats) for _ in range(count)]
    if len(rows) == 1:
        return lambda values: [values[rows[0]]]
    pick = itemgetter(*rows)
    return lambda values: list(pick(values))


def spoiler_flags(story: Story) -> list[bool]:
    """Return, for each event in told order, whether it is a spoiler (its own `spoiler:`,
    else its act's)."""
    act_by_id = {act.id: act for act in story.acts}
    return [_is_spoiler(event, act_by_id) for event in story.events]


def reveal_steps(story: Story) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Return the spoiler acts each reveal control unlocks (their ids, their labels), in
    told order.

    A story with two or more spoiler acts gets a control per act, as many as
    `reveal_control_limit` allows; past that, neighbouring acts share a control. Any
    other story with spoilers gets a single control, returned here as ((), ()).
    """
    act_by_id = {act.id: act for act in story.acts}
    spoilers = spoiler_flags(story)
    groups = _spoiler_act_groups(story, spoilers)
    if not groups:
        return [((), ())] if any(spoilers) else []
    return [(tuple(group), tuple(act_by_id[act_id].label for act_id in group)) for group in groups]


def reveal_control_limit(events: int) -> int:
    """Return how many reveal controls a story of this many events may have.

    Each control carries the whole chart as it is once pressed: a story of 10,000 events
    and 100 spoiler acts made a page of 178 MB. Past a few controls the page weighs a
    chart more for each, so the longer the story, the fewer.
    """
    return max(1, min(MAX_REVEAL_CONTROLS, REVEAL_EVENT_BUDGET // max(events, 1)))


def redact_spoilers(
    frame: pd.DataFrame, *, revealed_steps: int = 0, language: Language = ENGLISH
) -> pd.DataFrame:
    """Replace spoiler events with locked placeholders that give nothing away.

    Spoilers unlocked by the first `revealed_steps` reveal controls stay as they are.
    A placeholder keeps its place in the order and on the lanes of arcs that the
    reader already knows; arcs seen only in locked events collapse into one hidden lane.
    Placeholders and the hidden lane are named in `language`.
    """
    locked_rows = frame["spoiler"] & (frame["reveal_step"] >= revealed_steps)
    if not locked_rows.any():
        # Everything revealed: the frame itself, whose chronology is already the one
        # its (all visible) events make.
        return frame
    hidden = frame["arc_id"].isin(_secret_arcs(frame, locked_rows)).tolist()
    locked = locked_rows.tolist()

    # Whole columns replaced as lists: a pandas operation per column costs a short
    # story more than the rest of its redaction.
    def replaced(column: str, value: object, rows: list[bool] = locked) -> list[Any]:
        values = frame[column].tolist()
        return [value if row else old for old, row in zip(values, rows, strict=True)]

    def each_locked(column: str, make: Callable[[Any, int], Any]) -> list[Any]:
        """Replace the column's locked values with make(value, the event's told number)."""
        values = zip(frame[column].tolist(), frame["order"].tolist(), locked, strict=True)
        return [make(old, order) if row else old for old, order, row in values]

    lock_title = language.gettext(LOCKED_TITLE)
    titles = zip(frame["title"].tolist(), frame["teaser"].tolist(), locked, strict=True)
    redacted = frame.assign(
        title=[(teaser or lock_title) if row else title for title, teaser, row in titles],
        event_id=each_locked("event_id", lambda _, order: f"{SPOILER_ID_PREFIX}{order}"),
        label=replaced("label", ""),
        when=each_locked("when", lambda _, order: float(order)),
        labelled=replaced("labelled", False),
        **{
            column: replaced(column, "")
            for column in ("summary", "characters", "location", "teaser", *IMAGE_COLUMNS)
        },
        locked=replaced("locked", True),
        has_image=replaced("has_image", False),
        arc_id=replaced("arc_id", HIDDEN_ARC_ID, hidden),
        arc_label=replaced("arc_label", language.gettext(HIDDEN_ARC_LABEL), hidden),
        arc_kind=replaced("arc_kind", "other", hidden),
        arc_color=replaced("arc_color", LOCKED_COLOR, hidden),
        arc_symbol=replaced("arc_symbol", "square", hidden),
        arc_description=replaced("arc_description", "", hidden),
        lane=replaced("lane", int(frame["lane"].max()) + 1, hidden),
    )
    redacted = redacted.drop_duplicates(subset=["order", "arc_id"])
    return _visible_chronology(_renumber_lanes(redacted))


def omit_spoilers(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop spoiler events, keeping the told numbers of the others."""
    return _visible_chronology(_renumber_lanes(frame[~frame["spoiler"]]))


def public_view(
    frame: pd.DataFrame, spoilers: SpoilerMode, *, language: Language = ENGLISH
) -> pd.DataFrame:
    """Return what a reader sees first: spoilers locked, shown, or left out."""
    if spoilers == "hidden":
        return redact_spoilers(frame, language=language)
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
    if not frame["order"].is_monotonic_increasing:
        frame = frame.sort_values("order", kind="stable")
    # An event's rows are a run of one told number: slices of the columns, taken as
    # lists (iterating pandas' text columns is slow, value by value).
    orders = frame["order"].tolist()
    starts = [row for row, order in enumerate(orders) if row == 0 or order != orders[row - 1]]
    runs = list(zip(starts, [*starts[1:], len(orders)], strict=True))
    gathered: dict[str, Any] = {}
    for name in ("arc_id", "arc_label", "arc_color"):
        values = frame[name].tolist()
        gathered[f"{name}s"] = [tuple(values[start:end]) for start, end in runs]
    return frame.take(starts).reset_index(drop=True).assign(**gathered)


def _visible_chronology(frame: pd.DataFrame) -> pd.DataFrame:
    """Rank the events the reader can see among themselves, and mark their flashbacks.

    A locked event's place in the chronology is itself a spoiler ("the ending happened
    first"), so locked events come after every visible one, in the order told, and
    visible events are ranked and marked as if the locked ones were not there.
    """
    # Only the columns read here: taking rows of a frame takes every column it has.
    told = frame[["order", "story_rank", "locked"]].drop_duplicates("order")
    visible = told[~told["locked"]].sort_values("story_rank", kind="stable")
    locked = told[told["locked"]]
    rank = {int(order): index + 1 for index, order in enumerate(visible["order"].tolist())}
    rank |= {
        int(order): len(rank) + index + 1 for index, order in enumerate(locked["order"].tolist())
    }
    told_visible = visible.sort_values("order")["order"].tolist()
    marks = placements([rank[int(order)] for order in told_visible])
    placement = dict(zip(map(int, told_visible), marks, strict=True))
    frame = frame.copy()
    frame["story_rank"] = frame["order"].map(rank).astype("int64")
    frame["placement"] = [placement.get(order, "") for order in frame["order"].tolist()]
    return frame


def _secret_arcs(frame: pd.DataFrame, locked_rows: pd.Series) -> set[str]:
    locked_by_arc = locked_rows.groupby(frame["arc_id"]).all()
    return set(locked_by_arc[locked_by_arc].index)


def _is_spoiler(event: Event, act_by_id: dict[str, Act]) -> bool:
    if event.spoiler is not None:
        return event.spoiler
    act = act_by_id.get(event.act) if event.act else None
    return bool(act and act.spoiler)


def _spoiler_acts(story: Story, spoilers: list[bool]) -> list[str]:
    """Return the ids of the spoiler acts that hold spoiler events, in told order."""
    act_by_id = {act.id: act for act in story.acts}
    acts: dict[str, None] = {}
    for event, spoiler in zip(story.events, spoilers, strict=True):
        if spoiler and event.act and act_by_id[event.act].spoiler:
            acts.setdefault(event.act)
    return list(acts)


def _spoiler_act_groups(story: Story, spoilers: list[bool]) -> list[list[str]]:
    """Return the spoiler acts of each reveal control, neighbours sharing one past the
    limit (as evenly as they divide); no groups for a story with fewer than two."""
    acts = _spoiler_acts(story, spoilers)
    if len(acts) < 2:
        return []
    limit = reveal_control_limit(len(story.events))
    if len(acts) <= limit:
        return [[act_id] for act_id in acts]
    return [
        acts[index * len(acts) // limit : (index + 1) * len(acts) // limit]
        for index in range(limit)
    ]


def _reveal_steps(story: Story, spoilers: list[bool]) -> dict[int, int]:
    """Map each spoiler event's told position to the reveal control that unlocks it.

    An event of a spoiler act belongs to its act's control; any other spoiler to the
    first control whose first act starts after it in the told order, else to the last.
    """
    groups = _spoiler_act_groups(story, spoilers)
    if not groups:
        return {position: 0 for position, spoiler in enumerate(spoilers) if spoiler}
    control_of = {act_id: index for index, group in enumerate(groups) for act_id in group}
    first_told: dict[str, int] = {}
    for position, event in enumerate(story.events):
        if event.act is not None:
            first_told.setdefault(event.act, position)
    starts = [first_told[group[0]] for group in groups]
    steps = {}
    for position, (event, spoiler) in enumerate(zip(story.events, spoilers, strict=True)):
        if not spoiler:
            continue
        if event.act in control_of:
            steps[position] = control_of[event.act]
        else:
            later = (index for index, start in enumerate(starts) if start > position)
            steps[position] = next(later, len(groups) - 1)
    return steps


def _arc_symbols(story: Story) -> dict[str, str]:
    """Give each arc its own marker shape, the kinds' own first (circle, diamond)."""
    chosen: dict[str, str] = {}
    for arc_id, arc in story.arcs.items():
        preferred = DEFAULT_SYMBOLS.get(arc.kind)
        free = [symbol for symbol in SYMBOLS if symbol not in chosen.values()]
        if preferred in free:
            chosen[arc_id] = preferred
        else:
            others = [symbol for symbol in free if symbol not in DEFAULT_SYMBOLS.values()]
            choices = others or free
            chosen[arc_id] = choices[0] if choices else SYMBOLS[len(chosen) % len(SYMBOLS)]
    return chosen


def _arc_colors(story: Story) -> dict[str, str]:
    """Give each arc its own colour: its `color:`, else the next unused palette colour."""
    chosen = {arc_id: arc.color for arc_id, arc in story.arcs.items() if arc.color}
    used = {color.lower() for color in chosen.values()}
    for arc_id, arc in story.arcs.items():
        if arc_id in chosen:
            continue
        preferred = DEFAULT_COLORS.get(arc.kind)
        if preferred and preferred.lower() not in used:
            chosen[arc_id] = preferred
        else:
            free = [color for color in PALETTE if color.lower() not in used]
            # Past eight arcs colours repeat; the shapes and dashes still differ.
            chosen[arc_id] = free[0] if free else PALETTE[len(chosen) % len(PALETTE)]
        used.add(chosen[arc_id].lower())
    return chosen


def _renumber_lanes(frame: pd.DataFrame) -> pd.DataFrame:
    """Number the lanes that have events 0, 1, 2... keeping their relative order."""
    frame = frame.sort_values(["order", "lane"], kind="stable").reset_index(drop=True)
    used = sorted(frame["lane"].unique())
    frame["lane"] = frame["lane"].map({lane: index for index, lane in enumerate(used)})
    # Cast only the columns not already of their type: each cast copies a column.
    wrong = {name: kind for name, kind in COLUMN_TYPES.items() if frame[name].dtype != kind}
    return frame.astype(wrong) if wrong else frame
