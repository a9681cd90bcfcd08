"""Nothing lost: a failed or interrupted build leaves every previous output as it was.

Whatever stops a build (a disk error, a broken story, Ctrl-C), each file it would have
replaced is byte-for-byte the previous one (or, when the build got that far, the complete
new one), and no temporary file stays behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import recap
import recap.export
from recap.cli import main
from recap.export import write_atomic

OLD = b"<!doctype html><p>the previous page</p>\n" * 2000
NEW = b"<!doctype html><p>the new page</p>\n" * 3000
STORY = "title: Nothing Lost\narcs:\n  a: {label: A}\nevents:\n  - {title: First, arcs: a}\n"


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- (a) write_atomic, failing at each step ---------------------------------------


class _Module:
    """Stands in for a module inside recap.export, overriding some of its functions."""

    def __init__(self, module: Any, **overrides: Any) -> None:
        self._module = module
        self.__dict__.update(overrides)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def _raise(error: BaseException) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    return fail


class _HalfWritten:
    """A file stream that writes half of what it is given, then fails."""

    def __init__(self, path: Path, mode: str, error: BaseException, seen: list[int]) -> None:
        self._stream = open(path, mode)  # noqa: SIM115 - closed in __exit__
        self._error = error
        self._seen = seen

    def __enter__(self) -> _HalfWritten:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stream.close()

    def write(self, data: bytes) -> int:
        self._stream.write(data[: len(data) // 2])
        self._stream.flush()
        self._seen.append(os.fstat(self._stream.fileno()).st_size)
        raise self._error


def _errors() -> list[Any]:
    return [
        pytest.param(KeyboardInterrupt(), id="ctrl-c"),
        pytest.param(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), id="disk-full"),
    ]


@pytest.fixture(params=[True, False], ids=["previous-file", "no-previous-file"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    if request.param:
        path.write_bytes(OLD)
    return path


def _assert_nothing_lost(target: Path, before: list[str]) -> None:
    assert listing(target.parent) == before, "a temporary file was left behind"
    if before:
        assert target.read_bytes() == OLD


def _expect(error: BaseException, target: Path) -> Any:
    if isinstance(error, KeyboardInterrupt):
        return pytest.raises(KeyboardInterrupt)
    return pytest.raises(recap.RecapError, match=r"cannot write the file: No space left")


@pytest.mark.parametrize("error", _errors())
def test_failure_while_writing_keeps_the_previous_file(
    monkeypatch: pytest.MonkeyPatch, target: Path, error: BaseException
) -> None:
    before = listing(target.parent)
    seen: list[int] = []

    def half_open(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> _HalfWritten:
        return _HalfWritten(path, mode, error, seen)

    monkeypatch.setattr(recap.export, "open", half_open, raising=False)
    with _expect(error, target) as caught:
        write_atomic(target, NEW)
    assert seen == [len(NEW) // 2], "the temporary file never got half the bytes"
    _assert_nothing_lost(target, before)
    if isinstance(caught.value, recap.RecapError):
        assert str(caught.value).startswith(f"{target}: cannot write the file")


@pytest.mark.parametrize("error", _errors())
@pytest.mark.parametrize("step", ["chmod", "replace"])
def test_failure_after_writing_keeps_the_previous_file(
    monkeypatch: pytest.MonkeyPatch, target: Path, error: BaseException, step: str
) -> None:
    before = listing(target.parent)
    temporaries: list[Path] = []

    def fail(source: str | Path, *args: Any, **kwargs: Any) -> None:
        temporaries.append(Path(source))
        assert Path(source).read_bytes() == NEW  # the whole page was written
        raise error

    monkeypatch.setattr(recap.export, "os", _Module(os, **{step: fail}))
    with _expect(error, target):
        write_atomic(target, NEW)
    assert temporaries
    assert temporaries[0].name.startswith(".page.html.")
    assert temporaries[0].name.endswith(".tmp")
    _assert_nothing_lost(target, before)


def test_folder_that_refuses_a_temporary_file_is_a_recap_error(
    monkeypatch: pytest.MonkeyPatch, target: Path
) -> None:
    before = listing(target.parent)
    error = OSError(errno.EACCES, os.strerror(errno.EACCES))
    monkeypatch.setattr(recap.export, "open", _raise(error), raising=False)
    with pytest.raises(recap.RecapError, match="cannot write to this folder: Permission denied"):
        write_atomic(target, NEW)
    _assert_nothing_lost(target, before)


def test_ctrl_c_just_after_the_temporary_file_is_created_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch, target: Path
) -> None:
    """A SIGINT landing as the temporary file is created (after the system call, before
    the stream is returned) raises KeyboardInterrupt inside the write."""
    before = listing(target.parent)

    def create_then_interrupt(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        open(path, mode).close()
        raise KeyboardInterrupt

    monkeypatch.setattr(recap.export, "open", create_then_interrupt, raising=False)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    _assert_nothing_lost(target, before)


def test_failed_page_write_keeps_the_previous_page(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    story = recap.parse_story(STORY)
    page = recap.write_html(story, tmp_path, plotlyjs="cdn")[0].path
    old = page.read_bytes()
    changed = recap.parse_story(STORY.replace("First", "Changed"))
    monkeypatch.setattr(
        recap.export, "os", _Module(os, replace=_raise(OSError(errno.EIO, "I/O error")))
    )
    with pytest.raises(recap.RecapError, match="cannot write the file: I/O error"):
        recap.write_html(changed, tmp_path, plotlyjs="cdn")
    assert page.read_bytes() == old
    assert listing(tmp_path) == [page.name]


# --- (b) a broken story after a good build -------------------------------------------

BROKEN = {
    "yaml-syntax": STORY + "  - {title: Second, arcs: [a\n",
    "missing-title": STORY.replace("title: Nothing Lost\n", ""),
    "unknown-arc": STORY.replace("arcs: a}", "arcs: b}"),
    "tab-indent": STORY.replace("  a: {label", "\ta: {label"),
    "empty": "",
    "not-utf8": "\udcff",  # written with surrogateescape: the lone byte 0xff
}


@pytest.mark.parametrize("broken", list(BROKEN.values()), ids=list(BROKEN))
def test_broken_story_keeps_the_previous_output(tmp_path: Path, broken: str) -> None:
    story, out = tmp_path / "story.yaml", tmp_path / "out"
    story.write_text(STORY, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(story), "-o", str(out)], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    [page] = list(out.iterdir())
    old, stamp = page.read_bytes(), page.stat().st_mtime_ns

    story.write_bytes(broken.encode("utf-8", "surrogateescape"))
    second = runner.invoke(main, ["build", str(story), "-o", str(out)], catch_exceptions=False)
    assert second.exit_code == 1
    assert second.stderr.startswith(f"{story}:")
    assert not second.stdout
    assert listing(out) == [page.name]
    assert page.read_bytes() == old
    assert page.stat().st_mtime_ns == stamp


def test_broken_story_keeps_the_previous_output_from_the_command(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(STORY, encoding="utf-8")
    first = _recap(tmp_path, "build", "story.yaml", "-o", "out")
    assert first.returncode == 0, first.stderr
    page = tmp_path / "out" / "nothing-lost.html"
    old = page.read_bytes()
    (tmp_path / "story.yaml").write_text(BROKEN["unknown-arc"], encoding="utf-8")
    second = _recap(tmp_path, "build", "story.yaml", "-o", "out")
    assert second.returncode == 1
    assert second.stderr.startswith("story.yaml:5:")
    assert "Traceback" not in second.stderr
    assert page.read_bytes() == old
    assert listing(page.parent) == [page.name]


def _recap(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- (c) real Ctrl-C during a build of a large story --------------------------------

EVENTS = 3000
RUNS = 6


def big_story(title: str) -> dict[str, Any]:
    arcs = {
        f"arc{n}": {"label": f"Arc {n}", "kind": ("protagonist", "antagonist", "other")[n % 3]}
        for n in range(5)
    }
    acts = [{"id": f"act{n}", "label": f"Act {n}", "spoiler": n == 4} for n in range(5)]
    events = [
        {
            "title": f"Event number {n}",
            "arcs": [f"arc{n % 5}", f"arc{(n * 7 + 1) % 5}"] if n % 3 == 0 else f"arc{n % 5}",
            "summary": f"Something happens in beat {n}. " * 3,
            "characters": [f"Person {n % 17}", f"Other {n % 11}"],
            "location": f"Place {n % 23}",
            "act": f"act{n * 5 // EVENTS}",
        }
        for n in range(EVENTS)
    ]
    return {"title": title, "slug": "big", "arcs": arcs, "acts": acts, "events": events}


def _default_sigint() -> None:
    # A child started from a shell's background job would inherit SIGINT ignored.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class Run:
    delay: float
    returncode: int
    stderr: str
    page: bytes | None
    files: list[str]


@dataclass
class Interrupted:
    old: bytes
    new: bytes
    build_seconds: float
    runs: list[Run]


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory) -> Interrupted:
    """Build once, change the story, then Ctrl-C rebuilds of it after varied delays."""
    work = tmp_path_factory.mktemp("interrupt")
    story = work / "big.yaml"
    with story.open("w", encoding="utf-8") as stream:
        yaml.safe_dump(big_story("Big"), stream, sort_keys=False)
    started = time.perf_counter()
    first = _recap(work, "build", "big.yaml", "-o", "out")
    build_seconds = time.perf_counter() - started
    assert first.returncode == 0, first.stderr
    page = work / "out" / "big.html"
    old = page.read_bytes()

    with story.open("w", encoding="utf-8") as stream:
        yaml.safe_dump(big_story("Big, changed"), stream, sort_keys=False)
    reference = _recap(work, "build", "big.yaml", "-o", "reference")
    assert reference.returncode == 0, reference.stderr
    new = (work / "reference" / "big.html").read_bytes()
    assert new != old

    runs = []
    for index in range(RUNS):
        delay = 0.2 + (build_seconds - 0.2) * index / (RUNS - 1)
        process = subprocess.Popen(
            [sys.executable, "-m", "recap", "build", "big.yaml", "-o", "out"],
            cwd=work,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            process_group=0,  # its own group, as a terminal's foreground job
            preexec_fn=_default_sigint,
        )
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):  # it finished first
            os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
        try:
            _, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
        runs.append(
            Run(
                delay=delay,
                returncode=process.returncode,
                stderr=stderr,
                page=page.read_bytes() if page.exists() else None,
                files=listing(page.parent),
            )
        )
        if page.exists() and page.read_bytes() != old:  # the run got to write: start over
            page.write_bytes(old)
    return Interrupted(old=old, new=new, build_seconds=build_seconds, runs=runs)


def _describe(run: Run) -> str:
    tail = run.stderr.strip().splitlines()[-1:] or [""]
    return f"after {run.delay:.2f}s: exit {run.returncode}, stderr ends {tail[0]!r}"


def test_ctrl_c_keeps_the_old_page_or_writes_the_whole_new_one(
    interrupted: Interrupted,
) -> None:
    for run in interrupted.runs:
        assert run.files == ["big.html"], f"{_describe(run)}: left {run.files}"
        assert run.page in {interrupted.old, interrupted.new}, f"{_describe(run)}: a torn page"


# Ended by SIGINT itself: a shell shows it as exit 130 too. CPython exits this way when
# Ctrl-C lands after the command returned (signal handlers are gone at shutdown), or
# inside code run by exec() of a string (dataclasses, typing), which marks the interrupt
# "unhandled" even after recap caught it and printed "interrupted".
KILLED_BY_SIGINT = -signal.SIGINT
INTERRUPTED = {130, KILLED_BY_SIGINT}


# Ctrl-C while Python is still starting up (its own imports, then `from recap.cli import
# run` in recap/__main__.py) lands before run() can catch it: Python prints a
# KeyboardInterrupt traceback and dies by SIGINT. That window is about 50 ms, but on a
# busy machine a 0.2 s delay can still fall in it; such runs are counted apart here (the
# file checks above cover them all). A traceback from inside run() always fails.
RUNNING = re.compile(r'recap[/\\]cli\.py", line \d+, in (?!<module>)')


def _during_startup(run: Run) -> bool:
    return (
        run.returncode == KILLED_BY_SIGINT
        and "Traceback" in run.stderr
        and not RUNNING.search(run.stderr)
    )


def test_ctrl_c_exits_130_without_a_traceback(interrupted: Interrupted) -> None:
    runs = [run for run in interrupted.runs if not _during_startup(run)]
    assert len(runs) >= RUNS // 2, "most runs were interrupted before recap started"
    bad = [
        _describe(run)
        for run in runs
        if run.returncode not in {0, *INTERRUPTED} or "Traceback" in run.stderr
    ]
    assert not bad, "\n".join(bad)
    assert any(run.returncode in INTERRUPTED for run in runs), "no run was stopped"
    for run in runs:
        if run.returncode == 130:
            assert run.stderr.strip() == "interrupted", _describe(run)
        elif run.returncode == KILLED_BY_SIGINT:
            assert run.stderr.strip() in {"", "interrupted"}, _describe(run)
        else:
            assert run.page == interrupted.new, f"{_describe(run)}: exit 0 but not the new page"
