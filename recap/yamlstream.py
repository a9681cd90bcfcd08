"""YAML events -> plain data and positions in one pass, for the plain YAML stories are.

`read_events` walks libyaml's event stream once, building values and alias expansions
as they come, with the checks the stream itself allows (nesting depth, quoted text that
runs on, the alias limit). A document without anchors (as stories are) is walked without
noting positions: they are found by a second walk the first time a problem asks for
one, so a story that loads cleanly never pays for them. Whatever it does not settle itself (a tag,
a merge key, a repeated or non-text key, an alias inside its own anchor, an undefined
alias or anchor given twice, a second document) it leaves to the general reader in
yamlread.py by returning None: that reader composes the whole document first, so it
reports these the way it always has, the first problem in the order it builds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from recap.model import Location
from recap.yamlpositions import Positions
from recap.yamlrefusals import (
    MAX_DEPTH,
    Limits,
    TooLarge,
    nesting_refusal,
    runs_on,
    too_many_aliased,
)
from recap.yamlsyntax import TextLines


class _General(Exception):
    """Something the general reader settles: leave the whole document to it."""


class _Anchored(Exception):
    """An anchor or alias: walk the document again, recording what aliases replay."""


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING, _SEQUENCE = yaml.MappingStartEvent, yaml.SequenceStartEvent
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_QUOTED = frozenset({"'", '"'})
_STR = "tag:yaml.org,2002:str"
_PLAIN_KEY = (str, int, float, bool, type(None))


def read_events(
    text: str, loader_class: type[yaml.SafeLoader], limits: Limits
) -> tuple[Any, Positions] | None:
    """Return the document's data and positions, or None for the general reader.

    Raises what the stream itself shows (syntax errors, too deep, quoted text running
    on; an alias bomb once the rest of the stream is known to be sound), as the general
    reader would, since it checks the same stream first.
    """
    loader = loader_class(text)
    try:
        try:
            root = _Walk(loader, text, limits).plain_document(located=False)
            return root, Positions(lambda: _located(text, loader_class, limits))
        except _Anchored:
            loader.dispose()
            loader = loader_class(text)
            return _Walk(loader, text, limits).document()
    except _General:
        return None
    finally:
        loader.dispose()


def _located(text: str, loader_class: type[yaml.SafeLoader], limits: Limits) -> Positions:
    """Walk a plain document read once already again, noting where its values start."""
    loader = loader_class(text)
    try:
        walk = _Walk(loader, text, limits)
        walk.plain_document(located=True)
        return walk.positions
    finally:
        loader.dispose()


class _Walk:
    """One walk over the events, by recursive descent: one call per open collection
    (the stream allows MAX_DEPTH), values and positions made as the events come."""

    def __init__(self, loader: yaml.SafeLoader, text: str, limits: Limits) -> None:
        self.loader = loader
        self.lines = TextLines(text)  # split only if a quote runs over several lines
        self.limits = limits
        self.positions = Positions()
        self.anchors: dict[str, list[Any]] = {}  # each anchor's recorded events
        self.open_anchors: dict[str, int] = {}  # anchor -> where its recording starts
        self.recording: list[Any] = []
        self.key_anchors: set[str] = set()  # anchored keys: built as values not yet
        self.made_by_aliases = 0
        self.too_large: TooLarge | None = None

    def live(self) -> Iterator[Any]:
        """Yield the stream's events, checked as the stream allows and recorded for
        the anchors they belong to."""
        depth = 0
        get_event = self.loader.get_event
        while True:
            event = get_event()  # type: ignore[no-untyped-call]
            kind = type(event)
            if kind is _SCALAR:
                if event.style in _QUOTED:
                    refused = runs_on(self.lines, event)
                    if refused is not None:
                        raise refused
            elif kind is _MAPPING or kind is _SEQUENCE:
                depth += 1
                if depth > MAX_DEPTH:
                    raise nesting_refusal(event.start_mark)
            elif kind in _CLOSING:
                depth -= 1
            elif kind is yaml.StreamEndEvent:
                yield event
                return
            if self.open_anchors:
                self.recording.append(event)
            yield event

    def document(self) -> tuple[Any, Positions]:
        events = self.live()
        next(events)  # the stream's start
        event = next(events)
        if type(event) is yaml.StreamEndEvent:
            raise _General  # no document: the general reader says so
        root = self.build(events, next(events), (), aliased=False)
        next(events)  # the document's end
        if type(next(events)) is not yaml.StreamEndEvent:
            raise _General  # a second document
        if self.too_large is not None:
            raise self.too_large
        return root, self.positions

    def plain_document(self, *, located: bool) -> Any:
        """Read a document without anchors and aliases (as stories are) in one loop over
        the events: the same values and checks as `document`, in the same order, without
        a generator and a call per value; the positions too if `located`. Raise
        _Anchored at the first anchor or alias."""
        get_event = self.loader.get_event
        values, keys = self.positions.values, self.positions.keys
        check = self.check
        # Most values are plain text that starts no number, true or null: read as is,
        # without a call; the rest (quoted, tagged, anchored, maybe not text) by this.
        resolved = self.loader.yaml_implicit_resolvers

        def unusual(event: Any, depth: int) -> Any:
            check(event, _SCALAR, depth)
            return self.scalar(event)

        get_event()  # type: ignore[no-untyped-call]  # the stream's start
        if type(get_event()) is yaml.StreamEndEvent:  # type: ignore[no-untyped-call]
            raise _General  # no document: the general reader says so
        open_: list[tuple[Any, Location, bool]] = []  # (collection, path, a mapping?)
        event = get_event()  # type: ignore[no-untyped-call]
        path: Location = ()  # where `event` is, when `located`
        key: Any = None
        while True:  # one value per round: `event` starts it
            kind = type(event)
            if located:
                mark: Any = event.start_mark
                values.setdefault(path, (mark.line + 1, mark.column + 1))
            if kind is _SCALAR:
                value = event.value
                if event.style != "" or value[:1] in resolved or event.tag or event.anchor:
                    value = unusual(event, len(open_))
            else:
                check(event, kind, len(open_))
                if event.tag is not None:
                    raise _General
                value = {} if kind is _MAPPING else []
            if not open_:
                root = value
            elif open_[-1][2]:
                open_[-1][0][key] = value
            else:
                open_[-1][0].append(value)
            if kind is not _SCALAR:
                open_.append((value, path, kind is _MAPPING))
            # The next value: past the ends of the collections that close first, and
            # after its key in a mapping.
            event = get_event()  # type: ignore[no-untyped-call]
            while open_ and type(event) in _CLOSING:
                open_.pop()
                event = get_event()  # type: ignore[no-untyped-call]
            if not open_:
                break
            container, parent, mapping = open_[-1]
            if not mapping:
                if located:
                    path = (*parent, len(container))
                continue
            if type(event) is not _SCALAR:
                check(event, type(event), len(open_))
                raise _General  # a collection as a key
            key = event.value
            if event.style != "" or key[:1] in resolved or event.tag or event.anchor:
                key = unusual(event, len(open_))
                if not isinstance(key, _PLAIN_KEY):
                    raise _General
            if key in container:
                raise _General  # a repeated key: the general reader explains it
            if located:
                path = (*parent, key if isinstance(key, str | int) else str(key))
                mark = event.start_mark
                keys[path] = (mark.line + 1, mark.column + 1)
            event = get_event()  # type: ignore[no-untyped-call]
        # `event` is the document's end.
        if type(get_event()) is not yaml.StreamEndEvent:  # type: ignore[no-untyped-call]
            raise _General  # a second document
        return root

    def check(self, event: Any, kind: type, depth: int) -> None:
        """Make the checks `live` makes of an event read at `depth` (open collections),
        and raise _Anchored at an anchor or alias."""
        if kind is _ALIAS or event.anchor is not None:
            raise _Anchored
        if kind is _SCALAR:
            if event.style in _QUOTED:
                refused = runs_on(self.lines, event)
                if refused is not None:
                    raise refused
        elif depth >= MAX_DEPTH:
            raise nesting_refusal(event.start_mark)

    def build(self, events: Iterator[Any], event: Any, path: Location, *, aliased: bool) -> Any:
        """Build the value that starts with `event`, reading the rest of it from `events`."""
        kind = type(event)
        if kind is _ALIAS:
            return self.alias(event, path, aliased=aliased)
        anchor = event.anchor
        if anchor is not None and not aliased:
            self.open_anchor(anchor, event)
        if aliased:
            self.count(event)
        self.positions.values.setdefault(
            path, (event.start_mark.line + 1, event.start_mark.column + 1)
        )
        if kind is _SCALAR:
            value = self.scalar(event)
        elif event.tag is not None:
            raise _General
        elif kind is _MAPPING:
            value = self.mapping(events, path, aliased=aliased)
        else:
            value = [
                self.build(events, item, (*path, index), aliased=aliased)
                for index, item in enumerate(_items(events))
            ]
        if anchor is not None and not aliased:
            self.close_anchor(anchor)
        return value

    def mapping(self, events: Iterator[Any], path: Location, *, aliased: bool) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        keys = self.positions.keys
        for key_event in _items(events):
            key, mark = self.key(key_event, aliased=aliased)
            if key in result:
                raise _General  # a repeated key: the general reader explains it
            child = (*path, key if isinstance(key, str | int) else str(key))
            keys[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(events, next(events), child, aliased=aliased)
        return result

    def key(self, event: Any, *, aliased: bool) -> tuple[Any, Any]:
        """Return a mapping key (plain text, a number, true, false or null) and where
        it starts (an alias's: where its anchor's key starts)."""
        if type(event) is _ALIAS:
            recorded = self.anchors.get(event.anchor or "")
            if recorded is None or len(recorded) != 1:
                raise _General  # undefined, or a collection
            event = recorded[0]
        elif event.anchor is not None and not aliased:
            self.open_anchor(event.anchor, event)
            self.close_anchor(event.anchor)
            self.key_anchors.add(event.anchor)
        if type(event) is not _SCALAR:
            raise _General  # a collection as a key
        key = self.scalar(event)
        if not isinstance(key, _PLAIN_KEY):
            raise _General
        return key, event.start_mark

    def scalar(self, event: Any) -> Any:
        if event.tag is not None:
            raise _General
        value: str = event.value
        if not event.implicit[0]:
            return value  # quoted: always text
        # Most values are text whose first character starts no number, true or null.
        tag = _STR
        for candidate, pattern in self.loader.yaml_implicit_resolvers.get(value[:1], ()):
            if pattern.match(value):
                tag = candidate
                break
        if tag == _STR:
            return value
        if tag == "tag:yaml.org,2002:merge":
            raise _General
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
        try:
            return self.loader.construct_object(node)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            raise _General from None

    def alias(self, event: Any, path: Location, *, aliased: bool) -> Any:
        name = event.anchor
        recorded = self.anchors.get(name)
        if recorded is None:
            raise _General  # undefined, or inside its own anchor: a cycle
        if self.too_large is not None:
            return None  # past the limit: the rest only needs checking
        if name in self.key_anchors:
            # A key is not built as a value: the first alias of it builds it anew (a
            # value that aliases make only inside another alias's values).
            self.key_anchors.discard(name)
            if not aliased:
                (key,) = recorded
                position = (key.start_mark.line + 1, key.start_mark.column + 1)
                self.positions.values.setdefault(path, position)
                return self.scalar(key)
        replay = iter(recorded)
        return self.build(replay, next(replay), path, aliased=True)

    def count(self, event: Any) -> None:
        self.made_by_aliases += 1
        if self.made_by_aliases > self.limits.alias_values and self.too_large is None:
            self.too_large = too_many_aliased(event.start_mark, self.limits)

    def open_anchor(self, name: str, event: Any) -> None:
        if name in self.anchors or name in self.open_anchors:
            raise _General  # an anchor given twice
        if not self.open_anchors:
            self.recording = [event]  # later events are recorded as they are read
        self.open_anchors[name] = len(self.recording) - 1

    def close_anchor(self, name: str) -> None:
        start = self.open_anchors.pop(name)
        self.anchors[name] = self.recording[start:]
        if not self.open_anchors:
            self.recording = []


def _items(events: Iterator[Any]) -> Iterator[Any]:
    """Yield the first event of each item of the open collection, up to its end; the
    caller reads the rest of each item before asking for the next."""
    for event in events:
        if type(event) in _CLOSING:
            return
        yield event
