"""The one exception type for a user's mistakes, with where and how to fix them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_VISIBLE_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(0x20), *range(0x7F, 0xA0)]} | {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    file: str
    line: int | None = None
    column: int | None = None
    message: str = ""
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        # One problem, one line, and no terminal control codes from the story's text.
        return text.translate(_VISIBLE_CONTROLS)


class RecapError(ValueError):
    """A problem the user can fix: bad story file, unwritable output, bad option.

    Carries every problem found, so a user fixes them all in one round.
    """

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @classmethod
    def at(
        cls,
        file: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> RecapError:
        """Build an error with a single located problem."""
        return cls(Problem(str(file), line, column, message, hint))
