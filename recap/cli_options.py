"""The command line's options: their types, the shared groups of them (page, limits), and
how they become build settings. The commands themselves are in cli.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from recap.plotlyjs import PLOTLY_MODES

if TYPE_CHECKING:
    from recap.build import BuildSettings
    from recap.load import Limits

SPOILER_MODES = ("hidden", "shown", "omit")


class PlotlyJsOption(click.ParamType):  # type: ignore[type-arg]
    """'inline', 'cdn', 'directory', 'full', or the path of a plotly.js bundle to inline."""

    name = "inline|cdn|directory|full|PATH"

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


class LanguageOption(click.ParamType):  # type: ignore[type-arg]
    """A BCP 47 tag recap has a translation for: en, ko, pt-BR, zh-Hans, ar..."""

    name = "TAG"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from recap.errors import RecapError
        from recap.i18n import language

        try:
            return language(str(value)).tag
        except RecapError as error:
            (problem,) = error.problems
            self.fail(f"{problem.message} ({problem.hint})", param, ctx)


lang_option = click.option(
    "--lang",
    type=LanguageOption(),
    default=None,
    help="The language of the page's words, a BCP 47 tag such as ko, pt-BR or ar "
    "(default: the story's `lang:`, else en).",
)


class BaseUrl(click.ParamType):  # type: ignore[type-arg]
    """An absolute http(s) address of a folder, e.g. https://example.org/recaps/."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from urllib.parse import urlsplit

        parts = urlsplit(str(value))
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            self.fail(f"{value!r} is not an absolute http(s) address", param, ctx)
        if parts.query or parts.fragment:
            self.fail(f"{value!r}: give the folder's address, without '?' or '#'", param, ctx)
        return parts.geturl() if parts.path.endswith("/") else parts.geturl() + "/"


base_url_option = click.option(
    "--base-url",
    type=BaseUrl(),
    default=None,
    help="Where the pages will be published, e.g. https://example.org/recaps/: makes "
    "the page's canonical link and preview image absolute, as link previews need.",
)


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
# The defaults are recap.load.Limits' own (a test keeps the help text in step with them).
LIMIT_OPTIONS = [
    click.option(
        "--max-file-mb",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        help="Refuse story files larger than this many MB (default: 20).",
    ),
    click.option(
        "--max-alias-values",
        type=click.IntRange(min=0),
        default=None,
        help="Refuse files whose YAML anchors and aliases make more values than this "
        "(default: 1,000,000), the bound on alias bombs.",
    ),
]


PAGE_OPTIONS = [
    click.option(
        "--spoilers",
        type=click.Choice(SPOILER_MODES),
        default="hidden",
        show_default=True,
        help="hidden: locked until the reader presses Reveal; shown: all visible; "
        "omit: left out of the file.",
    ),
    click.option(
        "--plotlyjs",
        type=PlotlyJsOption(),
        default=None,
        help="inline: one offline file (default for pages); cdn: a small page that loads "
        "plotly.js from its CDN (default for fragments); directory: plotly-basic.min.js "
        "beside the page; these use plotly.js's basic bundle. full: inline the full "
        "bundle; PATH: inline that bundle.",
    ),
    click.option(
        "--plotlyjs-url",
        default=None,
        metavar="URL",
        help="Where pages and fragments load plotly.js from, e.g. /assets/plotly.min.js: "
        "goes with --plotlyjs directory (the default then), whose plotly.min.js you publish "
        "at that address.",
    ),
    click.option(
        "--fragment",
        is_flag=True,
        help="Also write <slug>.fragment.html: the timeline alone, to paste into an article.",
    ),
    click.option(
        "--theme",
        type=click.Choice(["light", "dark", "auto", "host"]),
        default=None,
        help="Colour theme: auto follows the reader's system setting, host the article's "
        "scheme (or, failing that, the system's). Default: light for pages, host for fragments.",
    ),
    base_url_option,
    click.option(
        "--image",
        type=click.Choice(["png", "svg"]),
        default=None,
        help="Also write a static image of the timeline (needs Chromium), "
        "linked as the page's preview image.",
    ),
    click.option(
        "--view",
        "image_view",
        type=click.Choice(["told", "story", "characters"]),
        default=None,
        help="The view the --image shows: as told, in story order, or by character "
        "(default: the story's `order:`).",
    ),
    lang_option,
]


def page_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that shape the pages, shared by `build` and `watch`."""
    for option in reversed(PAGE_OPTIONS):
        command = option(command)
    return command


def limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """The bounds on story files, shared by the commands that read them."""
    for option in reversed(LIMIT_OPTIONS):
        command = option(command)
    return command


def build_settings(
    out_dir: Path,
    *,
    spoilers: Any,
    plotlyjs: Any,
    plotlyjs_url: str | None,
    theme: Any,
    image: Any,
    image_view: Any,
    fragment: bool,
    lang: str | None,
    base_url: str | None,
    max_file_mb: float | None,
    max_alias_values: int | None,
) -> BuildSettings:
    """Gather the page options (already checked by click) into build settings."""
    from recap.build import BuildSettings
    from recap.page import PageOptions

    if plotlyjs_url is not None:
        if plotlyjs not in (None, "directory"):
            raise click.BadParameter(
                "goes with --plotlyjs directory (or no --plotlyjs)", param_hint="--plotlyjs-url"
            )
        # Any scheme but http(s), e.g. javascript: or data:, has no place in a script's src.
        scheme = plotlyjs_url.split("/", 1)[0]
        if not plotlyjs_url.strip() or (":" in scheme and scheme not in ("http:", "https:")):
            raise click.BadParameter(
                "use an http(s) address or a path, e.g. /assets/plotly.min.js",
                param_hint="--plotlyjs-url",
            )
        plotlyjs = "directory"
    return BuildSettings(
        out_dir=out_dir,
        plotlyjs=plotlyjs,
        plotlyjs_url=plotlyjs_url,
        options=PageOptions(spoilers=spoilers, theme=theme, lang=lang),
        image=image,
        image_view=image_view,
        fragment=fragment,
        base_url=base_url,
        limits=limits_from(max_file_mb, max_alias_values),
    )


def limits_from(max_file_mb: float | None, max_alias_values: int | None) -> Limits:
    from recap.load import Limits

    limits = Limits()
    return Limits(
        file_bytes=limits.file_bytes if max_file_mb is None else int(max_file_mb * 2**20),
        alias_values=limits.alias_values if max_alias_values is None else max_alias_values,
    )
