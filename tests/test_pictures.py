"""pictures.py and picture_store.py: what Pillow makes of a picture, and what is refused."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from recap import picture_store, pictures
from recap.errors import RecapError
from recap.picture_store import Local, Remote, read_picture, resolve_source
from recap.pictures import CARD_BOX, VARIANTS, make_card, make_variants
from tests.picture_kit import metadata_problems, photo, swapped_rgb_profile


def message_of(error: pytest.ExceptionInfo[RecapError]) -> str:
    return "\n".join(str(problem) for problem in error.value.problems)


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_variants_fit_their_boxes_as_webp_without_metadata(tmp_path: Path) -> None:
    data = photo(tmp_path / "a.jpg", (3000, 2000)).read_bytes()
    assert metadata_problems(data), "the test picture must carry metadata to strip"
    made = make_variants(data, name="a.jpg")
    assert set(made) == set(VARIANTS)
    for name, variant in made.items():
        box = VARIANTS[name]
        image = decoded(variant.data)
        assert image.format == "WEBP"
        assert (variant.width, variant.height) == image.size
        assert image.width <= box[0], name
        assert image.height <= box[1], name
        assert max(image.width / box[0], image.height / box[1]) == pytest.approx(1, abs=0.01)
        assert image.width / image.height == pytest.approx(1.5, abs=0.02)  # proportions kept
        assert metadata_problems(variant.data) == [], name


def test_small_pictures_are_never_enlarged(tmp_path: Path) -> None:
    made = make_variants(photo(tmp_path / "s.jpg", (300, 200)).read_bytes(), name="s.jpg")
    assert (made["large"].width, made["large@2x"].width) == (300, 300)
    assert made["thumb"].width == 128


def test_orientation_is_applied_to_the_pixels(tmp_path: Path) -> None:
    # Stored 1200 x 1600 with the white mark at the top left; orientation 6 means
    # "turn 90 degrees clockwise to view", which moves the mark to the top right.
    data = photo(tmp_path / "p.jpg", (1200, 1600), orientation=6).read_bytes()
    image = decoded(make_variants(data, name="p.jpg")["large"].data).convert("RGB")
    assert image.width > image.height
    top_right = image.getpixel((image.width - 5, 5))
    top_left = image.getpixel((5, 5))
    assert isinstance(top_right, tuple)
    assert isinstance(top_left, tuple)
    assert min(top_right) > 230, top_right
    assert max(top_left) < 200, top_left
    assert len(image.getexif()) == 0  # nothing left to turn it again


def test_icc_profile_is_converted_to_srgb_then_dropped(tmp_path: Path) -> None:
    data = photo(
        tmp_path / "icc.jpg", (400, 300), color=(255, 0, 0), icc_profile=swapped_rgb_profile()
    ).read_bytes()
    variant = make_variants(data, name="icc.jpg")["large"]
    red, green, blue = decoded(variant.data).convert("RGB").getpixel((300, 250))  # type: ignore[misc]
    assert (blue > 200, red < 60, green < 60) == (True, True, True), (red, green, blue)
    assert metadata_problems(variant.data) == []


def test_transparency_is_kept_and_sixteen_bit_grey_is_not_washed_out(tmp_path: Path) -> None:
    clear = Image.new("RGBA", (200, 100), (255, 0, 0, 0))
    clear.paste((0, 0, 255, 255), (0, 0, 100, 100))
    buffer = io.BytesIO()
    clear.save(buffer, "PNG")
    image = decoded(make_variants(buffer.getvalue(), name="a.png")["large"].data)
    assert image.mode == "RGBA"
    assert image.getpixel((150, 50))[3] == 0  # type: ignore[index]
    grey = Image.new("I;16", (64, 64), 30000)
    buffer = io.BytesIO()
    grey.save(buffer, "PNG")
    value = decoded(make_variants(buffer.getvalue(), name="g.png")["large"].data).getpixel((9, 9))
    assert isinstance(value, tuple)
    assert 100 < value[0] < 140, value


def test_link_preview_card_is_a_clean_jpeg(tmp_path: Path) -> None:
    data = photo(tmp_path / "c.jpg", (3000, 1000)).read_bytes()
    card = make_card(data, name="c.jpg")
    image = decoded(card.data)
    assert image.format == "JPEG"
    assert card.media_type == "image/jpeg"
    assert image.width <= CARD_BOX[0]
    assert image.height <= CARD_BOX[1]
    assert metadata_problems(card.data) == []


def test_the_same_bytes_give_the_same_variants(tmp_path: Path) -> None:
    data = photo(tmp_path / "a.jpg").read_bytes()
    first, second = make_variants(data, name="a"), make_variants(data, name="a")
    assert {name: variant.data for name, variant in first.items()} == {
        name: variant.data for name, variant in second.items()
    }


def png_of_size(width: int, height: int) -> bytes:
    """A PNG whose header says width x height; bilevel, so it is small to make."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            png_of_size(10_000, 6_000),
            "the picture has 10000 x 6000 pixels, more than the 50 megapixels allowed",
            id="60-megapixels",
        ),
        pytest.param(
            png_of_size(20_000, 10_000),
            "more than the 50 megapixels allowed",
            id="200-megapixels-pillow-refuses-first",
        ),
        pytest.param(b"hello, I am text", "not a picture recap can read", id="text"),
        pytest.param(
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG pictures are refused: an SVG file can carry scripts",
            id="svg-content",
        ),
        pytest.param(b"GIF89a" + b"\x00" * 40, "picture", id="broken-gif-header"),
    ],
)
def test_refused_pictures(data: bytes, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(RecapError) as caught:
        make_variants(data, name="x.png")
    assert message in message_of(caught)
    assert message_of(caught).startswith("x.png: ")
    assert time.perf_counter() - started < 5  # refused from the header, not decoded


def test_a_truncated_picture_is_refused_while_decoding(tmp_path: Path) -> None:
    data = photo(tmp_path / "a.jpg", (800, 600)).read_bytes()
    with pytest.raises(RecapError) as caught:
        make_variants(data[: len(data) // 2], name="cut.jpg")
    assert "cut.jpg: the picture cannot be decoded" in message_of(caught)
    assert "export it again" in message_of(caught)


# --- where pictures may come from -------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("http://example.org/a.jpg", "`http:` addresses are not allowed for pictures"),
        ("ftp://example.org/a.jpg", "`ftp:` addresses are not allowed"),
        ("data:image/png;base64,AAAA", "`data:` addresses are not allowed"),
        ("javascript:alert(1)", "`javascript:` addresses are not allowed"),
        ("file:///etc/passwd", "`file:` addresses are not allowed"),
        ("https:///a.jpg", "this address names no host"),
        ("https://user:secret@example.org/a.jpg", "holds a user name or password"),
        ("https://example.org/a b.jpg", "cannot contain spaces"),
        ("/etc/passwd", "must be relative to the story file, not absolute"),
        ("//example.org/a.jpg", "must be relative to the story file, not absolute"),
        ("../../etc/passwd", "the path leaves the story's folder"),
        ("pictures/../../outside.jpg", "the path leaves the story's folder"),
    ],
)
def test_refused_sources(tmp_path: Path, src: str, message: str) -> None:
    with pytest.raises(RecapError) as caught:
        resolve_source(src, tmp_path)
    assert message in message_of(caught)


def test_accepted_sources(tmp_path: Path) -> None:
    assert resolve_source("https://example.org/a.jpg?x=1", tmp_path) == Remote(
        "https://example.org/a.jpg?x=1"
    )
    (tmp_path / "pictures").mkdir()
    inside = resolve_source("pictures/../a.jpg", tmp_path)
    assert inside == Local((tmp_path / "a.jpg").resolve(), "pictures/../a.jpg")
    os.symlink(tmp_path / "pictures", tmp_path / "alias")  # a symlink that stays inside
    assert isinstance(resolve_source("alias/b.jpg", tmp_path), Local)


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    story_folder = tmp_path / "story"
    story_folder.mkdir()
    secret = photo(tmp_path / "private.jpg", (10, 10))
    os.symlink(secret, story_folder / "innocent.jpg")
    os.symlink(tmp_path, story_folder / "up")
    for src, link in (("innocent.jpg", "innocent.jpg"), ("up/private.jpg", "up")):
        with pytest.raises(RecapError) as caught:
            resolve_source(src, story_folder)
        assert f"'{link}' is a symlink to a place outside the story's folder" in message_of(caught)


def test_reading_refuses_what_is_not_a_sane_picture_file(tmp_path: Path) -> None:
    (tmp_path / "drawing.svg").write_text("<svg/>")
    (tmp_path / "folder.jpg").mkdir()
    os.mkfifo(tmp_path / "pipe.jpg")
    with open(tmp_path / "huge.jpg", "wb") as huge:
        huge.truncate(41 * 2**20)  # sparse: 41 MB on paper, nothing on disk
    photo(tmp_path / "photo.jpg", (10, 10))
    expected = {
        "drawing.svg": "SVG pictures are refused",
        "folder.jpg": "is a folder, not a picture",
        "pipe.jpg": "is not a regular file",
        "huge.jpg": "the picture is 41 MB, more than the 40 MB allowed",
        "phto.jpg": "no such picture file (did you mean 'photo.jpg'?)",
    }
    for src, message in expected.items():
        source = resolve_source(src, tmp_path)
        assert isinstance(source, Local)
        with pytest.raises(RecapError) as caught:
            read_picture(source)
        assert message in message_of(caught), src


# --- the cache --------------------------------------------------------------------------


def test_unchanged_pictures_are_encoded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(picture_store, "_CACHE", picture_store.PictureCache())
    calls: list[str] = []
    real = pictures.make_variants

    def counted(data: bytes, *, name: str) -> dict[str, pictures.Variant]:
        calls.append(name)
        return real(data, name=name)

    monkeypatch.setattr(pictures, "make_variants", counted)
    reads: list[str] = []
    real_read = picture_store.read_picture

    def counted_read(source: Local) -> bytes:
        reads.append(source.src)
        return real_read(source)

    monkeypatch.setattr(picture_store, "read_picture", counted_read)
    source = Local(photo(tmp_path / "a.jpg", (900, 600)), "a.jpg")
    first = picture_store.variants(source)
    assert picture_store.variants(source) == first
    assert calls == ["a.jpg"]
    assert reads == ["a.jpg"]  # an unchanged file is not even read again
    # A new process (an empty memory) finds the variants on disk.
    monkeypatch.setattr(picture_store, "_CACHE", picture_store.PictureCache())
    assert picture_store.variants(source) == first
    assert calls == ["a.jpg"]
    # The same picture under another name is the same content: no new encoding.
    (tmp_path / "copy.jpg").write_bytes(source.path.read_bytes())
    picture_store.variants(Local(tmp_path / "copy.jpg", "copy.jpg"))
    assert calls == ["a.jpg"]
    # Changed bytes are encoded again.
    photo(source.path, (900, 600), color=(200, 10, 10))
    assert picture_store.variants(source) != first
    assert calls == ["a.jpg", "a.jpg"]


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(picture_store, "_CACHE", picture_store.PictureCache())
    source = Local(photo(tmp_path / "a.jpg", (300, 200)), "a.jpg")
    made = picture_store.variants(source)
    (entry,) = (tmp_path / "cache" / "pictures").glob("*.json")
    entry.write_text('{"large": {"data": "not base64!"')
    monkeypatch.setattr(picture_store, "_CACHE", picture_store.PictureCache())
    assert picture_store.variants(source) == made


def test_an_unwritable_cache_is_simply_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("RECAP_CACHE_DIR", str(tmp_path / "file"))
    monkeypatch.setattr(picture_store, "_CACHE", picture_store.PictureCache())
    source = Local(photo(tmp_path / "a.jpg", (300, 200)), "a.jpg")
    assert picture_store.variants(source)["large"].width == 300
