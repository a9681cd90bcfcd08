"""YAML file -> validated Story, with every problem located at its line and column."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from itertools import chain
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
    Picture,
    Story,
    default_event_id,
    slugify,
    suggest,
)
from recap.picture_store import picture_findings

MAX_FILE_BYTES = 20 * 1024 * 1024
# Generous for any real story, small enough that alias bombs ("billion laughs") and
# absurd nesting are refused in milliseconds and bounded memory.
MAX_NODES = 200_000
MAX_DEPTH = 64


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
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


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
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_depth(text: str) -> None:
    """Refuse deep nesting before composing, which recurses once per level."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _OPENING):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nesting is deeper than {MAX_DEPTH} levels",
                    event.start_mark,  # type: ignore[arg-type]
                )
        elif isinstance(event, _CLOSING):
            depth -= 1


def load_story(path: str | Path) -> Story:
    """Read, parse and validate a story file; raise RecapError listing every problem."""
    source = Path(path)
    return parse_story(read_text(source), name=str(source))


def read_text(path: Path) -> str:
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
    if len(data) > MAX_FILE_BYTES:
        raise RecapError.at(path, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
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


def parse_story(text: str, *, name: str = "<story>") -> Story:
    """Parse and validate story text; `name` is the file name used in messages."""
    data, positions = _parse_yaml(text, name=name)
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


def _parse_yaml(text: str, *, name: str) -> tuple[Any, _Positions]:
    loader = None
    try:
        _check_depth(text)
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            raise RecapError.at(
                name, "the file is empty", line=1, column=1, hint="start with `title:`"
            )
        positions = _Positions()
        return _Builder(loader, positions).build(root, ()), positions
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
        mark = error.node.start_mark
        raise RecapError.at(name, str(error), line=mark.line + 1, column=mark.column + 1) from None
    finally:
        if loader is not None:
            loader.dispose()


class _Builder:
    """Build plain data from YAML nodes, noting positions, bounding size, refusing cycles."""

    def __init__(self, loader: yaml.SafeLoader, positions: _Positions) -> None:
        self.loader = loader
        self.positions = positions
        self.budget = MAX_NODES
        self.open_nodes: set[int] = set()  # nodes being built: meeting one again is a cycle

    def build(self, node: yaml.Node, path: Location) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge(
                node,
                f"the document expands to more than {MAX_NODES:,} values "
                "(anchors and aliases that repeat each other?)",
            )
        self.positions.values.setdefault(path, _position(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if node.tag not in _PLAIN_TAGS:
            raise _constructor_error(
                f"could not determine a constructor for the tag {node.tag!r}", node
            )
        if id(node) in self.open_nodes:
            raise _constructor_error("an alias here refers to a value that contains it", node)
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        finally:
            self.open_nodes.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Location) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.key(key_node)
            if key in seen:
                raise _constructor_error(
                    f"key {_quote(key)} appears twice in this mapping", key_node
                )
            seen.add(key)
        self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<); later keys win
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            child = (*path, key if isinstance(key, str | int) else str(key))
            self.positions.keys[child] = _position(key_node)
            result[key] = self.build(value_node, child)
        return result

    def key(self, node: yaml.Node) -> Any:
        key = self.scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(node, yaml.ScalarNode) or not isinstance(
            key, str | int | float | bool | None
        ):
            raise _constructor_error("a mapping key must be plain text", node)
        return key

    def scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.loader.construct_object(node)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            # e.g. `!!int abc`: the standard tags' constructors fail with plain errors.
            kind = node.tag.rsplit(":", 1)[-1]
            raise _constructor_error(
                f"{_quote(node.value)} cannot be read as {kind}", node
            ) from None


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _constructor_error(message: str, node: yaml.Node) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _quote(value: object) -> str:
    """Quote a value for a message, on one line whatever it holds."""
    return repr(value) if isinstance(value, str) else str(value)


def _char_at(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


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
