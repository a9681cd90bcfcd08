"""Story + Figures -> HTML: the page shell, the text list, and the spoiler gate."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import pandas as pd

from recap.characters import characters_spec
from recap.errors import RecapError
from recap.figure import figure_spec, reordered
from recap.frame import events, public_view, to_frame
from recap.i18n import Language, language
from recap.model import SpoilerMode, Story
from recap.page_assets import browser_script, joined_parts, page_css
from recap.page_i18n import browser_catalog, plotly_locale
from recap.page_list import events_html, legend_html
from recap.page_reveal import Views, figure_text, inert_json, reveal_controls
from recap.page_templates import environment
from recap.picture_links import PictureLinks, link_pictures
from recap.plotlyjs import PlotlyScript
from recap.theme import Theme

if TYPE_CHECKING:
    import plotly.graph_objects as go

# auto follows the reader's system setting; host, the page around the timeline
PageTheme = Literal["light", "dark", "auto", "host"]
# A string, so that importing this module does not import plotly's figure classes.
FigureHook = Callable[["go.Figure"], "go.Figure | None"]

PLOTLY_SLOT = "<!--recap:plotly.js-->"
PLOTLY_DEFAULT_HEIGHT = 450  # what plotly.js draws when a figure sets no height

# The page's icon, inline: no request, and no 404 for /favicon.ico. A timeline: three
# beats on a line, the middle one highlighted.
ICON = "data:image/svg+xml," + quote(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>"
    "<rect width='16' height='16' rx='3' fill='#0072B2'/>"
    "<path d='M2 8h12' stroke='#fff' stroke-width='1.5'/>"
    "<circle cx='4' cy='8' r='2' fill='#fff'/><circle cx='8' cy='8' r='2.5' fill='#E69F00'/>"
    "<circle cx='12' cy='8' r='2' fill='#fff'/></svg>",
    safe="=:/",
)


@dataclass(frozen=True)
class PageOptions:
    """How to render a story page."""

    spoilers: SpoilerMode = "hidden"
    theme: PageTheme | None = None  # None: light for pages, host for fragments
    lang: str | None = None  # the page's language (BCP 47); None: the story's `lang:`
    og_image: str | None = None  # address of the timeline's image, for link previews
    canonical: str | None = None  # the page's own published address, absolute


def page_language(story: Story, options: PageOptions) -> Language:
    """Return the language the page speaks: the option's, else the story's."""
    return language(options.lang or story.lang)


def render_page(
    story: Story,
    *,
    plotly: PlotlyScript,
    options: PageOptions = PageOptions(),
    customize: FigureHook | None = None,
    pictures: PictureLinks | None = None,
) -> str:
    """Render the full, standalone HTML page for a story.

    `pictures` says how the page refers to its pictures (see `link_pictures`); by
    default they are inlined as data URIs.
    """
    return _render("page.html.j2", story, plotly, options, customize, pictures, standalone=True)


def render_fragment(
    story: Story,
    *,
    plotly: PlotlyScript,
    options: PageOptions = PageOptions(),
    customize: FigureHook | None = None,
    pictures: PictureLinks | None = None,
) -> str:
    """Render the timeline as one <section> to paste into an article.

    Its styles and script act on it alone, its headings start at <h2> (under the
    article's own title), and several timelines can share one article.
    """
    return _render(
        "fragment.html.j2", story, plotly, options, customize, pictures, standalone=False
    )


def _render(
    template: str,
    story: Story,
    plotly: PlotlyScript,
    options: PageOptions,
    customize: FigureHook | None,
    pictures: PictureLinks | None,
    *,
    standalone: bool,
) -> str:
    if pictures is None:
        pictures = link_pictures(
            story, spoilers=options.spoilers, mode="inline", stem=story.file_stem
        )
    context = _timeline_context(
        story,
        to_frame(story),
        options=options,
        customize=customize,
        standalone=standalone,
        pictures=pictures,
        trace_types=plotly.trace_types,
    )
    context["plotly_src"] = plotly.src
    context["plotly_integrity"] = plotly.integrity
    context["plotly_tag"] = PLOTLY_SLOT if plotly.inline else ""
    html = environment(page_language(story, options)).get_template(template).render(context)
    if not plotly.inline:
        return html
    # Spliced in after rendering: passing megabytes through the template copies them.
    holder = _inline_plotly_tag if standalone else _encoded_plotly_holder
    return html.replace(PLOTLY_SLOT, holder(plotly.inline), 1)


def _timeline_context(
    story: Story,
    frame: pd.DataFrame,
    *,
    options: PageOptions,
    customize: FigureHook | None,
    standalone: bool,
    pictures: PictureLinks,
    trace_types: frozenset[str] | None = None,
) -> dict[str, Any]:
    root_id = f"recap-{story.file_stem or 'timeline'}"
    theme = options.theme or ("light" if standalone else "host")
    heading_base = 1 if standalone else 2
    spoiler_count = int(frame.loc[frame["spoiler"], "order"].nunique())
    words = page_language(story, options)
    public = public_view(frame, options.spoilers, language=words)
    public_told = events(public)  # one row per event, for the list and the figures

    palette: Theme = "dark" if options.theme == "dark" else "light"

    def figure_data(view: pd.DataFrame, told: pd.DataFrame) -> dict[str, Any]:
        """Return the view's figure as JSON data: recap's, or as the hook customised it."""
        spec = figure_spec(view, theme=palette, labels="overlay", language=words, told=told)
        if customize is None:
            return spec
        import plotly.graph_objects as go
        import plotly.io as pio

        figure = go.Figure(spec)
        figure = customize(figure) or figure
        _check_trace_types(figure, trace_types)
        # The stdlib engine: orjson, when installed, would write different bytes.
        data: dict[str, Any] = json.loads(pio.to_json(figure, validate=False, engine="json"))
        return data

    def characters_data(view: pd.DataFrame, told: pd.DataFrame) -> dict[str, Any] | None:
        """Return the view's Characters view as JSON data, or None if no one is named."""
        return characters_spec(view, theme=palette, labels="overlay", language=words, told=told)

    public_figure = figure_data(public, public_told)
    public_characters = characters_data(public, public_told)
    reveals = []
    if options.spoilers == "hidden" and spoiler_count:
        reveals = reveal_controls(
            story,
            frame,
            locked=Views(public_figure, public_characters),
            make=Views(figure_data, characters_data),
            root_id=root_id,
            heading_base=heading_base,
            pictures=pictures,
            language=words,
        )
    chart_height = public_figure["layout"].get("height") or PLOTLY_DEFAULT_HEIGHT
    byline = " · ".join(
        part for part in (story.subtitle, str(story.year) if story.year else None) if part
    )
    arcs = public.drop_duplicates("arc_id")["arc_label"].tolist()
    description = story.subtitle or words.gettext(
        "An interactive, spoiler-safe timeline of %(title)s: %(events)s across %(arcs)s.",
        title=story.title,
        events=words.ngettext("%(count)s event", "%(count)s events", public["order"].nunique()),
        arcs=words.ngettext("%(count)s arc", "%(count)s arcs", len(arcs)),
    )
    cover = pictures.cover_picture
    return {
        "lang": words.tag,
        "dir": words.direction,
        "og_image": options.og_image or pictures.og_image,
        "og_image_alt": cover.alt if cover and not options.og_image and pictures.og_image else None,
        "cover": pictures.cover,
        "cover_alt": cover.alt if cover else None,
        "cover_credit": cover.credit if cover else None,
        "cover_caption": cover.caption if cover else None,
        "canonical": options.canonical,
        "icon": ICON,
        "page_title": words.gettext("%(title)s: story timeline", title=story.title),
        "description": description,
        "title": story.title,
        "byline": byline,
        "source": story.source,
        "root_id": root_id,
        "theme": theme,
        "spoilers": options.spoilers,
        "order": story.order,
        # Past this many events the list is laid out only near the screen (in CSS); a
        # short list is laid out whole, so that find-in-page and innerText see it all.
        "long_story": len(story.events) > LONG_STORY,
        "event_count": int(public["order"].nunique()),
        "locked_count": spoiler_count if options.spoilers == "hidden" else 0,
        "omitted_count": spoiler_count if options.spoilers == "omit" else 0,
        "standalone": standalone,
        "heading_base": heading_base,
        "legend_html": legend_html(public, heading_base=heading_base, language=words),
        "events_html": events_html(
            public_told,
            root_id=root_id,
            heading_base=heading_base,
            pictures=pictures,
            language=words,
        ),
        "figure_json": inert_json(figure_text(public_figure)),
        "characters_json": inert_json(figure_text(public_characters)),
        # Controls the script shows are shown from the first paint when it will show
        # them (the same rules as views.js and follow.js): nothing moves once it runs.
        "show_views": public_characters is not None or reordered(public_told),
        "show_follow": _followable(public_told),
        "chart_height": chart_height,
        "reveals": reveals,
        # A story without pictures ships no picture styles.
        "css": page_css(pictures=bool(pictures.by_src) or pictures.cover is not None),
        "script": browser_script(),
        # The script's messages are read from its parts, as written.
        "words_json": inert_json(browser_catalog(words, joined_parts())),
        "plotly_locale_js": _plotly_locale_script(words),
    }


def _followable(told: pd.DataFrame) -> bool:
    """Whether the visible events offer two arcs or characters to follow (follow.js)."""
    shown = told[~told["locked"].astype(bool)]
    arcs = {label for labels in shown["arc_labels"] for label in labels}
    names = {name for text in shown["characters"] if text for name in str(text).split(", ")}
    return len(arcs) + len(names) >= 2


def _plotly_locale_script(language: Language) -> str:
    """Return plotly.js's official locale file for the language, to run after the page's
    script (in a scope of its own): it registers itself with plotly.js, at once if it is
    loaded, else as soon as it loads (plotly.js reads window.PlotlyLocales)."""
    locale = plotly_locale(language)
    if locale is None:
        return ""
    return _script_text(f"\n(function () {{\n{locale[1].strip()}\n}})();\n")


def _check_trace_types(figure: go.Figure, drawable: frozenset[str] | None) -> None:
    """Refuse a customised figure the page's plotly.js bundle cannot draw in full."""
    if drawable is None:
        return
    missing = sorted({trace.type or "scatter" for trace in figure.data} - drawable)
    if missing:
        raise RecapError.at(
            "customize",
            f"the figure has {', '.join(missing)} traces, which plotly.js's basic bundle "
            "does not draw",
            hint="use plotlyjs='full' (or the path of a bundle that draws them)",
        )


@lru_cache(maxsize=4)
def _inline_plotly_tag(script: str) -> str:
    """Hold plotly.js as inert text; the page runs it once its own text has painted.

    Its few characters past ASCII (in regular expressions) are written as \\u escapes,
    the same characters to JavaScript: a page in a language written in Latin letters is
    then one byte a character in Python too, which halves the work on its megabytes.
    """
    ascii_only = _PAST_ASCII.sub(_escaped_code_units, _script_text(script))
    return f'<script type="text/plain" class="recap-plotlyjs">{ascii_only}</script>'


_PAST_ASCII = re.compile("[^\x00-\x7f]")


def _escaped_code_units(found: re.Match[str]) -> str:
    """Return a character as JavaScript's \\u escapes of its UTF-16 code units."""
    units = found.group().encode("utf-16-be")
    return "".join(f"\\u{units[at] << 8 | units[at + 1]:04x}" for at in range(0, len(units), 2))


@lru_cache(maxsize=2)
def _encoded_plotly_holder(script: str) -> str:
    """Hold plotly.js for a fragment as base64: plotly.js has tabs and blank lines, which
    Markdown rewrites (tabs to spaces) or ends an HTML block at (CommonMark)."""
    encoded = base64.b64encode(script.encode("utf-8")).decode("ascii")
    return f'<template class="recap-plotlyjs">{encoded}</template>'


# Code points HTML does not allow in a document; plotly.js has a few inside its strings.
_NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _script_text(script: str) -> str:
    # Inside JavaScript literals a \u escape is the same character, written in plain text.
    script = _NOT_IN_HTML.sub(lambda found: f"\\u{ord(found.group()):04x}", script)
    # A script may not contain '</script' inside a script element, in any letter case.
    return re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)


LONG_STORY = 300
