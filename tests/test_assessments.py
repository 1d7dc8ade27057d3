"""The analysts' assessments: valid data, and the check against the figures."""

import pytest
import yaml

from indikatorbok import appendix, assessments, findings, programme
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition

FK = programme.load("forsakringskassan")
CAT = FK.catalog
EDITION = Edition(FK, 2025, FK.synthetic_data)


def given(indicators: dict[str, str]) -> assessments.Assessments:
    return assessments.Assessments(2025, indicators, FK.policy, CAT.kinds)


def test_every_followed_indicator_is_assessed_for_2025():
    assessed = assessments.load(EDITION)
    followed = {i.id for i in CAT.indicators.values() if i.followed}
    assert set(assessed.indicators) == followed


def _write(tmp_path, monkeypatch, content: dict):
    path = tmp_path / "assessments.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(assessments, "path_for", lambda edition: path)


@pytest.mark.parametrize(("indicators", "message"), [
    ({"1.1.1": "lysande"}, "unknown category"),
    ({"9.9.9": "tydliga"}, "not in the catalog"),
    ({"1.4.3": "tydliga"}, "not followed up"),
])
def test_bad_assessments_are_refused(tmp_path, monkeypatch, indicators, message):
    _write(tmp_path, monkeypatch, {"edition": 2025, "indicators": indicators})
    with pytest.raises(assessments.AssessmentError, match=message):
        assessments.load(EDITION)


def _found(indicator: str, values: list, unit: str = "percent", **parts):
    return findings.Findings(indicator, [y for y, _ in values], values, unit, **parts)


def test_disagreements_are_reported():
    assessed = given({"1.1.1": "tydliga", "1.1.2": "delvisa", "1.2.1": "tydliga",
                      "1.3.2": "delvisa"})
    found = assessments.disagreements(EDITION, assessed, {
        "1.1.1": _found("1.1.1", [(2022, 39.0), (2025, 33.0)]),
        "1.1.2": _found("1.1.2", [(2025, 63.0)]),
        "1.2.1": _found("1.2.1", []),  # assessed without data
        "1.3.2": _found("1.3.2", [(2024, 1.0)]),  # planned for 2025, last measured 2024
    })
    assert any(f.startswith("1.2.1:") and "inga uppgifter" in f for f in found)
    assert not any(f.startswith(("1.1.1:", "1.1.2:")) for f in found)
    assert any(f.startswith("1.3.2:") and "planerad för 2025 saknas; den senaste avser 2024"
               in f for f in found)
    assert any(f.startswith("1.2.3:") and "saknas" in f for f in found)  # not assessed


Z = "z-test för två andelar"


def _change(p_value: float | None, current: float, previous: float = 39.0):
    test = None if p_value is None else findings.Test(Z, p_value, 0.05)
    return findings.change("percent", 2025, 2022, current, previous, test=test)


def _sexes(women: float, men: float, p_value: float):
    return findings.difference("sex", 2025, "percent", ("kvinnor", "män"), (women, men),
                               test=findings.Test(Z, p_value, 0.05))


@pytest.mark.parametrize(("category", "change", "broken"), [
    ("tydliga", _change(0.001, 45.0), ""),  # a significant rise toward the goal
    ("tydliga", _change(0.30, 45.0), "visar inte en utveckling i målets riktning"),
    ("tydliga", _change(0.001, 33.0), "visar en utveckling mot målets riktning"),
    ("delvisa", _change(0.001, 33.0), "visar en utveckling mot målets riktning"),
    ("delvisa", _change(0.30, 33.0), ""),  # a fall that is not significant is no fall
    ("inga_eller_sma", _change(0.001, 45.0), "visar en utveckling i målets riktning"),
    ("osäkra", _change(0.001, 33.0), ""),
    ("tydliga", None, "visar inte en utveckling i målets riktning"),  # nothing to compare
])
def test_an_assessment_is_held_to_its_rule(category, change, broken):
    """FK 1.1.1 aims higher; its categories' rules read the change and its test."""
    assessed = given({"1.1.1": category})
    verdict = assessments.verdicts(EDITION, assessed, {
        "1.1.1": _found("1.1.1", [(2022, 39.0), (2025, change.current if change else 40)],
                        change=change)})[0]
    assert (broken in verdict.broken) if broken else verdict.broken == ""


PM = programme.load("pensionsmyndigheten")
PM_EDITION = Edition(PM, 2018, PM.synthetic_data)


@pytest.mark.parametrize(("indicator", "category", "found", "broken"), [
    # women and men differ significantly (20 against 8 %): not "likvärdiga"
    ("1.1.2", "likvardiga", {"difference": _sexes(20, 8, 0.001)}, "skillnader mellan"),
    # no significant difference (44 against 47 %): no "skillnader att utreda"
    ("2.3.1", "skillnader", {"difference": _sexes(44, 47, 0.30)}, "visar inte skillnader"),
    ("2.3.1", "skillnader", {"difference": _sexes(44, 55, 0.001)}, ""),
    # a fall from 1 050 to 250 trained staff (aim: higher) is not "likvärdiga"
    ("4.1.1", "likvardiga", {"change": findings.change("count", 2016, 2015, 250, 1050)},
     "mot målets riktning"),
    # a share of women outside 40-60 % is an uneven division
    ("2.2.1", "likvardiga", {"balance": findings.balance(2018, 63, (40, 60))},
     "skillnader mellan"),
    ("2.2.1", "likvardiga", {"balance": findings.balance(2018, 60, (40, 60))}, ""),
])
def test_pensionsmyndighetens_rules(indicator, category, found, broken):
    assessed = assessments.Assessments(2018, {indicator: category}, PM.policy,
                                       PM.catalog.kinds)
    verdict = assessments.verdicts(PM_EDITION, assessed, {
        indicator: _found(indicator, [(2017, 1.0), (2018, 1.0)], **found)})[0]
    assert (broken in verdict.broken) if broken else verdict.broken == ""


def test_the_same_findings_get_the_same_assessment():
    """FK 1.3.2 and 4.4.1 compute the same odds ratio: "tydliga" and "delvisa" for it
    contradict each other."""
    same = {i: _found(i, [(2025, 1.04)], unit="ratio") for i in ("1.3.2", "4.4.1")}
    verdicts = assessments.verdicts(EDITION, given({"1.3.2": "tydliga", "4.4.1": "delvisa"}),
                                    same)
    assert {v.indicator for v in verdicts if "har samma resultat som" in v.broken} == \
        {"1.3.2", "4.4.1"}
    agreed = assessments.verdicts(EDITION, given({"1.3.2": "osäkra", "4.4.1": "osäkra"}),
                                  same)
    assert not any("samma resultat" in v.broken for v in agreed)


def test_a_broken_rule_needs_a_reason_which_is_kept(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, {"edition": 2025, "indicators": {
        "1.1.1": {"category": "tydliga", "reason": "Frågan ställdes till fler i år."}}})
    assessed = assessments.load(EDITION)
    computed = {"1.1.1": _found("1.1.1", [(2022, 39.0), (2025, 45.0)],
                                change=_change(0.30, 45.0))}
    assert assessments.refused(EDITION, assessed, computed) == []
    assert assessed.reasons["1.1.1"] == "Frågan ställdes till fler i år."
    bare = assessments.Assessments(2025, {"1.1.1": "tydliga"}, FK.policy, CAT.kinds)
    refused = assessments.refused(EDITION, bare, computed)
    assert len(refused) == 1 and "Give the reason" in refused[0]


@pytest.mark.parametrize(("reason", "message"), [
    ("Andelen steg till 45 procent.", "number typed into the reason"),
    ("Se <b>tabellen</b>.", "markup in the reason"),
])
def test_a_reason_is_plain_text_without_numbers(tmp_path, monkeypatch, reason, message):
    _write(tmp_path, monkeypatch, {"edition": 2025, "indicators": {
        "1.1.1": {"category": "tydliga", "reason": reason}}})
    with pytest.raises(assessments.AssessmentError, match=message):
        assessments.load(EDITION)


def test_a_contribution_without_effects_is_reported():
    effects = [i.id for i in CAT.indicators.values()
               if i.step.goal_id == "4" and CAT.kinds[i.step.kind].effect and i.followed]
    weak, strong = given({i: "osäkra" for i in effects}), given({i: "delvisa" for i in effects})

    def flagged(assessed, contributed):
        return any(f.startswith("Mål 4:") for f in assessments.disagreements(
            EDITION, assessed, {}, {"4": contributed}))

    assert flagged(weak, True) and not flagged(weak, False) and not flagged(strong, True)


def test_appendix_pages(tmp_path):
    out = Folder(tmp_path)
    out.data.mkdir()
    appendix.write(EDITION, out)
    names = {p.name for p in (out.book / "bilaga").iterdir()}
    assert {"tabell_1.md", "tabell_5.md"} <= names and "granskning.md" not in names
    assert (out.internal / "granskning.md").is_file()  # for reviewers only
    table_1 = (out.book / "bilaga" / "tabell_1.md").read_text()
    assert all(i.id in table_1 for i in CAT.indicators.values() if not i.followed)
    table_2 = (out.book / "bilaga" / "tabell_2.md").read_text()
    assert "| 1.1.2" in table_2 or "[1.1.2]" in table_2
    assert "Tydliga resultat i linje med måluppfyllelse" in table_2
    assert "Inte uppföljd" in table_2  # 1.4.3
