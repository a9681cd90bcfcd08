"""Story file -> plain data with the position of every value, refusing hostile YAML.

Reading is separate from validation (load.py): this module knows YAML, files and their
bytes; it says nothing about what a story must contain.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, ClassVar

import yaml

from recap.errors import RecapError
from recap.model import Location
from recap.yamlpositions import Positions
from recap.yamlrefusals import (
    MAX_DEPTH,
    Limits,
    Refusal,
    TooLarge,
    nesting_refusal,
    refusal,
    runs_on,
    too_many_aliased,
)
from recap.yamlstream import read_events
from recap.yamlsyntax import TextLines, explain, explain_duplicate

__all__ = ["MAX_DEPTH", "Limits", "Positions", "parse_yaml", "read_text"]


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


def _check_events(text: str) -> None:
    """Refuse deep nesting before composing, which recurses once per level; and quoted
    text that swallowed the lines below it, before it makes other errors there."""
    depth = 0
    lines = TextLines(text)
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _OPENING):
            depth += 1
            if depth > MAX_DEPTH:
                raise nesting_refusal(event.start_mark)
        elif isinstance(event, _CLOSING):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent):
            refused = runs_on(lines, event)
            if refused is not None:
                raise refused


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
            hint="split the story, or raise the limit with --max-file-mb "
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


def parse_yaml(text: str, *, name: str, limits: Limits = Limits()) -> tuple[Any, Positions]:
    """Parse YAML text into plain data and the position of each value; refuse hostile YAML."""
    loader = None
    try:
        # One pass over the events reads plain YAML; the general reader below settles
        # anything else (tags, merge keys, repeated keys...) as it always has.
        read = read_events(text, _Loader, limits)
        if read is not None:
            return read
        _check_events(text)
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            raise RecapError.at(
                name, "the file is empty", line=1, column=1, hint="start with `title:`"
            )
        positions = Positions()
        return _Builder(loader, positions, text, limits).build(root, ()), positions
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, name, text) from error
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
    except TooLarge as error:
        mark = error.mark
        raise RecapError.at(
            name, str(error), line=mark.line + 1, column=mark.column + 1, hint=error.hint
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


class _Builder:
    """Build plain data from YAML nodes, noting positions, bounding size, refusing cycles."""

    def __init__(
        self, loader: yaml.SafeLoader, positions: Positions, text: str, limits: Limits
    ) -> None:
        self.loader = loader
        self.text = text  # to explain a repeated key
        self.positions = positions
        self.limits = limits
        self.made_by_aliases = 0
        self.built: set[int] = set()  # nodes built once: building one again is an alias
        self.open_nodes: set[int] = set()  # nodes being built: meeting one again is a cycle

    def build(self, node: yaml.Node, path: Location, *, aliased: bool = False) -> Any:
        # An alias shares its anchor's node: each node built a second time, and all
        # inside it, is a value the aliases made. Only those count against the limit.
        aliased = aliased or id(node) in self.built
        self.built.add(id(node))
        if aliased:
            self.made_by_aliases += 1
            if self.made_by_aliases > self.limits.alias_values:
                raise too_many_aliased(node.start_mark, self.limits)
        self.positions.values.setdefault(path, _position(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if node.tag not in _PLAIN_TAGS:
            raise _constructor_error(f"unknown tag {node.tag!r}", node, _TAG_HINT)
        if id(node) in self.open_nodes:
            raise _constructor_error("an alias here refers to a value that contains it", node)
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path, aliased)
            return [
                self.build(item, (*path, index), aliased=aliased)
                for index, item in enumerate(node.value)
            ]
        finally:
            self.open_nodes.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Location, aliased: bool) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.key(key_node)
            if key in seen:
                first = seen[key].start_mark.line
                cause = explain_duplicate(self.text, key_node.start_mark.line, first)
                if cause is not None:
                    raise refusal(cause)
                raise _constructor_error(
                    f"the key {_quote(key)} is given twice (first on line {first + 1})",
                    key_node,
                    "keep one of them",
                )
            seen[key] = key_node
        self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<); later keys win
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            child = (*path, key if isinstance(key, str | int) else str(key))
            self.positions.keys[child] = _position(key_node)
            result[key] = self.build(value_node, child, aliased=aliased)
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


def _constructor_error(message: str, node: yaml.Node, hint: str | None = None) -> Refusal:
    return Refusal(message, node.start_mark, hint)


def _quote(value: object) -> str:
    """Quote a value for a message, on one line whatever it holds."""
    return repr(value) if isinstance(value, str) else str(value)


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_TAG_HINT = "recap reads plain YAML only; remove the tag"


def _yaml_problem(error: yaml.MarkedYAMLError, name: str, text: str) -> RecapError:
    """Say what is wrong in a writer's words; the parser's own words are for --debug."""
    message = error.problem or ""
    if isinstance(error, yaml.scanner.ScannerError | yaml.parser.ParserError) or (
        "undefined alias" in message
    ):
        cause = explain(error, text)
        return RecapError.at(
            name, cause.message, line=cause.line, column=cause.column, hint=cause.hint
        )
    mark = error.problem_mark or error.context_mark
    hint = None
    if isinstance(error, Refusal):
        hint = error.hint
    elif "could not determine a constructor" in message:
        message = message.replace("could not determine a constructor for the tag", "unknown tag")
        hint = _TAG_HINT
    elif "expected a single document" in (error.context or ""):
        message, hint = "the file holds more than one YAML document", "remove the '---' line"
    elif "duplicate anchor" in (error.context or ""):
        first = error.context_mark
        message = "this anchor is already defined" + (f" on line {first.line + 1}" if first else "")
        hint = "give each '&' anchor its own name, or put text starting with '&' in quotes"
    else:
        message = "this value cannot be read as plain YAML"
        hint = "remove any tag ('!...') before it, or put the text in quotes"
    return RecapError.at(
        name,
        message,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=hint,
    )
