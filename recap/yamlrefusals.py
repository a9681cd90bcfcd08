"""The bounds both YAML readers hold a story to, and the refusals they raise in recap's
own words: too deep, too many values made by aliases, quoted text that runs on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from recap.yamlsyntax import SyntaxCause, TextLines, quote_runs_on

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
    # A long story written out in full makes none, however long it is.
    alias_values: int = 1_000_000


class TooLarge(Exception):
    """More values than the limits allow, at `mark`."""

    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.hint = hint


class Refusal(yaml.constructor.ConstructorError):
    """A value recap refuses, in recap's own words."""

    def __init__(self, message: str, mark: Any, hint: str | None = None) -> None:
        super().__init__(None, None, message, mark)
        self.hint = hint


def refusal(cause: SyntaxCause) -> Refusal:
    mark = yaml.Mark("", 0, cause.line - 1, cause.column - 1, None, None)  # type: ignore[arg-type]
    return Refusal(cause.message, mark, cause.hint)


def too_many_aliased(mark: Any, limits: Limits) -> TooLarge:
    return TooLarge(
        mark,
        f"anchors and aliases expand to more than {limits.alias_values:,} values, the "
        "limit against alias bombs",
        "if the story really repeats that much, raise the limit with --max-alias-values",
    )


def nesting_refusal(mark: Any) -> Refusal:
    return Refusal(f"nesting is deeper than {MAX_DEPTH} levels", mark)


def runs_on(lines: TextLines, event: Any) -> Refusal | None:
    """Refuse quoted text that swallowed the lines below it, before it makes other
    errors there."""
    if event.style in {"'", '"'} and event.end_mark.line > event.start_mark.line:
        cause = quote_runs_on(lines, event.start_mark, event.end_mark)
        if cause is not None:
            return refusal(cause)
    return None
