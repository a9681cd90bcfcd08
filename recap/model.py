"""The story's types (format v1): what a valid events.yaml means, and nothing else."""

from __future__ import annotations

import re
import unicodedata
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, StringConstraints

ArcKind = Literal["protagonist", "antagonist", "other"]
StoryOrder = Literal["told", "story"]
SpoilerMode = Literal["hidden", "shown", "omit"]

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80),
    Field(description="Letters, digits, '-', '_' or '.', starting with a letter or digit."),
]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80),
    Field(description="Lowercase letters a-z, digits and single '-' between them."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Color = Annotated[
    str,
    StringConstraints(pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
    Field(description="A hex colour such as '#0072B2'."),
]


def _one_or_many(value: object) -> object:
    """Let `arcs: revenge` stand for `arcs: [revenge]`."""
    return value if isinstance(value, list) else [value]


class _Strict(BaseModel):
    # Strict: `spoiler: "maybe"` must fail, and a typo like `titel:` must not be ignored.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Arc(_Strict):
    """A thread of the story drawn as one lane, e.g. the protagonist's revenge."""

    label: Text
    kind: ArcKind = "other"
    color: Color | None = None
    description: Text | None = None


class Act(_Strict):
    """A labelled stretch of the story, drawn as a background band."""

    id: Identifier
    label: Text
    spoiler: bool = Field(default=False, description="Every event in this act is a spoiler.")


class Picture(_Strict):
    """A still shown with an event (a thumbnail in the list, larger in the details)."""

    src: Text = Field(
        description="A file path relative to the story file (JPEG, PNG, WebP or GIF), "
        "or an https:// address, linked and never fetched at build time."
    )
    alt: Text = Field(description="What the picture shows, for readers who cannot see it.")
    credit: Text | None = Field(
        default=None, description="Shown under the picture, e.g. 'Photo: Jane Doe, CC BY 4.0'."
    )
    caption: Text | None = None


class Event(_Strict):
    """One beat of the story, in the order the story tells it."""

    title: Text
    label: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)] | None
    ) = Field(
        default=None,
        description="Short text for the chart (at most 60 characters); default: the title, "
        "shortened where it must be.",
    )
    arcs: Annotated[
        list[Identifier],
        BeforeValidator(_one_or_many, json_schema_input_type=Identifier | list[Identifier]),
        Field(min_length=1, description="The arcs (lanes) this event belongs to."),
    ]
    id: Identifier | None = Field(default=None, description="Unique; default: from the title.")
    summary: Text | None = None
    characters: list[Text] = Field(default_factory=list)
    location: Text | None = None
    act: Identifier | None = None
    spoiler: bool | None = Field(
        default=None, description="Hide until the reader asks; default: the act's setting."
    )
    teaser: Text | None = Field(
        default=None, description="Spoiler-safe text shown in place of a hidden event."
    )
    when: Annotated[float, Field(allow_inf_nan=False)] | None = Field(
        default=None,
        description="Place in story chronology: events are numbered 1, 2, 3... as told; "
        "4.5 puts a flashback between the 4th and the 5th.",
    )
    after: Identifier | None = Field(
        default=None,
        description="Story chronology: this event happens right after the event with this id.",
    )
    before: Identifier | None = Field(
        default=None,
        description="Story chronology: this event happens right before the event with this id.",
    )
    image: Picture | None = None


class Story(_Strict):
    """A story: its arcs, acts and events. Format v1 of events.yaml."""

    model_config = ConfigDict(title="recap story (format v1)")

    title: Text
    slug: Slug | None = Field(
        default=None, description="Output file stem; default: from the title."
    )
    subtitle: Text | None = None
    year: Annotated[int, Field(ge=-9999, le=9999)] | None = None
    source: Text | None = None
    lang: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        default="en",
        description="The language of the page's own words, a BCP 47 tag (en, ko, pt-BR, "
        "zh-Hans, ar...); the story's text is shown as written.",
    )
    order: StoryOrder = Field(
        default="told",
        description="The order the page opens in: as told, or as it happened (story).",
    )
    arcs: Annotated[dict[Identifier, Arc], Field(min_length=1)]
    acts: list[Act] = Field(default_factory=list)
    events: Annotated[list[Event], Field(min_length=1)]
    cover: Picture | None = Field(
        default=None, description="The story's picture; the page's link preview (og:image)."
    )
    # Where relative picture paths start: the story file's folder. Set by the loader.
    _folder: Path | None = PrivateAttr(default=None)

    @property
    def folder(self) -> Path:
        """Return the folder that the story's picture paths are relative to."""
        return self._folder if self._folder is not None else Path.cwd()

    def located_in(self, folder: Path) -> Story:
        """Return this story, its picture paths now relative to `folder`."""
        story = self.model_copy()
        story._folder = folder.resolve()
        return story

    @property
    def file_stem(self) -> str:
        """Return the output file stem: `slug` cleaned, else the slugified title."""
        return slugify(self.slug if self.slug is not None else self.title)


Location = tuple[str | int, ...]


def story_schema() -> dict[str, Any]:
    """Return the JSON Schema of the story format, made from the same model the loader uses."""
    schema = Story.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


# Names Windows will not let a file have, whatever its extension.
RESERVED_STEMS = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)}
)


@lru_cache(maxsize=2**16)  # a long story's event ids are made from its titles three times
def slugify(text: str) -> str:
    """Turn text into a file- and URL-safe name made of [a-z0-9-]."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def default_event_id(event_id: str | None, title: str, position: int) -> str:
    """Return an event's id: its own, or one made from its title, or from its number."""
    return event_id or slugify(title) or f"event-{position + 1}"


def suggest(name: str, known: list[str], *, kind: str) -> str:
    """Return a 'did you mean' hint, or the list of valid names."""
    close = get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if known:
        return f"known {kind}s: " + ", ".join(f"'{item}'" for item in known)
    return f"define it under `{kind}s:` first"
