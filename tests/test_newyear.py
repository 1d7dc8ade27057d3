"""``new-year``: the templates, the analysts' files, the plan and the archive."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from indikatorbok import assessments, build, catalog, changes, del1, newyear, paths, sources


@pytest.fixture
def editions(tmp_path, monkeypatch):
    """A private copy of data/editions and _build, so the real ones are never touched."""
    shutil.copytree(paths.EDITIONS, tmp_path / "editions")
    monkeypatch.setattr(paths, "EDITIONS", tmp_path / "editions")
    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    monkeypatch.setattr(paths, "BUILD_DATA", tmp_path / "_build" / "data")
    catalog.load.cache_clear()
    yield tmp_path / "editions"
    catalog.load.cache_clear()


def test_new_files_are_the_years_own_and_lagged_registers():
    files = newyear.new_files(2026)
    assert ("staff_survey", 2026) in files and ("sickness_cases", 2026) in files
    assert ("parental_benefit", 2024) in files  # cohort 2024 is complete in 2026
    assert not {s for s, _ in files} & {"documents", "violence_survey", "case_file_review"}


def test_scaffold_writes_templates_that_validation_reports(editions, tmp_path, synthetic_dir):
    data = tmp_path / "data"
    shutil.copytree(synthetic_dir, data)
    done = newyear.scaffold(2026, data)
    template = (data / "2026" / "hr_training.csv").read_text(encoding="utf-8")
    assert template.strip().split(",") == newyear.header("hr_training")
    assert (data / "2024" / "parental_benefit.csv").is_file()
    readme = (data / "2026" / "README.md").read_text(encoding="utf-8")
    assert "hr_training.csv" in readme and "participation_id" in readme
    assert sources.delivery(data, 2026).synthetic is False  # the template is valid YAML
    with pytest.raises(sources.DataError) as err:
        build.validate(build.Edition(2026, data), console=build.Console(quiet=True))
    message = str(err.value)
    assert f"{len(newyear.new_files(2026))} problem(s)" in message
    assert message.count("empty template from `make new-year`") == len(newyear.new_files(2026))
    assert done.archive_problem and "make book YEAR=2025" in done.archive_problem


def test_scaffold_never_overwrites(editions, tmp_path):
    data = tmp_path / "data"
    first = newyear.scaffold(2026, data)
    (data / "2026" / "hr_training.csv").write_text("delivered", encoding="utf-8")
    second = newyear.scaffold(2026, data)
    assert second.created == [] and set(first.created) <= set(second.kept)
    assert (data / "2026" / "hr_training.csv").read_text(encoding="utf-8") == "delivered"


def test_judgements_are_copied_marked_and_loadable(editions, tmp_path):
    newyear.scaffold(2026, tmp_path / "data")
    judgements = del1.load(2026)
    assert judgements["copied_from"] == 2025 and judgements["edition"] == 2026
    assert assessments.load(2026).indicators == assessments.load(2025).indicators


def test_plan_adds_the_year_to_the_catalog(editions, tmp_path):
    newyear.scaffold(2026, tmp_path / "data")
    measure = yaml.safe_load((editions / "2026" / "plan.yaml").read_text())["measure"]
    assert "1.1.1" in measure and "1.2.4" not in measure  # documents end in 2025
    catalog.load.cache_clear()
    cat = catalog.load()
    assert 2026 in cat["1.1.1"].planned_years and 2026 not in cat["1.2.4"].planned_years
    # Planned but not delivered: the status follows.
    assert cat["1.1.1"].status(2026, {2020, 2021, 2022, 2025}) == "delvis genomförd"


def test_the_built_previous_edition_is_archived(editions, tmp_path):
    record = paths.BUILD_DATA / changes.RECORD
    record.mkdir(parents=True)
    (record / "figures.csv").write_text("indicator,series,group,year,value,unit,n\n")
    (record / "status.csv").write_text("indicator,edition,status,assessment\n")
    (paths.BUILD / "build.json").write_text(json.dumps({"edition": 2025}))
    done = newyear.scaffold(2026, tmp_path / "data")
    assert done.archived == changes.archive_path(2025) and done.archive_problem is None
    assert (editions / "2025" / "arkiv" / "status.csv").is_file()
