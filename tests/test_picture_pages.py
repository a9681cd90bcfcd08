"""Pictures through the pipeline: located errors, the frame, the page, the files, the CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import recap
from recap.build import BuildSettings, build_story
from recap.cli import main
from recap.frame import events, redact_spoilers
from recap.page import PageOptions, PlotlyScript, render_page
from recap.veil import unveil_held
from tests.picture_kit import (
    SPOILER_ALT,
    SPOILER_CREDIT,
    metadata_problems,
    photo,
    story_with_pictures,
)

HEAD = "title: T\narcs:\n  r: {label: R}\nevents:\n  - title: E\n    arcs: r\n"


def payload_of(page: str) -> str:
    found = re.search(r'class="recap-reveal-data"[^>]*>([^<]+)</template>', page)
    assert found, "no reveal payload in the page"
    return unveil_held(found.group(1))


def without_payload(page: str) -> str:
    return re.sub(r'class="recap-reveal-data"[^>]*>[^<]+</template>', "", page)


def data_uris(text: str) -> list[bytes]:
    return [
        base64.b64decode(found)
        for found in re.findall(r"data:image/webp;base64,([A-Za-z0-9+/=]+)", text)
    ]


# --- located errors ---------------------------------------------------------------------


@pytest.fixture
def picture_folder(tmp_path: Path) -> Path:
    photo(tmp_path / "ok.jpg", (40, 30))
    (tmp_path / "notes.jpg").write_text("not a picture")
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "fake.png").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')
    with open(tmp_path / "huge.jpg", "wb") as huge:
        huge.truncate(41 * 2**20)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.jpg"
    photo(outside, (10, 10))
    os.symlink(outside, tmp_path / "link.jpg")
    return tmp_path


@pytest.mark.parametrize(
    ("image", "message"),
    [
        pytest.param(
            "{src: missing.jpg, alt: A}",
            "story.yaml:7:18: picture 'missing.jpg': no such picture file",
            id="missing-file",
        ),
        pytest.param(
            "{src: notes.jpg, alt: A}",
            "story.yaml:7:18: picture 'notes.jpg': not a picture recap can read "
            "(JPEG, PNG, WebP or GIF) (save it as JPEG, PNG, WebP or GIF)",
            id="not-an-image",
        ),
        pytest.param(
            "{src: huge.jpg, alt: A}",
            "story.yaml:7:18: picture 'huge.jpg': the picture is 41 MB, more than the 40 MB",
            id="too-many-bytes",
        ),
        pytest.param(
            "{src: ../../etc/passwd, alt: A}",
            "story.yaml:7:18: picture '../../etc/passwd': the path leaves the story's folder "
            "(keep pictures in the story's folder or below it)",
            id="dot-dot",
        ),
        pytest.param(
            "{src: link.jpg, alt: A}",
            "story.yaml:7:18: picture 'link.jpg': 'link.jpg' is a symlink to a place outside",
            id="symlink-out",
        ),
        pytest.param(
            "{src: logo.svg, alt: A}",
            "story.yaml:7:18: picture 'logo.svg': SVG pictures are refused: an SVG file can "
            "carry scripts that would run in the page (export it as PNG or WebP)",
            id="svg",
        ),
        pytest.param(
            "{src: fake.png, alt: A}",
            "story.yaml:7:18: picture 'fake.png': SVG pictures are refused",
            id="svg-named-png",
        ),
        pytest.param(
            "{src: 'http://example.org/a.jpg', alt: A}",
            "story.yaml:7:18: picture 'http://example.org/a.jpg': `http:` addresses are not "
            "allowed for pictures; only https:// addresses are",
            id="http",
        ),
        pytest.param(
            "{src: 'ftp://example.org/a.jpg', alt: A}",
            "story.yaml:7:18: picture 'ftp://example.org/a.jpg': `ftp:` addresses are not allowed",
            id="ftp",
        ),
        pytest.param(
            "{src: ok.jpg}",
            "story.yaml:7:12: event 1 image: missing required key `alt` "
            "(describe the picture for readers who cannot see it)",
            id="missing-alt",
        ),
        pytest.param(
            "{src: ok.jpg, alt: A, credt: Me}",
            "story.yaml:7:34: event 1 image: unknown key `credt` (did you mean 'credit'?)",
            id="misspelt-key",
        ),
        pytest.param(
            "{src: ok.jpg, alt: ''}",
            "story.yaml:7:31: `alt` must not be empty",
            id="empty-alt",
        ),
    ],
)
def test_bad_pictures_are_located(picture_folder: Path, image: str, message: str) -> None:
    story = picture_folder / "story.yaml"
    story.write_text(HEAD + f"    image: {image}\n", encoding="utf-8")
    with pytest.raises(recap.RecapError) as caught:
        recap.load_story(story)
    problems = [str(problem) for problem in caught.value.problems]
    prefix = str(picture_folder) + os.sep
    assert any(problem.removeprefix(prefix).startswith(message) for problem in problems), problems


def test_a_bad_cover_is_located_too(tmp_path: Path) -> None:
    story = tmp_path / "story.yaml"
    story.write_text("cover: {src: gone.jpg, alt: A}\n" + HEAD, encoding="utf-8")
    with pytest.raises(recap.RecapError) as caught:
        recap.load_story(story)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{story}:1:14: picture 'gone.jpg': no such picture file "
        "(check the path: it is relative to the story file's folder)"
    ]


def test_every_bad_picture_is_reported_in_one_run(picture_folder: Path) -> None:
    story = picture_folder / "story.yaml"
    text = HEAD + "    image: {src: missing.jpg, alt: A}\n"
    text += "  - {title: F, arcs: r, image: {src: logo.svg, alt: B}}\n"
    text += "  - {title: G, arcs: nope, image: {src: ok.jpg}}\n"
    story.write_text(text, encoding="utf-8")
    with pytest.raises(recap.RecapError) as caught:
        recap.load_story(story)
    lines = [problem.line for problem in caught.value.problems]
    assert lines == [7, 8, 9, 9], [str(problem) for problem in caught.value.problems]


def test_picture_paths_are_relative_to_the_story_file(tmp_path: Path) -> None:
    photo(tmp_path / "stories" / "pictures" / "a.jpg", (40, 30))
    story = tmp_path / "stories" / "story.yaml"
    story.write_text(HEAD + "    image: {src: pictures/a.jpg, alt: A}\n", encoding="utf-8")
    loaded = recap.load_story(story)
    assert loaded.folder == story.parent.resolve()
    assert "data:image/webp;base64," in render_page(loaded, plotly=PlotlyScript(src="p.js"))


# --- the frame and the page ---------------------------------------------------------------


@pytest.fixture
def harbour(tmp_path: Path) -> recap.Story:
    return recap.load_story(story_with_pictures(tmp_path / "story", remote=True))


def test_frame_says_which_events_have_a_picture(harbour: recap.Story) -> None:
    told = events(recap.to_frame(harbour))
    assert told["has_image"].tolist() == [True, True, True, True]
    locked = events(redact_spoilers(recap.to_frame(harbour)))
    assert locked["has_image"].tolist() == [True, True, True, False]
    assert set(locked[locked["locked"]]["image_alt"]) == {""}


def test_inline_page_carries_clean_pictures_and_hides_the_spoilers_one(
    harbour: recap.Story,
) -> None:
    page = render_page(harbour, plotly=PlotlyScript(src="p.js"))
    visible = without_payload(page)
    pictures = data_uris(visible)
    assert len(pictures) == 2 * 2 + 1  # two local events (thumbnail, large) and the cover
    for data in pictures:
        assert metadata_problems(data) == []
    for secret in (SPOILER_ALT, SPOILER_CREDIT, "ending.png"):
        assert secret not in visible
    revealed = payload_of(page)
    assert SPOILER_ALT in revealed
    assert SPOILER_CREDIT in revealed
    spoiler_pictures = data_uris(revealed)
    assert len(spoiler_pictures) == 2
    assert not set(spoiler_pictures) & set(pictures)
    for data in spoiler_pictures:
        assert metadata_problems(data) == []
    assert 'width="128"' in visible
    assert 'loading="lazy"' in visible


def test_remote_pictures_are_linked_privately(harbour: recap.Story) -> None:
    page = render_page(harbour, plotly=PlotlyScript(src="p.js"))
    tags = re.findall(r"<img [^>]*pictures\.example[^>]*>", page)
    assert len(tags) == 2
    for tag in tags:
        assert 'src="https://pictures.example/postcard.jpg"' in tag
        assert 'referrerpolicy="no-referrer"' in tag
        assert 'loading="lazy"' in tag


def test_omit_leaves_no_byte_of_the_spoilers_picture(harbour: recap.Story) -> None:
    hidden = render_page(harbour, plotly=PlotlyScript(src="p.js"))
    spoiler_pictures = data_uris(payload_of(hidden))
    page = render_page(harbour, plotly=PlotlyScript(src="p.js"), options=PageOptions("omit"))
    for secret in (SPOILER_ALT, SPOILER_CREDIT, "ending.png"):
        assert secret not in page
    for data in spoiler_pictures:
        assert base64.b64encode(data).decode()[:80] not in page


def test_files_pages_write_hashed_pictures_once(tmp_path: Path) -> None:
    story = recap.load_story(story_with_pictures(tmp_path / "story"))
    out = tmp_path / "out"
    settings = BuildSettings(out_dir=out, plotlyjs="directory", fragment=True)
    result = build_story(tmp_path / "story" / "harbour.yaml", settings)
    assert result.ok, result.error
    folder = out / story.file_stem
    files = sorted(folder.iterdir())
    assert files
    for path in files:
        assert path.stem == hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        assert metadata_problems(path.read_bytes()) == [], path.name
    assert len(set(result.written)) == len(result.written)  # shared by page and fragment
    page = (out / f"{story.file_stem}.html").read_text()
    assert "data:image/webp" not in page  # pictures are files here (the icon is inline)
    spoiler_items = payload_of(page)
    for path in files:  # each used by the page, or by the spoiler it reveals
        if path.suffix == ".webp":
            assert f"{story.file_stem}/{path.name}" in page + spoiler_items
    thumb = re.search(r'<img class="recap-picture-thumb"[^>]*>', page)
    large = re.search(r'<img class="recap-picture-large"[^>]*>', page)
    assert thumb
    assert large
    assert re.search(r'srcset="\S+ 1x, \S+ 2x"', thumb.group())
    assert re.search(r'srcset="\S+ 640w, \S+ 1280w" sizes="[^"]+"', large.group())
    assert 'width="640" height="426"' in large.group()
    assert re.search(r'<meta property="og:image" content="harbour-lights/[0-9a-f]{16}\.jpg">', page)
    assert '<meta property="og:image:alt" content="The harbour at dusk">' in page
    again = build_story(tmp_path / "story" / "harbour.yaml", settings)
    assert again.written == []


def test_omit_after_hidden_removes_the_spoilers_files(tmp_path: Path) -> None:
    source = story_with_pictures(tmp_path / "story")
    out = tmp_path / "out"
    hidden = build_story(source, BuildSettings(out_dir=out, plotlyjs="directory"))
    before = {path.name: path.read_bytes() for path in (out / "harbour-lights").iterdir()}
    omit = BuildSettings(out_dir=out, plotlyjs="directory", options=PageOptions("omit"))
    assert build_story(source, omit).ok
    after = {path.name: path.read_bytes() for path in (out / "harbour-lights").iterdir()}
    assert hidden.ok
    assert set(after) < set(before)
    page = (out / "harbour-lights.html").read_text()
    gone = set(before) - set(after)
    assert len(gone) >= 2  # the spoiler's variants
    for name in gone:
        assert name not in page
    # Every file left is referenced by the page, and nothing in the folder is the spoiler.
    for name in after:
        assert name in page


def test_pictures_are_deterministic(tmp_path: Path) -> None:
    source = story_with_pictures(tmp_path / "story")
    builds = []
    for name in ("one", "two"):
        out = tmp_path / name
        for mode in ("inline", "directory"):
            assert build_story(source, BuildSettings(out_dir=out / mode, plotlyjs=mode)).ok
        builds.append({str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.*")})
    assert builds[0] == builds[1]


def test_cover_shows_in_the_header_and_the_static_image_options_win(tmp_path: Path) -> None:
    story = recap.load_story(story_with_pictures(tmp_path / "story"))
    (page,) = [
        output.path
        for output in recap.write_html(
            story, tmp_path / "out", options=PageOptions(og_image="harbour-lights.png")
        )
        if output.path.suffix == ".html"
    ]
    text = page.read_text()
    assert '<meta property="og:image" content="harbour-lights.png">' in text
    assert "og:image:alt" not in text
    header = text[text.index("<header") : text.index("</header>")]
    assert 'class="recap-cover-image"' in header
    assert 'alt="The harbour at dusk"' in header
    assert "Photo: Recap Tests" in header


def test_remote_cover_is_the_link_preview_as_written(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "cover: {src: 'https://pictures.example/c.jpg', alt: A pier}\n" + HEAD, encoding="utf-8"
    )
    outputs = recap.write_html(recap.load_story(tmp_path / "s.yaml"), tmp_path / "out")
    assert [output.path.name for output in outputs] == ["t.html"]
    text = outputs[0].path.read_text()
    assert '<meta property="og:image" content="https://pictures.example/c.jpg">' in text


# --- the command line ---------------------------------------------------------------------


def test_a_broken_picture_keeps_the_last_good_page(tmp_path: Path) -> None:
    source = story_with_pictures(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(source), "-o", str(tmp_path / "out")])
    assert first.exit_code == 0, first.output
    page = tmp_path / "out" / "harbour-lights.html"
    good = page.read_bytes()
    (tmp_path / "pictures" / "harbour.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    broken = runner.invoke(main, ["build", str(source), "-o", str(tmp_path / "out")])
    assert broken.exit_code == 1
    assert broken.output.startswith(f"{source}:15:12: ")
    assert "picture 'pictures/harbour.jpg'" in broken.output
    assert "Traceback" not in broken.output
    assert page.read_bytes() == good


def test_check_reports_pictures_with_the_build_messages(tmp_path: Path) -> None:
    source = story_with_pictures(tmp_path)
    (tmp_path / "cover.jpg").unlink()
    result = CliRunner().invoke(main, ["check", str(source)])
    assert result.exit_code == 1
    assert result.output == (
        f"{source}:2:14: picture 'cover.jpg': no such picture file "
        "(check the path: it is relative to the story file's folder)\n"
    )


def test_build_reports_picture_files_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = story_with_pictures(tmp_path)
    monkeypatch.chdir(tmp_path)
    arguments = ["build", str(source), "-o", "out", "--plotlyjs", "directory"]
    first = CliRunner().invoke(main, arguments)
    second = CliRunner().invoke(main, arguments)
    count = len(list(Path("out/harbour-lights").iterdir()))
    assert (
        first.output.splitlines()[-1]
        == f"out/harbour-lights/ ({count} picture files, {count} written)"
    )
    assert (
        second.output.splitlines()[-1] == f"out/harbour-lights/ ({count} picture files, 0 written)"
    )


def test_the_bundled_story_stays_text_only() -> None:
    story = recap.load_story(Path(__file__).parent.parent / "events.yaml")
    assert story.cover is None
    assert all(event.image is None for event in story.events)


def test_schema_describes_pictures() -> None:
    schema = json.loads(CliRunner().invoke(main, ["schema"]).output)
    picture = schema["$defs"]["Picture"]
    assert picture["required"] == ["src", "alt"]
    assert set(picture["properties"]) == {"src", "alt", "credit", "caption"}
    assert textwrap.shorten(picture["properties"]["src"]["description"], 30).startswith("A file")


def test_only_a_story_with_pictures_ships_their_styles(harbour: recap.Story) -> None:
    with_pictures = render_page(harbour, plotly=PlotlyScript(src="p.js"))
    ballerina = recap.load_story(Path(__file__).resolve().parents[1] / "events.yaml")
    plain = render_page(ballerina, plotly=PlotlyScript(src="p.js"))
    assert ".recap-picture" in with_pictures
    assert ".recap-picture" not in plain
    assert ".recap-chart" in plain
