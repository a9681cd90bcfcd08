"""Where a story's pictures come from, checked; and their variants, cached by content hash.

A picture is an `https://` address (linked, never fetched) or a file inside the story's
folder. Local files are read once, refused if unsafe, and turned into variants by
`recap.pictures`; the variants are kept by the hash of the file's bytes, in memory for
this process and on disk across runs, so an unchanged picture is never encoded twice.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from recap.errors import Problem, RecapError

if TYPE_CHECKING:
    from recap.pictures import Variant

SVG_SUFFIXES = (".svg", ".svgz")
MEMORY_ENTRIES = 256
Finding = tuple[tuple[str | int, ...], str, str | None]  # (where in the YAML, message, hint)


@dataclass(frozen=True)
class Remote:
    """A picture on the web: linked from the page, never fetched by recap."""

    url: str


@dataclass(frozen=True)
class Local:
    """A picture file inside the story's folder."""

    path: Path
    src: str  # as written in the story, for messages


def resolve_source(src: str, folder: Path) -> Remote | Local:
    """Check a picture's `src`; raise RecapError (named by `src`) saying why it is refused."""
    src = src.strip()
    scheme = urlsplit(src).scheme if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", src) else ""
    if scheme:
        return Remote(_checked_url(src, scheme.lower()))
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", src):
        raise RecapError.at(
            src,
            "a picture's path must be relative to the story file, not absolute",
            hint="copy the picture into the story's folder and name it from there",
        )
    if "\x00" in src:
        raise RecapError.at(src, "a picture's path cannot contain a NUL character")
    root = folder.resolve()
    written = root / src
    try:
        target = written.resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
        raise RecapError.at(src, f"cannot follow this path: {error}") from None
    if not target.is_relative_to(root):
        symlink = _symlink_on_the_way(root, Path(src))
        raise RecapError.at(
            src,
            f"'{symlink}' is a symlink to a place outside the story's folder"
            if symlink
            else "the path leaves the story's folder",
            hint="keep pictures in the story's folder or below it",
        )
    return Local(target, src)


def read_picture(source: Local) -> bytes:
    """Read a local picture's bytes, refusing what is not a regular file of sane size."""
    from recap.pictures import MAX_BYTES, svg_error, too_large_error

    src, path = source.src, source.path
    if path.suffix.lower() in SVG_SUFFIXES:
        raise svg_error(src)
    try:
        # O_NONBLOCK: a FIFO named like a picture must not hang the build.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise RecapError.at(src, "no such picture file", hint=_missing_hint(path)) from None
    except IsADirectoryError:
        raise RecapError.at(src, "is a folder, not a picture", hint="name a picture file") from None
    except PermissionError:
        raise RecapError.at(src, "cannot read the picture: permission denied") from None
    except OSError as error:
        raise RecapError.at(src, f"cannot read the picture: {error.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise RecapError.at(src, "is a folder, not a picture", hint="name a picture file")
        if not stat.S_ISREG(info.st_mode):
            raise RecapError.at(src, "is not a regular file", hint="name a picture file")
        if info.st_size > MAX_BYTES:
            raise too_large_error(src, info.st_size)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise RecapError.at(src, f"cannot read the picture: {error.strerror}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_BYTES:  # it grew while we read it
        raise too_large_error(src, len(data))
    return data


def variants(source: Local) -> dict[str, Variant]:
    """Return the picture's WebP variants, from the cache when its bytes were seen before."""
    from recap import pictures

    return _CACHE.get(
        source, "variants", lambda data: pictures.make_variants(data, name=source.src)
    )


def card(source: Local) -> Variant:
    """Return the picture's JPEG link-preview card, cached like its variants."""
    from recap import pictures

    made = _CACHE.get(
        source, "card", lambda data: {pictures.CARD: pictures.make_card(data, name=source.src)}
    )
    return made["card"]


def picture_findings(data: Any, folder: Path) -> Iterator[Finding]:
    """Find every picture of raw story data that is refused, with where it is written.

    Tolerates wrong types (the model reports those). Local pictures are decoded and
    encoded here, once, several at a time: a damaged file is found while its line is
    known, and the build then takes its variants from the cache.
    """
    if not isinstance(data, dict):
        return
    places: list[tuple[tuple[str | int, ...], Any, bool]] = [(("cover",), data.get("cover"), True)]
    events = data.get("events")
    for position, event in enumerate(events if isinstance(events, list) else []):
        if isinstance(event, dict):
            places.append((("events", position, "image"), event.get("image"), False))
    checks = []
    for where, picture, is_cover in places:
        src = picture.get("src") if isinstance(picture, dict) else None
        if isinstance(src, str) and src.strip():
            checks.append(((*where, "src"), src, is_cover))
    if not checks:
        return

    def check(src: str, is_cover: bool) -> list[Problem]:
        try:
            source = resolve_source(src, folder)
            if isinstance(source, Local):
                variants(source)
                if is_cover:
                    card(source)
        except RecapError as error:
            return error.problems
        return []

    # Pillow lets go of the GIL while it decodes, resizes and encodes: threads share the work.
    with ThreadPoolExecutor(max_workers=min(len(checks), os.cpu_count() or 1)) as pool:
        found = list(pool.map(check, [src for _, src, _ in checks], [c for *_, c in checks]))
    for (where, src, _), problems in zip(checks, found, strict=True):
        for problem in problems:
            yield where, _about(src, problem.message), problem.hint


class PictureCache:
    """Picture variants by the hash of the source's bytes: in memory, and on disk if it can.

    The disk folder is RECAP_CACHE_DIR, else $XDG_CACHE_HOME/recap, else ~/.cache/recap,
    read at each use. A cache that cannot be read or written is simply not used.
    """

    def __init__(self) -> None:
        self.memory: OrderedDict[str, dict[str, Variant]] = OrderedDict()
        # A file seen before, unchanged since (same size, time and inode): its content key,
        # so a rebuild need not read and hash every picture again.
        self.keys: dict[tuple[Path, str, int, int, int], str] = {}
        self.lock = threading.Lock()

    def get(
        self, source: Local, kind: str, make: Callable[[bytes], dict[str, Variant]]
    ) -> dict[str, Variant]:
        from recap.pictures import RECIPE

        try:
            info = os.stat(source.path)
            identity = (source.path, kind, info.st_size, info.st_mtime_ns, info.st_ino)
        except OSError:
            identity = None  # read_picture says what is wrong
        with self.lock:
            key = self.keys.get(identity) if identity else None
            if key is not None and key in self.memory:
                self.memory.move_to_end(key)
                return self.memory[key]
        data = read_picture(source)
        key = hashlib.sha256(f"{RECIPE}|{kind}|".encode() + data).hexdigest()
        with self.lock:
            found = self.memory.get(key)
        if found is None:
            found = self._read(key)
        if found is None:
            found = make(data)
            self._write(key, found)
        with self.lock:
            if identity is not None:
                if len(self.keys) > 16 * MEMORY_ENTRIES:  # a long watch session: start afresh
                    self.keys.clear()
                self.keys[identity] = key
            self.memory[key] = found
            self.memory.move_to_end(key)
            while len(self.memory) > MEMORY_ENTRIES:
                self.memory.popitem(last=False)
        return found

    def _read(self, key: str) -> dict[str, Variant] | None:
        from recap.pictures import Variant

        path = cache_folder() / f"{key}.json"
        try:
            entries = json.loads(path.read_bytes())
            return {
                name: Variant(
                    base64.b64decode(entry["data"]),
                    int(entry["width"]),
                    int(entry["height"]),
                    str(entry["media_type"]),
                )
                for name, entry in entries.items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _write(self, key: str, found: dict[str, Variant]) -> None:
        entries = {
            name: {
                "data": base64.b64encode(variant.data).decode("ascii"),
                "width": variant.width,
                "height": variant.height,
                "media_type": variant.media_type,
            }
            for name, variant in found.items()
        }
        folder = cache_folder()
        temporary = folder / f".{key}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(entries), encoding="ascii")
            os.replace(temporary, folder / f"{key}.json")
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


def cache_folder() -> Path:
    """Return the folder of the on-disk picture cache."""
    if os.environ.get("RECAP_CACHE_DIR"):
        return Path(os.environ["RECAP_CACHE_DIR"]) / "pictures"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "recap" / "pictures"


# One per process, so that loading a story and building its page (and every rebuild
# in `recap watch`) share the work.
_CACHE = PictureCache()


def _checked_url(src: str, scheme: str) -> str:
    if scheme != "https":
        hints = {
            "http": "use its https:// address, or save the picture beside the story",
            "data": "save the picture as a file beside the story and name that file",
        }
        raise RecapError.at(
            src,
            f"`{scheme}:` addresses are not allowed for pictures; only https:// addresses are",
            hint=hints.get(scheme, "name a file beside the story, or an https:// address"),
        )
    parts = urlsplit(src)
    if not parts.hostname:
        raise RecapError.at(
            src, "this address names no host", hint="e.g. https://example.org/a.jpg"
        )
    if parts.username is not None or parts.password is not None:
        raise RecapError.at(
            src,
            "this address holds a user name or password, which the page would publish",
            hint="remove the part before '@'",
        )
    if re.search(r"[\s\x00-\x1f\x7f]", src):
        raise RecapError.at(
            src,
            "an address cannot contain spaces or control characters",
            hint="write a space as %20",
        )
    return src


def _symlink_on_the_way(root: Path, relative: Path) -> Path | None:
    """Return the first symlink along `relative` (below `root`), if any."""
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return current.relative_to(root)
    return None


def _missing_hint(path: Path) -> str:
    try:
        siblings = sorted(entry.name for entry in path.parent.iterdir() if entry.is_file())
    except OSError:
        siblings = []
    close = get_close_matches(path.name, siblings, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "check the path: it is relative to the story file's folder"


def _about(src: str, message: str) -> str:
    shown = src if len(src) <= 60 else src[:57] + "..."  # a data: address can be megabytes
    return f"picture '{shown}': {message}"
