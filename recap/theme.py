"""How the charts look: colours per theme, fonts, line styles, and safe text."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

from recap.i18n import Language

Theme = Literal["light", "dark"]

FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", sans-serif'
)
# A language's own script first: its letters in a font made for them (Han characters in
# Japanese shapes for ja, Arabic in an Arabic font rather than a Latin font's fallback);
# the same families lead the page's stack (timeline.css, by :lang()).
SCRIPT_FONTS = {
    "ja": '"Noto Sans CJK JP", "Noto Sans JP"',
    "ko": '"Noto Sans CJK KR", "Noto Sans KR"',
    "zh": '"Noto Sans CJK SC", "Noto Sans SC"',
    "ar": '"Noto Sans Arabic", "Noto Naskh Arabic"',
    # Persian and Urdu in the Arabic script's Naskh-like sans: Urdu's own Nastaliq is
    # taller than a line of the chart's labels allows.
    "fa": '"Noto Sans Arabic", "Noto Naskh Arabic"',
    "ur": '"Noto Sans Arabic", "Noto Naskh Arabic"',
    "he": '"Noto Sans Hebrew"',
}
LOCKED_SYMBOL = "square"
# Line style tells the arc kinds apart without colour; each arc has its own shape too.
DASHES = {"protagonist": "solid", "antagonist": "dash", "other": "dot"}


@dataclass(frozen=True)
class Palette:
    text: str
    muted: str
    grid: str
    band: str
    spoiler_band: str
    locked: str
    marker_outline: str
    hover_background: str
    label_background: str


PALETTES: dict[Theme, Palette] = {
    "light": Palette(
        text="#1f2328",
        muted="#57606a",
        grid="#d0d7de",
        band="rgba(128,128,128,0.09)",
        spoiler_band="rgba(130,80,223,0.11)",
        locked="#6e7781",
        marker_outline="#ffffff",
        hover_background="#ffffff",
        label_background="rgba(255,255,255,0.8)",
    ),
    "dark": Palette(
        text="#e6edf3",
        muted="#9da7b3",
        grid="#30363d",
        band="rgba(128,128,128,0.12)",
        spoiler_band="rgba(130,80,223,0.16)",
        locked="#8b949e",
        marker_outline="#0d1117",
        hover_background="#161b22",
        label_background="rgba(13,17,23,0.8)",
    ),
}


def font_family(language: Language) -> str:
    """Return the chart's font stack for a language."""
    own = SCRIPT_FONTS.get(language.catalog.split("_")[0])
    return f"{own}, {FONT_FAMILY}" if own else FONT_FAMILY


def escape(text: str) -> str:
    """Make user text literal in Plotly's small HTML subset."""
    return html.escape(text, quote=False)
