"""The page's script as pages ship it: terser's output of the parts in recap/static/js/,
kept in recap/static/page.min.js by scripts/minify-js, and never stale in a page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import recap
from recap.page_assets import (
    HEADER,
    MINIFIED,
    browser_script,
    joined_parts,
    parts_digest,
    shipped_script,
)

ROOT = Path(__file__).resolve().parents[1]
MINIFIED_PATH = ROOT / "recap" / "static" / MINIFIED
TERSER = ROOT / "tests" / "audit" / "node_modules" / "terser" / "bin" / "terser"


def header_fields() -> tuple[str, str]:
    first = MINIFIED_PATH.read_text("utf-8").partition("\n")[0]
    prefix = HEADER.partition("{version}")[0]
    assert first.startswith(prefix), first
    version, _, digest = first[len(prefix) :].partition(", parts sha256 ")
    return version, digest.removesuffix(" */")


def test_the_minified_script_is_made_from_the_current_parts() -> None:
    digest = header_fields()[1]
    assert digest == parts_digest(joined_parts()), (
        "recap/static/js/ changed since page.min.js was made: run scripts/minify-js"
    )


def test_its_terser_is_the_one_the_test_tools_pin() -> None:
    package = json.loads((ROOT / "tests" / "audit" / "package.json").read_text("utf-8"))
    version, _ = header_fields()
    assert package["devDependencies"]["terser"] == version


def test_terser_makes_the_same_file_again() -> None:
    if not TERSER.is_file():
        if os.environ.get("RECAP_REQUIRE_BROWSER") == "1":
            pytest.fail("no terser: npm ci --prefix tests/audit", pytrace=False)
        pytest.skip("no terser: npm ci --prefix tests/audit")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "minify-js"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_a_page_ships_the_minified_script(tmp_path: Path) -> None:
    body = MINIFIED_PATH.read_text("utf-8").partition("\n")[2].strip()
    assert browser_script().strip() == body
    (output,) = recap.write_html(recap.load_story(ROOT / "events.yaml"), tmp_path)
    assert body in output.path.read_text("utf-8")


def test_a_stale_minified_script_is_not_shipped() -> None:
    parts = joined_parts()
    fresh = HEADER.format(version="0", digest=parts_digest(parts)) + "minified();\n"
    assert shipped_script(parts, fresh) == "minified();\n"
    edited = parts.replace('"use strict";', '"use strict";\nvar edited = 1; // a comment', 1)
    shipped = shipped_script(edited, fresh)
    assert "var edited=1;" in shipped
    assert "a comment" not in shipped
    assert "minified();" not in shipped
    assert shipped_script(parts, "") == shipped_script(parts, "no header\n")
