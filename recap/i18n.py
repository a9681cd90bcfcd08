"""The reader's language: BCP 47 tags, gettext catalogs (Babel), text direction.

Every word recap writes for readers is an English msgid, translated through the
catalogs in recap/locales/<catalog>/LC_MESSAGES/messages.mo (made from the .po files
beside them with `pybabel compile`). English is the source language: it has no catalog.
The CLI's own messages are for the writer and stay English.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Literal

from recap.errors import RecapError

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported where a language other than English needs it: a page in the source
# language reads no catalog and no locale data, so an English build skips loading them.

SOURCE = "en"  # the language of the msgids
Direction = Literal["ltr", "rtl"]
# Unicode isolates: text in an SVG drawn left to right (plotly's), laid out right to left.
RLI, PDI = "\u2067", "\u2069"


@dataclass(frozen=True)
class Language:
    """A language recap writes in: its BCP 47 tag as the writer gave it, and its catalog."""

    tag: str  # canonical BCP 47, e.g. "pt-BR", "zh-Hans": the page's `lang`
    catalog: str  # the catalog it reads, e.g. "pt", "zh_Hans"; "en" for the source

    @property
    def direction(self) -> Direction:
        return _direction(self.catalog)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def translations(self) -> gettext_module.NullTranslations:
        """Return the catalog (gettext's translations object) of this language."""
        return _translations(self.catalog)

    def gettext(self, message: str, **values: object) -> str:
        """Return the message in this language, its %(name)s filled from `values`."""
        text = _translations(self.catalog).gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """Return the form for `count` (CLDR plural rules), with %(count)s filled in."""
        text = _translations(self.catalog).ngettext(singular, plural, count)
        return text % {"count": self.number(count), **values}

    def number(self, value: int) -> str:
        """Return a whole number as this language writes it: 10,000; 10.000; 10 000."""
        return _number_format(self.tag)(value)

    def isolate(self, text: str) -> str:
        """Wrap text drawn in an SVG so that it reads right to left in rtl languages."""
        return f"{RLI}{text}{PDI}" if self.rtl and text else text

    def plural_samples(self) -> dict[str, int]:
        """Return a count for each CLDR plural category of this language (one, few...)."""
        return _plural_samples(self.catalog)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


@cache
def supported_catalogs() -> tuple[str, ...]:
    """Return the catalogs recap ships (and the source language), sorted."""
    root = files("recap").joinpath("locales")
    found = {
        entry.name
        for entry in root.iterdir()
        if entry.joinpath("LC_MESSAGES", "messages.mo").is_file()
    }
    return tuple(sorted(found | {SOURCE}))


def supported_tags() -> list[str]:
    """Return the supported languages as BCP 47 tags: en, ko, zh-Hans..."""
    return [catalog.replace("_", "-") for catalog in supported_catalogs()]


ENGLISH = Language(SOURCE, SOURCE)


@cache
def language(tag: str) -> Language:
    """Return the language for a BCP 47 tag, or raise RecapError with a suggestion.

    A tag with a region or script finds its language's catalog (pt-BR -> pt, zh-CN ->
    zh_Hans); a tag whose script recap has no catalog for is refused (zh-Hant is not
    read in Simplified characters), never silently replaced.
    """
    text = tag.strip()
    if text == SOURCE:
        return ENGLISH
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(text.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        raise RecapError.at(
            "lang", f"unknown language tag {text!r}", hint=_suggestion(text) or _known_hint()
        ) from None
    catalogs = supported_catalogs()
    for candidate in _catalog_candidates(locale):
        if candidate in catalogs:
            return Language(_bcp47(text), candidate)
    name = locale.get_display_name("en") or text
    raise RecapError.at(
        "lang",
        f"recap has no translation for {text!r} ({name}) yet",
        hint=(_suggestion(text, spelling=False) or _known_hint())
        + "; to add one, see 'Adding a language' in the README",
    )


def _catalog_candidates(locale: Locale) -> list[str]:
    from babel.core import get_global

    likely = get_global("likely_subtags").get(locale.language, "")
    script = locale.script or (likely.split("_")[1] if likely.count("_") == 2 else None)
    names = []
    if script:
        if locale.territory:
            names.append(f"{locale.language}_{script}_{locale.territory}")
        names.append(f"{locale.language}_{script}")
    if locale.territory:
        names.append(f"{locale.language}_{locale.territory}")
    # A bare language stands for its likely script: zh is zh_Hans, never zh_Hant.
    if locale.script is None or (likely and script == likely.split("_")[1]):
        names.append(locale.language)
    return names


def _bcp47(tag: str) -> str:
    """Write a tag in BCP 47's usual case: language lower, Script title, REGION upper."""
    parts = tag.replace("_", "-").split("-")
    cased = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            cased.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            cased.append(part.upper())
        else:
            cased.append(part.lower())
    return "-".join(cased)


def _known_hint() -> str:
    return "supported languages: " + ", ".join(supported_tags())


def _suggestion(text: str, *, spelling: bool = True) -> str | None:
    """Guess the supported language meant: a country code (kr -> ko), a language's
    name in English or in itself (Korean, 한국어 -> ko), or (for a tag that is no
    language at all) a near spelling."""
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    tags = supported_tags()
    by_catalog = dict(zip(supported_catalogs(), tags, strict=True))
    wanted = text.strip().replace("_", "-")
    region = wanted.split("-")[-1].upper()
    for code in get_official_languages(region, de_facto=True) if region.isalpha() else ():
        try:
            regional = Locale.parse(f"{code}_{region}")
        except (UnknownLocaleError, ValueError):
            continue
        for candidate in _catalog_candidates(regional):
            if candidate in by_catalog:
                return f"did you mean '{by_catalog[candidate]}'?"
    names: dict[str, str] = {}
    for catalog, tag in by_catalog.items():
        locale = Locale.parse(catalog)
        spoken = (
            locale.get_display_name("en"),
            locale.get_display_name(locale),
            locale.get_language_name("en"),
        )
        for name in spoken:
            if name:
                names[name.casefold()] = tag
    if wanted.casefold() in names:
        return f"did you mean '{names[wanted.casefold()]}'?"
    if not spelling:
        return None
    lowered = {tag.casefold(): tag for tag in tags}
    close = get_close_matches(wanted.casefold(), [*lowered, *names], n=1, cutoff=0.6)
    if close:
        return f"did you mean '{lowered.get(close[0]) or names[close[0]]}'?"
    return None


@cache
def _number_format(tag: str) -> Callable[[int], str]:
    if tag == SOURCE:
        return lambda value: f"{value:,}"  # English pages load no Babel
    from babel.numbers import format_decimal

    locale = tag.replace("-", "_")
    return lambda value: format_decimal(value, locale=locale)


@cache
def _translations(catalog: str) -> gettext_module.NullTranslations:
    if catalog == SOURCE:
        return gettext_module.NullTranslations()
    from babel.support import Translations

    folder = files("recap").joinpath("locales")
    with folder.joinpath(catalog, "LC_MESSAGES", "messages.mo").open("rb") as stream:
        return Translations(stream)


@cache
def _direction(catalog: str) -> Direction:
    if catalog == SOURCE:
        return "ltr"
    from babel import Locale

    return "rtl" if Locale.parse(catalog).text_direction == "rtl" else "ltr"


# CLDR's English plural categories, as _plural_samples finds them (a test checks it).
SOURCE_PLURAL_SAMPLES = {"other": 0, "one": 1}


@cache
def _plural_samples(catalog: str) -> dict[str, int]:
    return dict(SOURCE_PLURAL_SAMPLES) if catalog == SOURCE else cldr_plural_samples(catalog)


def cldr_plural_samples(catalog: str) -> dict[str, int]:
    """Return a count for each plural category of the catalog's language, from CLDR."""
    from babel import Locale

    rule = Locale.parse(catalog).plural_form
    samples: dict[str, int] = {}
    for count in [*range(0, 200), 1_000_000]:
        samples.setdefault(rule(count), count)
    return samples
