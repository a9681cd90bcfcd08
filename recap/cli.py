"""The `recap` command: a thin layer that turns RecapError into messages and exit codes."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

EXIT_INPUT = 1  # a problem with a story file or the output folder
# Exit code 2 (a wrong command line) is click's own.

SPOILER_MODES = ("hidden", "shown", "omit")
PLOTLY_MODES = ("inline", "cdn", "directory")


class PlotlyJsOption(click.ParamType):  # type: ignore[type-arg]
    """'inline', 'cdn', 'directory', or the path of a plotly.js bundle to inline."""

    name = "inline|cdn|directory|PATH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in PLOTLY_MODES:
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
    "files", nargs=-1, type=click.Path(path_type=Path, dir_okay=True), metavar="[FILE]..."
)
debug_option = click.option("--debug", is_flag=True, help="Show a traceback for errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="recap")
def main() -> None:
    """Turn a story's events into an interactive, spoiler-safe timeline page.

    \b
    Example:
      recap build                 # events.yaml -> output/<slug>.html
      recap check events.yaml     # validate only
    """


@main.command()
@story_files
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to write the pages to.",
)
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
@debug_option
def build(
    files: tuple[Path, ...],
    out_dir: Path,
    spoilers: str,
    plotlyjs: str | Path,
    theme: str,
    debug: bool,
) -> None:
    """Build a timeline page for each story FILE (default: events.yaml).

    Prints the path of each file written.

    \b
    Example:
      recap build events.yaml -o output --spoilers hidden
      recap build stories/*.yaml --plotlyjs cdn
    """
    from recap.errors import RecapError
    from recap.export import write_html
    from recap.load import load_story
    from recap.page import PageOptions

    options = PageOptions(spoilers=spoilers, theme=theme)  # type: ignore[arg-type]
    failed = False
    for file in files or (Path("events.yaml"),):
        try:
            story = load_story(file)
            for path in write_html(story, out_dir, plotlyjs=plotlyjs, options=options):  # type: ignore[arg-type]
                click.echo(path)
        except RecapError as error:
            failed = True
            _report(error, debug=debug)
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
    from recap.errors import RecapError
    from recap.load import load_story

    failed = False
    for file in files or (Path("events.yaml"),):
        try:
            story = load_story(file)
        except RecapError as error:
            failed = True
            _report(error, debug=debug)
        else:
            click.echo(f"{file}: ok ({len(story.events)} events, {len(story.arcs)} arcs)")
    if failed:
        sys.exit(EXIT_INPUT)


def _report(error: Exception, *, debug: bool) -> None:
    problems: Iterable[object] = getattr(error, "problems", [error])
    for problem in problems:
        click.echo(str(problem), err=True)
    if debug:
        import traceback

        traceback.print_exception(error)
