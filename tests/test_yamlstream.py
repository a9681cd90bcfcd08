"""The one-pass reader of plain YAML (yamlstream.py) against the general reader."""

from __future__ import annotations

from typing import Any

import pytest

import recap
from recap import yamlread
from recap.yamlread import Limits, Positions, _Loader, parse_yaml
from recap.yamlstream import _Walk, read_events
from recap.yamltext import LINE_BREAK

PLAIN_DOCUMENTS = [
    "title: T\narcs:\n  a: {label: A}\nevents:\n  - {title: E, arcs: [a], when: 1.5}\n",
    "a: &cast [A, B, {c: C}]\nb: *cast\nc:\n  - *cast\n  - [x, *cast]\n",
    "&k key: 1\nother: *k\nthird: *k\n",
    "2: two\ntrue: yes\nnull: ~\n1.5: x\n'1.5': y\n",
    "- plain\n- 'quoted\n  on two lines'\n- \"double\"\n- 0x1F\n- -0\n- .inf\n- 2024-01-01\n",
    "just text\n",
    "---\n",
    "a: []\nb: {}\nc: [[], [{}], {d: [1, {e: f}]}]\ng: last\n",
    "- - - deep\n    - again\n  - out\n- {k: [v]}\n",
]


def general(text: str, limits: Limits = Limits()) -> tuple[Any, Positions]:
    """Read with the general reader alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlread, "read_events", lambda *arguments: None)
        return parse_yaml(text, name="story.yaml", limits=limits)


@pytest.mark.parametrize("text", PLAIN_DOCUMENTS)
def test_plain_yaml_is_read_in_one_pass_as_the_general_reader_reads_it(text: str) -> None:
    read = read_events(text, _Loader, Limits())
    assert read is not None
    data, positions = read
    expected_data, expected_positions = general(text)
    assert repr(data) == repr(expected_data)  # types too: 1 is not '1', 1.5 not '1.5'
    assert positions == expected_positions


def test_positions_of_values_keys_and_aliased_values() -> None:
    text = "cast: &cast\n  - Ann\n  - {name: Bo}\nagain: *cast\n"
    read = read_events(text, _Loader, Limits())
    assert read is not None
    data, positions = read
    assert data["again"] == ["Ann", {"name": "Bo"}]
    assert positions.keys[("cast",)] == (1, 1)
    assert positions.values[("cast",)] == (1, 7)  # a value starts at its anchor
    assert positions.values[("cast", 1)] == (3, 5)
    assert positions.keys[("cast", 1, "name")] == (3, 6)
    assert positions.values[("cast", 1, "name")] == (3, 12)
    # An alias's key is where the alias is; its values are where its anchor wrote them.
    assert positions.keys[("again",)] == (4, 1)
    assert positions.values[("again",)] == (1, 7)
    assert positions.keys[("again", 1, "name")] == (3, 6)
    assert positions.values[("again", 1, "name")] == (3, 12)


@pytest.mark.parametrize(
    ("text", "made"),
    [
        # A mapping and the values in it (keys are not values): 1 + 1 + 1 + 2.
        ("a: &m {x: 1, y: [2, 3]}\nb: *m\n", 5),
        # Each alias counts, and everything its anchor holds, aliases inside included:
        # 2 + 2 in b, then 1 + 2 + 2 in c.
        ("a: &s [1]\nb: &t [*s, *s]\nc: *t\n", 9),
        # A key is not built as a value: the first alias of it makes it, the next repeat it.
        ("&k a: 1\nb: *k\nc: *k\n", 1),
    ],
)
def test_only_values_made_by_aliases_count_against_the_limit(text: str, made: int) -> None:
    assert read_events(text, _Loader, Limits(alias_values=made)) is not None
    assert general(text, Limits(alias_values=made))
    with pytest.raises(recap.RecapError, match=f"expand to more than {made - 1:,} values"):
        parse_yaml(text, name="story.yaml", limits=Limits(alias_values=made - 1))


def test_past_the_alias_limit_a_later_syntax_error_still_comes_first() -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\nc: [unclosed\n"
    limits = Limits(alias_values=2)
    with pytest.raises(recap.RecapError) as one_pass:
        parse_yaml(text, name="story.yaml", limits=limits)
    with pytest.raises(recap.RecapError) as general_only:
        general(text, limits)
    assert "alias" not in str(one_pass.value)
    assert str(one_pass.value) == str(general_only.value)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1}\nmore: {<<: *b, y: 2}\n",  # a merge key
        "n: !!int 12\n",  # a tag
        "a: 1\na: 2\n",  # a repeated key
        "? [a, b]\n: 1\n",  # a collection as a key
        "a: *missing\n",  # an undefined alias
        "a: &x 1\nb: &x 2\n",  # an anchor given twice
        "a: &x [1, *x]\n",  # an alias inside its own anchor
        "--- 1\n--- 2\n",  # two documents
        "# nothing but a comment\n",  # no document
    ],
)
def test_what_the_general_reader_settles_is_left_to_it(text: str) -> None:
    assert read_events(text, _Loader, Limits()) is None


@pytest.mark.parametrize("text", [text for text in PLAIN_DOCUMENTS if "&" not in text])
def test_the_loop_for_documents_without_anchors_reads_as_the_recursive_walk(text: str) -> None:
    def walk(plain: bool) -> tuple[Any, Positions]:
        loader = _Loader(text)
        try:
            reader = _Walk(loader, text, Limits())
            if plain:
                return reader.plain_document(located=True), reader.positions
            return reader.document()
        finally:
            loader.dispose()

    (data, positions), (expected_data, expected_positions) = walk(True), walk(False)
    assert repr(data) == repr(expected_data)
    assert positions == expected_positions


def test_a_clean_story_is_walked_once_and_positions_found_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walks: list[bool] = []
    real = _Walk.plain_document

    def counted(self: _Walk, *, located: bool) -> Any:
        walks.append(located)
        return real(self, located=located)

    monkeypatch.setattr(_Walk, "plain_document", counted)
    text = "title: T\narcs:\n  a: {label: A}\nevents:\n  - {title: E, arcs: [a]}\n"
    recap.parse_story(text)
    assert walks == [False]  # loaded without a problem: no positions needed
    read = read_events(text, _Loader, Limits())
    assert read is not None
    assert read[1].of(("events", 0, "arcs")) == (5, 22)
    assert walks == [False, False, True]  # found when first asked for, once
    assert read[1].of(("events", 0, "title"), key=True) == (5, 6)
    assert walks == [False, False, True]


def test_a_problem_in_a_plain_story_is_located() -> None:
    text = "title: T\narcs:\n  a: {label: A}\nevents:\n  - {title: E, arcs: [b]}\n"
    with pytest.raises(recap.RecapError) as raised:
        recap.parse_story(text, name="story.yaml")
    (problem,) = raised.value.problems
    assert (problem.line, problem.column) == (5, 23)  # the unknown arc `b`


def test_quoted_paragraphs_split_the_text_into_lines_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every quoted text over several lines is checked for running on; the text's lines
    # were split again for each (a story of 1,000 such summaries took 16 s; 10,000, hours).
    from recap import yamltext

    splits: list[int] = []

    class Counting:
        def split(self, text: str) -> list[str]:
            splits.append(len(text))
            return LINE_BREAK.split(text)

    monkeypatch.setattr(yamltext, "LINE_BREAK", Counting())
    summary = "'A long summary that the writer wrapped\n    over two lines.'"
    events = "".join(f"  - title: E{n}\n    arcs: [a]\n    summary: {summary}\n" for n in range(50))
    story = recap.parse_story("title: T\narcs:\n  a: {label: A}\nevents:\n" + events)
    assert len(story.events) == 50
    assert story.events[0].summary == "A long summary that the writer wrapped over two lines."
    assert len(splits) == 1
