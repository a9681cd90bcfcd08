"""Figure -> static PNG or SVG, for places that run no scripts (CMS blocks, newsletters)."""

from __future__ import annotations

import os
import re
from importlib.resources import files
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go

from recap.characters import characters_spec
from recap.errors import RecapError
from recap.export import Output, output_stem, write_atomic
from recap.figure import figure_spec
from recap.frame import public_view, to_frame
from recap.i18n import N_
from recap.model import Story, StoryOrder
from recap.page import PageOptions, page_language
from recap.plotlyjs import BASIC_FILE
from recap.theme import Theme

ImageFormat = Literal["png", "svg"]
ImageView = Literal["told", "story", "characters"]
IMAGE_WIDTH = 1200
PNG_SCALE = 2  # sharp on high-density screens
KALEIDO_ATTEMPTS = 3
LOCKED_CAPTION = N_("Grey squares are spoilers, hidden in this image.")


def render_image(
    story: Story,
    *,
    fmt: ImageFormat,
    options: PageOptions = PageOptions(),
    view: ImageView | None = None,
) -> bytes:
    """Draw one view of the story as an image; spoilers follow `options.spoilers`."""
    language = page_language(story, options)
    frame = public_view(to_frame(story), options.spoilers, language=language)
    theme: Theme = "dark" if options.theme == "dark" else "light"  # an image cannot follow
    view = view or story.order
    spec = None
    if view == "characters":
        spec = characters_spec(frame, theme=theme, title=story.title, language=language)
    if spec is None:
        order: StoryOrder = "story" if view == "story" else "told"
        spec = figure_spec(
            frame,
            theme=theme,
            title=story.title,
            width=IMAGE_WIDTH,
            order=order,
            language=language,
        )
    figure = go.Figure(spec)
    if frame["locked"].any():
        # At the end of the title's line: the right, or the left right to left.
        figure.add_annotation(
            text=language.isolate(language.gettext(LOCKED_CAPTION)),
            xref="paper",
            yref="paper",
            x=0 if language.rtl else 1,
            y=1,
            yshift=48,
            xanchor="left" if language.rtl else "right",
            yanchor="bottom",
            showarrow=False,
            font={"size": 12},
        )
    # plotly.js gives each trace and the plot a random id; fixed ones keep files identical.
    for index, trace in enumerate(figure.data):
        trace.uid = f"trace{index}"
    figure.update_layout(paper_bgcolor="#0d1117" if options.theme == "dark" else "#ffffff")
    data = _to_image(figure, fmt)
    if fmt == "svg":
        data = _stable_svg_ids(data)
    return data


def write_image(
    story: Story,
    out_dir: str | Path,
    *,
    fmt: ImageFormat = "png",
    options: PageOptions = PageOptions(),
    view: ImageView | None = None,
) -> Output:
    """Write `<slug>.png` or `<slug>.svg` into `out_dir`, atomically."""
    path = Path(out_dir) / f"{output_stem(story)}.{fmt}"
    data = render_image(story, fmt=fmt, options=options, view=view)
    return Output(path, write_atomic(path, data))


def _to_image(figure: go.Figure, fmt: ImageFormat) -> bytes:
    import kaleido
    from choreographer.errors import ChromeNotFoundError
    from kaleido._kaleido_tab._errors import JavascriptError

    spec = figure.to_plotly_json()
    options = {
        "format": fmt,
        "width": IMAGE_WIDTH,
        "height": spec["layout"]["height"],
        "scale": PNG_SCALE if fmt == "png" else 1,
    }
    # Called directly rather than through plotly.io, which cannot turn MathJax off:
    # kaleido would load it from a CDN (offline builds, and story text is no TeX). The
    # vendored basic bundle draws everything recap draws, and loads faster than the full.
    bundle = files("recap").joinpath("vendor", BASIC_FILE)
    kopts = {"mathjax": False, "plotlyjs": str(bundle)}
    try:
        for attempt in range(KALEIDO_ATTEMPTS):
            try:
                data: bytes = kaleido.calc_fig_sync(spec, opts=options, kopts=kopts)
                break
            except JavascriptError as error:
                # Under load kaleido can call into its page before the page's scripts
                # have run (a race in kaleido 1.x); a fresh try goes through.
                if "kaleido_scopes is not defined" not in str(error) or (
                    attempt == KALEIDO_ATTEMPTS - 1
                ):
                    raise
    except ChromeNotFoundError:
        pointed = os.environ.get("BROWSER_PATH")
        raise RecapError.at(
            "--image",
            f"static images need a Chromium or Chrome browser; BROWSER_PATH={pointed} is not one"
            if pointed
            else "static images need a Chromium or Chrome browser, and none was found",
            hint="install one, e.g. `sudo apt-get install chromium` on Debian or Ubuntu, "
            "or set BROWSER_PATH to its executable",
        ) from None
    return data


def _stable_svg_ids(svg: bytes) -> bytes:
    found = re.search(rb'id="defs-([0-9a-f]+)"', svg)
    return svg.replace(found.group(1), b"recap") if found else svg
