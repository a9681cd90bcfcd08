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

from recap.frame import omit_spoilers, to_frame
from recap.model import Picture, SpoilerMode, Story
from recap.picture_store import Remote, card, resolve_source, variants

if TYPE_CHECKING:
    from recap.pictures import Variant

PictureMode = Literal["inline", "files"]
HASH_LENGTH = 16  # hex digits of sha256 in a picture file's name
# The large picture fills the details panel up to its own width.
LARGE_SIZES = "(max-width: 1000px) 100vw, 960px"


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
    cover: Picture | None = None
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
    frame = to_frame(story)
    if spoilers == "omit":
        frame = omit_spoilers(frame)
    sources = [src for src in dict.fromkeys(frame["image_src"]) if src]
    if story.cover is not None:
        sources.append(story.cover.src)
    by_src: dict[str, Linked] = {}
    files: dict[str, bytes] = {}
    for src in dict.fromkeys(sources):
        source = resolve_source(src, story.folder)
        if isinstance(source, Remote):
            shown = Shown(source.url)
            by_src[src] = Linked(thumb=shown, large=shown, remote=True)
        elif mode == "inline":
            by_src[src] = _inline(variants(source))
        else:
            by_src[src] = _as_files(variants(source), stem, files)
    og_image = None
    if preview and story.cover is not None:
        source = resolve_source(story.cover.src, story.folder)
        og_image = source.url if isinstance(source, Remote) else _file(card(source), stem, files)
    return PictureLinks(by_src, files, story.cover, og_image)


def _inline(made: Mapping[str, Variant]) -> Linked:
    # One variant per place keeps the page light: the 2x thumbnail (it is small) and
    # the 1x large picture.
    thumb, large = made["thumb"], made["large"]
    return Linked(
        thumb=Shown(_data_uri(made["thumb@2x"]), thumb.width, thumb.height),
        large=Shown(_data_uri(large), large.width, large.height),
    )


def _as_files(made: Mapping[str, Variant], stem: str, files: dict[str, bytes]) -> Linked:
    thumb, thumb_2x = made["thumb"], made["thumb@2x"]
    large, large_2x = made["large"], made["large@2x"]
    thumb_src = _file(thumb, stem, files)
    thumb_set = None
    if thumb_2x.width > thumb.width:
        thumb_set = f"{thumb_src} 1x, {_file(thumb_2x, stem, files)} 2x"
    large_src = _file(large, stem, files)
    large_set = sizes = None
    if large_2x.width > large.width:
        large_set = f"{large_src} {large.width}w, {_file(large_2x, stem, files)} {large_2x.width}w"
        sizes = LARGE_SIZES
    return Linked(
        thumb=Shown(thumb_src, thumb.width, thumb.height, thumb_set),
        large=Shown(large_src, large.width, large.height, large_set, sizes),
    )


def _file(variant: Variant, stem: str, files: dict[str, bytes]) -> str:
    """Add a variant to `files` under a name made from its bytes; return its address."""
    digest = hashlib.sha256(variant.data).hexdigest()[:HASH_LENGTH]
    path = f"{stem}/{digest}{variant.suffix}"
    files[path] = variant.data
    return path


def _data_uri(variant: Variant) -> str:
    return f"data:{variant.media_type};base64," + base64.b64encode(variant.data).decode("ascii")
