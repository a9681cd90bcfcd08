"""The `recap` command: a thin layer that turns RecapError into messages and exit codes."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from recap.cli_options import (
    BaseUrl,
    build_settings,
    debug_option,
    lang_option,
    limit_options,
    limits_from,
    output_option,
    page_options,
    story_files,
)
from recap.plotlyjs import BASIC_FILE

if TYPE_CHECKING:
    from recap.build import BuildResult

DEFAULT_STORY = Path("events.yaml")
EXIT_INPUT = 1  # a problem with a story file or the output folder
# Exit code 2, a wrong command line, is click's own.
EXIT_INTERRUPTED = 130

PICTURE_SUFFIXES = (".webp", ".jpg")  # the files recap writes under <output>/<slug>/


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="recap")
def main() -> None:
    """Turn a story's events into an interactive, spoiler-safe timeline page.

    \b
    Example:
      recap new my-story.yaml     # a commented starter story to edit
      recap build                 # events.yaml -> output/<slug>.html
      recap check events.yaml     # validate only, write nothing
    """


@main.command(short_help="Start a story file from a commented example.")
@click.argument("file", type=click.Path(path_type=Path), default="events.yaml", required=False)
@click.option("--title", help="The story's title (default: a placeholder to replace).")
@debug_option
def new(file: Path, title: str | None, debug: bool) -> None:
    """Write a commented starter story to FILE (default: events.yaml), ready to edit.

    It passes `recap check` and builds as it is. An existing file is never overwritten.

    \b
    Example:
      recap new heist.yaml --title "The Heist"
      recap watch heist.yaml --serve
    """
    import shlex

    from recap.errors import RecapError
    from recap.starter import write_starter

    if title is not None and not title.strip():
        raise click.BadParameter("give the title some text", param_hint="--title")
    try:
        path = write_starter(file, title=title)
    except RecapError as error:
        _report_error(error, debug=debug)
        sys.exit(EXIT_INPUT)
    shown = shlex.quote(str(path))
    click.echo(path)
    click.echo(f"  edit it, then: recap build {shown}  (or recap watch {shown} --serve)")


@main.command(short_help="Build a timeline page for each story file.")
@story_files
@output_option
@page_options
@limit_options
@debug_option
def build(files: tuple[Path, ...], out_dir: Path, debug: bool, **page: Any) -> None:
    """Build a timeline page for each story FILE (default: events.yaml).

    Prints the path of each file written; exits 1 if any story failed.

    \b
    Example:
      recap build events.yaml -o output --spoilers hidden
      recap build stories/*.yaml --plotlyjs cdn
      recap build --image png     # also output/<slug>.png for script-free places
      recap build --fragment      # also output/<slug>.fragment.html for a CMS
      recap build --fragment --plotlyjs-url /assets/plotly.min.js
      recap build --lang ko       # the page's own words in Korean
    """
    from recap.build import build_stories

    gc.freeze()  # the modules just imported live as long as the process: no need to scan
    settings = build_settings(out_dir, **page)
    failed = False
    reported: set[Path] = set()  # a file the stories share (plotly.min.js) is named once
    for result in build_stories(files or (DEFAULT_STORY,), settings):
        failed |= not _report_build(result, debug=debug, reported=reported)
    if failed:
        sys.exit(EXIT_INPUT)


@main.command(short_help="Rebuild on every save; optionally preview with live reload.")
@story_files
@output_option
@page_options
@limit_options
@click.option("--serve", is_flag=True, help="Also serve the output folder with live reload.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port for --serve.",
)
@debug_option
def watch(
    files: tuple[Path, ...], out_dir: Path, serve: bool, port: int, debug: bool, **page: Any
) -> None:
    """Build, then rebuild each story FILE whenever it is saved (default: events.yaml).

    A broken edit prints its errors and keeps the last good page. With --serve, open
    the printed address: the page reloads itself after every rebuild, keeping your
    place, and shows the errors of a broken edit. Stop with Ctrl-C.

    \b
    Example:
      recap watch events.yaml --serve --port 8000
    """
    from recap.build import build_stories
    from recap.errors import RecapError
    from recap.watch import watch_stories

    sources = files or (DEFAULT_STORY,)
    settings = build_settings(out_dir, **page)
    first = list(build_stories(sources, settings, parallel=False))
    for result in first:
        _report_build(result, debug=debug, timed=True)
    server = None
    if serve:
        from recap.serve import PreviewServer

        try:
            server = PreviewServer(out_dir, port=port)
        except OSError as error:
            click.echo(f"cannot serve on 127.0.0.1:{port}: {error.strerror}", err=True)
            click.echo("  choose another port with --port", err=True)
            sys.exit(EXIT_INPUT)
        server.start()
        click.echo(f"serving {out_dir} at {server.url}")
        for result in first:
            for path in result.written + result.unchanged:
                if path.suffix == ".html":
                    click.echo(f"  open {server.url}{path.name}")

    def rebuilt(result: BuildResult) -> None:
        _report_build(result, debug=debug, timed=True)
        if server is not None:
            server.announce(result)

    click.echo(f"watching {', '.join(map(str, sources))} (Ctrl-C to stop)")
    try:
        watch_stories(sources, settings, on_result=rebuilt)
    except KeyboardInterrupt:
        click.echo("stopped")
    except RecapError as error:
        _report_error(error, debug=debug)
        sys.exit(EXIT_INPUT)
    finally:
        if server is not None:
            server.close()


@main.command(short_help="Validate story files; write nothing.")
@story_files
@limit_options
@debug_option
def check(
    files: tuple[Path, ...],
    debug: bool,
    max_file_mb: float | None,
    max_alias_values: int | None,
) -> None:
    """Validate story FILEs without writing anything (default: events.yaml).

    \b
    Example:
      recap check events.yaml
    """
    from recap.errors import RecapError
    from recap.load import load_story

    limits = limits_from(max_file_mb, max_alias_values)
    failed = False
    for file in files or (DEFAULT_STORY,):
        try:
            story = load_story(file, limits=limits)
        except RecapError as error:
            failed = True
            _report_error(error, debug=debug)
        else:
            events, arcs = len(story.events), len(story.arcs)
            click.echo(
                f"{file}: ok, {events} event{'s' * (events != 1)} in {arcs} arc{'s' * (arcs != 1)}"
            )
    if failed:
        sys.exit(EXIT_INPUT)


@main.command(short_help="Print an iframe snippet for an article.")
@click.argument("file", type=click.Path(path_type=Path), default="events.yaml", required=False)
@click.option(
    "--url",
    help="Where the built page will be published (default: its address under --base-url, "
    "else its file name, for a page served beside the article).",
)
@click.option(
    "--base-url",
    type=BaseUrl(),
    default=None,
    help="Where the pages are published, as given to `recap build --base-url`.",
)
@click.option(
    "--resize/--no-resize",
    default=True,
    show_default=True,
    help="Add the host-page script that fits the iframe to the timeline's height.",
)
@click.option(
    "--order",
    type=click.Choice(["told", "story"]),
    default=None,
    help="Open the page in this order (default: the story's `order:`).",
)
@click.option(
    "--view",
    type=click.Choice(["timeline", "characters"]),
    default=None,
    help="Open the page on this chart (default: the timeline).",
)
@click.option(
    "--theme",
    type=click.Choice(["light", "dark", "auto", "host"]),
    default="host",
    show_default=True,
    help="The page's colour theme in the frame; host follows the article's scheme, "
    "told by the host script (so not with --no-resize).",
)
@lang_option
@debug_option
def embed(
    file: Path,
    url: str | None,
    base_url: str | None,
    resize: bool,
    order: str | None,
    view: str | None,
    theme: Any,
    lang: str | None,
    debug: bool,
) -> None:
    """Print an iframe snippet to paste into an article for the page built from FILE.

    \b
    Example:
      recap embed events.yaml --base-url https://example.org/timelines/
      recap embed events.yaml --url https://example.org/timelines/ballerina.html
    """
    from recap.embed import iframe_snippet
    from recap.errors import RecapError
    from recap.load import load_story

    # Any scheme but http(s), e.g. javascript:, has no place in an iframe's src.
    if (
        url is not None
        and ":" in url.split("/", 1)[0]
        and not url.startswith(("http://", "https://"))
    ):
        raise click.BadParameter("use an http(s) address or a relative path", param_hint="--url")
    try:
        snippet = iframe_snippet(
            load_story(file),
            url=url,
            base_url=base_url,
            resize=resize,
            order="story" if order == "story" else "told" if order else None,
            view=view if view == "characters" else None,
            theme=theme,
            lang=lang,
        )
    except RecapError as error:
        _report_error(error, debug=debug)
        sys.exit(EXIT_INPUT)
    click.echo(snippet, nl=False)
    if url is None and base_url is None:
        click.echo(
            "note: the iframe's src is the page's file name, which works only for an "
            "article on the same site, in the page's folder; give --base-url or --url "
            "for an article anywhere else",
            err=True,
        )


@main.command(short_help="Print the story format's JSON Schema.")
def schema() -> None:
    """Print the JSON Schema of the story format, for editor completion and checks.

    \b
    Example:
      recap schema > schema/story.schema.json
    """
    import json

    from recap.model import story_schema

    click.echo(json.dumps(story_schema(), indent=2, ensure_ascii=False))


def _report_build(
    result: BuildResult, *, debug: bool, timed: bool = False, reported: set[Path] | None = None
) -> bool:
    """Print what a build wrote; files in `reported` (shared by stories) are not repeated."""
    if result.error is not None:
        _report_error(result.error, debug=debug)
        return False
    took = f" in {result.seconds * 1000:.0f} ms" if timed else ""
    reported = set() if reported is None else reported
    for path in result.written:
        if path.suffix not in PICTURE_SUFFIXES and path not in reported:
            click.echo(f"{path}{took}" if timed else path)
    for path in result.unchanged:
        if path.suffix not in PICTURE_SUFFIXES and path not in reported:
            click.echo(f"{path} (unchanged){took}")
    reported.update(path for path in result.written + result.unchanged if path.name == BASIC_FILE)
    # Pictures are many: one line per folder of them.
    folders: dict[Path, list[bool]] = {}
    for path in result.written + result.unchanged:
        if path.suffix in PICTURE_SUFFIXES:
            folders.setdefault(path.parent, []).append(path in result.written)
    for folder, changed in folders.items():
        click.echo(f"{folder}/ ({len(changed)} picture files, {sum(changed)} written)")
    return True


def _report_error(error: Exception, *, debug: bool) -> None:
    problems: Iterable[object] = getattr(error, "problems", [error])
    for problem in problems:
        click.echo(str(problem), err=True)
    if debug:
        import traceback

        traceback.print_exception(error)


def run() -> None:
    """Entry point: run the command, and make Ctrl-C a quiet exit 130."""
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    finally:
        # What is still alive now lives until the process ends: spare it the garbage
        # collection Python runs at exit, which scans every object (0.1 s after a build).
        gc.freeze()
