"""Del 1 and the summary: judgements from the edition's file, figures from the build."""

import pytest
import yaml

from indikatorbok import assessments, del1, editions, findings, programme, text
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition
from tests.conftest import findings_file

FK = programme.load("forsakringskassan")
CAT = FK.catalog
EDITION = Edition(FK, 2025, FK.synthetic_data)


def write(root, values=None, **change):
    """Del 1 and the summary written into ``root``, from a headline of 1.1.1 (``values``:
    [year, value] pairs; ``change``: how the last two compare, see ``findings_file``) or no
    results at all, and the course counts of 3.2.3 that the analysts cite; returns the
    written pages."""
    out = Folder(root)
    out.data.mkdir(parents=True, exist_ok=True)
    if values is not None:
        findings_file(out.data, "1.1.1", values, **change)
    findings_file(out.data, "3.2.3", [[2024, 900], [2025, 950]], unit="count",
                  glued=("antal_perioden",))
    return del1.write(EDITION, out)


def test_every_goal_has_a_judgement_and_known_key_indicators():
    raw = del1.load(EDITION)
    assert set(raw["goals"]) == {g.id for g in CAT.goals}


def test_direction_follows_the_data_and_numbers_are_glued(tmp_path):
    down = write(tmp_path / "a", [[2022, 39.0], [2025, 33.0]])
    up = write(tmp_path / "b", [[2022, 39.0], [2025, 45.0]])
    chapter_down = next(p for p in down if p.name == "mal_1.md").read_text()
    chapter_up = next(p for p in up if p.name == "mal_1.md").read_text()
    assert ("en minskning från {glue:text}`../del2/indikator_1_1_1.ipynb::foregaende_varde:s`"
            in chapter_down)
    first_up = chapter_up.split("1.1.2")[0]
    assert "en ökning från" in first_up and "en minskning från" not in first_up
    summary_up = next(p for p in up if p.name == "sammanfattning.md").read_text()
    assert "{glue:text}`del2/indikator_1_1_1.ipynb::senaste_resultat:s`" in summary_up
    assert "en ökning från" in summary_up


def test_no_direction_where_the_change_is_not_significant(tmp_path):
    pages = write(tmp_path / "b", [[2022, 39.0], [2025, 37.0]],
                  test=findings.Test("z-test för två andelar", 0.3, 0.05))
    first = next(p for p in pages if p.name == "mal_1.md").read_text().split("1.1.2")[0]
    assert "ingen statistiskt säkerställd förändring jämfört med {glue:text}" in first
    assert "en minskning" not in first


def test_an_indicator_without_data_says_so(tmp_path):
    pages = write(tmp_path / "b")
    chapter = next(p for p in pages if p.name == "mal_3.md").read_text()
    assert "inga uppgifter i den här utgåvan" in chapter


def test_no_direction_across_a_change_of_population(tmp_path):
    written = write(tmp_path / "b", [[2022, 39.0], [2025, 33.0]], comparable=False,
                    why="mätningarna inte avser samma grupp")
    chapter = next(p for p in written if p.name == "mal_1.md")
    first = chapter.read_text().split("1.1.2")[0]
    assert "minskning" not in first
    assert "jämförs inte, eftersom mätningarna inte avser samma grupp" in first


def test_chapters_follow_every_kind_of_chain_step(tmp_path):
    pages = {p.name: p.read_text() for p in write(tmp_path / "b")}
    assert set(CAT.kinds) == {s.kind for g in CAT.goals for s in g.steps}
    for kind in CAT.kinds.values():  # the catalog's heading, or the analysts' finding
        assert any(f"## {kind.heading}" in page for page in pages.values()) or any(
            f"## {j['steps'][kind.key]['finding']}" in pages[f"mal_{g}.md"]
            for g, j in del1.load(EDITION)["goals"].items() if kind.key in j.get("steps", {}))


def test_each_chapter_states_the_contribution_and_counts_the_assessments(tmp_path):
    pages = {p.name: p.read_text() for p in write(tmp_path / "b")}
    assert ("Bedömningen är att arbetet har bidragit till delmålen om ekonomisk jämställdhet "
            "och om jämn fördelning av det obetalda hem- och omsorgsarbetet.") in pages["mal_2.md"]
    assert ("Bedömningen är att arbetet inte har bidragit till delmålet om jämställd hälsa."
            in pages["mal_4.md"])
    assert "det jämställdhetspolitiska delmålet om jämställd hälsa" in pages["mal_4.md"]
    followed = [i for i in CAT.indicators.values() if i.step.goal_id == "1" and i.followed]
    assert f"Av målets {text.in_words(len(followed))} uppföljda indikatorer" in pages["mal_1.md"]
    assert "[tabell 2](../bilaga/tabell_2.md)" in pages["mal_1.md"]
    assert "inom tre av de fyra målen" in pages["sammanfattning.md"]


def test_assessment_counts_follow_the_assessments():
    goal = CAT.goals[0]
    ids = [i.id for i in CAT.indicators.values() if i.step.goal_id == "1" and i.followed]
    assessed = assessments.Assessments(2025, {i: "delvisa" for i in ids[:-1]}, FK.policy,
                                       CAT.kinds)
    sentence = del1.assessment_counts(CAT, goal, assessed, "[tabell 2]")
    assert f"att {text.in_words(len(ids) - 1)} visar delvisa resultat i linje" in sentence
    assert sentence.endswith("För en saknas bedömning.")


def _write_judgements(tmp_path, monkeypatch, change):
    raw = yaml.safe_load(del1.path_for(EDITION).read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "del1.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(del1, "path_for", lambda edition: path)


@pytest.mark.parametrize(("change", "message"), [
    (lambda r: r["goals"]["2"]["steps"]["prestationsmål"].update(
        text="Andelen ökade till 45 procent."), r"goal 2: steps: prestationsmål: text: number "
                                                r"typed into the text \(45\)"),
    (lambda r: r["lessons"].append("Sedan 2022 har 1 200 deltagit."), r"lessons: 6: .*1 200"),
    (lambda r: r["goals"]["1"].update(contributed="ja"),
     "goals.1.contributed: input should be a valid boolean"),
    (lambda r: r["goals"]["1"]["steps"].update(aktiviteter={"text": "x"}), "unknown chain step"),
    (lambda r: r["goals"]["3"].pop("challenge"), r"goals\.3\.challenge: is missing"),
    (lambda r: r["goals"]["4"]["key_indicators"].append("9.9.9"), "9.9.9 is not in the catalog"),
])
def test_bad_judgements_are_refused(tmp_path, monkeypatch, change, message):
    _write_judgements(tmp_path, monkeypatch, change)
    with pytest.raises(ValueError, match=message):
        del1.load(EDITION)


def test_years_may_be_written():
    assert text.typed_numbers("Under 2025 och 2020–2024 kritiserades arbetssättet.") == []


def test_follow_up_is_counted_from_the_data():
    computed = {i: findings.Findings(i, years, [], "percent") for i, years in (
        ("1.1.1", [2022, 2025]),  # planned every year
        ("1.2.4", [2021, 2023, 2025]),  # planned 2021, 2023, 2025
        ("1.3.2", []))}
    sentence = del1.follow_up(CAT, computed, 2025)
    assert sentence.startswith("Av utgåvans tre indikatorer har en mätts alla planerade år, "
                               "en mätts en del av de planerade åren och en inte mätts något")
    assert "Flest planerade mätningar saknas för 2020 (2 indikatorer)" in sentence


def test_a_section_needs_a_title_and_a_text(tmp_path, monkeypatch):
    _write_judgements(tmp_path, monkeypatch,
                      lambda r: r["goals"]["1"].update(sections=[{"title": "Utan text"}]))
    with pytest.raises(ValueError, match=r"goals\.1\.sections\.0\.text: is missing"):
        del1.load(EDITION)


# Markup an attacker (or a careless paste) could put into an analysts' file.
PAYLOADS = [
    "<script>alert('x')</script>",
    '<p onmouseover="alert(1)">Läs mer</p>',
    "<img src=x onerror=alert(1)>",
    '<iframe src="https://example.org"></iframe>',
    "```{include} ../../data/synthetic/forsakringskassan/2025/documents.csv\n```",
    "```{literalinclude} /etc/passwd\n```",
    ":::{include} /etc/passwd\n:::",
    "Se {download}`/etc/passwd` för detaljer.",
    "Mer finns [här](javascript:alert(1)).",
    "{{ senaste_varde }} procent",
    "<!-- dold kommentar -->",
    "$$\\int x$$",
    "&lt;b&gt;",
]
WHERE = [
    lambda r, p: r["goals"]["1"].update(judgement=p),
    lambda r, p: r["goals"]["2"]["steps"]["prestationsmål"].update(finding=p),
    lambda r, p: r["lessons"].append(p),
    lambda r, p: r["goals"]["3"].update(sections=[{"title": p, "text": "Text."}]),
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("where", range(len(WHERE)))
def test_markup_in_an_analysts_text_is_refused(tmp_path, monkeypatch, payload, where):
    _write_judgements(tmp_path, monkeypatch, lambda r: WHERE[where](r, payload))
    with pytest.raises(ValueError, match="markup in the text .* write plain prose"):
        del1.load(EDITION)


def test_other_marks_are_text(tmp_path, monkeypatch):
    """Marks with a meaning in Markdown but not refused (emphasis, headings, lists) are
    escaped, so the page shows them as typed."""
    typed = "*Viktigt*: # kvinnor - män | _alla_ > hälften"
    _write_judgements(tmp_path, monkeypatch,
                      lambda r: r["goals"]["1"].update(judgement=typed))
    pages = write(tmp_path / "out")
    chapter = next(p for p in pages if p.name == "mal_1.md").read_text(encoding="utf-8")
    assert text.plain(typed) in chapter and typed not in chapter


def test_a_judgement_that_is_not_text_is_refused(tmp_path, monkeypatch):
    _write_judgements(tmp_path, monkeypatch,
                      lambda r: r["goals"]["1"].update(judgement={"a": 1}))
    with pytest.raises(ValueError, match="goals.1.judgement: input should be a valid string"):
        del1.load(EDITION)


def test_invalid_yaml_names_the_file_and_line(tmp_path, monkeypatch):
    path = tmp_path / "del1.yaml"
    path.write_text("edition: 2025\ngoals:\n  '1': {judgement: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(del1, "path_for", lambda edition: path)
    with pytest.raises(ValueError, match=r"del1.yaml: not valid YAML on line \d"):
        del1.load(EDITION)


def test_a_withheld_latest_value_is_said_to_be_so(tmp_path):
    pages = write(tmp_path / "w", [[2022, 39.0], [2025, None]])
    chapter = next(p for p in pages if p.name == "mal_1.md").read_text().split("1.1.2")[0]
    assert "Värdet för 2025 redovisas inte, så det senaste redovisade gäller 2022." in chapter


def _cite(tmp_path, monkeypatch, judgement, values=([2022, 39.0], [2025, 33.0])):
    _write_judgements(tmp_path, monkeypatch, lambda r: r["goals"]["1"].update(
        judgement=judgement))
    pages = write(tmp_path / "out", list(values))
    return next(p for p in pages if p.name == "mal_1.md").read_text(encoding="utf-8")


def test_a_figure_is_cited_by_reference_to_its_page(tmp_path, monkeypatch):
    chapter = _cite(tmp_path, monkeypatch, "Andelen var [[1.1.1]] och [[3.2.3: antal_perioden]] "
                                           "deltog.")
    glued = "{glue:text}`../del2/indikator_1_1_1.ipynb::"
    assert (f"Andelen var {glued}senaste_varde:s` ({glued}senaste_ar:s`) och "
            "{glue:text}`../del2/indikator_3_2_3.ipynb::antal_perioden:s` deltog") in chapter
    assert "[[" not in chapter and "\ue000" not in chapter


def test_a_cited_figure_whose_latest_value_is_withheld_says_so(tmp_path, monkeypatch):
    chapter = _cite(tmp_path, monkeypatch, "Andelen var [[1.1.1]].",
                    values=([2022, 39.0], [2025, None]))
    assert "senaste_ar:s`, värdet för 2025 redovisas inte)" in chapter


def test_a_reference_to_a_value_the_page_does_not_offer_is_refused(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match=r"del1.yaml: \[\[1.1.1: antal\]\] is not a value "
                                         r"indicator 1.1.1's page offers \(it offers: "
                                         r"foregaende_ar, "):
        _cite(tmp_path, monkeypatch, "Det var [[1.1.1: antal]].")


@pytest.mark.parametrize(("judgement", "message"), [
    ("Det var [[9.9.9]].", r"goal 1: judgement: \[\[9.9.9\]\] cites no indicator page"),
    ("Det var 45 procent.", r"number typed into the text \(45\); cite it from its indicator "
                            r"page instead, as \[\[id\]\]"),
    ("Det var [[1.1.1]] och [1.1.1](http://x).", r"markup in the text"),
])
def test_references_are_checked(tmp_path, monkeypatch, judgement, message):
    _write_judgements(tmp_path, monkeypatch, lambda r: r["goals"]["1"].update(
        judgement=judgement))
    with pytest.raises(ValueError, match=message):
        del1.load(EDITION)


@pytest.mark.parametrize("hidden", ["\ue000", "\u202e", "\u200b", "\x07"])
def test_hidden_characters_in_an_analysts_text_are_refused(tmp_path, monkeypatch, hidden):
    """A private-use character once broke the citations after every notebook had run;
    right-to-left overrides and zero-width characters were published."""
    _write_judgements(tmp_path, monkeypatch, lambda r: r["goals"]["1"].update(
        judgement=f"Arbetet{hidden} har fortsatt [[1.1.1]]."))
    with pytest.raises(ValueError, match=r"markup in the text \(U\+"):
        del1.load(EDITION)


def test_an_unknown_cited_value_stops_the_build_with_its_file(tmp_path, monkeypatch):
    from indikatorbok import build

    _write_judgements(tmp_path, monkeypatch, lambda r: r["goals"]["1"].update(
        judgement="Det var [[3.2.3: wrong]]."))
    out = Folder(tmp_path / "out")
    out.data.mkdir(parents=True)
    findings_file(out.data, "3.2.3", [[2024, 900], [2025, 950]], unit="count")
    monkeypatch.setattr(build, "appendix", type("A", (), {"write": staticmethod(
        lambda edition, out: [])}))
    with pytest.raises(editions.BuildError,
                       match=r"del1.yaml: \[\[3.2.3: wrong\]\] is not a value"):
        build.book_pages(EDITION, out, "2026-12-08")
