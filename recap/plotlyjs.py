"""Which plotly.js a page runs, and how it gets it: inlined, from the CDN, or beside it.

recap draws scatter traces, shapes and annotations only, so by default a page gets
plotly.js's official *basic* partial bundle (vendored in recap/vendor/, 1.2 MB), not
the full one (4.8 MB) that plotly ships. `full` inlines the full bundle, for figures
customised with trace types the basic bundle lacks.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

PlotlyMode = Literal["inline", "cdn", "directory", "full"]
PLOTLY_MODES: tuple[PlotlyMode, ...] = ("inline", "cdn", "directory", "full")

BASIC_FILE = "plotly-basic.min.js"
# The trace modules of the basic bundle (its README: "bar, pie and scatter").
BASIC_TRACE_TYPES = frozenset({"scatter", "bar", "pie"})
CDN = "https://cdn.plot.ly"
# Every official bundle opens with e.g. "* plotly.js (basic - minified) v4.1.1".
_VERSION = re.compile(r"\* plotly\.js (?:\([a-z -]+\) )?v(\d+\.\d+\.\d+[^\s*]*)")


@dataclass(frozen=True)
class PlotlyScript:
    """Where the page gets plotly.js: inlined text, or a URL to load it from."""

    inline: str | None = None
    src: str | None = None
    integrity: str | None = None
    # The trace types the bundle draws; None when unknown (full or user-supplied).
    trace_types: frozenset[str] | None = None

    @classmethod
    def choose(cls, mode: PlotlyMode) -> PlotlyScript:
        """Return the script for 'inline', 'cdn', 'directory' (basic bundle) or 'full'."""
        if mode == "inline":
            return cls(inline=basic_bundle(), trace_types=BASIC_TRACE_TYPES)
        if mode == "cdn":
            return cls(src=basic_cdn_url(), integrity=basic_sri(), trace_types=BASIC_TRACE_TYPES)
        if mode == "directory":
            return cls(src=BASIC_FILE, trace_types=BASIC_TRACE_TYPES)
        if mode == "full":
            return cls(inline=full_bundle())
        raise ValueError(f"unknown plotly.js mode {mode!r}")


@cache
def basic_bundle_bytes() -> bytes:
    """Return the vendored basic bundle, byte for byte as plotly.js publishes it."""
    return files("recap").joinpath("vendor", BASIC_FILE).read_bytes()


@cache
def basic_bundle() -> str:
    return basic_bundle_bytes().decode("utf-8")


@cache
def full_bundle() -> str:
    """Return the full plotly.js bundle that ships with plotly (read once per process)."""
    from plotly.offline import get_plotlyjs  # plotly is imported only when asked for

    bundle: str = get_plotlyjs()
    return bundle


def bundle_version(bundle: str) -> str:
    """Return the plotly.js version an official bundle names in its opening comment."""
    found = _VERSION.search(bundle[:500])
    if found is None:
        raise ValueError("not an official plotly.js bundle: no version in its header")
    return found.group(1)


def basic_cdn_url() -> str:
    """Return the official CDN address of the vendored basic bundle's version."""
    return f"{CDN}/plotly-basic-{bundle_version(basic_bundle())}.min.js"


@cache
def basic_sri() -> str:
    """Return the subresource-integrity hash of the basic bundle, for the CDN's copy."""
    digest = hashlib.sha384(basic_bundle_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")
