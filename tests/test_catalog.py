"""Each programme's catalog, its indicator files, the generated notebooks and the table of
contents agree (one place per definition)."""

import re

import pytest
import yaml

from indikatorbok import catalog, del2, editions, notebooks, programme
from indikatorbok.programme import Edition
from tests.conftest import PROGRAMMES


@pytest.fixture(params=PROGRAMMES)
def prog(request) -> programme.Programme:
    return programme.load(request.param)


class TestStatus:
    def test_all_planned_years_measured(self, fk):
        ind = fk.catalog["1.1.1"]
        assert ind.status(2025, set(range(2020, 2026))) == "genomförd"
        assert ind.progress(2025, {2022, 2025}) == "partial"
        assert ind.status(2025, {2022, 2025}) == "delvis genomförd"
        assert ind.status(2025, set()) == "ej genomförd"

    def test_lag_moves_the_expected_years(self, fk):
        ind = fk.catalog["2.5.1"]
        assert ind.expected_years(2025) == [2020, 2021, 2022, 2023]
        assert ind.progress(2025, {2020, 2021, 2022, 2023}) == "done"


def test_every_indicator_has_a_step_of_its_goal_and_known_sources(prog):
    cat = prog.catalog
    for ind in cat.indicators.values():
        assert ind.step.goal_id == ind.id.split(".")[0]
        assert ind.id.startswith(ind.step.id + ".")
        assert set(ind.sources) <= set(prog.sources())
        assert ind.computed == bool(ind.parts) and (ind.computed or not ind.sources)
        if ind.followed:
            assert ind.computed and ind.definition, f"{ind.id} has no definition"


def test_not_followed_indicators_have_a_reason_and_no_data(prog):
    for ind in prog.catalog.indicators.values():
        if not ind.followed:
            assert ind.not_followed and not ind.sources and not ind.planned_years


def test_notebooks_follow_the_catalog(prog, tmp_path):
    edition = Edition(prog, prog.default_year, tmp_path)
    for indicator_id in prog.catalog.computed():
        ind = prog.catalog[indicator_id]
        nb = notebooks.notebook(ind, edition)
        assert nb.cells[0].source == f"# {ind.id} {ind.title}", "title must match the catalog"
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(params) == 1
        for name in notebooks.parameters(edition, tmp_path):
            assert f"{name} = " in params[0].source
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert f"builders.analysis({ind.id!r}" in code and "report.publish(" in code
        steps = sum(1 for c in nb.cells if c.cell_type == "code" and "remove-cell" in
                    c.metadata.get("tags", []) and c.source.endswith("()"))
        assert steps >= 1, f"{ind.id}: no step of the analysis in the notebook"


def test_toc_lists_every_computed_indicator_in_catalog_order(prog):
    toc = notebooks.table_of_contents(prog)
    files = [s["file"] for part in toc["parts"] for ch in part["chapters"]
             for s in [ch, *ch.get("sections", [])]]
    listed = [f.rsplit("/", 1)[-1] for f in files if "indikator_" in f]
    assert listed == [prog.catalog[i].notebook for i in prog.catalog.computed()]
    assert [f for f in files if f.startswith("bilaga/tabell_")][1:] == \
        [f"bilaga/tabell_{g.table}" for g in prog.catalog.goals]


def _report_counts(prog):
    path = prog.reference_dir / "catalog_counts.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


@pytest.mark.parametrize(("name", "by"), [(n, by) for n in PROGRAMMES
                                           for by in ("goal", "step", "method")
                                           if _report_counts(programme.load(n))])
def test_count_tables_equal_the_source_documents(name, by):
    prog = programme.load(name)
    table = catalog.counts(prog.catalog, by)
    expected = [tuple(r) for r in _report_counts(prog)[by]]
    assert list(zip(table.iloc[:, 1], table.iloc[:, 2], strict=True)) == expected


def test_an_unknown_key_in_an_indicator_file_is_refused(fk, tmp_path, monkeypatch):
    import shutil

    root = tmp_path / "p"
    shutil.copytree(fk.root, root)
    path = root / "indicators" / "1.1.1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nmethod: enkät\n", encoding="utf-8")
    with pytest.raises(programme.ProgrammeError,
                       match=r"(?s)1\.1\.1\.yaml.*method: is not a field of this file"):
        catalog.read(programme.Programme("p", root))


def test_goal_pages_draw_the_effect_chain_with_each_status(fk, tmp_path):
    from tests.conftest import findings_file

    out = editions.Folder(tmp_path)
    out.data.mkdir(parents=True)
    out.del2.mkdir(parents=True)
    findings_file(out.data, "1.1.1", [[2022, 39.0], [2025, 33.0]])
    pages = del2.goal_pages(Edition(fk, 2025, tmp_path), out)
    assert (out.del2 / "effektkedja_1.svg").read_text().startswith("<?xml")
    page = (out.del2 / "mal_1.md").read_text()
    assert "![Effektkedja för mål 1." in page
    assert "1.1.1 delvis genomförd" in page and "1.4.3 inte uppföljd" in page
    assert "1.1.2 ej genomförd" in page  # no data given for it here
    assert out.del2 / "effektkedja_4.svg" in pages


@pytest.mark.parametrize("file", ["catalog.yaml", "indicators/1.4.1.yaml",
                                  "schema/staff_survey.yaml"])
def test_invalid_yaml_names_the_file_and_line(fk_copy, file):
    path = fk_copy.root / file
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken: key: value\n",
                    encoding="utf-8")
    with pytest.raises(programme.ProgrammeError,
                       match=rf"{file}: not valid YAML on line \d+ .*quote texts"):
        fk_copy.schema("staff_survey") if file.startswith("schema") else fk_copy.catalog


NEGATIONS = re.compile(r"\b(inte|ej|ingen|inget|inga|aldrig)\b", re.IGNORECASE)


@pytest.mark.parametrize("name", programme.names())
def test_a_title_says_what_its_share_measures(name):
    """A survey share's title may not negate what the share counts (FK 1.4.2 was titled
    "... inte misstänkt diskriminering" while its value is the share who see a risk)."""
    prog = programme.load(name)
    wrong = []
    for ind in prog.catalog.indicators.values():
        for part in ind.parts:
            shares = ([part.parameters["main"]] if part.builder == "survey_share" else
                      part.parameters.get("series", [])[:1] if part.builder == "survey_series"
                      else [])
            for share in shares:
                counted = f"{share.get('label', '')} {share.get('phrase', '')}"
                if bool(NEGATIONS.search(ind.title)) != bool(NEGATIONS.search(counted)):
                    wrong.append(f"{ind.id}: {ind.title!r} against {counted.strip()!r}")
    assert wrong == []
