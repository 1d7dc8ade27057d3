"""Every sentence of a programme's book is ours: no run of eight words from its source
document (question wordings, response options and names excepted)."""

import pytest

from indikatorbok import (
    appendix,
    builders,
    del1,
    del2,
    editions,
    owntext,
    paths,
    programme,
    quality,
)
from indikatorbok.programme import Edition
from tests.conftest import PROGRAMMES

WITH_FINGERPRINT = [n for n in PROGRAMMES
                    if (programme.load(n).reference_dir / owntext.FINGERPRINT).is_file()]


def allowed(prog: programme.Programme) -> list[str]:
    """Phrases that may be carried over: question wordings, options, names and codes."""
    cat = prog.catalog
    out = [g.title for g in cat.goals] + [s.title for g in cat.goals for s in g.steps]
    out += [s.kind_label for g in cat.goals for s in g.steps] + list(cat.methods.values())
    out += [i.title for i in cat.indicators.values()]
    for source in prog.sources():
        schema = prog.schema(source)
        out.append(schema.title)
        for q in schema.questions.values():
            out += [q.text, *map(str, q.options.values())]
            if q.earlier:
                out.append(q.earlier["text"])
        for col in schema.columns.values():
            out += [str(v) for v in (col.codes or {}).values()]
    out += [n.name for g in cat.goals for n in g.national_goals]
    out += [appendix.table_title(g) for g in cat.goals]  # the report's names of its tables
    return out


def borrowed(prog: programme.Programme, text: str) -> list[str]:
    return owntext.borrowed(text, prog.reference_dir / owntext.FINGERPRINT, allowed(prog))


def test_the_check_finds_a_copied_sentence(fk):
    copied = ("Det är ett steg på vägen i arbetet med att säkerställa att det inte förekommer "
              "några osakliga könsskillnader.")
    assert borrowed(fk, copied)
    assert not borrowed(fk, "Andelen har ökat sedan förra mätningen.")


@pytest.mark.parametrize(("name", "indicator_id"), [
    (n, i) for n in WITH_FINGERPRINT for i in programme.load(n).catalog.computed()])
def test_indicator_pages_use_own_words(synthetic, name, indicator_id):
    prog = programme.load(name)
    # The wording does not depend on the volumes: the small scale is enough (and fast).
    r = builders.compute(indicator_id, prog.default_year, synthetic(name, "default"), name)
    texts = [*r.narrative, *r.method.paragraphs, r.method.source,
             *(t.title for t in r.tables), *(n for t in r.tables for n in t.notes),
             *(f.caption for f in r.figures), r.summary or ""]
    assert borrowed(prog, "\n".join(texts)) == []


@pytest.mark.parametrize("name", WITH_FINGERPRINT)
def test_configuration_texts_and_book_pages_use_own_words(name, tmp_path):
    prog = programme.load(name)
    cat = prog.catalog
    texts = [t for i in cat.indicators.values()
             for t in (i.reason_partial or "", i.not_followed or "",
                       *(f["text"] for f in i.facts))]
    texts += [str(v) for v in prog.config["texts"].values()]
    texts += [p.read_text(encoding="utf-8") for folder in (paths.BOOK, prog.book_dir)
              for p in folder.rglob("*.md")]
    out = editions.Folder(tmp_path)
    out.data.mkdir()
    edition = Edition(prog, prog.default_year, prog.synthetic_data)
    appendix.write(edition, out)
    del2.goal_pages(edition, out)  # goal pages and overview
    del1.write(edition, out)  # summary and Del 1
    quality.write(edition, out, {}, [])  # the quality declaration
    texts += [p.read_text(encoding="utf-8") for p in out.book.rglob("*.md")]
    assert borrowed(prog, "\n".join(texts)) == []
