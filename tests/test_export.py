"""export.py: files on disk, atomic and only rewritten when they change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import recap
from recap.export import write_atomic
from recap.page import PageOptions
from recap.plotlyjs import basic_bundle_bytes


def test_writes_the_page_named_after_the_slug(ballerina: recap.Story, tmp_path: Path) -> None:
    outputs = recap.write_html(ballerina, tmp_path, plotlyjs="cdn")
    assert [output.path for output in outputs] == [tmp_path / "ballerina.html"]
    assert outputs[0].changed
    assert sorted(os.listdir(tmp_path)) == ["ballerina.html"]


def test_same_input_gives_identical_bytes(ballerina: recap.Story, tmp_path: Path) -> None:
    for mode in ("hidden", "shown", "omit"):
        first = recap.write_html(ballerina, tmp_path / "a", options=PageOptions(spoilers=mode))
        second = recap.write_html(ballerina, tmp_path / "b", options=PageOptions(spoilers=mode))
        assert first[0].path.read_bytes() == second[0].path.read_bytes()


def test_unchanged_file_keeps_its_modification_time(ballerina: recap.Story, tmp_path: Path) -> None:
    page = recap.write_html(ballerina, tmp_path, plotlyjs="cdn")[0].path
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    again = recap.write_html(ballerina, tmp_path, plotlyjs="cdn")
    assert not again[0].changed
    assert page.stat().st_mtime_ns == 1_000_000_000
    changed = recap.write_html(
        ballerina, tmp_path, plotlyjs="cdn", options=PageOptions(spoilers="shown")
    )
    assert changed[0].changed
    assert page.stat().st_mtime_ns != 1_000_000_000


def test_directory_mode_shares_plotly_beside_the_page(
    ballerina: recap.Story, tmp_path: Path
) -> None:
    (tmp_path / "plotly-basic.min.js").write_text("/* an older plotly.js */")
    outputs = recap.write_html(ballerina, tmp_path, plotlyjs="directory")
    bundle = tmp_path / "plotly-basic.min.js"
    assert [output.path for output in outputs] == [bundle, tmp_path / "ballerina.html"]
    assert bundle.read_bytes() == basic_bundle_bytes()  # replaced: the version changed
    assert 'data-plotly-src="plotly-basic.min.js"' in outputs[1].path.read_text()


def test_path_mode_inlines_the_given_bundle(ballerina: recap.Story, tmp_path: Path) -> None:
    bundle = tmp_path / "partial.js"
    bundle.write_text("window.Plotly = {marker: 'partial bundle'};")
    page = recap.write_html(ballerina, tmp_path / "out", plotlyjs=bundle)[0].path.read_text()
    assert "window.Plotly = {marker: 'partial bundle'};" in page


def test_unwritable_output_folder_is_a_recap_error(ballerina: recap.Story, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(recap.RecapError, match="cannot write to this folder"):
        recap.write_html(ballerina, blocker / "out")


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(recap.RecapError, match="No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["page.html"]
