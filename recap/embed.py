"""Story -> a ready-to-paste iframe snippet, with an optional host script that fits its height."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import markupsafe

from recap.export import output_stem, published_url
from recap.i18n import language
from recap.model import Story, StoryOrder

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
    lang: str | None = None,
) -> str:
    """Return HTML to paste into an article: a lazy, sandboxed, titled iframe.

    Its title is in the page's language (`lang`, else the story's `lang:`). Its address
    is `url`, else the page's under `base_url`, else the page's file name (which works
    only for an article beside the page). With `resize`, a small script follows it that
    sets the iframe's height to the height the page reports, accepting messages only
    from that iframe (and origin).
    """
    page = f"{output_stem(story)}.html"
    src = _with_query(
        url or (published_url(base_url, page) if base_url else page), order=order, view=view
    )
    frame_id = f"recap-frame-{output_stem(story)}"
    title = language(lang or story.lang).gettext("%(title)s: story timeline", title=story.title)
    iframe = (
        f'<iframe id="{markupsafe.escape(frame_id)}" src="{markupsafe.escape(src)}" '
        f'title="{markupsafe.escape(title)}" loading="lazy" sandbox="allow-scripts allow-popups" '
        f'style="display:block;width:100%;max-width:100%;height:{DEFAULT_HEIGHT}px;border:0">'
        "</iframe>"
    )
    if not resize:
        return iframe + "\n"
    return iframe + "\n" + _resize_script(frame_id, _origin(src)) + "\n"


def _with_query(url: str, **options: str | None) -> str:
    """Add the page's view options to its address (?order=story, ?view=characters)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(key, value) for key, value in options.items() if value]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _resize_script(frame_id: str, origin: str | None) -> str:
    # A sandboxed iframe without allow-same-origin posts from the opaque origin "null",
    # so the message's source window is the check that matters; the origin is checked too.
    expected = json.dumps(origin) if origin else "location.origin"
    return (
        "<script>\n(function () {\n"
        f"  var frame = document.getElementById({json.dumps(frame_id)});\n"
        f'  var origins = ["null", {expected}];\n'
        '  window.addEventListener("message", function (event) {\n'
        "    if (!frame || event.source !== frame.contentWindow) return;\n"
        "    if (origins.indexOf(event.origin) === -1) return;\n"
        "    var data = event.data;\n"
        f"    if (!data || data.type !== {json.dumps(RESIZE_MESSAGE)}) return;\n"
        "    var height = Math.round(Number(data.height));\n"
        '    if (height >= 100 && height <= 50000) frame.style.height = height + "px";\n'
        "  });\n"
        "})();\n</script>"
    )
