"""Del 1 and the summary: judgements from the edition's file, figures from the build."""

import json

from indikatorbok import catalog, del1

CAT = catalog.load()


def _computed(tmp_path, values):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "1.1.1.headline.json").write_text(json.dumps(
        {"measured_years": [y for y, _ in values], "headline": values, "summary": False}))
    return tmp_path


def test_every_goal_has_a_judgement_and_known_key_indicators():
    raw = del1.load(2025)
    assert set(raw["goals"]) == {g.id for g in CAT.goals}


def test_direction_follows_the_data_and_numbers_are_glued(tmp_path):
    down = del1.write(tmp_path / "a", 2025, _computed(tmp_path / "da", [[2022, 39.0],
                                                                        [2025, 33.0]]))
    up = del1.write(tmp_path / "b", 2025, _computed(tmp_path / "db", [[2022, 39.0],
                                                                      [2025, 45.0]]))
    chapter_down = next(p for p in down if p.name == "mal_1.md").read_text()
    chapter_up = next(p for p in up if p.name == "mal_1.md").read_text()
    assert "ned från {glue}`../del2/indikator_1_1_1.ipynb::foregaende_varde`" in chapter_down
    assert "upp från" in chapter_up and "ned från" not in chapter_up.split("1.1.2")[0]
    summary_up = next(p for p in up if p.name == "sammanfattning.md").read_text()
    assert "{glue}`del2/indikator_1_1_1.ipynb::senaste_varde`" in summary_up
    assert "upp från" in summary_up


def test_an_indicator_without_data_says_so(tmp_path):
    pages = del1.write(tmp_path / "book", 2025, tmp_path)
    chapter = next(p for p in pages if p.name == "mal_3.md").read_text()
    assert "inga uppgifter i den här utgåvan" in chapter


def test_no_direction_across_a_change_of_population(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "1.1.1.headline.json").write_text(json.dumps(
        {"measured_years": [2022, 2025], "headline": [[2022, 39.0], [2025, 33.0]],
         "summary": False, "comparable": False}))
    chapter = next(p for p in del1.write(tmp_path / "b", 2025, data) if p.name == "mal_1.md")
    first = chapter.read_text().split("1.1.2")[0]
    assert "ned från" not in first and "annan målgrupp" in first


def test_chapters_follow_every_kind_of_chain_step():
    assert set(del1.CHAIN_SECTIONS) == {s.kind for g in CAT.goals for s in g.steps}
