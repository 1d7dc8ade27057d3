"""The analysts' assessments: valid data, and the check against the figures."""

import pytest
import yaml

from indikatorbok import appendix, assessments, programme
from indikatorbok.build import Folder
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


def test_disagreements_are_reported():
    assessed = given({"1.1.1": "tydliga", "1.1.2": "delvisa", "1.2.1": "tydliga",
                      "1.2.2": "tydliga", "1.3.2": "delvisa"})
    found = assessments.disagreements(EDITION, assessed, {
        "1.1.1": {"measured_years": [2022, 2025], "headline": [(2022, 39.0), (2025, 33.0)]},
        "1.1.2": {"measured_years": [2025], "headline": [(2025, 63.0)]},
        "1.2.1": {"measured_years": [], "headline": []},  # assessed without data
        # a fall that is not statistically significant is no fall
        "1.2.2": {"measured_years": [2022, 2025], "headline": [(2022, 30.0), (2025, 28.0)],
                  "significant": False},
        # planned for 2025, last measured 2024
        "1.3.2": {"measured_years": [2024], "headline": [(2024, 1.0)]},
    })
    assert any(f.startswith("1.1.1:") and "minskat från 39 (2022) till 33 (2025)" in f
               for f in found)
    assert any(f.startswith("1.2.1:") and "inga uppgifter" in f for f in found)
    assert not any(f.startswith(("1.1.2:", "1.2.2:")) for f in found)
    assert any(f.startswith("1.3.2:") and "planerad för 2025 saknas; den senaste avser 2024"
               in f for f in found)
    assert any(f.startswith("1.2.3:") and "saknas" in f for f in found)  # not assessed


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
