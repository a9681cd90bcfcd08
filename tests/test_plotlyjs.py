"""plotlyjs.py: the vendored basic bundle, its version, licence, CDN address and hash."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from importlib.resources import files
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs, get_plotlyjs_version

import recap
from recap.page import (
    _PAST_ASCII,
    _escaped_code_units,
    _inline_plotly_tag,
    _script_text,
    render_page,
)
from recap.plotlyjs import PlotlyScript

VENDOR = Path(str(files("recap").joinpath("vendor")))
BASIC = VENDOR / "plotly-basic.min.js"
MAX_INLINE_PAGE_BYTES = 1_400_000  # issue 10: the inline Ballerina page stays under 1.4 MB
MAX_CDN_PAGE_GZIPPED = 30 * 1024  # issue 10: the cdn page's own bytes, gzipped


def header_version(bundle: str) -> str:
    found = re.match(r"/\*\*\n\* plotly\.js \(basic - minified\) v(\S+)\n", bundle)
    assert found, f"not the basic bundle's header: {bundle[:80]!r}"
    return found.group(1)


def test_vendored_bundle_is_the_plotly_js_that_plotly_ships() -> None:
    # The figures recap writes are for this plotly.js; a plotly upgrade must update both
    # (recap/vendor/README.md says how).
    assert header_version(BASIC.read_text("utf-8")) == get_plotlyjs_version()


def test_vendored_bundle_keeps_its_licence_and_provenance() -> None:
    licence = (VENDOR / "LICENSE").read_text("utf-8")
    assert licence.startswith("MIT License")
    assert "Plotly" in licence
    readme = (VENDOR / "README.md").read_text("utf-8")
    version = header_version(BASIC.read_text("utf-8"))
    assert f"plotly.js-basic-dist-min@{version}" in readme
    assert hashlib.sha256(BASIC.read_bytes()).hexdigest() in readme


def test_cdn_page_names_the_basic_bundle_with_its_hash(ballerina: recap.Story) -> None:
    page = render_page(ballerina, plotly=PlotlyScript.choose("cdn"))
    version = get_plotlyjs_version()
    source = re.search(r'data-plotly-src="([^"]+)"', page)
    integrity = re.search(r'data-plotly-integrity="([^"]+)"', page)
    assert source
    assert integrity
    assert source.group(1) == f"https://cdn.plot.ly/plotly-basic-{version}.min.js"
    digest = base64.b64encode(hashlib.sha384(BASIC.read_bytes()).digest()).decode()
    assert integrity.group(1) == f"sha384-{digest}"


def test_inline_page_carries_the_basic_bundle(ballerina: recap.Story, tmp_path: Path) -> None:
    page = recap.write_html(ballerina, tmp_path)[0].path
    text = page.read_text("utf-8")
    assert "plotly.js (basic - minified) v" in text
    assert "* plotly.js v" not in text  # not the full bundle's header
    assert page.stat().st_size <= MAX_INLINE_PAGE_BYTES


def test_cdn_page_stays_light(ballerina: recap.Story, tmp_path: Path) -> None:
    page = recap.write_html(ballerina, tmp_path, plotlyjs="cdn")[0].path
    assert len(gzip.compress(page.read_bytes(), 9)) <= MAX_CDN_PAGE_GZIPPED


def test_full_mode_inlines_plotlys_full_bundle(ballerina: recap.Story, tmp_path: Path) -> None:
    text = recap.write_html(ballerina, tmp_path, plotlyjs="full")[0].path.read_text("utf-8")
    full = get_plotlyjs()
    assert full[:200] in text
    assert f"* plotly.js v{get_plotlyjs_version()}" in text
    assert "(basic - minified)" not in text


def with_heatmap(figure: go.Figure) -> None:
    figure.add_trace(go.Heatmap(z=[[1, 2], [3, 4]]))


def test_basic_bundle_refuses_traces_it_cannot_draw(ballerina: recap.Story, tmp_path: Path) -> None:
    for mode in ("inline", "cdn", "directory"):
        with pytest.raises(recap.RecapError, match=r"heatmap traces.*plotlyjs='full'"):
            recap.write_html(ballerina, tmp_path / mode, plotlyjs=mode, customize=with_heatmap)
    page = recap.write_html(ballerina, tmp_path / "full", plotlyjs="full", customize=with_heatmap)
    assert '"type":"heatmap"' in page[0].path.read_text("utf-8")


def test_inline_plotly_is_written_in_ascii_with_the_same_characters() -> None:
    script = PlotlyScript.choose("inline").inline
    assert script is not None
    tag = _inline_plotly_tag(script)
    assert tag.isascii()
    # Each character past ASCII becomes the \u escapes of its UTF-16 code units, which
    # JavaScript (as JSON) reads as the character itself.
    past_ascii = [character for character in script if not character.isascii()]
    assert past_ascii  # the bundle has some (its calendars' regular expressions)
    # Only they change: each to six ASCII characters per UTF-16 code unit.
    grown = sum(3 * len(character.encode("utf-16-be")) - 1 for character in past_ascii)
    assert len(tag) == len(_inline_plotly_tag("")) + len(_script_text(script)) + grown
    for character in ("é", "闰", "\ufffd", "😀"):
        escaped = _PAST_ASCII.sub(_escaped_code_units, character)
        assert escaped.isascii()
        assert json.loads(f'"{escaped}"') == character
