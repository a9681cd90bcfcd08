"""HTML text -> files on disk: atomic, and untouched when nothing changed."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urljoin

from recap.errors import RecapError
from recap.model import RESERVED_STEMS, Story
from recap.page import FigureHook, PageOptions, render_fragment, render_page
from recap.picture_links import HASH_LENGTH, link_pictures
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
    plotlyjs_url: str | None = None,
    options: PageOptions = PageOptions(),
    customize: FigureHook | None = None,
    fragment: bool = False,
) -> list[Output]:
    """Write the story's page (and plotly.js beside it in 'directory' mode); return the files.

    In 'directory' mode the page loads plotly.js from `plotlyjs_url` when given (where
    you publish that plotly.min.js: an address that works from any article), else from
    `plotly.min.js` beside the page.

    With `fragment`, write `<slug>.fragment.html` instead: the timeline alone, to paste
    into an article. A file whose bytes would not change is left alone, keeping its
    modification time. Pictures are inlined in `inline` pages (and with a bundle path);
    other pages refer to files under `<slug>/`, written here. The cover's link-preview
    card is a file there in every mode. Picture files no longer used are left in place:
    `prune_pictures` removes them.
    """
    directory = Path(out_dir)
    stem = output_stem(story)
    suffix, render = (".fragment.html", render_fragment) if fragment else (".html", render_page)
    path = directory / f"{stem}{suffix}"
    if plotlyjs_url is not None and plotlyjs != "directory":
        raise ValueError("plotlyjs_url goes with plotlyjs='directory'")
    if isinstance(plotlyjs, Path):
        script = PlotlyScript(inline=read_script(plotlyjs))
    elif plotlyjs_url is not None:
        script = PlotlyScript(src=plotlyjs_url)
    else:
        script = PlotlyScript.choose(plotlyjs)
    pictures = link_pictures(
        story,
        spoilers=options.spoilers,
        mode="inline" if script.inline else "files",
        stem=stem,
        preview=not fragment and options.og_image is None,
    )
    html = render(story, plotly=script, options=options, customize=customize, pictures=pictures)
    outputs = [
        Output(directory / name, write_atomic(directory / name, data))
        for name, data in pictures.files.items()
    ]
    if plotlyjs == "directory":
        bundle = directory / BASIC_FILE
        outputs.append(Output(bundle, write_atomic(bundle, basic_bundle_bytes())))
    outputs.append(Output(path, write_atomic(path, html.encode("utf-8"))))
    return outputs


def prune_pictures(out_dir: str | Path, story: Story, *, keep: Iterable[Path]) -> list[Path]:
    """Remove picture files under `out_dir/<slug>/` that are not in `keep`; return them.

    Only names recap gives its pictures are touched, so a file someone put there stays.
    After a build with `--spoilers omit`, this leaves no spoiler's picture behind from an
    earlier build.
    """
    folder = Path(out_dir) / output_stem(story)
    kept = {path.resolve() for path in keep}
    removed = []
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
        for entry in entries:
            if _PICTURE_NAME.fullmatch(entry.name) and entry.resolve() not in kept:
                entry.unlink()
                removed.append(entry)
        if entries and not any(folder.iterdir()):
            folder.rmdir()
    except OSError as error:
        raise RecapError.at(folder, f"cannot remove old pictures: {error.strerror}") from None
    return removed


_PICTURE_NAME = re.compile(rf"[0-9a-f]{{{HASH_LENGTH}}}\.(?:webp|jpg)")


def _folder_error(path: Path, error: OSError) -> RecapError:
    return RecapError.at(
        path.parent, f"cannot write to this folder: {error.strerror}", hint="choose another with -o"
    )


def published_url(base_url: str, name: str) -> str:
    """Return the address of the output file `name` published under `base_url`."""
    return urljoin(base_url if base_url.endswith("/") else base_url + "/", quote(name))


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
