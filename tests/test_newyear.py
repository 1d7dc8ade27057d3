"""``new-year``: the templates, the analysts' files, the plan and the archive."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from indikatorbok import assessments, build, changes, del1, editions, newyear, sources
from indikatorbok.programme import Edition, Programme, ProgrammeError


@pytest.fixture
def prog(fk_copy, tmp_path, monkeypatch):
    """A private copy of the programme and of the published editions, so the real ones are
    never touched."""
    monkeypatch.setattr(editions, "EDITIONS", tmp_path / "_build" / "editions")
    return fk_copy


def test_new_files_are_the_years_own_and_lagged_registers(fk):
    files = newyear.new_files(fk, 2026)
    assert ("staff_survey", 2026) in files and ("sickness_cases", 2026) in files
    assert ("parental_benefit", 2024) in files  # cohort 2024 is complete in 2026
    assert not {s for s, _ in files} & {"documents", "violence_survey", "case_file_review"}


def delivered(synthetic, data):
    """Synthetic data as a delivery of extracts: the files, without the generator's
    marks (a delivery is not the generator's to replace)."""
    from indikatorbok import synth

    shutil.copytree(synthetic, data, ignore=shutil.ignore_patterns(synth.MARKER, synth.OWNER))


def test_scaffold_writes_templates_that_validation_reports(prog, tmp_path, synthetic_dir):
    data = tmp_path / "data"
    delivered(synthetic_dir, data)
    done = newyear.scaffold(Edition(prog, 2026, data))
    template = (data / "2026" / "hr_training.csv").read_text(encoding="utf-8")
    assert template.strip().split(",") == newyear.header(prog.schema("hr_training"))
    assert (data / "2024" / "parental_benefit.csv").is_file()
    readme = (data / "2026" / "README.md").read_text(encoding="utf-8")
    assert "hr_training.csv" in readme and "participation_id" in readme
    # the template is valid YAML
    assert sources.read_delivery(data, 2026, prog.sources()).synthetic is False
    with pytest.raises(sources.DataError) as err:
        build.validate(Edition(prog, 2026, data), console=build.Console(quiet=True),
                       store=tmp_path / "checked")
    message = str(err.value)
    expected = len(newyear.new_files(prog, 2026))
    assert f"{expected} problem(s)" in message
    assert message.count("the empty template of a new edition") == expected
    assert done.archive_problem and "YEAR=2025" in done.archive_problem


def test_scaffold_never_overwrites(prog, tmp_path):
    data = tmp_path / "data"
    first = newyear.scaffold(Edition(prog, 2026, data))
    (data / "2026" / "hr_training.csv").write_text("delivered", encoding="utf-8")
    second = newyear.scaffold(Edition(prog, 2026, data))
    assert second.created == [] and set(first.created) <= set(second.kept)
    assert (data / "2026" / "hr_training.csv").read_text(encoding="utf-8") == "delivered"


def test_judgements_are_copied_marked_and_loadable(prog, tmp_path):
    new, old = Edition(prog, 2026, tmp_path / "data"), Edition(prog, 2025, tmp_path / "data")
    newyear.scaffold(new)
    judgements = del1.load(new)
    assert judgements["copied_from"] == 2025 and judgements["edition"] == 2026
    assert assessments.load(new).indicators == assessments.load(old).indicators


def test_a_broken_judgements_file_is_named_with_its_line(prog, tmp_path):
    previous = del1.path_for(Edition(prog, 2025, tmp_path / "data"))
    previous.write_text("edition: 2025\nmål: [öppen\n", encoding="utf-8")
    with pytest.raises(ProgrammeError, match=rf"{previous.name}: not valid YAML on line 3"):
        newyear.scaffold(Edition(prog, 2026, tmp_path / "data"))


def test_plan_adds_the_year_to_the_catalog(prog, tmp_path):
    newyear.scaffold(Edition(prog, 2026, tmp_path / "data"))
    measure = yaml.safe_load((prog.edition_dir(2026) / "plan.yaml").read_text())["measure"]
    assert "1.1.1" in measure and "1.2.4" not in measure  # documents end in 2025
    cat = Programme(prog.name, prog.root).catalog  # read again
    assert 2026 in cat["1.1.1"].planned_years and 2026 not in cat["1.2.4"].planned_years
    # Planned but not delivered: the status follows.
    assert cat["1.1.1"].status(2026, {2020, 2021, 2022, 2025}) == "delvis genomförd"


def _built(prog, data, stamp="20260101000000-1"):
    """A published 2025 edition of the programme, built from ``data``."""
    from indikatorbok import paths

    folder = editions.Folder(editions.EDITIONS / f"{prog.name}-2025-{stamp}")
    record = folder.data / changes.RECORD
    record.mkdir(parents=True)
    (record / "figures.csv").write_text("indicator,series,group,year,value,unit,n\n")
    (record / "status.csv").write_text("indicator,edition,status,assessment\n")
    (folder.root / "build.json").write_text(json.dumps(
        {"programme": prog.name, "edition": 2025, "data_dir": paths.shown(data)}))


def test_the_built_previous_edition_is_archived(prog, tmp_path):
    _built(prog, tmp_path / "data")
    done = newyear.scaffold(Edition(prog, 2026, tmp_path / "data"))
    assert done.archive_problem is None
    assert done.archived == changes.archive_path(Edition(prog, 2025, tmp_path / "data"))
    assert (prog.edition_dir(2025) / "arkiv" / "status.csv").is_file()


def test_a_build_from_another_data_folder_is_not_archived(prog, tmp_path):
    _built(prog, tmp_path / "other")
    done = newyear.scaffold(Edition(prog, 2026, tmp_path / "data"))
    assert done.archived is None and "was last built from" in done.archive_problem
    assert not (prog.edition_dir(2025) / "arkiv").exists()


def test_second_programme_scaffolds_its_next_edition(tmp_path, monkeypatch, synthetic):
    """Pensionsmyndigheten 2019: a template per source still delivered (not the course,
    which ended in 2016), the analysts' files to revise and an empty texts file."""
    from indikatorbok import programme

    monkeypatch.setattr(editions, "EDITIONS", tmp_path / "_build" / "editions")
    pm = programme.load("pensionsmyndigheten")
    root = tmp_path / "programmes" / pm.name
    shutil.copytree(pm.root, root, ignore=shutil.ignore_patterns("__pycache__"))
    prog, data = Programme(pm.name, root), tmp_path / "data"
    delivered(synthetic(pm.name, "default"), data)
    newyear.scaffold(Edition(prog, 2019, data))
    made = {p.name for p in (data / "2019").iterdir()}
    assert "customer_complaints.csv" in made and "krus_course.csv" not in made
    edition = root / "editions" / "2019"
    assert yaml.safe_load((edition / "del1.yaml").read_text(encoding="utf-8"))[
        "copied_from"] == 2018
    assert yaml.safe_load((edition / "texts.yaml").read_text(encoding="utf-8")) == {
        "edition": 2019, "indicators": {"4.2.1": []}}
    assert "4.1.1" not in yaml.safe_load((edition / "plan.yaml").read_text(encoding="utf-8"))[
        "measure"]


def test_new_year_never_writes_into_the_synthetic_data(prog, tmp_path):
    """Templates written into the generated folder were lost when it was generated again
    (with the extract the analyst had put in their place)."""
    from indikatorbok import synth

    data = tmp_path / "synthetic"
    (data / "2025").mkdir(parents=True)
    (data / synth.OWNER).write_text("made here")
    (data / "2025" / "x.csv").write_text("a\n1\n")
    before = snapshot(data)
    with pytest.raises(ProgrammeError, match="Give that folder: DATA="):
        newyear.scaffold(Edition(prog, 2026, data))
    with pytest.raises(ProgrammeError, match="Give that folder: DATA="):
        newyear.scaffold(Edition(prog, 2026, prog.synthetic_data))
    assert snapshot(data) == before


def test_the_next_command_carries_the_data_folder(tmp_path):
    assert newyear.command("validate", "pm", 2019, tmp_path / "min leverans") == \
        f"make validate PROGRAMME=pm YEAR=2019 DATA='{tmp_path / 'min leverans'}'"


def snapshot(folder):
    """Every file under ``folder`` with its bytes."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}
