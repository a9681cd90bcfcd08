"""A story's pictures -> how the page refers to them, and the files that must exist for it.

`inline` pages carry their pictures as data URIs, so one file still works offline.
`files` pages refer to content-hashed files under `<slug>/` beside the page, written
once, with `srcset` for high-density screens. Remote `https://` pictures are linked as
written. Only the pictures of events the page holds are linked: with `--spoilers omit`
a spoiler's picture is neither in the page nor among its files.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from recap.frame import spoiler_flags
from recap.model import Picture, SpoilerMode, Story
from recap.picture_store import Remote, card, resolve_source, variants

if TYPE_CHECKING:
    from recap.pictures import Variant

PictureMode = Literal["inline", "files"]
HASH_LENGTH = 16  # hex digits of sha256 in a picture file's name
# The large picture fills the details panel up to its own width (pictures.css).
LARGE_SIZES = "(max-width: 680px) 100vw, 640px"
COVER_BOX = (960, 320)  # CSS pixels the cover shows in, under the story's title


@dataclass(frozen=True)
class Shown:
    """What one <img> needs: its address, its size in CSS pixels, its sharper variants."""

    src: str
    width: int | None = None
    height: int | None = None
    srcset: str | None = None
    sizes: str | None = None


@dataclass(frozen=True)
class Linked:
    """One picture as the page shows it: a list thumbnail and a larger one for details."""

    thumb: Shown
    large: Shown
    remote: bool = False


@dataclass(frozen=True)
class PictureLinks:
    """Every picture a page shows, by `src` as written, and the files they need."""

    by_src: Mapping[str, Linked] = field(default_factory=dict)
    files: Mapping[str, bytes] = field(default_factory=dict)  # path relative to the page
    cover_picture: Picture | None = None  # the story's cover, as written
    cover: Linked | None = None  # ...and as shown (its large variant only)
    og_image: str | None = None  # the cover's address for link previews

    def get(self, src: str) -> Linked | None:
        return self.by_src.get(src) if src else None


def link_pictures(
    story: Story,
    *,
    spoilers: SpoilerMode,
    mode: PictureMode,
    stem: str,
    preview: bool = False,
) -> PictureLinks:
    """Link the pictures of the events a page with these `spoilers` holds, and the cover.

    `stem` names the folder of `files` pages; `preview` also makes the cover's JPEG
    link-preview card (a page's `og:image`), a file in every mode.
    """
    in_page = [
        event.image.src
        for event, spoiler in zip(story.events, spoiler_flags(story), strict=True)
        if event.image and event.image.src and not (spoilers == "omit" and spoiler)
    ]
    by_src: dict[str, Linked] = {}
    files: dict[str, bytes] = {}
    for src in dict.fromkeys(in_page):
        source = resolve_source(src, story.folder)
        if isinstance(source, Remote):
            by_src[src] = Linked(thumb=Shown(source.url), large=Shown(source.url), remote=True)
        elif mode == "inline":
            by_src[src] = Linked(
                thumb=_inline(variants(source), "thumb@2x", size_of="thumb"),
                large=_inline(variants(source), "large"),
            )
        else:
            made = variants(source)
            by_src[src] = Linked(
                thumb=_as_files(made, "thumb", "thumb@2x", stem, files, descriptors="x"),
                large=_as_files(made, "large", "large@2x", stem, files, descriptors="w"),
            )
    cover = og_image = None
    if story.cover is not None:
        source = resolve_source(story.cover.src, story.folder)
        if isinstance(source, Remote):
            cover = Linked(thumb=Shown(source.url), large=Shown(source.url), remote=True)
            og_image = source.url if preview else None
        else:
            # Shown whole (a poster must not lose its top and bottom), in a box under the
            # title; the 2x variant keeps it sharp on any screen.
            sharp = variants(source)["large@2x"]
            src = _data_uri(sharp) if mode == "inline" else _file(sharp, stem, files)
            shown = Shown(src, *_fitted(sharp, COVER_BOX))
            cover = Linked(thumb=shown, large=shown)
            og_image = _file(card(source), stem, files) if preview else None
    return PictureLinks(by_src, files, story.cover, cover, og_image)


def _inline(made: Mapping[str, Variant], name: str, *, size_of: str | None = None) -> Shown:
    """Show one variant as a data URI: inline pages carry one variant per place."""
    shown = made[size_of or name]
    return Shown(_data_uri(made[name]), shown.width, shown.height)


def _as_files(
    made: Mapping[str, Variant],
    name: str,
    sharper: str,
    stem: str,
    files: dict[str, bytes],
    *,
    descriptors: Literal["x", "w"],
) -> Shown:
    """Show a variant as a file, with its sharper variant in `srcset` when it differs."""
    base, better = made[name], made[sharper]
    src = _file(base, stem, files)
    if better.width <= base.width:
        return Shown(src, base.width, base.height)
    if descriptors == "x":
        return Shown(src, base.width, base.height, f"{src} 1x, {_file(better, stem, files)} 2x")
    srcset = f"{src} {base.width}w, {_file(better, stem, files)} {better.width}w"
    return Shown(src, base.width, base.height, srcset, LARGE_SIZES)


def _fitted(variant: Variant, box: tuple[int, int]) -> tuple[int, int]:
    scale = min(box[0] / variant.width, box[1] / variant.height, 1.0)
    return max(1, round(variant.width * scale)), max(1, round(variant.height * scale))


def _file(variant: Variant, stem: str, files: dict[str, bytes]) -> str:
    """Add a variant to `files` under a name made from its bytes; return its address."""
    digest = hashlib.sha256(variant.data).hexdigest()[:HASH_LENGTH]
    path = f"{stem}/{digest}{variant.suffix}"
    files[path] = variant.data
    return path


def _data_uri(variant: Variant) -> str:
    return f"data:{variant.media_type};base64," + base64.b64encode(variant.data).decode("ascii")
