"""The catalog, the notebooks and the table of contents agree (one place per definition)."""

import nbformat
import pytest
import yaml

from indikatorbok import catalog, indicators, paths

CAT = catalog.load()
IMPLEMENTED = indicators.implemented()


class TestStatus:
    ind = CAT["1.1.1"]

    def test_all_planned_years_measured(self):
        assert self.ind.status(2025, set(range(2020, 2026))) == "genomförd"

    def test_some_years_measured(self):
        assert self.ind.status(2025, {2022, 2025}) == "delvis genomförd"

    def test_none_measured(self):
        assert self.ind.status(2025, set()) == "ej genomförd"

    def test_lag_moves_the_expected_years(self):
        ind = CAT["2.5.1"]
        assert ind.expected_years(2025) == [2020, 2021, 2022, 2023]
        assert ind.status(2025, {2020, 2021, 2022, 2023}) == "genomförd"


def test_every_indicator_has_a_step_and_known_sources():
    from indikatorbok import sources

    for ind in CAT.indicators.values():
        assert ind.step.goal_id == ind.id.split(".")[0]
        assert ind.id.startswith(ind.step.id + ".")
        assert set(ind.sources) <= set(sources.all_sources())


@pytest.mark.parametrize("indicator_id", IMPLEMENTED)
def test_notebook_follows_the_contract(indicator_id):
    ind = CAT[indicator_id]
    nb = nbformat.read(paths.NOTEBOOKS / f"{ind.notebook}.ipynb", as_version=4)
    assert nb.cells[0].source == f"# {ind.id} {ind.title}", "title must match the catalog"
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    for name in ("year =", "data_dir =", "out_dir ="):
        assert name in params[0].source
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert f'indicators.compute("{ind.id}"' in code and "report.publish(" in code
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "commit notebooks without outputs"


def test_toc_lists_every_indicator_in_catalog_order():
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text())
    files = [s["file"] for part in toc["parts"] for ch in part["chapters"]
             for s in [ch, *ch.get("sections", [])]]
    listed = [f.rsplit("/", 1)[-1] for f in files if "indikator_" in f]
    assert listed == [CAT[i].notebook for i in IMPLEMENTED]


# The two count tables at the start of Del 2 of the report (all indicators, followed up).
REPORT_COUNTS = {
    "goal": [(11, 10), (15, 12), (19, 16), (12, 6), (57, 44)],
    "step": [(33, 30), (14, 7), (10, 7), (57, 44)],
    "method": [(27, 20), (12, 12), (9, 8), (7, 5), (4, 4), (4, 1), (1, 1), (1, 0)],
}


@pytest.mark.parametrize("by", sorted(REPORT_COUNTS))
def test_count_tables_equal_the_report(by):
    table = catalog.counts(CAT, by)
    assert list(zip(table.iloc[:, 1], table.iloc[:, 2], strict=True)) == REPORT_COUNTS[by]


def test_not_followed_indicators_have_a_reason_and_no_data():
    missing = [i for i in CAT.indicators.values() if not i.followed]
    assert len(missing) == 13
    assert all(i.not_followed and not i.sources and not i.planned_years for i in missing)


def test_goal_pages_draw_the_effect_chain_with_each_status(tmp_path):
    import json

    from indikatorbok import build

    (tmp_path / "1.1.1.headline.json").write_text(json.dumps({"measured_years": [2022, 2025]}))
    out = tmp_path / "del2"
    out.mkdir()
    pages = build.goal_pages(out, IMPLEMENTED, 2025, tmp_path)
    assert (out / "effektkedja_1.svg").read_text().startswith("<?xml")
    page = (out / "mal_1.md").read_text()
    assert "![Effektkedja för mål 1." in page
    assert "1.1.1 delvis genomförd" in page and "1.4.3 inte uppföljd" in page
    assert "1.1.2 ej genomförd" in page  # no data given for it here
    assert out / "effektkedja_4.svg" in pages
