"""Every sentence of the book is ours: no run of eight words from the report's text
(question wordings, response options and names excepted)."""

import pytest

from indikatorbok import appendix, build, catalog, del1, indicators, owntext, paths, sources

CAT = catalog.load()


def _allowed() -> list[str]:
    """Phrases that may be carried over: question wordings, options, names and codes."""
    out = [g.title for g in CAT.goals] + [s.title for g in CAT.goals for s in g.steps]
    out += [s.kind_label for g in CAT.goals for s in g.steps] + list(CAT.methods.values())
    out += [i.title for i in CAT.indicators.values()]
    for source in sources.all_sources():
        schema = sources.schema(source)
        out.append(schema.title)
        for q in schema.questions.values():
            out += [q.text, *map(str, q.options.values())]
            if q.earlier:
                out.append(q.earlier["text"])
        for col in schema.columns.values():
            out += [str(v) for v in (col.codes or {}).values()]
    out += [n.name for g in CAT.goals for n in g.national_goals]
    return out


ALLOWED = _allowed()


def test_the_check_finds_a_copied_sentence():
    copied = ("Det är ett steg på vägen i arbetet med att säkerställa att det inte förekommer "
              "några osakliga könsskillnader.")
    assert owntext.borrowed(copied, ALLOWED)
    assert not owntext.borrowed("Andelen har ökat sedan förra mätningen.", ALLOWED)


@pytest.mark.parametrize("indicator_id", indicators.implemented())
def test_indicator_pages_use_own_words(synthetic_dir, indicator_id):
    r = indicators.compute(indicator_id, 2025, synthetic_dir)
    texts = [*r.narrative, *r.method.paragraphs, r.method.source,
             *(t.title for t in r.tables), *(n for t in r.tables for n in t.notes),
             *(f.caption for f in r.figures), r.summary or ""]
    assert owntext.borrowed("\n".join(texts), ALLOWED) == []


def test_catalog_texts_and_book_pages_use_own_words(tmp_path):
    texts = [t for i in CAT.indicators.values()
             for t in (i.reason_partial or "", i.not_followed or "",
                       *(f["text"] for f in i.facts))]
    generated = {appendix.FOLDER, del1.FOLDER, "del2"}  # checked below as the build writes them
    texts += [p.read_text(encoding="utf-8") for p in paths.BOOK.rglob("*.md")
              if (p.parent.name not in generated or p.name == "index.md")
              and p.name != "sammanfattning.md"]
    pages, _ = appendix.write(tmp_path / "bilaga", 2025, tmp_path)
    pages += build.goal_pages(tmp_path, indicators.implemented())  # goal pages and overview
    pages += del1.write(tmp_path / "book", 2025, tmp_path)  # summary and Del 1
    texts += [p.read_text(encoding="utf-8") for p in pages]
    assert owntext.borrowed("\n".join(texts), ALLOWED) == []
