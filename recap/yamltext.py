"""The text of a YAML file as its block structure shows it, around a syntax error.

Lines with their indentation, list items and keys (and keys commented out); the tokens
the scanner read before the error; the columns a line could line up with. The rules that
find the cause of a syntax error (yamlsyntax.py, yamlindent.py) read the text through these.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import overload

import yaml

_Scanner = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The line breaks YAML counts, and only those (str.splitlines knows more).
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_ITEM_MARKS = re.compile(r"-(?: +|$)")
_LEADING = re.compile(r"(?P<indent> *)(?P<items>(?:-(?: +|$))*)")
_KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{},&*!|>%@`-][^#]*?)\s*:(?=\s|$)""")


class TextLines(Sequence[str]):
    """A text's lines (as YAML counts them), split the first time one is asked for and
    then kept: a long story with many quoted paragraphs asks for a few lines each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    def _split(self) -> list[str]:
        if self._lines is None:
            self._lines = LINE_BREAK.split(self.text)
        return self._lines

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._split()[index]

    def __len__(self) -> int:
        return len(self._split())


@dataclass(frozen=True)
class SyntaxCause:
    """Where a syntax mistake is (1-based) and how to fix it, in a writer's words."""

    line: int
    column: int
    message: str
    hint: str | None = None


def cause_at(line: int, column: int, message: str, hint: str | None = None) -> SyntaxCause:
    """A cause at a 0-based position (as the parser counts), reported 1-based."""
    return SyntaxCause(line + 1, column + 1, message, hint)


@dataclass(frozen=True)
class Line:
    """One line of the text as the block structure sees it."""

    number: int  # 0-based, as the parser counts
    text: str
    items: tuple[int, ...]  # columns of the `- ` that open list items on this line
    start: int  # column of what follows the indentation and the item marks
    key: str | None  # the key, when the line holds `key: ...`
    value_column: int  # where the key's value starts (or the content, without a key)

    @classmethod
    def parse(cls, number: int, text: str) -> Line:
        leading = _LEADING.match(text)
        assert leading is not None  # the pattern matches any text
        indent = len(leading["indent"])
        items = tuple(indent + mark.start() for mark in _ITEM_MARKS.finditer(leading["items"]))
        start = leading.end()
        found = _KEY.match(text, start)
        if found is None:
            return cls(number, text, items, start, None, start)
        after = found.end() + 1
        value_column = after + len(text[after:]) - len(text[after:].lstrip(" "))
        return cls(number, text, items, start, found["key"].strip("'\""), value_column)

    @property
    def first(self) -> int:
        """The column where the line's structure starts: its first `- `, else its content."""
        return self.items[0] if self.items else self.start

    @property
    def content(self) -> str:
        return self.text[self.start :]

    @property
    def value(self) -> str:
        """The value after the key, or the content, without a trailing comment."""
        value = self.text[self.value_column :]
        if value[:1] in {"'", '"'}:
            return value.rstrip()
        return re.split(r"(?:^|\s)#", value, maxsplit=1)[0].rstrip()

    @property
    def empty(self) -> bool:
        return not self.content.strip() or self.content.lstrip().startswith("#")

    @property
    def opens_block(self) -> bool:
        """Whether the lines below may be indented further (`key:` or `-` with nothing after)."""
        return not self.value and (self.key is not None or bool(self.items))


class Scene:
    """The parser's report, and the text around it."""

    def __init__(self, error: yaml.MarkedYAMLError, text: str) -> None:
        mark = error.problem_mark or error.context_mark
        self.problem = error.problem or ""
        self.context = error.context or ""
        self.line = mark.line if mark else 0
        self.column = mark.column if mark else 0
        context_mark = error.context_mark
        self.context_at = (context_mark.line, context_mark.column) if context_mark else None
        self.lines = LINE_BREAK.split(text)
        self.text = text
        self._parsed: dict[int, Line] = {}  # the rules read the same lines many times

    def at(self, number: int) -> Line:
        if number not in self._parsed:
            text = self.lines[number] if number < len(self.lines) else ""
            self._parsed[number] = Line.parse(number, text)
        return self._parsed[number]

    def char(self, line: int, column: int) -> str:
        text = self.lines[line] if line < len(self.lines) else ""
        return text[column] if 0 <= column < len(text) else ""

    def says(self, *words: str) -> bool:
        report = f"{self.problem} {self.context}"
        return any(word in report for word in words)

    @cached_property
    def tokens(self) -> list[yaml.Token]:
        """The tokens that start up to the error's line (the scanner may stop sooner)."""
        found: list[yaml.Token] = []
        try:
            for token in yaml.scan(self.text, Loader=_Scanner):
                if token.start_mark.line > self.line:
                    break
                found.append(token)
        except yaml.YAMLError:
            pass
        return found

    @cached_property
    def inside(self) -> set[int]:
        """Lines that continue a text or a `[...]` begun on an earlier line."""
        lines: set[int] = set()
        depth, opened = 0, 0
        for token in self.tokens:
            start, end = token.start_mark, token.end_mark
            if isinstance(token, yaml.ScalarToken) and end.line > start.line:
                last = end.line if end.column > 0 or quoted(token) else end.line - 1
                lines.update(range(start.line + 1, last + 1))
            elif isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                depth, opened = depth + 1, opened if depth else start.line
            elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
                depth = max(depth - 1, 0)
                if not depth:
                    lines.update(range(opened + 1, start.line + 1))
        return lines

    def open_bracket(self) -> yaml.Mark | None:
        """Where the outermost `[` or `{` still open at the error was opened, if any."""
        opened: list[yaml.Mark] = []
        for token in self.tokens:
            if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                opened.append(token.start_mark)
            elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken) and opened:
                opened.pop()
        return opened[0] if opened else None

    def token_just_before(self, wanted: Callable[[yaml.Token], bool]) -> yaml.Token | None:
        """The last token that ends on the error's line with only spaces before the error."""
        text = self.lines[self.line] if self.line < len(self.lines) else ""
        for token in reversed(self.tokens):
            end = token.end_mark
            if end.line != self.line or end.column > self.column:
                continue
            if wanted(token) and not text[end.column : self.column].strip():
                return token
            return None
        return None

    @cached_property
    def step(self) -> int:
        """The file's usual step of indentation: how much further a block's first line
        is indented than the key that opens it (2 unless the file says otherwise)."""
        steps: Counter[int] = Counter()
        previous = None
        for number in range(len(self.lines)):
            line = self.at(number)
            if line.empty:
                continue
            if previous is not None and previous.opens_block and line.first > previous.first:
                steps[
                    line.first - previous.start if previous.key else line.first - previous.first
                ] += 1
            previous = line
        return steps.most_common(1)[0][0] if steps else 2

    def lines_above(self, number: int) -> Iterator[Line]:
        """The lines above `number` that hold structure, nearest first."""
        for above in range(min(number, len(self.lines)) - 1, -1, -1):
            line = self.at(above)
            if not line.empty and above not in self.inside:
                yield line

    def previous(self, number: int) -> Line | None:
        return next(self.lines_above(number), None)

    def suspect(self) -> Line:
        """The line the parser was reading: for "expected ':'", where the would-be key starts."""
        if self.context_at and self.says("simple key"):
            return self.at(self.context_at[0])
        return self.at(self.line)


def kind_of(line: Line) -> str:
    """What a line holds first: a list "item", a "key", or "text"."""
    return "item" if line.items else "key" if line.key is not None else "text"


def left_edge(scene: Scene, number: int) -> Iterator[tuple[int, str, Line]]:
    """The columns a line below could line up with: its possible siblings and ancestors.

    Yields (column, "key" or "item", line), nearest line first.
    """
    limit = None
    for line in scene.lines_above(number):
        if limit is not None and line.first >= limit:
            continue
        for column in line.items:
            if limit is None or column < limit:
                yield column, "item", line
        if line.key is not None and (limit is None or line.start < limit):
            yield line.start, "key", line
        limit = line.first
        if limit == 0:
            return


def lines_below(scene: Scene, number: int, limit: int) -> Iterator[Line]:
    """The non-empty lines among the `limit` lines below `number`."""
    for below in range(number + 1, min(number + 1 + limit, len(scene.lines))):
        line = scene.at(below)
        if not line.empty:
            yield line


def closing_quote(text: str, opening: int) -> int | None:
    """The column of the quote that closes the one at `opening` on the same line."""
    quote = text[opening : opening + 1]
    if quote not in {"'", '"'}:
        return None
    column = opening + 1
    while column < len(text):
        if text[column] == "\\" and quote == '"':
            column += 2
            continue
        if text[column] == quote:
            if quote == "'" and text[column + 1 : column + 2] == "'":
                column += 2  # '' is an apostrophe inside single quotes
                continue
            return column
        column += 1
    return None


def text_follows(text: str, column: int) -> bool:
    """Whether a value that ends at `column` is followed by more text (not a comment)."""
    rest = text[column:]
    stripped = rest.lstrip(" ")
    return bool(stripped) and not (
        stripped[0] in ":,]}" or (stripped[0] == "#" and rest != stripped)
    )


def quoted(token: yaml.Token) -> bool:
    return isinstance(token, yaml.ScalarToken) and getattr(token, "style", None) in {"'", '"'}


def put_in_quotes(line: Line) -> str:
    """A hint that shows the line's value in quotes."""
    value = line.value
    if len(value) > 50:
        return f"put the whole text of `{line.key}` in quotes" if line.key else "put it in quotes"
    in_quotes = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
    before = f"{line.key}: " if line.key is not None else "- " if line.items else ""
    return f"put the text in quotes: {before}{in_quotes}"


def commented_out_key(lines: list[str], number: int, column: int) -> SyntaxCause | None:
    """A `# key:` above line `number` whose lines below were meant to be inside it.

    Looks up through the lines indented further than `column` (and comments) only.
    """
    for above in range(number - 1, -1, -1):
        text = lines[above]
        stripped = text.lstrip(" ")
        if not stripped:
            continue
        if not stripped.startswith("#"):
            if len(text) - len(stripped) <= column:
                return None
            continue
        hash_column = len(text) - len(stripped)
        commented = Line.parse(above, text[hash_column + 1 :])
        if (
            commented.key is not None
            and re.fullmatch(r"[\w-]+", commented.key)
            and commented.value[:1] in {"", ">", "|"}
        ):
            return cause_at(
                above,
                hash_column,
                f"this '#' turns `{commented.key}:` into a comment, "
                "leaving the lines below it without their key",
                "remove the '#'",
            )
    return None
