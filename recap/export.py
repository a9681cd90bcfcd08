"""HTML text -> files on disk: atomic, and untouched when nothing changed."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import NamedTuple

from recap.errors import RecapError
from recap.model import RESERVED_STEMS, Story
from recap.page import FigureHook, PageOptions, render_fragment, render_page
from recap.plotlyjs import BASIC_FILE, PlotlyMode, PlotlyScript, basic_bundle_bytes


class Output(NamedTuple):
    """A file a build produced, and whether its bytes changed."""

    path: Path
    changed: bool


def write_html(
    story: Story,
    out_dir: str | Path,
    *,
    plotlyjs: PlotlyMode | Path = "inline",
    options: PageOptions = PageOptions(),
    customize: FigureHook | None = None,
    fragment: bool = False,
) -> list[Output]:
    """Write the story's page (and plotly.js beside it in 'directory' mode); return the files.

    With `fragment`, write `<slug>.fragment.html` instead: the timeline alone, to paste
    into an article. A file whose bytes would not change is left alone, keeping its
    modification time.
    """
    directory = Path(out_dir)
    suffix, render = (".fragment.html", render_fragment) if fragment else (".html", render_page)
    path = directory / f"{output_stem(story)}{suffix}"
    script = (
        PlotlyScript(inline=read_script(plotlyjs))
        if isinstance(plotlyjs, Path)
        else PlotlyScript.choose(plotlyjs)
    )
    html = render(story, plotly=script, options=options, customize=customize)
    outputs = []
    if plotlyjs == "directory":
        bundle = directory / BASIC_FILE
        outputs.append(Output(bundle, write_atomic(bundle, basic_bundle_bytes())))
    outputs.append(Output(path, write_atomic(path, html.encode("utf-8"))))
    return outputs


def _folder_error(path: Path, error: OSError) -> RecapError:
    return RecapError.at(
        path.parent, f"cannot write to this folder: {error.strerror}", hint="choose another with -o"
    )


def output_stem(story: Story) -> str:
    """Return the file stem for a story, or raise if its slug cleans to nothing."""
    stem = story.file_stem
    if not stem or stem in RESERVED_STEMS:
        raise RecapError.at(
            "slug" if story.slug is not None else "title",
            f"cannot make a file name from {story.slug or story.title!r}",
            hint="add a `slug:` made of letters a-z, digits and '-'",
        )
    return stem


def read_script(path: Path) -> str:
    """Read a plotly.js bundle the user supplies."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise RecapError.at(path, f"cannot read the plotly.js bundle: {reason}") from None


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` all at once; return False if the file already held it.

    The bytes go to a temporary file beside the target, then replace it in one step, so
    a failure or Ctrl-C leaves the previous file as it was and no temporary behind.
    An unchanged file is not rewritten, so its modification time stays.
    """
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _folder_error(path, error) from None
    # Named before it exists, so that whenever Ctrl-C lands, the cleanup knows what to remove.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    created = False
    try:
        with open(temporary, "xb") as stream:
            created = True
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            if not created:
                raise _folder_error(path, error) from None
            raise RecapError.at(path, f"cannot write the file: {error.strerror}") from None
        raise
    return True
