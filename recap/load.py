"""YAML file -> validated Story, with every problem located at its line and column."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from recap.errors import Problem, RecapError
from recap.model import (
    RESERVED_STEMS,
    Act,
    Arc,
    Event,
    Location,
    Story,
    default_event_id,
    slugify,
    suggest,
)

MAX_DEPTH = 64  # no story nests more than a few levels


@dataclass(frozen=True)
class Limits:
    """Bounds against hostile or runaway files, each refused with a message naming it.

    Generous for any real story; raise one (`recap build --max-file-mb 50`) for a story
    that needs it.
    """

    file_bytes: int = 20 * 2**20
    # Values that anchors and aliases make beyond those written out: an alias bomb
    # ("billion laughs") is a few lines that alias each other into billions of values.
    alias_values: int = 1_000_000


@dataclass
class _Positions:
    """Where each value (and each mapping key) of the document starts, 1-based."""

    values: dict[Location, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Location, *, key: bool = False) -> tuple[int, int] | None:
        """Return the position of `path`, else of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.values:
                return self.values[prefix]
        return None


class _TooLarge(Exception):
    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.hint = hint


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (libyaml's parser when PyYAML has it: ten times faster) that reads
    plain values as YAML 1.2 does: only true/false are booleans (`no`, `on` stay text),
    `1e3` is a number, and `2024-01-01` or `1:30` are text, not dates or sexagesimals.
    """

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+.0123456789",
    ),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("merge", r"<<", "<"),
):
    _Loader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first)
    )


def load_story(path: str | Path, *, limits: Limits = Limits()) -> Story:
    """Read, parse and validate a story file; raise RecapError listing every problem."""
    source = Path(path)
    return parse_story(read_text(source, limits=limits), name=str(source), limits=limits)


def read_text(path: Path, *, limits: Limits = Limits()) -> str:
    """Read a story file as UTF-8 (a BOM is fine), or raise a RecapError saying why not."""
    try:
        if path.is_dir():
            raise RecapError.at(path, "is a folder, not a story file", hint="name a .yaml file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise RecapError.at(path, "no such file", hint="check the path") from None
    except PermissionError:
        raise RecapError.at(path, "cannot read the file: permission denied") from None
    except OSError as error:
        raise RecapError.at(path, f"cannot read the file: {error.strerror}") from None
    if len(data) > limits.file_bytes:
        raise RecapError.at(
            path,
            f"the file is {len(data) / 2**20:.1f} MB, more than the limit of "
            f"{limits.file_bytes / 2**20:g} MB",
            hint=f"split the story, or raise the limit with --max-file-mb "
            f"{math.ceil(len(data) / 2**20)}",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise RecapError.at(
            path,
            f"the file is not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}",
            line=line,
            column=column,
            hint="save the file as UTF-8 in your editor",
        ) from None


def parse_story(text: str, *, name: str = "<story>", limits: Limits = Limits()) -> Story:
    """Parse and validate story text; `name` is the file name used in messages."""
    data = _read(text, name=name, limits=limits)
    if isinstance(data, dict) and not any(_cross_references(data)):
        try:
            return Story.model_validate(data)
        except ValidationError:
            pass
    # Something is wrong: read the text again, noting where each value is, to say where.
    positions = _Positions()
    data = _read(text, name=name, limits=limits, positions=positions)
    if not isinstance(data, dict):
        raise RecapError.at(
            name,
            "the top level must be a mapping with `title`, `arcs` and `events`",
            line=1,
            column=1,
            hint="see the README for a complete example",
        )
    problems = []
    for path, message, hint in _cross_references(data):
        line, column = positions.of(path) or (None, None)
        problems.append(Problem(name, line, column, message, hint))
    try:
        story = Story.model_validate(data)
    except ValidationError as error:
        problems.extend(_locate(detail, positions, name) for detail in _details(error))
    if problems:
        raise RecapError(sorted(set(problems)))
    return story


_Finding = tuple[Location, str, str | None]


def _cross_references(data: dict[Any, Any]) -> Iterator[_Finding]:
    """Find references to missing arcs or acts, and ids used twice.

    Works on the raw data, tolerating wrong types (the model reports those), so that
    these problems are reported in the same run as type errors.
    """
    yield from _file_name_problems(data)
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


def _read(text: str, *, name: str, limits: Limits, positions: _Positions | None = None) -> Any:
    """Read YAML text into plain data (noting positions, if given), or raise RecapError."""
    reader = None
    try:
        reader = _Reader(text, limits=limits, positions=positions)
        found, data = reader.document()
        if not found:
            raise RecapError.at(
                name, "the file is empty", line=1, column=1, hint="start with `title:`"
            )
        return data
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, name, text) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise RecapError.at(
            name,
            f"control character U+{error.character:04X} is not allowed in YAML",
            line=line,
            column=column,
            hint="remove it",
        ) from None
    except _TooLarge as error:
        mark = error.mark
        raise RecapError.at(
            name, str(error), line=mark.line + 1, column=mark.column + 1, hint=error.hint
        ) from None
    finally:
        if reader is not None:
            reader.loader.dispose()


# The first characters of plain values that may read as something else than text.
_RESOLVED_FIRST = frozenset(key for key in _Loader.yaml_implicit_resolvers if key)
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_STR, _MERGE = "tag:yaml.org,2002:str", "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = {None, "!", _MAP, _SEQ}
_KINDS = {yaml.ScalarEvent: "scalar", yaml.SequenceStartEvent: "sequence"}


class _Reader:
    """Build plain data straight from the parser's events: no node graph, one pass.

    Refuses nesting deeper than MAX_DEPTH, cycles, tags that build objects, duplicate
    keys, and aliases that expand past the limit. An alias shares the value its anchor
    built (plain data is never changed afterwards), so what it costs is counted, not
    copied: each anchored value knows how many values it holds.
    """

    def __init__(self, text: str, *, limits: Limits, positions: _Positions | None) -> None:
        self.loader = _Loader(text)
        self.limits = limits
        self.positions = positions
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, values in it)
        self.anchor_marks: dict[str, _Mark] = {}
        self.expanded = 0  # values made by aliases so far
        self.depth = 0

    def document(self) -> tuple[bool, Any]:
        """Return (whether there is a document, its data)."""
        next_event = self.loader.get_event
        next_event()  # the stream's start
        start = next_event()
        if isinstance(start, yaml.StreamEndEvent):
            return False, None
        data, _ = self.value(next_event(), ())
        next_event()  # the document's end
        after = next_event()
        if not isinstance(after, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                _start(start),
                "but found another document",
                _start(after),
            )
        return True, data

    def value(self, event: yaml.Event, path: Location) -> tuple[Any, int]:
        """Return the value that starts with `event`, and how many values it holds."""
        if self.positions is not None:
            self.positions.values.setdefault(path, _position(_start(event)))
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            if anchor in self.anchor_marks:
                raise yaml.composer.ComposerError(
                    "found duplicate anchor; first occurrence",
                    self.anchor_marks[anchor],
                    "second occurrence",
                    _start(event),
                )
            self.anchor_marks[anchor] = _start(event)
        if isinstance(event, yaml.ScalarEvent):
            result: tuple[Any, int] = (self.scalar(event), 1)
        else:
            if event.tag not in _COLLECTION_TAGS:  # type: ignore[attr-defined]
                raise _constructor_error(
                    f"could not determine a constructor for the tag {event.tag!r}",  # type: ignore[attr-defined]
                    _start(event),
                )
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nesting is deeper than {MAX_DEPTH} levels", _start(event)
                )
            if isinstance(event, yaml.MappingStartEvent):
                result = self.mapping(event, path)
            else:
                result = self.sequence(path)
            self.depth -= 1
        if anchor is not None:
            self.anchors[anchor] = result
        return result

    def sequence(self, path: Location) -> tuple[list[Any], int]:
        items: list[Any] = []
        size = 1
        next_event = self.loader.get_event
        event = next_event()
        while not isinstance(event, yaml.SequenceEndEvent):
            item, item_size = self.value(event, (*path, len(items)))
            items.append(item)
            size += item_size
            event = next_event()
        return items, size

    def mapping(self, start: yaml.MappingStartEvent, path: Location) -> tuple[dict[Any, Any], int]:
        result: dict[Any, Any] = {}
        size = 1
        merged: list[tuple[dict[Any, Any], _Mark]] = []
        next_event = self.loader.get_event
        event = next_event()
        while not isinstance(event, yaml.MappingEndEvent):
            key_mark = _start(event)
            if self._is_merge_key(event):
                if merged:  # YAML has no order for two `<<` keys: refuse, as other twins
                    raise _constructor_error("key '<<' appears twice in this mapping", key_mark)
                value_event = next_event()
                value, value_size = self.value(value_event, path)
                size += value_size
                merged.extend(_merge_sources(value, start, value_event))
                event = next_event()
                continue
            key = self.key(event)
            if key in result:
                message = f"key {_quote(key)} appears twice in this mapping"
                raise _constructor_error(message, key_mark)
            child = (*path, key if isinstance(key, str | int) else str(key))
            if self.positions is not None:
                self.positions.keys[child] = _position(key_mark)
            result[key], value_size = self.value(next_event(), child)
            size += value_size
            event = next_event()
        if not merged:
            return result, size
        # A merge key (<<), as PyYAML merges it: the mapping's own keys win, then the
        # earlier mappings of a merged list over the later ones.
        combined: dict[Any, Any] = {}
        for source, mark in merged:
            for key, value in source.items():
                combined.setdefault(key, value)
                if self.positions is not None:
                    child = (*path, key if isinstance(key, str | int) else str(key))
                    self.positions.values.setdefault(child, _position(mark))
        combined.update(result)
        return combined, size

    def _is_merge_key(self, event: yaml.Event) -> bool:
        if not isinstance(event, yaml.ScalarEvent):
            return False
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0] or event.value != "<<":
                return False
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return bool(tag == _MERGE)

    def key(self, event: yaml.Event) -> Any:
        if isinstance(event, yaml.AliasEvent):
            key, _ = self.alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            key = self.scalar(event)
        else:
            key = None
        if not isinstance(event, yaml.ScalarEvent | yaml.AliasEvent) or not isinstance(
            key, str | int | float | bool | None
        ):
            raise _constructor_error("a mapping key must be plain text", _start(event))
        return key

    def alias(self, event: yaml.AliasEvent) -> tuple[Any, int]:
        name = event.anchor
        if name not in self.anchors:
            if name in self.anchor_marks:  # its value is still being read: it holds itself
                raise _constructor_error(
                    "an alias here refers to a value that contains it", _start(event)
                )
            raise yaml.composer.ComposerError(None, None, "found undefined alias", _start(event))
        value, size = self.anchors[name]
        self.expanded += size
        if self.expanded > self.limits.alias_values:
            raise _TooLarge(
                _start(event),
                f"anchors and aliases expand to more than {self.limits.alias_values:,} values, "
                "the limit against alias bombs",
                "if the story really repeats that much, raise the limit with --max-alias-values",
            )
        return value, size

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value
            if not event.implicit[0] or (value and value[0] not in _RESOLVED_FIRST):
                return value  # quoted or block text, or plain text no resolver claims
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR:
            return event.value
        node = yaml.ScalarNode(tag, event.value, _start(event), _end(event), event.style)
        try:
            return self.loader.construct_object(node)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            # e.g. `!!int abc`: the standard tags' constructors fail with plain errors.
            kind = tag.rsplit(":", 1)[-1]
            raise _constructor_error(
                f"{_quote(event.value)} cannot be read as {kind}", _start(event)
            ) from None


def _merge_sources(
    value: Any, mapping: yaml.MappingStartEvent, event: yaml.Event
) -> list[tuple[dict[Any, Any], _Mark]]:
    """Return the mappings a merge key (<<) brings in, in order, or raise."""
    if isinstance(value, dict):
        return [(value, _start(event))]
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return [(item, _start(event)) for item in value]
    found = "sequence" if isinstance(value, list) else "scalar"
    if isinstance(value, list):
        message = f"expected a mapping for merging, but found {found} items"
    else:
        message = f"expected a mapping or list of mappings for merging, but found {found}"
    raise yaml.constructor.ConstructorError(
        "while constructing a mapping", _start(mapping), message, _start(event)
    )


# libyaml's marks (yaml._yaml.Mark) and PyYAML's (yaml.Mark) have the same fields.
_Mark = Any


def _start(event: yaml.Event) -> _Mark:
    return event.start_mark


def _end(event: yaml.Event) -> _Mark:
    return event.end_mark


def _position(mark: _Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _constructor_error(message: str, mark: _Mark) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, mark)


def _quote(value: object) -> str:
    """Quote a value for a message, on one line whatever it holds."""
    return repr(value) if isinstance(value, str) else str(value)


def _char_at(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _yaml_problem(error: yaml.MarkedYAMLError, name: str, text: str) -> RecapError:
    mark = error.problem_mark or error.context_mark
    message = error.problem or "invalid YAML"
    if error.context and error.problem:
        message = f"{message} ({error.context})"
    hint = None
    if mark is not None and _char_at(text, mark) == "\t":
        message, hint = "a tab character here", "indent YAML with spaces, not tabs"
    elif "could not determine a constructor" in message:
        message = message.replace("could not determine a constructor for the tag", "unknown tag")
        hint = "recap reads plain YAML only; remove the tag"
    elif "maximum nesting depth" in message:
        message = "nesting is deeper than YAML allows"
    elif "mapping values are not allowed" in message:
        hint = "check the indentation, or put text containing ': ' in quotes"
    elif "expected a single document" in message:
        message, hint = "the file holds more than one YAML document", "remove the '---' line"
    elif "while scanning a quoted" in message:
        message, hint = "this quote is never closed", "add the closing quote"
        mark = error.context_mark or mark
    return RecapError.at(
        name,
        message,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=hint,
    )


_TYPE_WORDS = {
    "string_type": "text",
    "bool_type": "true or false",
    "float_type": "a number",
    "int_type": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
}


def _locate(detail: ErrorDetails, positions: _Positions, name: str) -> Problem:
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
        return f"{where}: missing required key `{key}`", None
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


def _owner(path: Location) -> str:
    """Name the mapping a key belongs to, e.g. 'event 3' or 'arc 'revenge''."""
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
