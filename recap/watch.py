"""Rebuild story files whenever they are saved."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from recap.build import BuildResult, BuildSettings, build_story
from recap.errors import RecapError

# watchfiles waits `STEP_MS` of quiet after a change before yielding it: short, so a
# save is rebuilt at once; editors that write a file in several steps still settle.
STEP_MS = 20
DEBOUNCE_MS = 400


def watch_stories(
    sources: Iterable[Path],
    settings: BuildSettings,
    *,
    on_result: Callable[[BuildResult], None],
    stop: threading.Event | None = None,
) -> None:
    """Call `on_result` with a fresh build each time one of `sources` changes.

    Watches the folders that hold the files rather than the files themselves: editors
    often save by writing a new file and renaming it over the old one.
    Returns when `stop` is set; Ctrl-C raises KeyboardInterrupt as usual.
    """
    targets = {source.resolve(): source for source in sources}
    folders = sorted({target.parent for target in targets})
    missing = [folder for folder in folders if not folder.is_dir()]
    if missing:
        raise RecapError.at(missing[0], "no such folder to watch", hint="check the path")

    def is_target(change: watchfiles.Change, path: str) -> bool:
        return Path(path).resolve() in targets

    for changes in watchfiles.watch(
        *folders,
        watch_filter=is_target,
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        stop_event=stop,
        raise_interrupt=True,
        recursive=False,
    ):
        for changed in sorted({Path(path).resolve() for _, path in changes}):
            on_result(build_story(targets[changed], settings))
