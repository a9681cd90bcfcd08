"""Fuzzing: broken story files give located RecapErrors, never crashes, hangs or tracebacks.

Every test starts from the bundled events.yaml and breaks it: keys dropped or renamed,
values of the wrong type, the text cut short, junk bytes (invalid UTF-8, NUL, tabs,
control characters, YAML punctuation) inserted, lines duplicated or shuffled, or fully
random text. Whatever comes in, loading either succeeds or raises a RecapError whose
every problem reads `FILE:LINE[:COL]: message`.

Example counts come from a settings profile: the default one keeps this file near a
minute on two cores; HYPOTHESIS_PROFILE=long runs twenty times as many examples.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import recap
from recap.cli import main
from recap.load import parse_story
from recap.starter import starter_text
from recap.yamlread import parse_yaml

EVENTS_YAML = Path(__file__).parent.parent / "events.yaml"
BASE_BYTES = EVENTS_YAML.read_bytes()
BASE_TEXT = BASE_BYTES.decode("utf-8")
BASE_DATA = yaml.safe_load(BASE_TEXT)
NAME = "story.yaml"

# --- settings profiles --------------------------------------------------------------

DEFAULT_EXAMPLES = 1000
LONG_FACTOR = 20
settings.register_profile(
    "recap-fuzz",
    max_examples=DEFAULT_EXAMPLES,
    deadline=2000,  # ms per example: a hang or a runaway input fails the test
    database=None,  # CI must not depend on a local example database
    # The same examples on every run, so CI's verdict does not depend on luck; the long
    # profile draws new ones each time, to find what the fixed set does not reach.
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "recap-fuzz-long",
    parent=settings.get_profile("recap-fuzz"),
    max_examples=DEFAULT_EXAMPLES * LONG_FACTOR,
    derandomize=False,
)
# Applied per test (never loaded globally), so other test modules keep their settings.
PROFILE = settings.get_profile(
    "recap-fuzz-long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "recap-fuzz"
)


def fuzz_settings(examples: int, *, deadline: int | None = None) -> settings:
    """The profile, running `examples` in the default profile (scaled in the long one)."""
    scaled = examples * PROFILE.max_examples // DEFAULT_EXAMPLES
    if deadline is None:
        return settings(PROFILE, max_examples=scaled)
    return settings(PROFILE, max_examples=scaled, deadline=deadline)


# --- what a located problem looks like ----------------------------------------------


def located(name: str) -> re.Pattern[str]:
    """`name:LINE: message` or `name:LINE:COL: message`, with a non-blank message."""
    return re.compile(re.escape(name) + r":([1-9][0-9]*)(?::([1-9][0-9]*))?: (\S.*)", re.DOTALL)


def line_count(text: str) -> int:
    # str.splitlines breaks on every character YAML treats as a line break, and more.
    return len(text.splitlines()) + 1


def assert_located(error: recap.RecapError, name: str, text: str) -> None:
    assert error.problems, "a RecapError with no problems"
    pattern = located(name)
    for problem in error.problems:
        shown = str(problem)
        match = pattern.match(shown)
        assert match, f"not located as {name}:LINE[:COL]: message -> {shown!r}"
        assert problem.file == name
        assert problem.line is not None
        assert 1 <= problem.line <= line_count(text), f"line out of the file: {shown!r}"


def assert_output_located(stderr: str, name: str) -> None:
    lines = stderr.splitlines()
    assert lines, "exit 1 without a message"
    pattern = located(name)
    for line in lines:
        assert pattern.fullmatch(line), f"a stderr line not located as {name}:LINE:COL: {line!r}"


def load_text(text: str) -> None:
    try:
        parse_story(text, name=NAME)
    except recap.RecapError as error:
        assert_located(error, NAME, text)


# --- the ways to break a story ------------------------------------------------------

# Text YAML (and the reader in front of it) cares about.
YAML_TOKENS = [
    "\x00", "\t", "\r", "\r\n", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\xa0", "\u2028",
    "\ufeff", "\ufffe", "'", '"', "''", '"\\', ":", ": ", " :", "- ", "-", "[", "]", "{",
    "}", ",", "#", " #", "&a ", "*a", "&a", "!", "!!", "!!str ", "!!int ", "!!float ",
    "!!bool ", "!!null ", "!!binary ", "!!timestamp ", "!!map ", "!!seq ", "!!set ",
    "!!python/object:os.system ", "!local ", "<<: ", "<<: *a", "? ", "?", "|", "|-", ">",
    ">+", "%", "%YAML 1.1\n", "%TAG ! !x\n", "---", "---\n", "...\n", "@", "`", "\\",
    "\n", "\n\n", "\n  ", "  ", "\n- ", "\n  - ", "~", "null", "true", "no", "0x1F",
    "0o17", "1e400", ".nan", "-.inf", "2023-01-01", "12:30:00", "=",
]  # fmt: skip
YAML_BYTES = [token.encode("utf-8") for token in YAML_TOKENS] + [
    b"\xff",  # never valid UTF-8
    b"\xfe\xff",
    b"\xc3",  # a cut two-byte sequence
    b"\xc3\x28",
    b"\xe2\x82",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xc0\xaf",  # overlong
    b"\x80",
    b"\xef\xbb\xbf",  # a BOM in the middle
    b"\xff\xfe",  # a UTF-16 BOM
]

junk_text = st.one_of(
    st.sampled_from(YAML_TOKENS),
    st.text(max_size=8),
    st.text(st.characters(max_codepoint=0x7F), max_size=8),  # ASCII incl. controls
    st.lists(st.sampled_from(YAML_TOKENS), min_size=1, max_size=4).map("".join),
)
junk_bytes = st.one_of(
    st.sampled_from(YAML_BYTES),
    st.binary(max_size=8),
    junk_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
)

DataPath = tuple[Any, ...]


def _children(node: Any, path: DataPath = ()) -> Iterator[DataPath]:
    """Every path below `node`: mapping keys and list positions."""
    if not isinstance(node, dict | list):
        return
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        yield (*path, key)
        yield from _children(value, (*path, key))


def _get(node: Any, path: DataPath) -> Any:
    for part in path:
        node = node[part]
    return node


# Values of the wrong type (or of the right type but wrong content).
plain_keys = st.one_of(
    st.text(max_size=10), st.integers(-3, 3), st.booleans(), st.none(), st.floats()
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["", " ", "\n", "#0072B2", "protagonist", "revenge", "setup", "con", "-"]),
    st.dates(),
    st.binary(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(plain_keys, inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated_data(draw: st.DrawFn) -> str:
    """Parse the story, drop/rename/replace/add keys and values, dump it back."""
    data = copy.deepcopy(BASE_DATA)
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_children(data))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["drop", "replace", "rename", "add"]))
        if action == "drop":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(values)
        elif action == "rename" and isinstance(parent, dict):
            new_key = draw(plain_keys)
            value = parent.pop(last)
            parent[new_key] = value
        elif action == "add" and isinstance(parent, dict):
            parent[draw(plain_keys)] = draw(values)
        elif isinstance(parent, list):
            parent.insert(draw(st.integers(0, len(parent))), draw(values))
    return yaml.safe_dump(
        data,
        sort_keys=draw(st.booleans()),
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, None, True])),
        width=draw(st.sampled_from([80, 20, 10_000])),
    )


def _insert(text: Any, draw: st.DrawFn, junk: st.SearchStrategy[Any]) -> Any:
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(junk) + text[at:]
    return text


def _cut(text: Any, draw: st.DrawFn) -> Any:
    return text[: draw(st.integers(0, len(text)))]


def _shuffle_lines(text: str, draw: st.DrawFn) -> str:
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    action = draw(st.sampled_from(["duplicate", "delete", "swap", "move", "indent", "permute"]))
    first = draw(st.integers(0, len(lines) - 1))
    last = draw(st.integers(first, min(len(lines), first + 8)))
    if action == "duplicate":
        lines[first:first] = lines[first : last + 1]
    elif action == "delete":
        del lines[first : last + 1]
    elif action == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[first], lines[other] = lines[other], lines[first]
    elif action == "move":
        block = lines[first : last + 1]
        del lines[first : last + 1]
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = block
    elif action == "indent":
        lines[first] = draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + lines[first].lstrip()
    else:
        lines[first : last + 1] = draw(st.permutations(lines[first : last + 1]))
    return "".join(lines)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """The story text (maybe already mutated as data) cut, spiked with junk, or reshuffled."""
    text = draw(st.sampled_from([BASE_TEXT])) if draw(st.booleans()) else draw(mutated_data())
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["cut", "insert", "lines"]))
        if action == "cut":
            text = _cut(text, draw)
        elif action == "insert":
            text = _insert(text, draw, junk_text)
        else:
            text = _shuffle_lines(text, draw)
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """Bytes of a broken story file: junk bytes, including invalid UTF-8, anywhere."""
    data = draw(mutated_text()).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = _insert(data, draw, junk_bytes)
    if draw(st.booleans()):
        data = _cut(data, draw)
    return data


random_text = st.one_of(
    st.text(max_size=400),
    st.text(st.characters(max_codepoint=0x7F), max_size=400),
    st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=6)), max_size=60).map(
        "".join
    ),
)
any_story_bytes = st.one_of(
    mutated_bytes(),
    mutated_data().map(str.encode),
    random_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=400),
)


# --- the loader ---------------------------------------------------------------------

GOOD_TAIL = "arcs: {a: {label: A}}\nevents: [{title: E, arcs: a}]\n"

# Inputs the fuzzers found or that sit at the edges of YAML: each must load or be located.
TRICKY = {
    "int-tag-on-text": "title: !!int abc\n" + GOOD_TAIL,
    "int-tag-alone": "!!int",
    "float-tag-on-text": "title: T\nyear: !!float abc\n" + GOOD_TAIL,
    "bool-tag-on-text": "title: !!bool abc\n" + GOOD_TAIL,
    "timestamp-tag-on-text": "title: !!timestamp abc\n" + GOOD_TAIL,
    "tag-shorthand-to-int": "%TAG ! tag:yaml.org,2002:\n---\ntitle: !int abc\n",
    "recursive-alias-list": "title: T\narcs: &x [*x]\n",
    "recursive-alias-map": "title: T\narcs: &x {a: *x}\n",
    "binary-tag": "title: !!binary aGVsbG8=\n" + GOOD_TAIL,
    "set-tag": "title: T\narcs: !!set {a}\n",
    "merge-scalar": "title: T\narcs: {<<: 1}\n",
    "merge-list-with-scalar": "x: &b {a: 1}\ny: {<<: [*b, 2]}\n",
    "mapping-key": "? {a: 1}\n: v\n",
    "date-key": "2020-01-01: x\n",
    "nan-keys": ".nan: 1\n.nan: 2\n",
    "null-key": "~: 1\n",
    "bool-and-int-key": "true: 1\n1: 2\n",
    "yaml-1.2-directive": "%YAML 1.2\n---\ntitle: T\n" + GOOD_TAIL,
    "yaml-2.0-directive": "%YAML 2.0\n---\ntitle: T\n",
    "two-documents": "title: T\n---\ntitle: U\n",
    "only-document-end": "...\n",
    "bom-inside": "title: T\ufeff\n" + GOOD_TAIL,
    "nul": "title: \x00\n",
    "escape-in-key": '"k\\e[31m": 1\n' + GOOD_TAIL,
    "huge-int": "title: T\nyear: 99999999999999999999999999\n" + GOOD_TAIL,
    "when-nan": "title: T\narcs: {a: {label: A}}\nevents: [{title: E, arcs: a, when: .nan}]\n",
    "deep-nesting": "title: " + "[" * 200 + "]" * 200 + "\n",
    "line-separator": "title: T\u2028x\n" + GOOD_TAIL,
    "next-line-char": "title: T\x85\narcs: x\n",
    "carriage-returns": "title: T\rarcs: {a: {label: A}}\revents: [{title: E, arcs: a}]\r",
}


@pytest.mark.parametrize("text", list(TRICKY.values()), ids=list(TRICKY))
def test_tricky_input_loads_or_is_located(text: str) -> None:
    load_text(text)


# Problems whose message holds a line break print as two lines, the second unlocated.
TRICKY_FOR_THE_COMMAND = {
    "line-break-in-unknown-key": '"k\\nz": 1\n' + "title: T\n" + GOOD_TAIL,
    "carriage-return-in-unknown-key": '"\\r": 1\n' + "title: T\n" + GOOD_TAIL,
    "line-break-in-arc-id": "title: T\narcs: {a: {label: A}}\n"
    + 'events: [{title: E, arcs: "x\\ny"}]\n',
}


@pytest.mark.parametrize(
    "text", list(TRICKY_FOR_THE_COMMAND.values()), ids=list(TRICKY_FOR_THE_COMMAND)
)
def test_check_prints_one_located_line_per_problem(tmp_path: Path, text: str) -> None:
    path = tmp_path / "story.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert_output_located(result.stderr, str(path))


def test_bundled_story_is_the_starting_point() -> None:
    assert parse_story(BASE_TEXT, name=NAME).title == "Ballerina"
    assert len(list(_children(BASE_DATA))) > 100


@fuzz_settings(1000)
@given(mutated_data())
def test_parse_story_survives_mutated_data(text: str) -> None:
    load_text(text)


@fuzz_settings(1300)
@given(mutated_text())
def test_parse_story_survives_mutated_text(text: str) -> None:
    load_text(text)


@fuzz_settings(3000)
@given(random_text)
def test_parse_story_survives_random_text(text: str) -> None:
    load_text(text)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz_settings(1500)
@given(data=any_story_bytes)
def test_load_story_survives_mutated_bytes(fuzz_dir: Path, data: bytes) -> None:
    path = fuzz_dir / NAME
    path.write_bytes(data)
    try:
        recap.load_story(path)
    except recap.RecapError as error:
        assert_located(error, str(path), data.decode("utf-8", "replace"))


# --- syntax errors point at the mistake ---------------------------------------------

# The bundled story and the starter of `recap new`: two ways of laying out a story.
BASES = [text.splitlines(keepends=True) for text in (BASE_TEXT, starter_text(Path("story.yaml")))]
CONTENT_LINES = [
    [number for number, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    for lines in BASES
]
VALUE_START = re.compile(r" *(?:- )?(?:[\w-]+:(?: |$))?")
MISTAKES = [
    "open-quote",
    "apostrophe-in-quotes",
    "text-after-quote",
    "colon-in-text",
    "indent",
    "tab",
    "no-space-after-colon",
    "no-space-after-dash",
    "duplicate-line",
    "open-bracket",
    "indicator-first",
    "hash-in-text",
]


@st.composite
def writer_mistake(draw: st.DrawFn) -> tuple[str, str, set[int]]:
    """A story with one mistake a writer makes on one line; the lines it touches."""
    base = draw(st.sampled_from(range(len(BASES))))
    lines = list(BASES[base])
    number = draw(st.sampled_from(CONTENT_LINES[base]))
    line = lines[number].rstrip("\n")
    indent = len(line) - len(line.lstrip(" "))
    start = VALUE_START.match(line).end()  # type: ignore[union-attr]
    value = re.split(r"(?:^|\s+)#", line[start:], maxsplit=1)[0]  # the comment stays as it is
    comment = line[start + len(value) :]
    line = line[: start + len(value)]
    mistake = draw(st.sampled_from(MISTAKES if value else ["indent", "tab", "duplicate-line"]))
    changed = {number + 1}
    if mistake == "open-quote":
        line = line[:start] + draw(st.sampled_from(["'", '"'])) + value
    elif mistake == "apostrophe-in-quotes":
        at = draw(st.integers(0, len(value)))
        line = line[:start] + "'" + value[:at] + "'" + value[at:] + "'"
    elif mistake == "text-after-quote":
        at = draw(st.integers(0, len(value)))
        quote = draw(st.sampled_from(["'", '"']))
        line = line[:start] + quote + value[:at] + quote + " " + value[at:]
    elif mistake == "colon-in-text":
        at = draw(st.integers(0, len(value)))
        line = line[:start] + value[:at] + ": " + value[at:]
    elif mistake == "indent":
        shift = draw(st.sampled_from([-3, -2, -1, 1, 2, 3]))
        line = " " * max(indent + shift, 0) + line.lstrip(" ")
    elif mistake == "tab":
        at = draw(st.integers(0, indent))
        line = line[:at] + "\t" + line[at + (at < indent) :]
    elif mistake == "no-space-after-colon":
        line = line.replace(": ", ":", 1)
    elif mistake == "no-space-after-dash":
        line = line.replace("- ", "-", 1)
    elif mistake == "duplicate-line":
        lines.insert(number, lines[number])
        changed.add(number + 2)
    elif mistake == "open-bracket":
        line = line[:start] + draw(st.sampled_from(["[", "{"])) + value
    elif mistake == "indicator-first":
        line = line[:start] + draw(st.sampled_from(list("*@`|>%&!-?,]}"))) + value
    else:
        at = draw(st.integers(0, len(value)))
        line = line[:start] + value[:at] + " #" + value[at:]
    if mistake != "duplicate-line":
        lines[number] = line + comment + "\n"
    return "".join(lines), mistake, changed


# Words of the YAML parser that mean nothing to a writer.
PARSER_WORDS = re.compile(
    r"block mapping|block collection|block end|mapping values|expected key|simple key"
    r"|scalar|indicator|token|while parsing|while scanning"
)


@fuzz_settings(600)
@given(writer_mistake())
def test_syntax_errors_point_at_the_changed_lines(case: tuple[str, str, set[int]]) -> None:
    text, mistake, changed = case
    try:
        parse_yaml(text, name=NAME)
    except recap.RecapError as error:
        [problem] = error.problems
        shown = f"{mistake}: {problem} (changed: line {', '.join(map(str, sorted(changed)))})"
        assert problem.line in changed, shown
        assert not PARSER_WORDS.search(str(problem)), shown


# --- the command line ---------------------------------------------------------------


@fuzz_settings(1500)
@given(data=any_story_bytes)
def test_check_command_survives_mutated_files(fuzz_dir: Path, data: bytes) -> None:
    path = fuzz_dir / "check.yaml"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["check", str(path)], catch_exceptions=False)
    assert result.exit_code in {0, 1}, result.output
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert re.fullmatch(
            re.escape(str(path)) + r": ok, \d+ events? in \d+ arcs?\n", result.stdout
        ), result.stdout
        assert not result.stderr
    else:
        assert_output_located(result.stderr, str(path))
        assert not result.stdout


def run_recap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
        check=False,
    )


@fuzz_settings(5, deadline=30_000)
@given(data=any_story_bytes)
def test_build_command_survives_mutated_files(fuzz_dir: Path, data: bytes) -> None:
    with tempfile.TemporaryDirectory(dir=fuzz_dir) as folder:
        work = Path(folder)
        (work / "story.yaml").write_bytes(data)
        result = run_recap("build", "story.yaml", "-o", "out", cwd=work)
        assert result.returncode in {0, 1}, result.stderr
        assert "Traceback" not in result.stderr
        out = work / "out"
        if result.returncode == 0:
            written = sorted(path.name for path in out.iterdir())
            assert len(written) == 1, written
            assert written[0].endswith(".html"), written
            assert result.stdout.strip() == f"out/{written[0]}"
        else:
            assert_output_located(result.stderr, "story.yaml")
            assert not out.exists() or not list(out.iterdir()), list(out.iterdir())
