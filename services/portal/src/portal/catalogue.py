"""Maintain the message catalogue: `python -m portal.catalogue check|update`.

`update` extracts every message from the templates and the Python modules (Babel) and merges them into each
language's .po file, keeping existing translations; `check` exits 1 when a message is missing or untranslated.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from portal.settings import PACKAGE_DIR
from portal.web.i18n import LOCALE_DIR, po_file

METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {
    "templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"},
    "**.py": {},
}
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Every message the portal's templates and modules use."""
    catalog = Catalog(domain="messages", charset="utf-8")
    found = extract_from_dir(
        PACKAGE_DIR, method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS, comment_tags=("NOTE:",)
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def languages() -> list[str]:
    """The languages with a catalogue."""
    return sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


def load(locale: str) -> Catalog:
    """One language's catalogue."""
    with po_file(locale).open("rb") as source:
        return read_po(source, locale=locale)


def problems(locale: str, template: Catalog | None = None) -> list[str]:
    """Messages used but not in the .po, untranslated, or in the .po but no longer used."""
    wanted, catalog = template or extract(), load(locale)
    used = {m.id for m in wanted if m.id}
    have = {m.id: m for m in catalog if m.id}
    out = [f"missing: {mid!r}" for mid in sorted(used - set(have), key=str)]
    out += [f"untranslated: {mid!r}" for mid, m in have.items() if mid in used and not m.string]
    out += [f"unused: {mid!r}" for mid in sorted(set(have) - used, key=str)]
    return out


def update(locale: str, template: Catalog | None = None) -> Path:
    """Merge the extracted messages into the language's .po (new ones untranslated, unused ones dropped)."""
    catalog = load(locale)
    catalog.update(template or extract(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with po_file(locale).open("wb") as out:
        write_po(out, catalog, width=110, omit_header=False, sort_output=True, include_lineno=False)
    return po_file(locale)


def main(argv: Sequence[str] | None = None) -> int:
    """`check` or `update` every language."""
    action = (list(argv) if argv is not None else sys.argv[1:] or ["check"])[0]
    template = extract()
    status = 0
    for locale in languages():
        if action == "update":
            print(update(locale, template))
        for line in problems(locale, template):
            print(f"{locale}: {line}")
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
