"""Story -> a ready-to-paste iframe snippet, with an optional host script that fits its height."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import markupsafe

from recap.export import output_stem, published_url
from recap.i18n import language
from recap.model import Story, StoryOrder
from recap.page import PageTheme

DEFAULT_HEIGHT = 900  # px before the page reports its own height; shows chart and legend
RESIZE_MESSAGE = "recap:height"


def iframe_snippet(
    story: Story,
    *,
    url: str | None = None,
    base_url: str | None = None,
    resize: bool = True,
    order: StoryOrder | None = None,
    view: str | None = None,
    theme: PageTheme | None = "host",
    lang: str | None = None,
) -> str:
    """Return HTML to paste into an article: a sandboxed, titled iframe.

    Its title is in the page's language (`lang`, else the story's `lang:`). Its address
    is `url`, else the page's under `base_url`, else the page's file name (which works
    only for an article beside the page). With `resize`, a small host script follows it:
    it sets the iframe's height to the height the page reports and scrolls the article to
    an `#event` the page opens at, accepting messages only from that iframe (and origin);
    with theme `host` (the default), it also tells the page the article's colour scheme,
    live. The iframe is lazy unless its address names an event, which the article must
    scroll to.
    """
    page = f"{output_stem(story)}.html"
    src = _with_query(
        url or (published_url(base_url, page) if base_url else page),
        order=order,
        view=view,
        theme=theme,
    )
    frame_id = f"recap-frame-{output_stem(story)}"
    title = language(lang or story.lang).gettext("%(title)s: story timeline", title=story.title)
    lazy = "" if urlsplit(src).fragment else 'loading="lazy" '
    iframe = (
        f'<iframe id="{markupsafe.escape(frame_id)}" src="{markupsafe.escape(src)}" '
        f'title="{markupsafe.escape(title)}" {lazy}sandbox="allow-scripts allow-popups" '
        f'style="display:block;width:100%;max-width:100%;height:{DEFAULT_HEIGHT}px;border:0">'
        "</iframe>"
    )
    if not resize:
        return iframe + "\n"
    script = _host_script(frame_id, _origin(src), tell_scheme=theme == "host")
    return iframe + "\n" + script + "\n"


def _with_query(url: str, **options: str | None) -> str:
    """Add the page's view options to its address (?order=story, ?view=characters)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(key, value) for key, value in options.items() if value]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _host_script(frame_id: str, origin: str | None, *, tell_scheme: bool) -> str:
    text = _static_script("host.js")
    script = (
        text[text.index("(function") :]  # its opening comment is for recap's readers
        .replace("__FRAME_ID__", json.dumps(frame_id))
        .replace("__FRAME_ORIGIN__", json.dumps(origin) if origin else "location.origin")
        .replace("__TELL_SCHEME__", "true" if tell_scheme else "false")
    )
    if tell_scheme:
        script = script.replace("    /* scheme.js */\n", _indented(_static_script("scheme.js"), 4))
    else:  # the functions would go unused
        script = script.replace("    /* scheme.js */\n", "")
    return "<script>\n" + script + "</script>"


@cache
def _static_script(name: str) -> str:
    """A script from recap/static/js, without blank lines (CommonMark ends HTML at one)."""
    text = files("recap").joinpath("static", "js", name).read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True) if line.strip())


def _indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line for line in text.splitlines(keepends=True))
