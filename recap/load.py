"""Story text -> validated Story, with every problem located at its line and column."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from recap.collector import collector_paused
from recap.errors import Problem, RecapError
from recap.i18n import language
from recap.model import (
    RESERVED_STEMS,
    Act,
    Arc,
    Event,
    Location,
    Picture,
    Story,
    default_event_id,
    slugify,
    suggest,
)
from recap.picture_store import picture_findings
from recap.yamlread import MAX_DEPTH, Limits, Positions, parse_yaml, read_text

__all__ = ["MAX_DEPTH", "Limits", "load_story", "parse_story", "read_text"]


def load_story(path: str | Path, *, limits: Limits = Limits()) -> Story:
    """Read, parse and validate a story file; raise RecapError listing every problem."""
    source = Path(path)
    with collector_paused():
        return parse_story(read_text(source, limits=limits), name=str(source), limits=limits)


def parse_story(text: str, *, name: str = "<story>", limits: Limits = Limits()) -> Story:
    """Parse and validate story text; `name` is the file name used in messages."""
    data, positions = parse_yaml(text, name=name, limits=limits)
    if not isinstance(data, dict):
        raise RecapError.at(
            name,
            "the top level must be a mapping with `title`, `arcs` and `events`",
            line=1,
            column=1,
            hint="see the README for a complete example",
        )
    problems = []
    folder = Path(name).parent  # picture paths are relative to the story file
    for path, message, hint in chain(_cross_references(data), picture_findings(data, folder)):
        line, column = positions.of(path) or (None, None)
        problems.append(Problem(name, line, column, message, hint))
    try:
        story = Story.model_validate(data)
    except ValidationError as error:
        problems.extend(_locate(detail, positions, name) for detail in _details(error))
    if problems:
        raise RecapError(sorted(set(problems)))
    return story.located_in(folder)


_Finding = tuple[Location, str, str | None]


def _cross_references(data: dict[Any, Any]) -> Iterator[_Finding]:
    """Find references to missing arcs or acts, and ids used twice.

    Works on the raw data, tolerating wrong types (the model reports those), so that
    these problems are reported in the same run as type errors.
    """
    yield from _file_name_problems(data)
    lang = data.get("lang")
    if isinstance(lang, str) and lang.strip():
        try:
            language(lang)
        except RecapError as error:
            (problem,) = error.problems
            yield ("lang",), problem.message, problem.hint
    arcs = data.get("arcs")
    arc_ids = [key for key in arcs if isinstance(key, str)] if isinstance(arcs, dict) else None
    acts = data.get("acts")
    act_ids: list[str] = []
    for position, act in enumerate(acts if isinstance(acts, list) else []):
        act_id = act.get("id") if isinstance(act, dict) else None
        if isinstance(act_id, str):
            if act_id in act_ids:
                yield ("acts", position, "id"), f"act id '{act_id}' is used twice", None
            act_ids.append(act_id)
    events = data.get("events")
    first_use: dict[str, int] = {}
    for position, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict):
            continue
        event_arcs = event.get("arcs")
        if isinstance(event_arcs, str):
            event_arcs = [event_arcs]
        if arc_ids is not None and isinstance(event_arcs, list):
            for arc_position, arc_id in enumerate(event_arcs):
                if isinstance(arc_id, str) and arc_id not in arc_ids:
                    path: Location = ("events", position, "arcs")
                    if isinstance(event.get("arcs"), list):
                        path = (*path, arc_position)
                    yield path, f"unknown arc '{arc_id}'", suggest(arc_id, arc_ids, kind="arc")
        act_id = event.get("act")
        if isinstance(act_id, str) and act_id not in act_ids:
            yield (
                ("events", position, "act"),
                f"unknown act '{act_id}'",
                suggest(act_id, act_ids, kind="act"),
            )
        own_id, title = event.get("id"), event.get("title")
        if not isinstance(own_id, str | None) or not isinstance(title, str):
            continue
        event_id = default_event_id(own_id, title, position)
        if event_id not in first_use:
            first_use[event_id] = position
            continue
        where = f"event {first_use[event_id] + 1}"
        if own_id is not None:
            yield (
                ("events", position, "id"),
                f"event id '{event_id}' is already used by {where}",
                "give each event a unique `id:`",
            )
        else:
            yield (
                ("events", position, "title"),
                f"this title makes the event id '{event_id}', already used by {where}",
                "give this event its own `id:`",
            )
    if isinstance(events, list):
        yield from _chronology_problems(events)


def _chronology_problems(events: list[Any]) -> Iterator[_Finding]:
    """Find `when`, `after` and `before` that place an event nowhere, twice or in a loop."""
    raw = [event if isinstance(event, dict) else {} for event in events]
    ids: list[str | None] = []
    for position, event in enumerate(raw):
        own_id, title = event.get("id"), event.get("title")
        usable = isinstance(own_id, str | None) and isinstance(title, str)
        ids.append(default_event_id(own_id, str(title), position) if usable else None)
    first_told: dict[str, int] = {}  # each id -> its first event (a repeat is reported)
    for position, event_id in enumerate(ids):
        if event_id:
            first_told.setdefault(event_id, position)
    anchors: dict[int, int] = {}  # an event placed after/before -> the event it names
    times: dict[int, float] = {}  # when each event happens, for events placed by number
    for position, event in enumerate(raw):
        placed_by = [key for key in ("when", "after", "before") if event.get(key) is not None]
        if len(placed_by) > 1:
            yield (
                ("events", position, placed_by[1]),
                f"event {position + 1} is placed twice, by `{placed_by[0]}` "
                f"and by `{placed_by[1]}`",
                "keep one of them",
            )
            continue
        key = placed_by[0] if placed_by else "when"
        value = event.get(key)
        if key in ("after", "before") and isinstance(value, str):
            if value == ids[position]:
                yield ("events", position, key), f"an event cannot happen {key} itself", None
            elif value not in first_told:
                close = get_close_matches(value, list(first_told), n=1, cutoff=0.6)
                yield (
                    ("events", position, key),
                    f"`{key}: {value}` names no event",
                    f"did you mean '{close[0]}'?"
                    if close
                    else "use the `id:` of an event, or the id made from its title",
                )
            else:
                anchors[position] = first_told[value]
        elif key == "when" and value is None:
            times[position] = float(position + 1)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if not 0 < value < len(raw) + 1:
                yield (
                    ("events", position, "when"),
                    f"`when: {value:g}` is outside the story: its events are numbered "
                    f"1 to {len(raw)} in the order told",
                    f"use a number between 0 and {len(raw) + 1}, where 2.5 is between the 2nd "
                    "and the 3rd, or say `after:` or `before:` another event's id",
                )
            else:
                times[position] = float(value)
    yield from _ties(raw, times)
    yield from _loops(anchors)


def _ties(raw: list[dict[Any, Any]], times: dict[int, float]) -> Iterator[_Finding]:
    by_time: dict[float, list[int]] = {}
    for position, time in times.items():
        by_time.setdefault(time, []).append(position)
    for time, positions in by_time.items():
        for position in positions:
            others = [other for other in positions if other != position]
            if not others or raw[position].get("when") is None:
                continue
            other = others[0]
            yield (
                ("events", position, "when"),
                f"`when: {time:g}` ties with event {other + 1} ({_show(raw[other].get('title'))}), "
                "which happens then too",
                f"say which comes first: use {time - 0.5:g} or {time + 0.5:g}",
            )


def _loops(anchors: dict[int, int]) -> Iterator[_Finding]:
    """Find each loop of `after`/`before` once, from its earliest-told event, in told
    order; every event is walked once (a long chain must not cost its length squared)."""
    done: set[int] = set()
    loops: list[list[int]] = []
    for start in sorted(anchors):
        path: dict[int, int] = {}  # event -> its place on this walk
        position = start
        while position in anchors and position not in done and position not in path:
            path[position] = len(path)
            position = anchors[position]
        if position in path:  # the walk came back to itself: a loop
            members = list(path)[path[position] :]
            first = members.index(min(members))
            loops.append(members[first:] + members[:first])
        done.update(path)
    for ring in sorted(loops):
        path_text = " -> ".join(f"event {link + 1}" for link in [*ring, ring[0]])
        yield (
            ("events", ring[0]),
            f"`after`/`before` go round in a loop: {path_text}",
            "one of them must be placed by its place in the telling or by `when`",
        )


def _file_name_problems(data: dict[Any, Any]) -> Iterator[_Finding]:
    slug, title = data.get("slug"), data.get("title")
    if isinstance(slug, str):
        if slug in RESERVED_STEMS:
            yield ("slug",), f"'{slug}' is a reserved file name on Windows", "choose another slug"
    elif slug is None and isinstance(title, str):
        stem = slugify(title)
        if not stem:
            yield (
                ("title",),
                "cannot make a file name from this title",
                "add a `slug:` made of lowercase letters a-z, digits and '-'",
            )
        elif stem in RESERVED_STEMS:
            yield ("title",), f"this title makes the reserved file name '{stem}'", "add a `slug:`"


def _details(error: ValidationError) -> Iterator[ErrorDetails]:
    """Yield pydantic's errors, leaving out a missing key that is only misspelt.

    `titel: X` makes both "unknown key `titel`" and "missing key `title`"; the first,
    with its "did you mean", says it all.
    """
    details = error.errors(include_url=False, include_context=True)
    misspelt: set[tuple[str | int, ...]] = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            *parent, key = detail["loc"]
            allowed = _allowed_keys(tuple(parent))
            misspelt.update(
                (*parent, close) for close in get_close_matches(str(key), allowed, 1, 0.6)
            )
    for detail in details:
        if not (detail["type"] == "missing" and tuple(detail["loc"]) in misspelt):
            yield detail


_TYPE_WORDS = {
    "string_type": "text",
    "bool_type": "true or false",
    "float_type": "a number",
    "int_type": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
}


def _locate(detail: ErrorDetails, positions: Positions, name: str) -> Problem:
    path: Location = tuple(part for part in detail["loc"] if part != "[key]")
    if path and isinstance(path[-1], int) and path not in positions.values:
        path = path[:-1]  # `arcs: 3` was read as `arcs: [3]`: the mistake is the value itself
    key_error = detail["type"] in {"extra_forbidden", "missing", "invalid_key"} or (
        "[key]" in detail["loc"]
    )
    line, column = positions.of(path, key=key_error) or (None, None)
    message, hint = _describe(detail, path)
    return Problem(name, line, column, message, hint)


def _describe(detail: ErrorDetails, path: Location) -> tuple[str, str | None]:
    kind = detail["type"]
    given = detail.get("input")
    names = [part for part in path if isinstance(part, str)]
    key = names[-1] if names else "value"
    where = _owner(path)
    if kind == "missing":
        return f"{where}: missing required key `{key}`", _MISSING_HINTS.get(key)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(path[:-1])
        return f"{where}: unknown key `{key}`", suggest(key, allowed, kind="key")
    if kind == "invalid_key":
        return f"a key must be text, not {_show(given)}", "put it in quotes"
    if "[key]" in detail["loc"] and kind == "string_type":
        return f"the id {_show(given)} must be text", "put it in quotes"
    if kind == "string_type" and key == "arcs" and not isinstance(path[-1], int):
        return f"`arcs` must be an arc id or a list of arc ids, not {_show(given)}", None
    if kind == "string_type" and path and isinstance(path[-1], int):
        hint = "put it in quotes" if isinstance(given, int | float | bool) else None
        return f"each item of `{key}` must be text, not {_show(given)}", hint
    if kind in _TYPE_WORDS:
        hint = None
        if (kind == "string_type" and isinstance(given, int | float | bool)) or given is None:
            hint = "put the text in quotes" if given is not None else "give it a value"
        return f"`{key}` must be {_TYPE_WORDS[kind]}, not {_show(given)}", hint
    if kind == "finite_number":
        return f"`{key}` must be a finite number, not {_show(given)}", None
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"`{key}` is out of range: {_show(given)}", detail["msg"].lower()
    if kind in {"too_short", "string_too_short"}:
        return f"`{key}` must not be empty", None
    if kind == "string_too_long":
        limit = detail.get("ctx", {}).get("max_length")
        return f"`{key}` is {len(str(given))} characters long, more than {limit}", (
            "keep it short: it is drawn on the chart"
            if key == "label"
            else f"shorten it to {limit} characters"
        )
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        options = [option.strip(" '") for option in expected.replace(" or ", ",").split(",")]
        close = get_close_matches(str(given), options, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else None
        return f"`{key}` must be one of {expected}, not {_show(given)}", hint
    if kind == "string_pattern_mismatch":
        if key == "color":
            return f"`color` must be a hex colour like '#0072B2', not {_show(given)}", None
        if key == "slug":
            suggestion = slugify(str(given))
            return f"`slug` {_show(given)} is not a safe file name", (
                f"use lowercase letters, digits and '-', e.g. '{suggestion}'"
                if suggestion
                else "use lowercase letters, digits and '-'"
            )
        return (
            f"{_show(given)} is not a valid id",
            "use letters, digits, '-', '_' or '.', starting with a letter or digit",
        )
    return f"`{key}`: {detail['msg']}", None


_MISSING_HINTS = {"alt": "describe the picture for readers who cannot see it"}


def _owner(path: Location) -> str:
    """Name the mapping a key belongs to, e.g. 'event 3' or 'arc 'revenge''."""
    if len(path) >= 2 and path[0] == "cover":
        return "cover"
    if len(path) >= 4 and path[0] == "events" and path[2] == "image":
        return f"event {int(path[1]) + 1} image"
    if len(path) >= 3 and path[0] == "events" and isinstance(path[1], int):
        return f"event {path[1] + 1}"
    if len(path) >= 3 and path[0] == "acts" and isinstance(path[1], int):
        return f"act {path[1] + 1}"
    if len(path) >= 3 and path[0] == "arcs":
        return f"arc '{path[1]}'"
    return "story"


def _allowed_keys(path: Location) -> list[str]:
    if not path:
        return list(Story.model_fields)
    if path == ("cover",) or (len(path) == 3 and path[0] == "events" and path[2] == "image"):
        return list(Picture.model_fields)
    models: dict[str, type[BaseModel]] = {"events": Event, "acts": Act, "arcs": Arc}
    model = models.get(str(path[0]))
    return list(model.model_fields) if model else []


def _show(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, bool | int | float):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return (
        f"a {type(value).__name__}"
        if not isinstance(value, list | dict)
        else ("a list" if isinstance(value, list) else "a mapping")
    )
