"""Story + Figures -> HTML: the page shell, the text list, and the spoiler gate."""

from __future__ import annotations

import base64
import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

import jinja2
import pandas as pd

from recap.errors import RecapError
from recap.figure import DASHES, SYMBOLS, Theme, build_figure, figure_spec
from recap.frame import SPOILER_ID_PREFIX, events, public_view, to_frame
from recap.model import SpoilerMode, Story
from recap.plotlyjs import PlotlyScript

if TYPE_CHECKING:
    import plotly.graph_objects as go

PageTheme = Literal["light", "dark", "auto"]  # auto follows the reader's system setting
# A string, so that importing this module does not import plotly's figure classes.
FigureHook = Callable[["go.Figure"], "go.Figure | None"]

PLOTLY_SLOT = "<!--recap:plotly.js-->"
PLOTLY_DEFAULT_HEIGHT = 450  # what plotly.js draws when a figure sets no height
_SWATCH_SHAPES = {
    "circle": '<circle cx="9" cy="9" r="6" fill="{color}"/>',
    "diamond": '<path d="M9 2 16 9 9 16 2 9Z" fill="{color}"/>',
    "triangle-up": '<path d="M9 2 16 15H2Z" fill="{color}"/>',
    "square": '<rect x="3" y="3" width="12" height="12" fill="{color}"/>',
}


@dataclass(frozen=True)
class PageOptions:
    """How to render a story page."""

    spoilers: SpoilerMode = "hidden"
    theme: PageTheme = "light"
    lang: str = "en"
    og_image: str | None = None  # address of the timeline's image, for link previews


def render_page(
    story: Story,
    *,
    plotly: PlotlyScript,
    options: PageOptions = PageOptions(),
    customize: FigureHook | None = None,
) -> str:
    """Render the full, standalone HTML page for a story."""
    return _render("page.html.j2", story, plotly, options, customize, standalone=True)


def render_fragment(
    story: Story,
    *,
    plotly: PlotlyScript,
    options: PageOptions = PageOptions(),
    customize: FigureHook | None = None,
) -> str:
    """Render the timeline as one <section> to paste into an article.

    Its styles and script act on it alone, its headings start at <h2> (under the
    article's own title), and several timelines can share one article.
    """
    return _render("fragment.html.j2", story, plotly, options, customize, standalone=False)


def _render(
    template: str,
    story: Story,
    plotly: PlotlyScript,
    options: PageOptions,
    customize: FigureHook | None,
    *,
    standalone: bool,
) -> str:
    context = _timeline_context(
        story,
        to_frame(story),
        options=options,
        customize=customize,
        standalone=standalone,
        trace_types=plotly.trace_types,
    )
    context["plotly_src"] = plotly.src
    context["plotly_integrity"] = plotly.integrity
    context["plotly_tag"] = PLOTLY_SLOT if plotly.inline else ""
    html = _environment().get_template(template).render(context)
    if not plotly.inline:
        return html
    # Spliced in after rendering: passing megabytes through the template copies them.
    return html.replace(PLOTLY_SLOT, _inline_plotly_tag(plotly.inline), 1)


def _timeline_context(
    story: Story,
    frame: pd.DataFrame,
    *,
    options: PageOptions,
    customize: FigureHook | None,
    standalone: bool,
    trace_types: frozenset[str] | None = None,
) -> dict[str, Any]:
    root_id = f"recap-{story.file_stem or 'timeline'}"
    heading_base = 1 if standalone else 2
    spoiler_count = int(frame.loc[frame["spoiler"], "order"].nunique())
    public = public_view(frame, options.spoilers)

    def figure_json(view: pd.DataFrame) -> tuple[str, int]:
        """Return the view's figure as JSON text, and its height in pixels."""
        palette: Theme = "dark" if options.theme == "dark" else "light"
        if customize is None:
            spec = figure_spec(view, theme=palette)
            text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
            return text, spec["layout"]["height"]
        import plotly.io as pio

        figure = build_figure(view, theme=palette)
        figure = customize(figure) or figure
        _check_trace_types(figure, trace_types)
        # The stdlib engine: orjson, when installed, would write different bytes.
        text = pio.to_json(figure, validate=False, engine="json")
        return text, figure.layout.height or PLOTLY_DEFAULT_HEIGHT

    reveal_payload = None
    if options.spoilers == "hidden" and spoiler_count:
        revealed = json.dumps(
            {
                "legend": _legend_html(frame, heading_base=heading_base),
                "events": _spoiler_items(frame, root_id=root_id, heading_base=heading_base),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        revealed = '{"figure":' + figure_json(frame)[0] + "," + revealed[1:]
        # Base64 keeps the ending out of the page's text, its search and its source view.
        reveal_payload = base64.b64encode(revealed.encode("utf-8")).decode("ascii")

    public_figure, chart_height = figure_json(public)
    byline = " · ".join(
        part for part in (story.subtitle, str(story.year) if story.year else None) if part
    )
    arcs = public.drop_duplicates("arc_id")["arc_label"].tolist()
    description = story.subtitle or (
        f"An interactive, spoiler-safe timeline of {story.title}: "
        f"{public['order'].nunique()} events across {len(arcs)} arcs."
    )
    return {
        "lang": options.lang,
        "og_image": options.og_image,
        "page_title": f"{story.title}: story timeline",
        "description": description,
        "title": story.title,
        "byline": byline,
        "source": story.source,
        "root_id": root_id,
        "theme": options.theme,
        "spoilers": options.spoilers,
        "locked_count": spoiler_count if options.spoilers == "hidden" else 0,
        "omitted_count": spoiler_count if options.spoilers == "omit" else 0,
        "standalone": standalone,
        "heading_base": heading_base,
        "legend_html": _legend_html(public, heading_base=heading_base),
        "events_html": _events_html(public, root_id=root_id, heading_base=heading_base),
        "figure_json": _script_json(public_figure),
        "chart_height": chart_height,
        "reveal_payload": reveal_payload,
        "css": _static("timeline.css"),
        "script": _static("timeline.js"),
    }


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


def _legend_html(frame: pd.DataFrame, *, heading_base: int) -> str:
    arcs = []
    for row in _records(frame.drop_duplicates("arc_id").sort_values("lane")):
        symbol = "square" if row["arc_id"] == "hidden" else SYMBOLS[row["arc_kind"]]
        arcs.append(
            {
                "label": row["arc_label"],
                "kind": row["arc_kind"],
                "description": row["arc_description"],
                "swatch": _swatch(symbol, row["arc_color"], row["arc_kind"]),
            }
        )
    if frame["locked"].any():
        arcs.append(
            {
                "label": "Spoiler",
                "kind": "other",
                "description": "hidden until you reveal it",
                "swatch": _swatch("square", "#6e7781", "other"),
            }
        )
    template = _environment().get_template("legend.html.j2")
    return template.render(arcs=arcs, heading_base=heading_base).strip()


def _swatch(symbol: str, color: str, kind: str) -> str:
    dash = {"solid": "", "dash": ' stroke-dasharray="3 2"', "dot": ' stroke-dasharray="1 2"'}[
        DASHES[kind]
    ]
    line = f'<line x1="0" y1="9" x2="18" y2="9" stroke="{color}" stroke-width="2"{dash}/>'
    return line + _SWATCH_SHAPES[symbol].format(color=color)


def _acts(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Group the told events into unbroken runs of one act, for the text list."""
    acts: list[dict[str, Any]] = []
    for row in _records(events(frame)):
        if not acts or acts[-1]["id"] != row["act_id"]:
            acts.append({"id": row["act_id"], "label": row["act_label"], "events": []})
            acts[-1]["number"] = len(acts)
        row["arcs"] = [
            {"label": label, "color": color}
            for label, color in zip(row["arc_labels"], row["arc_colors"], strict=True)
        ]
        acts[-1]["events"].append(row)
    for act in acts:
        act["spoiler"] = all(event["spoiler"] for event in act["events"])
    return acts


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the rows as dicts of plain Python values: DataFrame.to_dict("records"),
    several times faster on pandas' Arrow-backed text columns."""
    names = frame.columns.tolist()
    columns = [frame[name].tolist() for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _events_html(frame: pd.DataFrame, *, root_id: str, heading_base: int) -> str:
    template = _environment().get_template("events.html.j2")
    return template.render(acts=_acts(frame), root_id=root_id, heading_base=heading_base).strip()


def _spoiler_items(frame: pd.DataFrame, *, root_id: str, heading_base: int) -> dict[str, str]:
    """Return each spoiler event's list item, keyed by its placeholder's event id."""
    template = _environment().get_template("event.html.j2")
    items = {}
    for act in _acts(frame[frame["spoiler"]]):  # the heading levels need only their acts
        event_level = heading_base + (3 if act["label"] else 2)
        for event in act["events"]:
            if event["spoiler"]:
                html = template.render(event=event, event_level=event_level, root_id=root_id)
                items[f"{SPOILER_ID_PREFIX}{event['order']}"] = html.strip()
    return items


def _script_json(text: str) -> str:
    """Make JSON text safe inside a <script> element (no '</script>' breakout)."""
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


@lru_cache(maxsize=4)
def _inline_plotly_tag(script: str) -> str:
    """Hold plotly.js as inert text; the page runs it once its own text has painted."""
    return f'<script type="text/plain" class="recap-plotlyjs">{_script_text(script)}</script>'


# Code points HTML does not allow in a document; plotly.js has a few inside its strings.
_NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _script_text(script: str) -> str:
    # Inside JavaScript literals a \u escape is the same character, written in plain text.
    script = _NOT_IN_HTML.sub(lambda found: f"\\u{ord(found.group()):04x}", script)
    # A script may not contain '</script' inside a script element, in any letter case.
    return re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)


@cache
def _static(name: str) -> str:
    return files("recap").joinpath("static", name).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("recap", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # package files: no need to check them once per event
        bytecode_cache=_template_cache(),
    )


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, as Python keeps .pyc files: compiling them
    costs a small build more than everything else it does. Never in the way: a cache
    that cannot be read or written is passed over."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache() -> jinja2.BytecodeCache | None:
    try:
        return _TemplateCache()  # a private folder in the system's temporary one
    except (OSError, RuntimeError):
        return None
