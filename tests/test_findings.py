"""The findings of an indicator, decided once and stated alike by the answer box, the
narrative, Del 1 and the downloads; one test per defect a reader once met."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from indikatorbok import audit, builders, del1, indicators, programme, report
from indikatorbok.programme import Edition
from tests.conftest import analysis_on

PM = programme.load("pensionsmyndigheten")
FK = programme.load("forsakringskassan")


def rows(n: int, **columns) -> list[dict]:
    return [dict(columns) for _ in range(n)]


def reconsiderations(changed: int, of: int, year: int) -> pd.DataFrame:
    df = pd.DataFrame(rows(changed, sex="K", changed_in_favour=1)
                      + rows(of - changed, sex="M", changed_in_favour=0))
    df["procedure"], df["benefit"] = "omprovning", "bostadstillagg"
    df["decided"] = pd.Timestamp(f"{year}-05-01")
    df["case_id"] = [f"{year}-{i}" for i in range(len(df))]
    return df


def test_a_register_change_that_is_not_significant_is_said_so_everywhere():
    """20 % then 24 % of 200 decisions: not a significant change. The box and Del 1 said
    "en ökning" while the narrative said it was not significant."""
    frames = {2017: reconsiderations(40, 200, 2017), 2018: reconsiderations(48, 200, 2018)}
    result = analysis_on(PM, "1.1.1", {"reconsidered_decisions": frames}).result()
    found = result.statement()
    assert found.change.kind == "uncertain" and found.change.test is not None
    said = "Det är ingen statistiskt säkerställd förändring jämfört med 2017."
    assert said in report.at_a_glance(result).data
    assert said in result.narrative[0]
    line = del1.key_result(PM.catalog["1.1.1"], found, "")
    assert "ingen statistiskt säkerställd förändring jämfört med" in line
    assert "ökning" not in line


def test_measurements_of_different_groups_are_compared_nowhere(synthetic_dir):
    """FK 1.1.1 asked other roles in 2022: the box said it was not compared while the
    narrative stated a fall of six points."""
    result = builders.compute("1.1.1", 2025, synthetic_dir, FK.name)
    change = result.statement().change
    assert change.kind == "not_compared" and "samma grupp" in change.why
    assert change.sentence() in report.at_a_glance(result).data
    assert change.sentence() in result.narrative[0]
    assert not any(w in result.narrative[0] for w in ("minskning", "ökning", "oförändrat"))


def course(year: int, people: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"participation_id": [f"{year}-{i}" for i in range(len(people))],
                         "person_id": people, "sex": "K", "employee_group": "medarbetare",
                         "completed": pd.Timestamp(f"{year}-06-01")})


def test_a_person_who_took_the_course_twice_counts_once():
    """PM 4.1.1 counts staff: it counted completions."""
    people = [f"p{i}" for i in range(30)] + ["p1", "p2", "p2"]
    result = analysis_on(PM, "4.1.1", {"krus_course": {2015: course(2015, people)}}).result()
    assert result.value("antal", 2015) == 30
    assert set(result.tidy.loc[result.tidy.unit == "count", "counted"]) == {"persons"}
    assert "Antal personer" in report.table_html(result, result.tables[0])


def cases(year: int, women: int, men: int) -> pd.DataFrame:
    decided = pd.Timestamp(f"{year}-06-30")
    df = pd.DataFrame(rows(women, sex="K") + rows(men, sex="M"))
    df["benefit"], df["target_days"], df["decided"] = "bostadstillagg", 60, decided
    df["received"] = decided - pd.Timedelta(days=10)
    df["paid_on_time"] = pd.array([1] * len(df), dtype="Int64")
    df["case_id"] = [f"{year}-{i}" for i in range(len(df))]
    return df


def composition(frames: dict, **changed) -> indicators.Analysis:
    ind = PM.catalog["1.2.1"]
    ctx = indicators.Context(ind, Edition(PM, 2018, Path("/nonexistent")),
                             _cache={"case_processing": frames})
    part = ind.parts[0]
    return builders.analysis_class(ctx, part)(ctx, {**part.parameters, **changed})


def test_counts_equal_when_rounded_are_not_said_to_be_equal_and_n_is_rounded_too():
    """Counts rounded to tens: 1 234 and 1 231 both publish as 1 230. "Lika många" was said
    of the rounded counts, and the CSV's n was the unrounded 1 234."""
    result = composition({2017: cases(2017, 600, 631), 2018: cases(2018, 600, 634)},
                         rounding=10).result()
    assert "Avrundat till närmaste tiotal är det lika många som 2017." in result.narrative[0]
    assert result.value("antal", 2018) == 1230
    n = result.published().set_index(["series", "year"]).loc[
        ("Avgjorda ärenden, andel kvinnor", 2018), "n"]
    assert n == 1230  # as its count is published


def test_a_withheld_count_cannot_be_worked_out_from_the_totals():
    """Four women in one benefit: withheld with the men of the row, as before, but the
    total row published women over all benefits, so another benefit's count goes too."""
    df = pd.concat([cases(2018, 4, 60).assign(benefit="bostadstillagg"),
                    cases(2018, 70, 80).assign(benefit="alderspension")], ignore_index=True)
    df["case_id"] = [f"c{i}" for i in range(len(df))]
    result = composition({2018: df}).result()
    assert math.isnan(result.value("antal_bostadstillagg", 2018, "K"))
    assert result.value("antal", 2018, "K") == 74  # the total is published
    assert math.isnan(result.value("antal_alderspension", 2018, "K"))  # so this goes too
    assert [w for w in audit.audit({"1.2.1": result.statement()}) if w.exposed] == []


def test_part_of_a_year_is_not_compared_with_whole_years(tmp_path):
    """2025 ran to 30 November: "424 … färre än 2024, då antalet var 485" compared it with
    a whole year, and the caveat was lost in the downloads."""
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "delivery.yaml").write_text(
        "sources:\n  internal_reporting:\n    period_end: 2025-11-30\n", encoding="utf-8")

    def decisions(year: int, n: int) -> pd.DataFrame:
        return pd.DataFrame({"item_id": [f"{year}-{i}" for i in range(n)],
                             "kind": "do_tillsynsbeslut", "theme": "kon_diskriminering",
                             "outcome": "ingen_overtradelse",
                             "date": pd.Timestamp(f"{year}-03-01")})

    ind = FK.catalog["1.4.1"]
    ctx = indicators.Context(ind, Edition(FK, 2025, tmp_path), _cache={
        "internal_reporting": {2024: decisions(2024, 485), 2025: decisions(2025, 424)}})
    result = builders.analysis_class(ctx, ind.parts[0])(ctx, ind.parts[0].parameters).result()
    change = result.statement().change
    assert change.kind == "not_compared"
    box = report.at_a_glance(result).data
    assert "bara avser 1 januari–30 november" in box and "färre" not in box
    assert "(2025, 1 januari–30 november)" in box
    notes = result.statement().notes  # what the workbook's sheet notes
    assert any("Uppgifterna för 2025 avser 1 januari–30 november." in n
               for table in notes.values() for n in table)


@pytest.mark.parametrize(("current", "previous", "kind"), [(524, 485, "up"),
                                                           (424, 485, "not_compared")])
def test_part_of_a_year_already_above_a_whole_year_is_more(current, previous, kind):
    from indikatorbok import findings

    change = findings.change("count", 2025, 2024, current, previous,
                             part_year="1 januari–30 november")
    assert change.kind == kind


def test_a_cell_withheld_in_the_previous_edition_stays_withheld(tmp_path):
    """Last year's edition withheld women's cases of one benefit in 2017; this year's,
    with the same 2017 figures, withholds them too (and what protects them), so that the
    two editions together give nothing away."""
    import shutil

    root = tmp_path / "pensionsmyndigheten"
    shutil.copytree(PM.root, root, ignore=shutil.ignore_patterns("__pycache__"))
    prog = programme.Programme(PM.name, root)
    archive = root / "editions" / "2017" / "arkiv"
    archive.mkdir(parents=True)
    (archive / indicators.CELLS).write_text(
        "indicator,series_key,group_key,year,value,withheld\n"
        "1.2.1,antal_alderspension,K,2017,,True\n", encoding="utf-8")
    df = pd.concat([cases(2017, 70, 80).assign(benefit="alderspension"),
                    cases(2017, 60, 90).assign(benefit="bostadstillagg")], ignore_index=True)
    df["case_id"] = [f"c{i}" for i in range(len(df))]
    ind = prog.catalog["1.2.1"]
    ctx = indicators.Context(ind, Edition(prog, 2018, Path("/nonexistent")),
                             _cache={"case_processing": {2017: df, 2018: cases(2018, 60, 60)}})
    result = builders.analysis_class(ctx, ind.parts[0])(ctx, ind.parts[0].parameters).result()
    assert math.isnan(result.value("antal_alderspension", 2017, "K"))
    found = result.statement()
    rules = {(w["series_key"], w["group_key"]): w["rule"] for w in found.withheld
             if w["year"] == 2017}
    assert rules[("antal_alderspension", "K")] == "carried"
    assert [w for w in audit.audit({"1.2.1": found}) if w.exposed] == []


@pytest.mark.parametrize("value, words", [(1, "anmälan till polisen"),
                                          (2, "anmälningar till polisen")])
def test_a_count_of_one_is_said_in_the_singular(value, words, fk, synthetic):
    from types import SimpleNamespace

    result = builders.compute("3.7.2", 2025, synthetic(fk.name, "default"), fk.name)
    row = SimpleNamespace(series="Anmälningar till polisen", value=value, counted="reports")
    assert result.counted_words(row) == words
    other = SimpleNamespace(series="Besök på webbplatsen", value=1, counted="reports")
    assert result.counted_words(other) == "besök på webbplatsen"  # no plural to replace
