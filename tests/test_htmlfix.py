"""The theme's English words and names are Swedish on every page."""

from indikatorbok import htmlfix

THEME = """<a class="skip-link" href="#main-content">Skip to main content</a>
<button class="btn" id="pst-back-to-top"><i class="fa-solid fa-arrow-up"></i>Back to top</button>
<input type="search" placeholder="Search..." aria-label="Search..."/>
<nav aria-label="Site navigation"></nav><nav aria-label="Main"></nav>
<button title="Toggle primary sidebar"></button><button title="Toggle secondary sidebar"></button>
<h1>Inledning<a class="headerlink" href="#inledning" title="Link to this heading">#</a></h1>
<div aria-label="Announcement"></div><div aria-label="Version warning"></div>
<nav aria-label="Page"></nav>
<a class="left-prev" href="a.html" title="previous page"></a>
<a class="right-next" href="b.html" title="next page"></a>"""
ENGLISH = ["Skip to", "Back to top", "Search", "Site navigation", '"Main"', "Toggle",
           "Link to", "Announcement", "Version warning", '"Page"', "previous page",
           "next page"]


def test_the_themes_english_is_swedish():
    fixed = htmlfix.fix_page(THEME)
    assert [w for w in ENGLISH if w in fixed] == []
    assert "Hoppa till innehållet" in fixed and "Till början av sidan" in fixed


def test_an_effect_chain_scrolls_with_the_keyboard():
    page = '<p><img alt="Effektkedja för mål 1. Prestationsmål: x." src="e.svg" /></p>'
    fixed = htmlfix.fix_page(page)
    assert fixed.startswith('<p class="effektkedja" tabindex="0" role="region" '
                            'aria-label="Effektkedja för mål 1"><img alt="Effektkedja för mål 1.')


def test_only_pages_written_since_the_last_fix_are_read_again(tmp_path):
    import os

    old, new = tmp_path / "old.html", tmp_path / "new.html"
    for page in (old, new):
        page.write_text("<p>Back to top</p>", encoding="utf-8")
    os.utime(old, ns=(10**18, 10**18))  # written before the last fix
    os.utime(new, ns=(3 * 10**18, 3 * 10**18))
    assert htmlfix.fix_book(tmp_path, since=2 * 10**18) == 1
    assert "Till början" in new.read_text(encoding="utf-8")
    assert "Back to top" in old.read_text(encoding="utf-8")
    assert htmlfix.fix_book(tmp_path) == 1  # from the start: every page


def test_every_page_copied_into_an_edition_says_the_day_it_was_made(tmp_path):
    """Each page kept the day Sphinx last wrote it: after an incremental build the pages
    said different days, and a clean build said another."""
    import shutil

    html = tmp_path / "html"
    (html / "del2").mkdir(parents=True)
    footer = f'<p class="last-updated">Senast uppdaterad {htmlfix.EDITION_DATE}.</p>'
    for page in ("index.html", "del2/indikator_1_1_1.html"):
        (html / page).write_text(f"<html><body>{footer}</body></html>", encoding="utf-8")
    (html / "searchindex.js").write_text("Search.setIndex({})", encoding="utf-8")
    out = tmp_path / "edition"
    shutil.copytree(html, out, copy_function=htmlfix.dated_copy("2026-12-08"))
    pages = [p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))]
    assert len(pages) == 2 and all("Senast uppdaterad 2026-12-08." in p for p in pages)
    assert (out / "searchindex.js").read_bytes() == (html / "searchindex.js").read_bytes()
