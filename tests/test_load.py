"""load.py: YAML -> Story, and every user mistake reported at its line and column."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import recap
from recap.cli import main
from recap.frame import events as told_events
from recap.load import Limits, _loops, parse_story
from recap.yamlread import MAX_DEPTH
from tests.conftest import EVENTS_YAML, MINIMAL_STORY, ROOT

GOOD_HEAD = "title: T\narcs:\n  revenge: {label: Revenge, kind: protagonist}\n"


def problems_of(text: str) -> list[str]:
    with pytest.raises(recap.RecapError) as caught:
        parse_story(text, name="story.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_bundled_story_loads() -> None:
    story = recap.load_story(EVENTS_YAML)
    assert story.title == "Ballerina"
    assert {arc.kind for arc in story.arcs.values()} >= {"protagonist", "antagonist"}
    assert any(act.spoiler for act in story.acts)


def test_minimal_story_with_defaults() -> None:
    story = parse_story(MINIMAL_STORY.replace(", mentor", ""))
    assert story.events[0].arcs == ["hero"]  # a single id may be written as a string
    assert story.events[0].spoiler is None
    assert story.file_stem == "minimal"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "story.yaml:1:1: the file is empty", id="empty"),
        pytest.param("# only a comment\n", "story.yaml:1:1: the file is empty", id="comment-only"),
        pytest.param("- a\n- b\n", "story.yaml:1:1: the top level must be a mapping", id="list"),
        pytest.param("just text\n", "story.yaml:1:1: the top level must be a mapping", id="scalar"),
        pytest.param(
            "title: T\narcs:\n\trevenge: {label: R}\n",
            "story.yaml:3:1: a tab character here (indent YAML with spaces, not tabs)",
            id="tab",
        ),
        pytest.param(
            "title: 'Ballerina\narcs: {}\n",
            "story.yaml:1:8: this quote is never closed (add the closing ')",
            id="unclosed-quote",
        ),
        pytest.param(
            GOOD_HEAD + "titel: X\nevents: [{title: E, arcs: revenge}]\n",
            "story.yaml:4:1: story: unknown key `titel` (did you mean 'title'?)",
            id="unknown-top-key",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: revenge\n    sumary: x\n",
            "story.yaml:7:5: event 1: unknown key `sumary` (did you mean 'summary'?)",
            id="unknown-event-key",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: revenge\n    lable: x\n",
            "story.yaml:7:5: event 1: unknown key `lable` (did you mean 'label'?)",
            id="misspelt-label",
        ),
        pytest.param(
            GOOD_HEAD
            + "events:\n  - {title: A, arcs: revenge}\n  - {title: B, arcs: revenge, after: x}\n",
            "story.yaml:6:38: `after: x` names no event "
            "(use the `id:` of an event, or the id made from its title)",
            id="after-unknown",
        ),
        pytest.param(
            GOOD_HEAD
            + "events:\n  - {title: A, arcs: revenge}\n  - {title: B, arcs: revenge, before: aa}\n",
            "story.yaml:6:39: `before: aa` names no event (did you mean 'a'?)",
            id="before-misspelt",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - {title: A, arcs: revenge}\n"
            "  - {title: B, arcs: revenge, when: 1.5, after: a}\n",
            "story.yaml:6:49: event 2 is placed twice, by `when` and by `after` (keep one of them)",
            id="placed-twice",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - {title: A, arcs: revenge, after: b}\n"
            "  - {title: B, arcs: revenge, before: a}\n",
            "story.yaml:5:5: `after`/`before` go round in a loop: event 1 -> event 2 -> event 1 "
            "(one of them must be placed by its place in the telling or by `when`)",
            id="chronology-loop",
        ),
        pytest.param(
            GOOD_HEAD
            + "events:\n  - {title: A, arcs: revenge}\n  - {title: B, arcs: revenge, after: b}\n",
            "story.yaml:6:38: an event cannot happen after itself",
            id="after-itself",
        ),
        pytest.param(
            GOOD_HEAD
            + "events:\n  - {title: A, arcs: revenge}\n  - {title: B, arcs: revenge, when: 99}\n",
            "story.yaml:6:37: `when: 99` is outside the story: its events are numbered 1 to 2 "
            "in the order told (use a number between 0 and 3, where 2.5 is between the 2nd and "
            "the 3rd, or say `after:` or `before:` another event's id)",
            id="when-out-of-range",
        ),
        pytest.param(
            GOOD_HEAD
            + "events:\n  - {title: A, arcs: revenge}\n  - {title: B, arcs: revenge, when: -3}\n",
            "story.yaml:6:37: `when: -3` is outside the story",
            id="when-negative",
        ),
        pytest.param(
            GOOD_HEAD
            + "events:\n  - {title: A, arcs: revenge}\n  - {title: B, arcs: revenge, when: 1}\n",
            "story.yaml:6:37: `when: 1` ties with event 1 ('A'), which happens then too "
            "(say which comes first: use 0.5 or 1.5)",
            id="when-tied",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - {title: E, arcs: revenge, label: " + "x" * 61 + "}\n",
            "story.yaml:5:38: `label` is 61 characters long, more than 60 "
            "(keep it short: it is drawn on the chart)",
            id="label-too-long",
        ),
        pytest.param(
            "title: T\narcs:\n  r: {label: R, colour: red}\nevents: [{title: E, arcs: r}]\n",
            "story.yaml:3:17: arc 'r': unknown key `colour` (did you mean 'color'?)",
            id="unknown-arc-key",
        ),
        pytest.param(
            "arcs:\n  r: {label: R}\nevents: [{title: E, arcs: r}]\n",
            "story.yaml:1:1: story: missing required key `title`",
            id="missing-title",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - summary: no title\n    arcs: revenge\n",
            "story.yaml:5:5: event 1: missing required key `title`",
            id="missing-event-title",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n",
            "story.yaml:5:5: event 1: missing required key `arcs`",
            id="event-without-arcs",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: []\n",
            "story.yaml:6:11: `arcs` must not be empty",
            id="empty-arcs",
        ),
        pytest.param(
            GOOD_HEAD + "events: []\n",
            "story.yaml:4:9: `events` must not be empty",
            id="empty-events",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: revenge\n    spoiler: maybe\n",
            "story.yaml:7:14: `spoiler` must be true or false, not 'maybe'",
            id="spoiler-maybe",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: revenge\n    when: yesterday\n",
            "story.yaml:7:11: `when` must be a number, not 'yesterday'",
            id="when-yesterday",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: 3\n",
            "story.yaml:6:11: `arcs` must be an arc id or a list of arc ids, not 3",
            id="arcs-number",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: [revenge, 7]\n",
            "story.yaml:6:21: each item of `arcs` must be text, not 7 (put it in quotes)",
            id="arc-id-number-in-list",
        ),
        pytest.param(
            "title: T\narcs: {1: {label: A}}\nevents: [{title: E, arcs: '1'}]\n",
            "story.yaml:2:8: the id 1 must be text (put it in quotes)",
            id="arc-id-number",
        ),
        pytest.param(
            "title: T\ntrue: 1\narcs: {r: {label: R}}\nevents: [{title: E, arcs: r}]\n",
            "story.yaml:2:1: a key must be text, not true (put it in quotes)",
            id="boolean-key",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - {title: E, arcs: revenge, spoiler: yes}\n",
            "story.yaml:5:40: `spoiler` must be true or false, not 'yes'",
            id="yes-is-not-a-boolean",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - {title: E, arcs: revenge, when: .nan}\n",
            "story.yaml:5:37: `when` must be a finite number, not nan",
            id="when-not-a-number",
        ),
        pytest.param(
            "title: 1984\narcs: {r: {label: R}}\nevents: [{title: E, arcs: r}]\n",
            "story.yaml:1:8: `title` must be text, not 1984 (put the text in quotes)",
            id="title-number",
        ),
        pytest.param(
            "title: T\narcs: {r: {label: R, kind: villain}}\nevents: [{title: E, arcs: r}]\n",
            "story.yaml:2:28: `kind` must be one of 'protagonist', 'antagonist' or 'other', "
            "not 'villain'",
            id="bad-kind",
        ),
        pytest.param(
            "title: T\narcs: {r: {label: R, kind: antagonst}}\nevents: [{title: E, arcs: r}]\n",
            "(did you mean 'antagonist'?)",
            id="kind-typo",
        ),
        pytest.param(
            "title: T\narcs: {r: {label: R, color: red}}\nevents: [{title: E, arcs: r}]\n",
            "story.yaml:2:29: `color` must be a hex colour like '#0072B2', not 'red'",
            id="bad-color",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: [revnge]\n",
            "story.yaml:6:12: unknown arc 'revnge' (did you mean 'revenge'?)",
            id="unknown-arc",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - title: E\n    arcs: villain\n",
            "story.yaml:6:11: unknown arc 'villain' (known arcs: 'revenge')",
            id="unknown-arc-no-close-match",
        ),
        pytest.param(
            GOOD_HEAD + "acts: [{id: ending, label: End}]\n"
            "events:\n  - title: E\n    arcs: revenge\n    act: endng\n",
            "story.yaml:8:10: unknown act 'endng' (did you mean 'ending'?)",
            id="unknown-act",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - {title: A, arcs: revenge, act: x}\n",
            "story.yaml:5:36: unknown act 'x' (define it under `acts:` first)",
            id="act-without-acts",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - {title: A, arcs: revenge, id: a}\n"
            "  - {title: B, arcs: revenge, id: a}\n",
            "story.yaml:6:35: event id 'a' is already used by event 1",
            id="duplicate-id",
        ),
        pytest.param(
            GOOD_HEAD + "events:\n  - {title: The end!, arcs: revenge}\n"
            "  - {title: The End, arcs: revenge}\n",
            "story.yaml:6:13: this title makes the event id 'the-end', already used by event 1 "
            "(give this event its own `id:`)",
            id="titles-make-same-id",
        ),
        pytest.param(
            GOOD_HEAD + "acts: [{id: a, label: A}, {id: a, label: B}]\n"
            "events: [{title: E, arcs: revenge}]\n",
            "story.yaml:4:32: act id 'a' is used twice",
            id="duplicate-act",
        ),
        pytest.param(
            GOOD_HEAD + "title: again\nevents: [{title: E, arcs: revenge}]\n",
            "story.yaml:4:1: the key 'title' is given twice (first on line 1)",
            id="duplicate-key",
        ),
        pytest.param(
            "title: T\nslug: ../../etc/passwd\narcs: {r: {label: R}}\n"
            "events: [{title: E, arcs: r}]\n",
            "story.yaml:2:7: `slug` '../../etc/passwd' is not a safe file name "
            "(use lowercase letters, digits and '-', e.g. 'etc-passwd')",
            id="slug-escapes",
        ),
        pytest.param(
            "title: T\nslug: nul\narcs: {r: {label: R}}\nevents: [{title: E, arcs: r}]\n",
            "story.yaml:2:7: 'nul' is a reserved file name on Windows",
            id="slug-reserved",
        ),
        pytest.param(
            "title: 발레리나\narcs: {r: {label: R}}\nevents: [{title: E, arcs: r}]\n",
            "story.yaml:1:8: cannot make a file name from this title (add a `slug:`",
            id="title-without-latin-letters",
        ),
        pytest.param(
            "title: !!python/object/apply:os.system [ls]\n",
            "story.yaml:1:8: unknown tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "(recap reads plain YAML only; remove the tag)",
            id="python-tag",
        ),
        pytest.param(
            "title: T\nx: \x07\n",
            "story.yaml:2:4: control character U+0007 is not allowed in YAML (remove it)",
            id="control-character",
        ),
        pytest.param(
            "title: T\n---\ntitle: U\n",
            "story.yaml:2:1: the file holds more than one YAML document (remove the '---' line)",
            id="two-documents",
        ),
    ],
)
def test_error_messages(text: str, message: str) -> None:
    found = problems_of(text)
    assert any(message in problem for problem in found), found


# Words of the YAML parser that mean nothing to a writer: never in a message.
PARSER_WORDS = (
    "block mapping",
    "block collection",
    "block end",
    "mapping values",
    "expected key",
    "simple key",
    "scalar",
    "indicator",
    "token",
    "while parsing",
    "while scanning",
)


def events(*lines: str) -> str:
    """GOOD_HEAD and `events:` (lines 1-4), then these lines from line 5."""
    return GOOD_HEAD + "events:\n" + "".join(line + "\n" for line in lines)


EVENT = ("  - title: The crew meets", "    arcs: revenge")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            events('  - title: "Ok-ju runs', "    arcs: revenge"),
            '5:12: this quote is never closed (add the closing ")',
            id="quote-never-closed",
        ),
        pytest.param(
            events("  - title: 'Ok-ju runs", "    arcs: revenge"),
            "5:12: this quote is never closed (add the closing ')",
            id="single-quote-never-closed",
        ),
        pytest.param(
            events(
                '  - title: "Ok-ju runs',
                "    arcs: revenge",
                "  - title: The hotel",
                "    arcs: revenge",
                '    summary: "A quiet night."',
            ),
            "5:12: this quote is not closed on its line (the text runs on to line 9) "
            '(add the closing " where the text ends)',
            id="quote-closed-lines-later",
        ),
        pytest.param(
            events("  - title: 'Cutter brings Jess to Borden's house.'", "    arcs: revenge"),
            "5:41: the apostrophe in Borden's ends the single-quoted text (put the text in "
            "double quotes instead, or write the apostrophe twice: Borden''s)",
            id="apostrophe-in-single-quotes",
        ),
        pytest.param(
            events(*EVENT, '    summary: "He said "run" twice"'),
            "7:23: this double quote ends the quoted text early",
            id="double-quote-in-double-quotes",
        ),
        pytest.param(
            events('  - title: "Ok-ju" runs', "    arcs: revenge"),
            "5:20: text follows the closing quote (put all of the text inside the quotes)",
            id="text-after-quotes",
        ),
        pytest.param(
            events(*EVENT, "    summary: She says: run"),
            "7:22: ': ' inside a text that is not in quotes "
            '(put the text in quotes: summary: "She says: run")',
            id="colon-in-text",
        ),
        pytest.param(
            events("  - title: Chapter 1: the crew", "    arcs: revenge"),
            "5:21: ': ' inside a text that is not in quotes",
            id="colon-in-title",
        ),
        pytest.param(
            events(*EVENT, "    summary: She checks room #5 and", "      finds it empty."),
            "7:30: this '#' starts a comment, which ends the text before it "
            "(put the whole text in quotes)",
            id="hash-in-text",
        ),
        pytest.param(
            events("  - title: The crew meets", "     arcs: revenge"),
            "6:6: `arcs` is indented further than `title` on line 5 "
            "(start it after 4 spaces, like `title`)",
            id="key-too-far",
        ),
        pytest.param(
            events("  - title: The crew meets", "   arcs: revenge"),
            "6:4: `arcs` is not indented as far as `title` on line 5 "
            "(start it after 4 spaces, like `title`)",
            id="key-not-far-enough",
        ),
        pytest.param(
            "title: T\n arcs:\n  r: {label: R}\n",
            "2:2: `arcs` is indented further than `title` on line 1 "
            "(start it at the beginning of the line, like `title`)",
            id="top-key-too-far",
        ),
        pytest.param(
            "title: T\narcs:\n  r:\n    label: R\n   kind: other\n",
            "5:4: `kind` is not indented as far as `label` on line 4",
            id="arc-key-not-far-enough",
        ),
        pytest.param(
            events(*EVENT, "   - title: The vault", "     arcs: revenge"),
            "7:4: this list item is indented further than the one on line 5 "
            "(start its '-' after 2 spaces, like line 5)",
            id="item-too-far",
        ),
        pytest.param(
            events(*EVENT, " - title: The vault", "   arcs: revenge"),
            "7:2: this list item is not indented as far as the one on line 5",
            id="item-not-far-enough",
        ),
        pytest.param(
            events(*EVENT, "- title: The vault", "  arcs: revenge"),
            "7:1: this list item is not indented as far as the one on line 5",
            id="item-at-line-start",
        ),
        pytest.param(
            events(*EVENT, "    characters:", "      - Dana", "     - Rook"),
            "9:6: this list item is not indented as far as the one on line 8",
            id="nested-item-not-far-enough",
        ),
        pytest.param(
            events("  - title: The crew meets", "\tarcs: revenge"),
            "6:1: a tab character here (indent YAML with spaces, not tabs)",
            id="tab-indent",
        ),
        pytest.param(
            events("  -\ttitle: The crew meets", "    arcs: revenge"),
            "5:4: a tab character here",
            id="tab-after-dash",
        ),
        pytest.param(
            events("  - title:The crew meets", "    arcs: revenge"),
            "5:10: a key needs a space after its ':' (write 'title: The crew meets')",
            id="no-space-after-colon",
        ),
        pytest.param(
            events(*EVENT[:1], "    arcs:revenge", *EVENT),
            "6:9: a key needs a space after its ':' (write 'arcs: revenge')",
            id="no-space-after-colon-before-item",
        ),
        pytest.param(
            "title:T\narcs: {r: {label: R}}\n",
            "1:6: a key needs a space after its ':' (write 'title: T')",
            id="no-space-after-top-colon",
        ),
        pytest.param(
            events(*EVENT, "  -title: The vault", "    arcs: revenge"),
            "7:3: a list item needs a space after its '-' (write '- title: The vault')",
            id="no-space-after-dash",
        ),
        pytest.param(
            events(*EVENT, "    title: The vault"),
            "7:5: the key 'title' is given twice (first on line 5) (keep one of them)",
            id="duplicate-event-key",
        ),
        pytest.param(
            events(*EVENT[:1], "    arcs: [revenge", "    summary: Dana calls."),
            "6:11: this '[' is never closed (end the list with ']' on the same line)",
            id="bracket-never-closed",
        ),
        pytest.param(
            events(*EVENT[:1], "    arcs: {revenge", "    summary: Dana calls."),
            "6:11: this '{' is never closed (close it with '}' on the same line)",
            id="brace-never-closed",
        ),
        pytest.param(
            events("  - title: [Flashback] Ok-ju", "    arcs: revenge"),
            "5:12: a text that starts with '[' is read as a list "
            '(put the text in quotes: title: "[Flashback] Ok-ju")',
            id="text-starts-with-bracket",
        ),
        pytest.param(
            events("  - title: *Spoiler* alert", "    arcs: revenge"),
            "5:12: a text that starts with '*' must be in quotes "
            '(put the text in quotes: title: "*Spoiler* alert")',
            id="text-starts-with-star",
        ),
        pytest.param(
            events("  - title: *Spoiler", "    arcs: revenge"),
            "5:12: a text that starts with '*' must be in quotes",
            id="text-is-an-alias",
        ),
        pytest.param(
            events("  - title: @home", "    arcs: revenge"),
            "5:12: a text that starts with '@' must be in quotes",
            id="text-starts-with-at",
        ),
        pytest.param(
            events(*EVENT, "    summary: - she runs"),
            "7:14: a text that starts with '- ' must be in quotes",
            id="text-starts-with-dash",
        ),
        pytest.param(
            events(*EVENT, "    summary: | she runs"),
            "7:14: a text that starts with '|' must be in quotes",
            id="text-starts-with-bar",
        ),
        pytest.param(
            events(*EVENT, "    summary: She runs", "  and hides."),
            "8:3: this text is not indented under `summary` on line 7 "
            "(indent it further than `summary` to continue its text)",
            id="text-continues-too-far-left",
        ),
        pytest.param(
            events("  - title: The crew meets", "    arcs revenge", "    summary: x"),
            "6:5: expected `key: value` here (add ': ' after the key, or indent the line "
            "further than `title` (line 5) to continue its text)",
            id="missing-colon",
        ),
        pytest.param(
            events(*EVENT, '    summary: "C:\\Users"'),
            "7:17: '\\U' is not an escape that double-quoted text knows",
            id="unknown-escape",
        ),
    ],
)
def test_syntax_error_messages(text: str, message: str) -> None:
    found = problems_of(text)
    assert len(found) == 1, found
    assert found[0].startswith("story.yaml:" + message), found
    assert not any(word in found[0] for word in PARSER_WORDS), found


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="already without libyaml")
def test_syntax_messages_are_the_same_without_libyaml() -> None:
    """PyYAML's own parser words its errors differently; the messages must not change."""
    run = (
        "import sys, yaml; del yaml.CSafeLoader; import pytest; "
        "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '-k', "
        "'syntax_error_messages or error_messages', sys.argv[1]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", run, __file__],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout


def test_debug_shows_the_parser_report(write_story: Callable[..., Path]) -> None:
    path = write_story(events("  - title: 'Borden's house'", "    arcs: revenge"))
    result = CliRunner().invoke(main, ["check", "--debug", str(path)])
    assert result.exit_code == 1
    assert "the apostrophe in Borden's ends the single-quoted text" in result.stderr
    assert "while parsing a block mapping" in result.stderr  # the parser's own report
    plain = CliRunner().invoke(main, ["check", str(path)])
    assert "while parsing" not in plain.stderr


def test_all_problems_are_reported_at_once() -> None:
    text = (
        "titel: X\n"
        "arcs:\n  revenge: {label: R, kind: hero}\n"
        "events:\n"
        "  - {title: A, arcs: revnge, spoiler: maybe}\n"
        "  - {title: B, arcs: revenge, when: yesterday}\n"
    )
    found = problems_of(text)
    # `titel` is reported once, as a misspelling, not also as a missing `title`.
    assert len(found) == 5, found
    assert [problem.split(":")[1] for problem in found] == ["1", "3", "5", "5", "6"]


def test_non_utf8_file_names_byte_offset(write_story: Callable[..., Path]) -> None:
    path = write_story("")
    path.write_bytes(b"title: Caf\xe9\narcs: {}\n")
    with pytest.raises(
        recap.RecapError,
        match=r"story.yaml:1:11: the file is not UTF-8: "
        r"byte 0xe9 at offset 10 \(save the file as UTF-8",
    ):
        recap.load_story(path)


def test_utf8_bom_is_accepted(write_story: Callable[..., Path]) -> None:
    path = write_story("")
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL_STORY.replace(", mentor", "").encode())
    assert recap.load_story(path).title == "Minimal"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(recap.RecapError, match=r"nope.yaml: no such file"):
        recap.load_story(tmp_path / "nope.yaml")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(recap.RecapError, match=r"is a folder, not a story file"):
        recap.load_story(tmp_path)


def test_unreadable_file(write_story: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_story(MINIMAL_STORY)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(recap.RecapError, match=r"cannot read the file: permission denied"):
        recap.load_story(path)


def alias_bomb(levels: int = 10) -> str:
    """A few lines in which each list holds its predecessor nine times: 9**levels values."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        items = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly() -> None:
    started = time.perf_counter()
    found = problems_of(alias_bomb())
    assert time.perf_counter() - started < 5  # a bound on runaway work, not a benchmark
    assert found == [
        "story.yaml:1:59: anchors and aliases expand to more than 1,000,000 values, the limit "
        "against alias bombs (if the story really repeats that much, raise the limit with "
        "--max-alias-values)"
    ]


def test_alias_limit_counts_values_made_by_aliases() -> None:
    # The first event writes the cast out; each of the 4 others repeats it by an alias,
    # which makes 4 values (the list and its 3 names): 16 in all.
    first = "  - {title: E0, arcs: revenge, characters: &cast [A, B, C]}\n"
    others = [f"  - {{title: E{n}, arcs: revenge, characters: *cast}}\n" for n in range(1, 5)]
    text = GOOD_HEAD + "events:\n" + first + "".join(others)
    story = parse_story(text, limits=Limits(alias_values=16))
    assert story.events[4].characters == ["A", "B", "C"]
    with pytest.raises(recap.RecapError, match="expand to more than 15 values"):
        parse_story(text, limits=Limits(alias_values=15))


def big_plain_story(events: int) -> str:
    lines = ["title: Big", "arcs:", "  a: {label: A}", "  b: {label: B}", "events:"]
    lines += [
        f"  - title: Event {n}\n    arcs: [a, b]\n    summary: Scene {n} happens. It matters.\n"
        f"    characters: [C{n % 7}, D{n % 5}]\n    location: Place {n % 11}"
        for n in range(events)
    ]
    return "\n".join(lines) + "\n"


def test_big_plain_story_is_accepted() -> None:
    # 20,000 events, no anchor or alias: about 300,000 values, all written out.
    story = parse_story(big_plain_story(20_000))
    assert len(story.events) == 20_000
    assert story.events[-1].characters == ["C0", "D4"]


def test_file_size_limit_names_itself_and_how_to_raise_it(
    write_story: Callable[..., Path],
) -> None:
    path = write_story(big_plain_story(5_000))
    with pytest.raises(recap.RecapError) as caught:
        recap.load_story(path, limits=Limits(file_bytes=2**19))
    assert str(caught.value) == (
        f"{path}: the file is 0.6 MB, more than the limit of 0.5 MB "
        "(split the story, or raise the limit with --max-file-mb 1)"
    )
    assert len(recap.load_story(path).events) == 5_000


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    found = problems_of("title: " + "[" * depth + "]" * depth + "\n")
    assert "nesting is deeper than" in found[0]


def test_merge_keys_still_work() -> None:
    text = (
        "title: T\n"
        "arcs:\n  r: {label: R}\n"
        "events:\n  - &first {title: A, arcs: r}\n  - {<<: *first, title: B}\n"
    )
    story = parse_story(text)
    assert [event.title for event in story.events] == ["A", "B"]
    assert story.events[1].arcs == ["r"]


def test_plain_values_are_read_as_yaml_1_2() -> None:
    text = (
        "title: 2024-01-01\nsubtitle: 1:30\narcs:\n  no: {label: NO}\n"
        "events:\n  - {title: On, arcs: no, location: off, when: 5e-1}\n"
    )
    story = parse_story(text)
    assert story.title == "2024-01-01"
    assert story.subtitle == "1:30"
    assert list(story.arcs) == ["no"]
    assert story.events[0].title == "On"
    assert story.events[0].location == "off"
    assert story.events[0].when == 0.5


def test_every_loop_of_after_and_before_is_named_once_from_its_first_event() -> None:
    # Two loops (3 -> 5 -> 4 -> 3 and 7 <-> 8), events leading into them, and a chain
    # that ends: each loop once, from its earliest-told event, in told order.
    anchors = {9: 2, 2: 4, 4: 3, 3: 2, 6: 7, 7: 6, 0: 1}
    found = [message for _, message, _ in _loops(anchors)]
    assert found == [
        "`after`/`before` go round in a loop: event 3 -> event 5 -> event 4 -> event 3",
        "`after`/`before` go round in a loop: event 7 -> event 8 -> event 7",
    ]


def test_a_story_told_backwards_in_a_long_chain_loads() -> None:
    # Each event before the one told just before it: the loop check and the placing
    # walked this chain once per event (minutes at 3,000 events); now once.
    count = 5_000
    lines = ["  - {title: E0, arcs: revenge}"] + [
        f"  - {{title: E{number}, arcs: revenge, before: e{number - 1}}}"
        for number in range(1, count)
    ]
    story = parse_story(GOOD_HEAD + "events:\n" + "\n".join(lines) + "\n")
    told = told_events(recap.to_frame(story))
    assert told.sort_values("story_rank")["title"].tolist()[:3] == ["E4999", "E4998", "E4997"]
    ring = [
        "  - {title: E0, arcs: revenge, after: e2}",
        "  - {title: E1, arcs: revenge, before: e0}",
        "  - {title: E2, arcs: revenge, before: e1}",
    ]
    with pytest.raises(recap.RecapError, match="event 1 -> event 3 -> event 2 -> event 1"):
        parse_story(GOOD_HEAD + "events:\n" + "\n".join(ring) + "\n")
