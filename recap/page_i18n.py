"""The page's words in the reader's language, beyond its templates' gettext (Jinja2's
i18n extension, set up in page_templates.py): the translations its script needs, and
plotly.js's own locale.

The script's strings come from the same catalogs as the page's: Babel extracts them from
the script (`t.gettext("...")`, `t.ngettext(...)`), and the page carries their
translations as a small JSON object that the script's i18n part reads. Plural forms are
sent by CLDR category (one, few, many...) for the browser's Intl.PluralRules to choose.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache, lru_cache
from importlib.resources import files

from recap.i18n import N_, SOURCE, Language

# Plotly's toolbar buttons on the chart; plotly.js's locale files translate them for
# most languages, and the catalogs fill in those whose file leaves them out (ar, he).
PLOTLY_WORDS = (N_("Zoom in"), N_("Zoom out"), N_("Reset axes"))
PLOTLY_LOCALES = files("recap").joinpath("vendor", "plotly-locales")


def browser_catalog(language: Language, script: str) -> str:
    """Return the JSON the page's script reads: its words in `language`, the text
    direction, and the plotly.js locale to use (with the toolbar words it lacks)."""
    data: dict[str, object] = {"lang": language.tag, "dir": language.direction}
    if language.catalog != "en":
        messages: dict[str, object] = {}
        catalog = language.translations  # unformatted: the script fills in %(name)s
        for singular, plural in script_messages(script):
            if plural is None:
                messages[singular] = catalog.gettext(singular)
            else:
                messages[singular] = {
                    category: catalog.ngettext(singular, plural, count)
                    for category, count in sorted(language.plural_samples().items())
                }
        locale = plotly_locale(language)
        official = locale[1] if locale else ""
        data["messages"] = messages
        data["plotlyLocale"] = locale[0] if locale else language.tag
        data["plotlyWords"] = {
            word: language.gettext(word) for word in PLOTLY_WORDS if f'"{word}":' not in official
        }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=4)
def script_messages(script: str) -> tuple[tuple[str, str | None], ...]:
    """Return the messages Babel finds in the script: (msgid, plural msgid or None)."""
    from babel.messages.extract import extract  # for pages in other languages only

    found: dict[str, str | None] = {}
    for _, message, _, _ in extract("javascript", io.BytesIO(script.encode("utf-8"))):
        if isinstance(message, tuple):
            found[str(message[0])] = str(message[1])
        else:
            found[str(message)] = None
    return tuple(found.items())


@cache
def plotly_locale(language: Language) -> tuple[str, str] | None:
    """Return plotly.js's locale for `language`: its name and its file's text, if any.

    Tried in order: the tag's language and region (pt-pt), the language's likeliest
    region (pt -> pt-br, zh-Hans -> zh-cn), the language alone (ko).
    """
    for name in _plotly_candidates(language):
        path = PLOTLY_LOCALES.joinpath(f"plotly-locale-{name}.js")
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            declared = re.search(r'name:"([^"]+)"', text)
            return (declared.group(1) if declared else name), text
    return None


# The source language's candidates, as Babel's likely subtags give them (a test checks it):
# plotly.js speaks English without a locale file, so an English page needs no Babel.
SOURCE_PLOTLY_CANDIDATES = ("en-us", "en")


def _plotly_candidates(language: Language) -> list[str]:
    if language.tag == SOURCE:
        return list(SOURCE_PLOTLY_CANDIDATES)
    return plotly_candidates(language.tag)


def plotly_candidates(tag: str) -> list[str]:
    """Return the names of plotly.js locales that may speak the language of `tag`, from
    CLDR's likely subtags, the closest first."""
    from babel import Locale
    from babel.core import get_global

    locale = Locale.parse(tag, sep="-")
    likely = get_global("likely_subtags").get(str(locale), "") or get_global("likely_subtags").get(
        locale.language, ""
    )
    names = []
    if locale.territory:
        names.append(f"{locale.language}-{locale.territory}".lower())
    if likely.count("_") == 2:
        names.append(f"{locale.language}-{likely.rsplit('_', 1)[1]}".lower())
    names.append(locale.language)
    return names
