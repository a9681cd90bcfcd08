"""A YAML syntax error -> a plain-word problem at the line and column of its cause.

The parser stops where it can go no further and says so in its own terms ("did not find
expected key while parsing a block mapping"), often lines after the mistake. A writer
needs the mistake itself: the quote opened and never closed, the apostrophe that ends a
single-quoted text, the key one space too far right. So the cause is found from the text
around the parser's position (the tokens before it, the indentation of the lines above);
the parser's report is only the starting point. Quotes, brackets and characters here;
indentation in yamlindent.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import yaml

from recap.yamlindent import INDENTATION_RULES, explain_duplicate
from recap.yamltext import (
    Line,
    Scene,
    SyntaxCause,
    TextLines,
    cause_at,
    closing_quote,
    commented_out_key,
    kind_of,
    put_in_quotes,
    quoted,
    text_follows,
)

__all__ = ["SyntaxCause", "TextLines", "explain", "explain_duplicate", "quote_runs_on"]

_KEY_WITHOUT_SPACE = re.compile(r"(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/])")
# Characters that mean something to YAML at the start of a value.
_INDICATORS = frozenset("@`*&!|>%[{-?,]}")


def explain(error: yaml.MarkedYAMLError, text: str) -> SyntaxCause:
    """Find the cause of a scanner or parser error in `text`, and say it plainly."""
    scene = Scene(error, text)
    for rule in (*_RULES, *INDENTATION_RULES):
        cause = rule(scene)
        if cause is not None:
            return cause
    return _fallback(scene)


_Rule = Callable[[Scene], SyntaxCause | None]
_RULES: list[_Rule] = []  # in the order they are tried: the first cause found wins


def _rule(function: _Rule) -> _Rule:
    _RULES.append(function)
    return function


_TAB = ("a tab character here", "indent YAML with spaces, not tabs")


@_rule
def _tab(scene: Scene) -> SyntaxCause | None:
    places = [scene.line] + ([scene.context_at[0]] if scene.context_at else [])
    if scene.char(scene.line, scene.column) == "\t":
        return cause_at(scene.line, scene.column, *_TAB)
    for number in places:
        text = scene.lines[number] if number < len(scene.lines) else ""
        indentation = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indentation:
            return cause_at(number, indentation.index("\t"), *_TAB)
    return None


@_rule
def _document_markers(scene: Scene) -> SyntaxCause | None:
    """`%` lines (YAML directives) and `...` (the end of a document) mean little to
    writers, and the parser's words for them even less."""
    if not scene.says("directive", "document start", "incompatible"):
        return None
    for number, text in enumerate(scene.lines[: scene.line + 1]):
        if text.startswith("%"):
            return cause_at(
                number,
                0,
                "this '%' line is not a YAML directive that recap reads",
                "remove the line, or put the text in quotes",
            )
        if text.rstrip() == "..." and number < scene.line:
            return cause_at(
                number, 0, "'...' ends the story here, but text follows", "remove the '...' line"
            )
    return None


@_rule
def _quote_never_closed(scene: Scene) -> SyntaxCause | None:
    if not (scene.context_at and scene.says("quoted scalar")):
        return None
    line, column = scene.context_at
    quote = scene.char(line, column)
    if scene.says("end of stream", "document"):
        return cause_at(line, column, "this quote is never closed", f"add the closing {quote}")
    backslash = scene.lines[scene.line].rfind("\\", 0, scene.column + 1)
    if quote == '"' and backslash >= 0:
        escape = scene.lines[scene.line][backslash : backslash + 2]
        return cause_at(
            scene.line,
            backslash,
            f"'{escape}' is not an escape that double-quoted text knows",
            "write a backslash as '\\\\', or put the text in single quotes",
        )
    return None


def quote_runs_on(lines: Sequence[str], start: yaml.Mark, end: yaml.Mark) -> SyntaxCause | None:
    """Say so if the quoted text from `start` to `end` swallowed the lines of other keys.

    A quote not closed on its line runs on to the next quote of its kind, however many
    lines below; what it swallows is often still valid YAML, but not what was meant.
    `lines` are the text's lines (split once for all its quotes: a long story has many).
    """
    opening = Line.parse(start.line, lines[start.line])
    swallowed = (
        Line.parse(number, lines[number]) for number in range(start.line + 1, end.line + 1)
    )
    if any(
        not line.empty
        and (line.key is not None or line.items)
        and (line.first <= opening.start or opening.key is None)
        for line in swallowed
    ):
        return _runaway(start, end, lines[start.line][start.column])
    return None


def _runaway(start: yaml.Mark, end: yaml.Mark, quote: str) -> SyntaxCause:
    return cause_at(
        start.line,
        start.column,
        f"this quote is not closed on its line (the text runs on to line {end.line + 1})",
        f"add the closing {quote} where the text ends",
    )


@_rule
def _quote_runs_on(scene: Scene) -> SyntaxCause | None:
    for token in reversed(scene.tokens):
        start, end = token.start_mark, token.end_mark
        if not quoted(token) or end.line == start.line:
            continue
        if end.line == scene.line and text_follows(scene.lines[end.line], end.column):
            return _runaway(start, end, scene.char(start.line, start.column))
        return quote_runs_on(scene.lines, start, end)
    return None


@_rule
def _text_after_closing_quote(scene: Scene) -> SyntaxCause | None:
    for number in dict.fromkeys([scene.line, scene.suspect().number]):
        line = scene.at(number)
        opening = line.value_column
        closing = closing_quote(line.text, opening)
        if closing is not None and text_follows(line.text, closing + 1):
            return _after_quote(line, opening, closing)
    return None


def _after_quote(line: Line, opening: int, closing: int) -> SyntaxCause:
    text = line.text
    before, after = text[closing - 1 : closing], text[closing + 1 : closing + 2]
    if text[opening] == "'" and before.isalpha() and after.isalpha():
        word = re.search(r"[\w-]*$", text[:closing])
        rest = re.match(r"\w*", text[closing + 1 :])
        shown = f"{word[0] if word else ''}'{rest[0] if rest else ''}"
        return cause_at(
            line.number,
            closing,
            f"the apostrophe in {shown} ends the single-quoted text",
            f"put the text in double quotes instead, or write the apostrophe twice: "
            f"{shown.replace(chr(39), chr(39) * 2)}",
        )
    if text[opening] == '"' and '"' in text[closing + 1 :]:
        return cause_at(
            line.number,
            closing,
            "this double quote ends the quoted text early",
            'write a double quote inside double-quoted text as \\", '
            "or put the text in single quotes",
        )
    follows = closing + 1 + len(text[closing + 1 :]) - len(text[closing + 1 :].lstrip())
    return cause_at(
        line.number,
        follows,
        "text follows the closing quote",
        "put all of the text inside the quotes",
    )


@_rule
def _bracket_never_closed(scene: Scene) -> SyntaxCause | None:
    if scene.context_at and scene.says("flow sequence", "flow mapping"):
        line, column = scene.context_at
    else:
        opened = scene.open_bracket()
        if opened is None or opened.line == scene.line:
            return None
        line, column = opened.line, opened.column
    bracket = scene.char(line, column)
    closing = "]" if bracket == "[" else "}"
    if scene.line > line:
        return cause_at(
            line,
            column,
            f"this '{bracket}' is never closed",
            f"end the list with '{closing}' on the same line"
            if bracket == "["
            else f"close it with '{closing}' on the same line",
        )
    return cause_at(
        scene.line,
        scene.column,
        f"this '{bracket}...{closing}' cannot be read",
        "separate the items with ', ', and put an item containing ':' or ',' in quotes",
    )


@_rule
def _text_after_brackets(scene: Scene) -> SyntaxCause | None:
    closing = scene.token_just_before(
        lambda token: isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken),
    )
    line = scene.at(scene.line)
    if closing is None or scene.char(line.number, line.value_column) not in {"[", "{"}:
        return None
    bracket = scene.char(line.number, line.value_column)
    return cause_at(
        line.number,
        line.value_column,
        f"a text that starts with '{bracket}' is read as a list",
        put_in_quotes(line),
    )


@_rule
def _indicator_at_start(scene: Scene) -> SyntaxCause | None:
    line = scene.suspect()
    first = scene.char(line.number, line.value_column)
    if first in _INDICATORS and line.number == scene.line and scene.column >= line.value_column:
        if first in {"[", "{"} or (first in {"|", ">"} and not scene.says("block scalar")):
            return None
        if first == "-" and scene.char(line.number, line.value_column + 1) not in {" ", ""}:
            return None
        return _must_be_quoted(line, line.value_column)
    # A key that starts with '!' or '&' reads as a tag or an anchor, and is lost: the
    # lines meant to be inside it then fail.
    for above in scene.lines_above(line.number):
        if above.first < line.first:
            return None
        if above.first == line.first:
            if kind_of(above) == "text" and scene.char(above.number, above.start) in _INDICATORS:
                return _must_be_quoted(above, above.start)
            return None
    return None


def _must_be_quoted(line: Line, column: int) -> SyntaxCause:
    first = line.text[column]
    if line.key is None and line.content.rstrip().endswith(":"):
        hint = f'put the key in quotes: "{line.content.rstrip()[:-1]}":'
    else:
        hint = put_in_quotes(line)
    return cause_at(
        line.number,
        column,
        f"a text that starts with '{first}{' ' * (first == '-')}' must be in quotes",
        hint,
    )


@_rule
def _no_space_after_dash(scene: Scene) -> SyntaxCause | None:
    line = scene.suspect()
    above = scene.previous(line.number)
    for candidate in (line, above if above and line.first > above.start else None):
        if candidate and not candidate.items and re.match(r"-[^\s-]", candidate.content):
            return cause_at(
                candidate.number,
                candidate.start,
                "a list item needs a space after its '-'",
                f"write '- {candidate.content[1:].rstrip()}'",
            )
    return None


@_rule
def _no_space_after_colon(scene: Scene) -> SyntaxCause | None:
    line = scene.suspect()
    for candidate in (line, scene.previous(line.number)):
        if candidate is None or candidate.key is not None:
            continue
        found = _KEY_WITHOUT_SPACE.match(candidate.text, candidate.start)
        if found:
            return cause_at(
                candidate.number,
                found.end("key"),
                "a key needs a space after its ':'",
                f"write '{found['key']}: {candidate.text[found.start('value') :].rstrip()}'",
            )
    return None


@_rule
def _comment_cuts_text(scene: Scene) -> SyntaxCause | None:
    line = scene.suspect()
    above = scene.previous(line.number)
    if above is None or line.first < above.start or (line.first == above.start and above.key):
        return None
    if kind_of(line) != "text" and above.key is not None:
        return None  # a key indented too far, below a value with a comment
    raw = above.text[above.value_column :]
    if raw[:1] in {"'", '"'} or " #" not in raw:
        return None
    return cause_at(
        above.number,
        above.value_column + raw.index(" #") + 1,
        "this '#' starts a comment, which ends the text before it",
        "put the whole text in quotes",
    )


@_rule
def _commented_out_key(scene: Scene) -> SyntaxCause | None:
    line = scene.suspect()
    return commented_out_key(scene.lines, line.number, line.first)


@_rule
def _colon_in_text(scene: Scene) -> SyntaxCause | None:
    if not scene.says("mapping values") or scene.char(scene.line, scene.column) != ":":
        return None
    line = scene.at(scene.line)
    if line.key is not None and scene.column > line.value_column:
        if scene.char(line.number, line.value_column) in {"'", '"'}:
            return None
        return cause_at(
            line.number,
            scene.column,
            "': ' inside a text that is not in quotes",
            put_in_quotes(line),
        )
    above = scene.previous(line.number)
    owner = line.text[line.first : scene.column].strip()
    if above is None or line.first <= above.start or line.items or re.fullmatch(r"[\w-]+", owner):
        return None  # a key or a list item out of line, not text
    return cause_at(
        line.number,
        scene.column,
        "': ' inside a text that is not in quotes",
        f"put the whole text of `{above.key}` (line {above.number + 1}) in quotes"
        if above.key
        else "put the whole text in quotes",
    )


def _fallback(scene: Scene) -> SyntaxCause:
    if scene.says("nesting depth"):
        return cause_at(scene.line, scene.column, "nesting is deeper than YAML allows")
    if scene.says("mapping values"):
        return cause_at(
            scene.line,
            scene.column,
            "':' is not allowed here",
            "put text containing ': ' in quotes, or check the indentation",
        )
    if scene.says("end of stream"):
        return cause_at(scene.line, scene.column, "the file ends in the middle of a value")
    if scene.says("cannot start any token"):
        character = scene.char(scene.line, scene.column)
        return cause_at(
            scene.line,
            scene.column,
            f"{character!r} cannot start a value" if character else "a value cannot start here",
            "put the text in quotes",
        )
    return cause_at(
        scene.line,
        scene.column,
        "this line does not fit with the lines above it",
        "check its indentation, and put text containing ': ', ' #' or quotes in quotes",
    )
