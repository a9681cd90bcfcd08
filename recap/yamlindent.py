"""Indentation mistakes in YAML: which line is out of line, and with what.

When two lines do not line up, the parser fails at the second; but the first may be
the odd one (a first key indented too far makes its next sibling fail). The lines
around both decide: the one the others follow is right.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from recap.yamltext import (
    LINE_BREAK,
    Line,
    Scene,
    SyntaxCause,
    cause_at,
    closing_quote,
    commented_out_key,
    kind_of,
    left_edge,
    lines_below,
)


def _misaligned(scene: Scene) -> SyntaxCause | None:
    """A key or list item not lined up with its siblings, or a line that makes one so."""
    line = scene.suspect()
    kind = kind_of(line)
    if kind == "text":
        return None
    column = line.first
    above = scene.previous(line.number)
    if above is not None and kind_of(above) == "text" and column > above.first:
        # Lines indented under a text: that text was meant to be a key.
        quoted = above.value.rstrip()[-2:] in {":'", ':"'}
        return cause_at(
            above.number,
            above.first,
            "expected a key and ':' here, for the lines indented below it",
            "move the ':' after the closing quote" if quoted else "add ':' after the key",
        )
    if above is not None and above.opens_block:
        opened = above.items[-1] if above.items and above.key is None else above.start
        if column > opened or (kind == "item" and column == opened):
            return None
    edge = list(left_edge(scene, line.number))
    if (column, kind) in {(entry_column, entry_kind) for entry_column, entry_kind, _ in edge}:
        return None
    if above is not None and kind_of(above) == "key" and not above.items:
        cut_off = _cuts_off(scene, above, line)
        if cut_off is not None:
            return cut_off
    # Siblings sit deeper than the nearest line that opens the block this line is in:
    # a key that opens one, or for keys, the `- ` of the item they belong to.
    parent = next(
        (
            entry
            for entry_column, entry_kind, entry in edge
            if entry_column < column
            and (entry.opens_block if entry_kind == "key" else kind == "key")
        ),
        None,
    )
    parent_column = -1 if parent is None else parent.first
    siblings = [entry for entry in edge if entry[1] == kind and entry[0] > parent_column]
    if not siblings:
        return None
    sibling_column, _, sibling = min(siblings, key=lambda entry: abs(entry[0] - column))
    odd_item = _odd_item(scene, sibling, skip=line.number)
    if odd_item is not None:
        return odd_item
    # Of two lines out of line with each other, the odd one is the one the lines around
    # them do not follow: a key indented too far makes its next sibling fail.
    if _odd_one(scene, sibling, line, kind):
        return _out_of_line(sibling, sibling_column, line, column, kind)
    misplaced = _misplaced_parent(scene, parent, line) if kind == "key" else None
    if misplaced is not None:
        return misplaced
    return _out_of_line(line, column, sibling, sibling_column, kind)


def _cuts_off(scene: Scene, above: Line, line: Line) -> SyntaxCause | None:
    """A key out of line that cuts `line` off from the lines it goes on from.

    `act: hunt` at the start of the line ends the list of events above it; `acts:`
    indented as far as the keys of an arc leaves the list below it nowhere to go.
    """
    before = list(left_edge(scene, above.number))
    kind = kind_of(line)
    if (
        line.first > above.first
        and not above.opens_block
        and _lines_up(line, line.first, kind, iter(before))
    ):
        previous = scene.previous(above.number)
        if previous is not None and previous.key and previous.start != above.first:
            return _out_of_line(above, above.first, previous, previous.start, "key")
    if (
        above.opens_block
        and line.first <= above.first
        and _followers(scene, line, line.first, kind, {line.number, above.number})
    ):
        outer = [
            entry
            for column, entry_kind, entry in before
            if entry_kind == "key" and column < line.first and entry.key
        ]
        if outer:
            return _out_of_line(above, above.first, outer[0], outer[0].first, "key")
    return None


def _misplaced_parent(scene: Scene, parent: Line | None, line: Line) -> SyntaxCause | None:
    """A key that opens a block at the wrong depth, its contents at the usual one.

    `ring:` at the start of the line between `revenge:` and `friendship:` (indented by
    two) makes `friendship` fail, though `ring` is the one out of line: its contents
    are indented as far as those of `revenge`.
    """
    if parent is None or parent.key is None or parent.items:
        return None
    before = scene.previous(parent.number)
    if before is not None and _belongs_in(scene, before, line.first, parent.first):
        return _out_of_line(parent, parent.first, line, line.first, "key")
    if _followers(scene, line, line.first, "key", {line.number}) > _followers(
        scene, parent, parent.first, "key", {line.number}
    ):
        return _out_of_line(parent, parent.first, line, line.first, "key")
    between = (scene.at(number) for number in range(parent.number + 1, line.number))
    empty = _empty_opener(
        (other for other in between if other.number not in scene.inside), line.first
    )
    if empty is not None:
        return _out_of_line(empty, empty.first, line, line.first, "key")
    earlier = next(
        (
            entry
            for column, kind, entry in left_edge(scene, parent.number)
            if column == line.first and kind == "key" and entry.opens_block
        ),
        None,
    )
    if earlier is None:
        return None
    inside = [next(lines_below(scene, opener.number, 1), None) for opener in (earlier, parent)]
    if inside[0] is None or inside[1] is None or inside[0].first != inside[1].first:
        return None
    return _out_of_line(parent, parent.first, earlier, earlier.first, "key")


def _belongs_in(scene: Scene, opener: Line, column: int, first_column: int) -> bool:
    """Whether a line at `column` lines up inside `opener` better than the first line
    inside it, at `first_column`: that one is not even inside it, or the line is at
    the file's usual step of indentation and the first line is not."""
    if not opener.opens_block:
        return False
    if column > opener.start >= first_column:
        return True
    return column == opener.start + scene.step != first_column


def _empty_opener(lines: Iterable[Line], column: int) -> Line | None:
    """A `key:` among `lines`, indented further than `column`, with nothing indented
    under it: the lines after it, at its own depth, were meant to be inside it."""
    content = [line for line in lines if not line.empty]
    for opener, after in itertools.pairwise(content):
        if opener.opens_block and opener.key and after.first == opener.first > column:
            return opener
    return None


def _odd_one(scene: Scene, suspect: Line, line: Line, kind: str) -> bool:
    """Whether `suspect`, not `line`, is out of line: the lines before `suspect` and the
    lines around both agree with `line`."""
    column = line.first
    before = scene.previous(suspect.number)
    if (
        before is not None
        and (kind == "item" or not suspect.items)
        and _belongs_in(scene, before, column, suspect.first)
    ):
        return True  # `suspect` is the first line inside `before`, `line` lines up as usual
    if _lines_up(line, column, kind, left_edge(scene, suspect.number)):
        return True  # `line` goes on from the lines before `suspect`
    skip = {line.number, suspect.number}
    return _followers(scene, line, column, kind, skip) > _followers(
        scene, suspect, suspect.first if kind == "item" else suspect.start, kind, skip
    )


def _lines_up(line: Line, column: int, kind: str, edge: Iterator[tuple[int, str, Line]]) -> bool:
    return any(
        entry_column == column and entry_kind == kind and entry is not line
        for entry_column, entry_kind, entry in edge
    )


def _followers(scene: Scene, line: Line, column: int, kind: str, skip: set[int]) -> int:
    """How many lines of its block (those in `skip` left out) line up with `column`."""
    count = 0
    above = itertools.islice(scene.lines_above(line.number), 20)
    for nearby in (above, lines_below(scene, line.number, 20)):
        for other in nearby:
            if other.number in skip:
                continue
            if other.first < column:
                break  # the block ends
            columns = other.items if kind == "item" else (other.start,) if other.key else ()
            count += column in columns
    return count


def _odd_item(scene: Scene, line: Line, *, skip: int) -> SyntaxCause | None:
    """Say so if `line` is a list item out of line with the items before and after it."""
    if not line.items:
        return None
    column = line.items[0]
    neighbours: list[Line] = []
    parent = None
    for other in scene.lines_above(line.number):
        if other.items and other.items[0] >= line.start:
            break  # perhaps inside the item above: no evidence either way
        if other.items:
            neighbours.append(other)
            break
        if other.first <= column and other.key is not None:
            parent = other
            break
    nested = None  # the column of a key inside this item that holds a list of its own
    for other in lines_below(scene, line.number, 40):
        if other.number == skip or (nested is not None and other.first >= nested):
            continue
        if other.items:
            neighbours.append(other)
            break
        if other.first <= column and other.key is not None:
            break
        if other.key is not None and other.opens_block:
            nested = other.start
    columns = {other.items[0] for other in neighbours}
    if not neighbours or column in columns or len(columns) > 1:
        return None
    [usual] = columns
    # With one neighbour only, the file's usual step decides which one is out of line.
    if len(neighbours) == 1 and not (parent is not None and usual == parent.start + scene.step):
        return None
    return _out_of_line(line, column, neighbours[0], usual, "item")


def _out_of_line(
    line: Line, column: int, sibling: Line, sibling_column: int, kind: str
) -> SyntaxCause:
    how = "indented further than" if column > sibling_column else "not indented as far as"
    spaces = (
        f"after {sibling_column} space{'s' * (sibling_column != 1)}"
        if sibling_column
        else "at the beginning of the line"
    )
    if kind == "item":
        return cause_at(
            line.number,
            column,
            f"this list item is {how} the one on line {sibling.number + 1}",
            f"start its '-' {spaces}, like line {sibling.number + 1}",
        )
    return cause_at(
        line.number,
        column,
        f"`{line.key}` is {how} `{sibling.key}` on line {sibling.number + 1}",
        f"start it {spaces}, like `{sibling.key}`",
    )


def _text_without_key(scene: Scene) -> SyntaxCause | None:
    """A line of text where a key was expected: usually text meant to go on from above."""
    if not scene.says("expected ':'", "expected key", "block end", "expected '-'"):
        return None
    line = scene.suspect()
    above = scene.previous(line.number)
    if kind_of(line) != "text" or above is None or above.key is None:
        return None
    if above.value[:1] in {"|", ">"}:
        return _block_text_out_of_line(scene, line, above)
    closing = closing_quote(above.text, above.value_column)
    if closing is not None and line.first > above.start:
        return cause_at(
            above.number,
            closing,
            f"the quoted text of `{above.key}` ends here, but the next line goes on with it",
            "put the closing quote at the end of the text",
        )
    if line.first < above.start:
        return cause_at(
            line.number,
            line.first,
            f"this text is not indented under `{above.key}` on line {above.number + 1}",
            f"indent it further than `{above.key}` to continue its text",
        )
    return cause_at(
        line.number,
        line.first,
        "expected `key: value` here",
        f"add ': ' after the key, or indent the line further than `{above.key}` "
        f"(line {above.number + 1}) to continue its text",
    )


def _block_text_out_of_line(scene: Scene, line: Line, opener: Line) -> SyntaxCause:
    """A line of a `>` or `|` text indented less than the lines above it."""
    hint = "indent every line of the text alike, further than its key"
    if line.first <= opener.start:
        return cause_at(
            line.number,
            line.first,
            f"this text is not indented under `{opener.key}` on line {opener.number + 1}",
            hint,
        )
    first = next(
        (
            scene.at(number)
            for number in range(opener.number + 1, line.number)
            if scene.lines[number].strip()
        ),
        None,
    )
    if first is not None and first.first > line.first:
        with_first = with_line = 0
        for other in lines_below(scene, line.number, 20):
            if other.first <= opener.start:
                break
            with_first += other.first == first.first
            with_line += other.first == line.first
        # On a tie, the usual two-space step decides which of the two is out of line.
        if with_line > with_first or (with_line == with_first and line.first == opener.start + 2):
            return cause_at(
                first.number,
                first.first,
                f"the first line of the text of `{opener.key}` is indented further "
                "than the lines after it",
                hint,
            )
    return cause_at(
        line.number,
        line.first,
        f"this line of the text of `{opener.key}` is not indented as far as the lines above it",
        hint,
    )


def explain_duplicate(text: str, number: int, first: int) -> SyntaxCause | None:
    """Find why a key on line `number` repeats the one on line `first` (0-based), when
    the cause is a line between them: a commented-out or misplaced key that was meant
    to hold the second one."""
    lines = LINE_BREAK.split(text)
    repeated = Line.parse(number, lines[number])
    owner = next(
        (
            line
            for line in (Line.parse(above, lines[above]) for above in range(first - 1, -1, -1))
            if not line.empty and line.first < repeated.start
        ),
        None,
    )
    commented = commented_out_key(lines, number, owner.first if owner else -1)
    if commented is not None:
        return commented
    between = (Line.parse(line, lines[line]) for line in range(first + 1, number + 1))
    misplaced = _empty_opener(between, owner.first if owner else -1)
    if misplaced is None or owner is None or owner.key is None:
        return None
    return _out_of_line(misplaced, misplaced.first, owner, owner.first, "key")


INDENTATION_RULES = (_misaligned, _text_without_key)
