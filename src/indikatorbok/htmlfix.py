"""Fixes to the HTML of the book theme (pydata/sphinx-book-theme), applied to every page
after Sphinx: accessible names that axe-core (WCAG 2.1 AA) requires, in Swedish, the theme's
English words (which it does not translate) in Swedish, and keyboard access to the effect
chains' scrolling frames.

The theme's markup is pinned with the environment; ``make a11y`` checks the result.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

FIXES: list[tuple[re.Pattern, str]] = [
    # The toggles of the sidebar's sections have only an icon.
    (re.compile(r"<summary>"), '<summary aria-label="Visa eller dölj undersidor">'),
    # A search button with visible text: its name is the text (not a shorter label).
    (re.compile(r'(<button class="btn search-button-field search-button__button[^"]*"'
                r' title="[^"]*") aria-label="[^"]*"'), r"\1"),
    # The colour-mode button: a Swedish name; its icons' English titles are not its name.
    (re.compile(r'aria-label="Color mode" data-bs-title="Color mode"'),
     'aria-label="Färgläge" data-bs-title="Färgläge"'),
    (re.compile(r'(<i class="theme-switch [^"]*"[^>]*?) title="[^"]*"'), r"\1"),
    (re.compile(r'aria-label="On this page"'), 'aria-label="På den här sidan"'),
    (re.compile(r'title="Toggle secondary sidebar"'), 'title="Visa eller dölj sidans innehåll"'),
    (re.compile(r'title="Toggle primary sidebar"'), 'title="Visa eller dölj bokens innehåll"'),
    (re.compile(r">Skip to main content<"), ">Hoppa till innehållet<"),
    (re.compile(r"Back to top<"), "Till början av sidan<"),
    (re.compile(r'(placeholder|aria-label)="Search\.\.\."'), r'\1="Sök i boken …"'),
    (re.compile(r'title="Link to this heading"'), 'title="Länk till rubriken"'),
    (re.compile(r'title="previous page"'), 'title="Föregående sida"'),
    (re.compile(r'title="next page"'), 'title="Nästa sida"'),
    (re.compile(r'aria-label="Site navigation"'), 'aria-label="Bokens innehåll"'),
    (re.compile(r'aria-label="Main"'), 'aria-label="Huvudmeny"'),
    (re.compile(r'aria-label="Page"'), 'aria-label="Sidan"'),
    (re.compile(r'aria-label="Announcement"'), 'aria-label="Meddelande"'),
    (re.compile(r'aria-label="Version warning"'), 'aria-label="Versionsvarning"'),
    # An effect chain is drawn at its own size and scrolls sideways where it is wider than
    # the page: its frame takes the keyboard's focus, so that it scrolls without a mouse.
    (re.compile(r'<p><img alt="(Effektkedja för mål [^."]*)\.'),
     r'<p class="effektkedja" tabindex="0" role="region" aria-label="\1"><img alt="\1.'),
]


def fix_page(html: str) -> str:
    for pattern, replacement in FIXES:
        html = pattern.sub(replacement, html)
    return html


def fix_book(folder: Path, since: int = 0) -> int:
    """Apply the fixes to every page in ``folder`` written at or after ``since`` (a time in
    nanoseconds; the others were fixed before); return the number of pages changed."""
    changed = 0
    for page in folder.rglob("*.html"):
        if page.stat().st_mtime_ns < since:
            continue
        html = page.read_text(encoding="utf-8")
        fixed = fix_page(html)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed


# Sphinx writes this stand-in for the day in every page's footer (``html_last_updated_fmt``
# in _config.yml); the day the edition is made replaces it as the pages are copied into the
# edition: a page Sphinx did not write again would otherwise keep an older day than the
# pages around it, and a clean build would give another book than an incremental one.
EDITION_DATE = "@@edition-date@@"


def dated_copy(day: str) -> Callable[[str, str], None]:
    """A ``copy_function`` for :func:`shutil.copytree` that gives the pages ``day`` for the
    stand-in and copies every other file as it is."""

    def copy(src: str, dst: str) -> None:
        if src.endswith(".html"):
            page = Path(src).read_text(encoding="utf-8")
            if EDITION_DATE in page:
                Path(dst).write_text(page.replace(EDITION_DATE, day), encoding="utf-8")
                return
        shutil.copy2(src, dst)

    return copy
