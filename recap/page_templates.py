"""The Jinja2 environment the page's templates render in, one per language, with their
compiled code kept between runs."""

from __future__ import annotations

import contextlib
from functools import cache

import jinja2

from recap.i18n import Language


@cache
def environment(language: Language) -> jinja2.Environment:
    """Return the templates' environment, its gettext in `language` (one per language:
    Jinja2's i18n extension installs the catalog's functions as the templates' globals)."""
    templates = jinja2.Environment(
        loader=jinja2.PackageLoader("recap", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # package files: no need to check them once per event
        bytecode_cache=_template_cache(),
        extensions=["jinja2.ext.i18n"],
    )
    templates.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    catalog = language.translations

    def ngettext(singular: str, plural: str, count: int) -> str:
        # The count as the language writes it (10,000; 10.000): Jinja2 fills in the rest.
        text = catalog.ngettext(singular, plural, count)
        return text.replace("%(count)s", language.number(count))

    templates.install_gettext_callables(  # type: ignore[attr-defined]
        catalog.gettext, ngettext, newstyle=True
    )
    return templates


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, as Python keeps .pyc files: compiling them
    costs a small build more than everything else it does. Never in the way: a cache
    that cannot be read or written is passed over."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache() -> jinja2.BytecodeCache | None:
    try:
        return _TemplateCache()  # a private folder in the system's temporary one
    except (OSError, RuntimeError):
        return None
