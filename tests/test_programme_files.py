"""Every file of a programme, and every analysts' file of an edition, is checked against
its schema: a missing field, a field of the wrong type and a YAML alias bomb each give an
error that names the file and the field (or line), never a traceback from deep inside."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from indikatorbok import assessments, catalog, del1, editions, programme
from indikatorbok.builders import texts
from indikatorbok.programme import Edition

# A kilobyte that expands to a hundred million values.
BOMB = "\n".join(["lol0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
    f"lol{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]) + "\n"


def copy(name: str, tmp_path: Path) -> programme.Programme:
    root = tmp_path / name
    shutil.copytree(programme.load(name).root, root,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return programme.Programme(name, root)


def reread(prog: programme.Programme) -> programme.Programme:
    return programme.Programme(prog.name, prog.root)


def edition(prog: programme.Programme) -> Edition:
    return Edition(prog, prog.default_year, prog.synthetic_data)


# file in the programme's folder -> what reads it
READERS: dict[str, Callable[[programme.Programme], object]] = {
    "programme.yaml": reread,
    "catalog.yaml": lambda p: catalog.read(reread(p)),
    "indicators/{indicator}.yaml": lambda p: catalog.read(reread(p)),
    "schema/{source}.yaml": lambda p: reread(p).schema(p.sources()[0]),
    "editions/{year}/del1.yaml": lambda p: del1.load(edition(reread(p))),
    "editions/{year}/assessments.yaml": lambda p: assessments.load(edition(reread(p))),
}


def fields(raw: dict, file: str) -> tuple[Callable[[dict], None], Callable[[dict], None], str]:
    """How to take a required field away and how to give one the wrong type, and the
    field the error must name."""
    if file == "programme.yaml":
        return (lambda r: r.pop("agency"), lambda r: r["policy"].update(min_group="femtio"),
                "policy.min_group")
    if file == "catalog.yaml":
        return lambda r: r.pop("methods"), lambda r: r.update(goals="alla"), "goals"
    if file.startswith("indicators/"):
        return (lambda r: r.pop("title"), lambda r: r.update(planned_years="alla"),
                "planned_years")
    if file.startswith("schema/"):
        return lambda r: r.pop("file"), lambda r: r.update(expected="alltid"), "expected"
    if file.endswith("del1.yaml"):
        return (lambda r: r["goals"][next(iter(r["goals"]))].pop("challenge"),
                lambda r: r.update(lessons=5), "lessons")
    return lambda r: r.pop("edition"), lambda r: r.update(indicators=5), "indicators"


def cases():
    for name in programme.names():
        prog = programme.load(name)
        for file in READERS:
            yield name, file.format(indicator=prog.catalog.computed()[0],
                                    source=prog.sources()[0], year=prog.default_year)


@pytest.mark.parametrize(("name", "file"), list(cases()))
@pytest.mark.parametrize("fault", ["missing", "wrong type", "alias bomb"])
def test_a_broken_file_is_named_with_its_field(tmp_path, name, file, fault):
    prog = copy(name, tmp_path)
    path = prog.root / file
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    take, wrong, field = fields(raw, file)
    if fault == "alias bomb":
        path.write_text(BOMB + path.read_text(encoding="utf-8"), encoding="utf-8")
        expected = "aliases would expand it"
    else:
        (take if fault == "missing" else wrong)(raw)
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        expected = "is missing" if fault == "missing" else field
    reader = READERS[next(k for k in READERS
                          if file == k.format(indicator=file.split("/")[-1][:-5],
                                              source=file.split("/")[-1][:-5],
                                              year=prog.default_year))]
    with pytest.raises(ValueError) as err:
        reader(prog)
    assert str(path) in str(err.value) and expected in str(err.value)


@pytest.mark.parametrize("bad", ["1.1 .1", "1..1", "1.1'", "<b>1.1"])
def test_an_indicator_id_is_numbers_joined_by_dots(tmp_path, bad):
    prog = copy("pensionsmyndigheten", tmp_path)
    shutil.copy(prog.indicators_dir / "1.1.1.yaml", prog.indicators_dir / f"{bad}.yaml")
    with pytest.raises(catalog.CatalogError, match="an indicator's file is named by its id"):
        catalog.read(reread(prog))


@pytest.mark.parametrize(("value", "field"), [("../x", "goals.0.id"),
                                              ("1 1", "goals.0.id")])
def test_a_goal_id_is_a_plain_key(tmp_path, value, field):
    prog = copy("pensionsmyndigheten", tmp_path)
    path = prog.root / "catalog.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["goals"][0]["id"] = value
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(programme.ProgrammeError, match=field):
        catalog.read(reread(prog))


def test_an_unknown_builder_is_named_before_anything_is_computed(tmp_path):
    from rich.console import Console

    from indikatorbok import build

    prog = copy("pensionsmyndigheten", tmp_path)
    path = prog.indicators_dir / "1.1.1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "builder: register_share", "builder: register_shares"), encoding="utf-8")
    with pytest.raises(editions.BuildError, match="unknown builder 'register_shares'"):
        build.check_edition_files(edition(reread(prog)), Console(quiet=True))


def test_an_edition_texts_file_and_plan_are_checked(tmp_path):
    prog = copy("pensionsmyndigheten", tmp_path)
    path = prog.edition_dir(2018) / texts.FILE
    path.write_text("edition: 2018\nindicators: {'4.2.1': en text}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"texts.yaml:\n  - indicators.4.2.1: input should "
                                         r"be a valid list"):
        texts.check(edition(reread(prog)))
    (prog.edition_dir(2018) / "plan.yaml").write_text("measure: 5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"plan.yaml:\n  - measure: input should be a valid "
                                         r"list"):
        catalog.read(reread(prog))


@pytest.mark.parametrize("title", ["Andel </script><script>x()</script>", "Andel {{ year }}",
                                   "Andel\u202e kvinnor", "Andel {sub-ref}`today`"])
def test_a_title_is_plain_text(tmp_path, title):
    """A title reaches pages, headings, tables and charts: markup in it (raw HTML, a MyST
    substitution or role, hidden characters) is refused where it is written."""
    prog = copy("pensionsmyndigheten", tmp_path)
    path = prog.indicators_dir / "1.1.1.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["title"] = title
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(programme.ProgrammeError,
                       match=r"1\.1\.1\.yaml:\n  - title: value error, must be plain text"):
        catalog.read(reread(prog))


def test_forget_reads_every_file_of_the_programme_anew(fk, tmp_path, monkeypatch):
    """What a process forgets (the preview between builds, a kernel between notebooks):
    the definitions, contracts and own code it read are read again at their next use."""
    import shutil

    from indikatorbok import paths

    root = tmp_path / "programmes" / fk.name
    shutil.copytree(fk.root, root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "DATA", tmp_path)
    programme.forget()
    try:
        prog = programme.load(fk.name)
        assert prog.root == root  # the copy is edited, never the programme itself
        kind = root / "kinds" / "couple_split.py"
        first = (prog.catalog["1.1.1"].title, prog.schema("case_processing").title,
                 prog.module(kind))
        for path, old in [(root / "indicators" / "1.1.1.yaml", "title: "),  # its first line
                          (root / "schema" / "case_processing.yaml", "\ntitle: "),
                          (kind, '"""')]:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(old, old + "Ändrad ", 1), encoding="utf-8")
        same = programme.load(fk.name)
        assert (same.catalog["1.1.1"].title, same.schema("case_processing").title,
                same.module(kind)) == first  # kept while not forgotten
        programme.forget()
        again = programme.load(fk.name)
        assert again.catalog["1.1.1"].title == "Ändrad " + first[0]
        assert again.schema("case_processing").title == "Ändrad " + first[1]
        module = again.module(kind)
        assert module is not first[2] and module.__doc__.startswith("Ändrad ")
    finally:
        monkeypatch.undo()
        programme.forget()
