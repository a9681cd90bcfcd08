"""`recap new`: a commented starter story, written where no file is yet."""

from __future__ import annotations

import os
import re
from importlib.resources import files
from pathlib import Path

import yaml

from recap.errors import RecapError
from recap.model import RESERVED_STEMS, slugify

SCHEMA = Path("schema", "story.schema.json")
_SCHEMA_LINE = "# yaml-language-server: $schema=schema/story.schema.json\n"
# For a story outside a clone of recap, where there is no schema to point at.
_NO_SCHEMA = (
    "# For completion and checks in your editor, save the format's schema beside this\n"
    "# file (recap schema > story.schema.json) and start the file with the line:\n"
    "# yaml-language-server: $schema=story.schema.json\n"
)


def starter_text(path: Path, *, title: str | None = None) -> str:
    """Return the starter story for a file at `path`, with `title` if given."""
    text = files("recap").joinpath("starter.yaml").read_text(encoding="utf-8")
    text = text.replace(_SCHEMA_LINE, _schema_line(path))
    if title is not None:
        text = re.sub(r"(?m)^title: .*$", lambda _: f"title: {_yaml_text(title)}", text, count=1)
        stem = slugify(title)
        if not stem or stem in RESERVED_STEMS:  # the page needs a file name
            text = re.sub(r"(?m)^# slug: your-story +", "slug: story        ", text, count=1)
    return text


def write_starter(path: Path, *, title: str | None = None) -> Path:
    """Write the starter story to `path`; never overwrite: raise RecapError if it exists."""
    text = starter_text(path, title=title)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:
            try:
                file.write(text)
            except OSError:
                path.unlink()  # no half-written story
                raise
    except FileExistsError:
        raise RecapError.at(
            path,
            "already exists, and recap new never overwrites a file",
            hint="name a new file, e.g. recap new my-story.yaml",
        ) from None
    except OSError as error:
        raise RecapError.at(path, f"cannot write the file: {error.strerror}") from None
    return path


def _schema_line(path: Path) -> str:
    """Point the editor at the nearest schema/story.schema.json above the story."""
    folder = path.absolute().parent
    for above in (folder, *folder.parents):
        if (above / SCHEMA).is_file():
            relative = Path(os.path.relpath(above / SCHEMA, folder)).as_posix()
            return f"# yaml-language-server: $schema={relative}\n"
    return _NO_SCHEMA


def _yaml_text(text: str) -> str:
    """Write `text` as a YAML value: plain when it reads back the same, else quoted."""
    try:
        plain = yaml.safe_load(f"title: {text}")
    except yaml.YAMLError:
        plain = None
    if isinstance(plain, dict) and plain.get("title") == text and text == text.strip():
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(
        character
        if character.isprintable()
        else f"\\u{ord(character):04x}"
        if ord(character) <= 0xFFFF
        else f"\\U{ord(character):08x}"
        for character in escaped
    )
    return f'"{escaped}"'
