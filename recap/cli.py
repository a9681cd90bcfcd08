"""The `recap` command: a thin layer that turns RecapError into messages and exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from recap.build import BuildResult

EXIT_INPUT = 1  # a problem with a story file or the output folder
EXIT_USAGE = 2  # a wrong command line (click's own code)
EXIT_INTERRUPTED = 130

SPOILER_MODES = ("hidden", "shown", "omit")
PLOTLY_MODES = ("inline", "cdn", "directory")


class PlotlyJsOption(click.ParamType):  # type: ignore[type-arg]
    """'inline', 'cdn', 'directory', or the path of a plotly.js bundle to inline."""

    name = "inline|cdn|directory|PATH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in PLOTLY_MODES or isinstance(value, Path):
            return value
        path = Path(value)
        if path.suffix != ".js" or not path.is_file():
            self.fail(
                f"{value!r} is not one of {', '.join(PLOTLY_MODES)} nor an existing .js file",
                param,
                ctx,
            )
        return path


story_files = click.argument(
    "files", nargs=-1, type=click.Path(path_type=Path), metavar="[FILE]..."
)
output_option = click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to write the pages to.",
)
debug_option = click.option("--debug", is_flag=True, help="Show a traceback for errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="recap")
def main() -> None:
    """Turn a story's events into an interactive, spoiler-safe timeline page.

    \b
    Example:
      recap build                 # events.yaml -> output/<slug>.html
      recap check events.yaml     # validate only, write nothing
    """


@main.command()
@story_files
@output_option
@click.option(
    "--spoilers",
    type=click.Choice(SPOILER_MODES),
    default="hidden",
    show_default=True,
    help="hidden: locked until the reader presses Reveal; shown: all visible; "
    "omit: left out of the file.",
)
@click.option(
    "--plotlyjs",
    type=PlotlyJsOption(),
    default="inline",
    show_default=True,
    help="inline: one offline file; cdn: small page loading plotly.js from its CDN; "
    "directory: plotly.min.js beside the page; PATH: inline that bundle.",
)
@click.option(
    "--theme",
    type=click.Choice(["light", "dark"]),
    default="light",
    show_default=True,
    help="Colour theme of the page.",
)
@click.option(
    "--image",
    type=click.Choice(["png", "svg"]),
    default=None,
    help="Also write a static image of the timeline (needs Chromium), "
    "linked as the page's preview image.",
)
@debug_option
def build(
    files: tuple[Path, ...],
    out_dir: Path,
    spoilers: str,
    plotlyjs: str | Path,
    theme: str,
    image: str | None,
    debug: bool,
) -> None:
    """Build a timeline page for each story FILE (default: events.yaml).

    Prints the path of each file written; exits 1 if any story failed.

    \b
    Example:
      recap build events.yaml -o output --spoilers hidden
      recap build stories/*.yaml --plotlyjs cdn
      recap build --image png     # also output/<slug>.png for script-free places
    """
    from recap.build import DEFAULT_STORY, BuildSettings, build_stories
    from recap.page import PageOptions

    settings = BuildSettings(
        out_dir=out_dir,
        plotlyjs=plotlyjs,  # type: ignore[arg-type]
        options=PageOptions(spoilers=spoilers, theme=theme),  # type: ignore[arg-type]
        image=image,  # type: ignore[arg-type]
    )
    failed = False
    for result in build_stories(files or (DEFAULT_STORY,), settings):
        failed |= not _report_build(result, debug=debug)
    if failed:
        sys.exit(EXIT_INPUT)


@main.command()
@story_files
@debug_option
def check(files: tuple[Path, ...], debug: bool) -> None:
    """Validate story FILEs without writing anything (default: events.yaml).

    \b
    Example:
      recap check events.yaml
    """
    from recap.build import DEFAULT_STORY
    from recap.errors import RecapError
    from recap.load import load_story

    failed = False
    for file in files or (DEFAULT_STORY,):
        try:
            story = load_story(file)
        except RecapError as error:
            failed = True
            _report_error(error, debug=debug)
        else:
            click.echo(f"{file}: ok, {len(story.events)} events in {len(story.arcs)} arcs")
    if failed:
        sys.exit(EXIT_INPUT)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the story format, for editor completion and checks.

    \b
    Example:
      recap schema > schema/story.schema.json
    """
    import json

    from recap.model import story_schema

    click.echo(json.dumps(story_schema(), indent=2, ensure_ascii=False))


def _report_build(result: BuildResult, *, debug: bool) -> bool:
    if result.error is not None:
        _report_error(result.error, debug=debug)
        return False
    for path in result.written:
        click.echo(path)
    for path in result.unchanged:
        click.echo(f"{path} (unchanged)")
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
