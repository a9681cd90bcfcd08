"""Build many story files in one run: load all, refuse clashing outputs, write in parallel."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from recap.collector import collector_paused
from recap.errors import RecapError
from recap.export import Output, output_stem, prune_pictures, published_url, write_html
from recap.image import ImageFormat, ImageView
from recap.load import Limits, load_story
from recap.model import Story
from recap.page import PageOptions
from recap.plotlyjs import BASIC_FILE, PlotlyMode

if TYPE_CHECKING:  # imported when used: most builds need neither
    from recap.image import ImageFormat

# Below this many stories, starting worker processes costs more than it saves.
PARALLEL_FROM = 3


@dataclass(frozen=True)
class BuildResult:
    """What building one story file did: the files written, or why it failed."""

    source: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    error: RecapError | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BuildSettings:
    """Everything about a build except which stories it builds."""

    out_dir: Path = Path("output")
    plotlyjs: PlotlyMode | Path | None = None  # None: inline for pages, cdn for fragments
    plotlyjs_url: str | None = None  # with "directory": where pages load plotly.min.js from
    options: PageOptions = PageOptions()
    image: ImageFormat | None = None
    image_view: ImageView | None = None  # None: the story's own `order:`
    fragment: bool = False  # also write <slug>.fragment.html
    base_url: str | None = None  # where the pages will be published: absolute addresses
    limits: Limits = Limits()


def build_stories(
    sources: Iterable[Path], settings: BuildSettings, *, parallel: bool | None = None
) -> Iterator[BuildResult]:
    """Build each story file; yield one result per file, in the order given."""
    loaded: list[tuple[Path, Story | RecapError]] = []
    claimed: dict[Path, Path] = {}
    for source in dict.fromkeys(sources):  # a file named twice is built once
        try:
            story = load_story(source, limits=settings.limits)
            page = settings.out_dir / f"{output_stem(story)}.html"
            if page in claimed:
                raise RecapError.at(
                    source,
                    f"would write {page}, already written from {claimed[page]} in this build",
                    hint="give one of the stories a different `slug:`",
                )
            claimed[page] = source
            loaded.append((source, story))
        except RecapError as error:
            loaded.append((source, error))
    stories = [
        (index, source, item)
        for index, (source, item) in enumerate(loaded)
        if isinstance(item, Story)
    ]
    if parallel is None:
        parallel = len(stories) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
    if parallel:
        from concurrent.futures import ProcessPoolExecutor

        # Ctrl-C is the parent's to handle: workers ignore it, finish the file they are
        # writing (atomically), and start no other.
        pool = ProcessPoolExecutor(
            initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN)
        )
        try:
            futures = {
                index: pool.submit(_write, source, story, settings)
                for index, source, story in stories
            }
            built = {index: future.result() for index, future in futures.items()}
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
    else:
        built = {index: _write(source, story, settings) for index, source, story in stories}
    for index, (source, item) in enumerate(loaded):
        yield built[index] if isinstance(item, Story) else BuildResult(source, error=item)


def build_story(source: Path, settings: BuildSettings) -> BuildResult:
    """Load and build one story file; the result's time covers both."""
    started = time.perf_counter()
    try:
        story = load_story(source, limits=settings.limits)
    except RecapError as error:
        return BuildResult(source, error=error)
    return _write(source, story, settings, started=started)


def _write(
    source: Path, story: Story, settings: BuildSettings, *, started: float | None = None
) -> BuildResult:
    started = time.perf_counter() if started is None else started
    try:
        with collector_paused():
            outputs = _outputs(story, settings)
        prune_pictures(settings.out_dir, story, keep=[output.path for output in outputs])
    except RecapError as error:
        return BuildResult(source, error=error)
    changed: dict[Path, bool] = {}  # a picture shared by the page and fragment, once
    for output in outputs:
        changed[output.path] = changed.get(output.path, False) or output.changed
    return BuildResult(
        source,
        written=[path for path, was_changed in changed.items() if was_changed],
        unchanged=[path for path, was_changed in changed.items() if not was_changed],
        seconds=time.perf_counter() - started,
    )


def _outputs(story: Story, settings: BuildSettings) -> list[Output]:
    """Write the story's page (and image and fragment, if asked); return what was written."""
    outputs: list[Output] = []
    options = settings.options
    base = settings.base_url
    if base is not None:  # link-preview scrapers want absolute addresses
        options = replace(options, canonical=published_url(base, f"{output_stem(story)}.html"))
    if settings.image is not None:
        from recap.image import write_image

        image = write_image(
            story,
            settings.out_dir,
            fmt=settings.image,
            options=options,
            view=settings.image_view,
        )
        outputs.append(image)
        if settings.image == "png":  # link previews take bitmaps, not SVG
            name = image.path.name
            options = replace(options, og_image=published_url(base, name) if base else name)
    outputs += write_html(
        story,
        settings.out_dir,
        plotlyjs=settings.plotlyjs or "inline",
        plotlyjs_url=settings.plotlyjs_url,
        options=options,
    )
    if settings.fragment:
        # An article may sit anywhere: its fragment finds plotly.min.js where it is
        # published, not beside the article.
        fragment_plotly = settings.plotlyjs_url
        if fragment_plotly is None and base is not None and settings.plotlyjs == "directory":
            fragment_plotly = published_url(base, BASIC_FILE)
        outputs += write_html(
            story,
            settings.out_dir,
            plotlyjs=settings.plotlyjs or "cdn",
            plotlyjs_url=fragment_plotly,
            options=options,
            fragment=True,
        )
    return outputs
