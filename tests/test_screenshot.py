"""The README's picture of the Ballerina page stays the picture of the page as built."""

from __future__ import annotations

import importlib.util
from importlib.machinery import SourceFileLoader
from types import ModuleType

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "screenshot"


def screenshot_script() -> ModuleType:
    """scripts/screenshot as a module (it has no .py suffix)."""
    loader = SourceFileLoader("screenshot", str(SCRIPT))
    spec = importlib.util.spec_from_loader("screenshot", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_readme_picture_shows_the_page_as_built_now() -> None:
    script = screenshot_script()
    picture = script.PICTURE.read_bytes()
    assert f"]({script.PICTURE.relative_to(ROOT).as_posix()})" in (ROOT / "README.md").read_text()
    assert script.read_fingerprint(picture) == script.page_fingerprint(), (
        "the page changed since its picture was taken: run scripts/screenshot, look at "
        "docs/ballerina.png, and commit it"
    )
