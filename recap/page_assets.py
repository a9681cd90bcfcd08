"""The page's own script and styles, as pages ship them. The script: its parts in
`recap/static/js/`, joined in a fixed order into one scope.

Pages ship the script minified by terser (names shortened, not only spaces removed:
a third smaller once gzipped), from `recap/static/page.min.js`, which
`scripts/minify-js` writes from the parts and tests/test_page_assets.py checks. The
file names the hash of the parts it was made from; while a part has changed since
(someone is editing the script), pages get the parts joined and stripped by rjsmin
instead, so a build always runs the script as it is in the tree.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files

import rcssmin
import rjsmin

# One file per concern, joined in this order into one scope.
SCRIPT_PARTS = (
    "core",
    "i18n",
    "labels",
    "sketch",
    "interactive",
    "details",
    "hover",
    "thinning",
    "held",
    "reveal",
    "views",
    "follow",
    "scheme",
    "address",
    "setup",
)
MINIFIED = "page.min.js"
# The minified file's first line: "/*! recap page script: terser VERSION, parts sha256 HEX */".
HEADER = "/*! recap page script: terser {version}, parts sha256 {digest} */\n"


@cache
def _static(name: str) -> str:
    return (files("recap") / "static" / name).read_text(encoding="utf-8")


@cache
def joined_parts() -> str:
    """The script as written: every part, in order, in one strict-mode scope."""
    parts = [_static(f"js/{name}.js") for name in SCRIPT_PARTS]
    return '(function () {\n"use strict";\n' + "\n".join(parts) + "})();\n"


def parts_digest(script: str) -> str:
    return hashlib.sha256(script.encode("utf-8")).hexdigest()


@cache
def browser_script() -> str:
    """The script as pages ship it."""
    try:
        minified = _static(MINIFIED)
    except FileNotFoundError:
        minified = ""
    return shipped_script(joined_parts(), minified)


def shipped_script(script: str, minified: str) -> str:
    """terser's output (`minified`, with its header) when it was made from `script`;
    else `script` stripped of comments and indentation."""
    first, _, body = minified.partition("\n")
    if first.endswith(f"parts sha256 {parts_digest(script)} */"):
        return _without_blank_lines(body)
    return _without_blank_lines(rjsmin.jsmin(script) + "\n")


@cache
def page_css(*, pictures: bool) -> str:
    """The page's styles, minified; the pictures' only for a page that shows some."""
    css = _static("timeline.css") + (_static("pictures.css") if pictures else "")
    return _without_blank_lines(rcssmin.cssmin(css))


def _without_blank_lines(text: str) -> str:
    """Drop blank lines: CommonMark ends an HTML block at one, so a fragment has none."""
    return "".join(line for line in text.splitlines(keepends=True) if line.strip())
