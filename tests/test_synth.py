"""The generator is deterministic and hits its calibration targets."""

import datetime as dt

import pandas as pd
import pytest

from indikatorbok import programme, sources, stats, synth
from indikatorbok.programme import Edition


def years(prog, last=None):
    return list(range(prog.first_year, (last or prog.default_year) + 1))


def test_same_seed_gives_byte_identical_files(fk, synthetic_dir, tmp_path):
    again = tmp_path / "again"
    synth.generate(fk, again, years(fk), scale="default")
    assert _digests(again) == _digests(synthetic_dir)


def _digests(root):
    import hashlib

    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != synth.MARKER}


def test_national_scale_is_deterministic_too(fk, tmp_path):
    chosen = [2023, 2025]  # a complete birth cohort and a partial current year
    first, second = tmp_path / "a", tmp_path / "b"
    # A tenth of the national volumes: the same generators, in a tenth of the time.
    rows = synth.generate(fk, first, chosen, scale="national", fraction=0.1)
    synth.generate(fk, second, chosen, scale="national", fraction=0.1)
    assert _digests(first) == _digests(second)
    assert rows["2025/temporary_parental_benefit.csv"] > 100_000
    assert rows["2023/parental_benefit.csv"] > 9_000


def test_another_seed_gives_other_data(fk, synthetic_dir, tmp_path):
    other = tmp_path / "other"
    synth.generate(fk, other, [2025], seed=1)
    assert (other / "2025/staff_survey.csv").read_bytes() != (
        synthetic_dir / "2025/staff_survey.csv").read_bytes()


@pytest.mark.parametrize(("n", "targets"), [
    (4000, {"a": 20, "b": 5, "c": 74}),
    (2573, {"a": 33, "b": 43, "c": None}),
    (45000, {"a": 21, "b": 5.2, "c": None}),
])
def test_calibrate_rounds_to_targets(n, targets):
    counts = synth.calibrate(n, targets)
    assert sum(counts.values()) == n
    for key, t in targets.items():
        if t is not None:
            assert stats.round_half_up(100 * counts[key] / n) == stats.round_half_up(t)


def test_calibrate_refuses_impossible_targets():
    with pytest.raises(ValueError):
        synth.calibrate(10, {"a": 50, "b": 50, "c": 50})


def test_years_after_the_report_are_the_latest_calibrated_year_moved_forward(fk):
    spec = synth.spec_for(fk, "hr_training", 2026, 1, "default", 2026, 1.0)
    assert (spec.year, spec.shift, spec.calendar_year) == (2025, 1, 2026)
    assert spec.period_end == dt.date(2025, 11, 30)  # the newest year is partial
    # A register delivered two years late: cohort 2024 arrives with the 2026 edition.
    lagged = synth.spec_for(fk, "parental_benefit", 2024, 1, "default", 2026, 1.0)
    assert (lagged.year, lagged.shift) == (2023, 1)
    assert synth.spec_for(fk, "hr_training", 2025, 1, "default", 2026, 1.0).shift == 0


def test_shift_years_moves_year_columns_and_dates(fk):
    df = pd.DataFrame({"year": [2024, 2024], "participation_id": ["a", "b"],
                       "person_id": ["p", "q"], "date": [dt.date(2024, 2, 29), None],
                       "course": ["x", "y"], "role": ["chef", "chef"]})
    out = synth.shift_years(df, fk.schema("hr_training"), 2)
    assert out["year"].tolist() == [2026, 2026]
    assert out["date"].iloc[0] == dt.date(2026, 2, 28) and out["date"].iloc[1] is None


def test_canaries_replace_every_occurrence_of_a_few_identifiers(fk):
    people = [f"p{i}" for i in range(200)]
    df = pd.DataFrame({"year": 2024, "participation_id": [f"d{i}" for i in range(400)],
                       "person_id": people + people,  # each person twice: a link to keep
                       "date": None, "course": "x", "role": "chef"})
    spec = synth.Spec(2024, synth.DEFAULT_SEED, "default", 2024)
    out = synth.plant_canaries(df.copy(), fk.schema("hr_training"), spec, free_text="course")
    for column in ("participation_id", "person_id"):
        planted = out[column].str.startswith(synth.CANARY)
        canaries = set(out.loc[planted, column])
        assert len(canaries) == synth.CANARIES_PER_COLUMN
        assert out.loc[~planted, column].tolist() == df.loc[~planted, column].tolist()
        replaced = set(df.loc[planted, column])
        assert len(replaced) == synth.CANARIES_PER_COLUMN
        assert not df[column].isin(replaced)[~planted].any()  # no occurrence left
    assert out.course.str.contains(synth.CANARY).sum() == synth.CANARIES_PER_COLUMN
    again = synth.plant_canaries(df.copy(), fk.schema("hr_training"), spec, free_text="course")
    assert again.equals(out)


def test_a_year_after_the_report_is_generated_once_and_kept(fk, tmp_path):
    data = tmp_path / "synthetic"
    assert synth.ensure(Edition(fk, 2026, data), scale="default")  # 2020-2026
    assert (data / "2026" / "staff_survey.csv").is_file()
    assert (data / "2024" / "parental_benefit.csv").is_file()
    assert not (data / "2026" / "documents.csv").exists()  # not expected after 2025
    sources.load_year(fk.schema("hr_training"), data, 2026)  # valid
    delivery = sources.read_delivery(data, 2026, fk.sources())
    assert delivery.period_end["hr_training"] == dt.date(2026, 11, 30)
    assert not synth.ensure(Edition(fk, 2025, data), scale="default")  # nothing regenerated
    assert (data / "2026" / "staff_survey.csv").is_file()  # the later year is kept


def test_current_data_serve_from_a_folder_that_cannot_be_written(fk, synthetic_dir,
                                                                  tmp_path, monkeypatch):
    """A read-only synthetic folder (C9): data already current are used as they are; data
    that would have to be generated give a clear error, not an OSError on the lock."""
    def read_only(out):
        raise PermissionError(13, "Permission denied", str(out.parent / f".{out.name}.lock"))

    monkeypatch.setattr(synth, "locked", read_only)
    assert not synth.ensure(Edition(fk, fk.default_year, synthetic_dir), scale="default")
    with pytest.raises(programme.ProgrammeError, match="cannot be generated there "
                                                       r"\(Permission denied\)"):
        synth.ensure(Edition(fk, fk.default_year, tmp_path / "empty"), scale="default")


def test_data_generated_on_the_command_line_are_kept_by_a_build(fk, tmp_path):
    from indikatorbok import cli

    data = tmp_path / "synthetic"
    assert cli.main(["synth", "--programme", fk.name, "--out", str(data), "--year", "2024",
                     "--scale", "default"]) == 0
    assert not synth.ensure(Edition(fk, 2024, data), scale="default")  # marked as current
    assert not synth.ensure(Edition(fk, 2023, data), scale="default")
    assert synth.ensure(Edition(fk, 2024, data), seed=1, scale="default")  # another seed


def test_a_copy_of_the_project_needs_no_new_data(fk, fk_copy):
    """The specification's digest names files within the programme: a copy elsewhere (for
    tests and benchmarks) finds its data up to date."""
    assert synth._spec_digest(fk_copy, 1) == synth._spec_digest(fk, 1)
    (fk_copy.synth_dir / "spec.yaml").write_text("changed: true\n", encoding="utf-8")
    assert synth._spec_digest(fk_copy, 1) != synth._spec_digest(fk, 1)


def test_the_data_are_made_anew_when_their_generator_or_a_library_changed(fk, monkeypatch):
    """The digest had the generator's first module only: data made by an older sampling.py
    or answers.py (or another numpy) counted as current, unlike a clean clone's."""
    from pathlib import Path

    from indikatorbok import cache

    first, original = synth._spec_digest(fk, 1), Path.read_bytes
    for module in sorted(Path(synth.__file__).parent.glob("*.py")):
        monkeypatch.setattr(Path, "read_bytes",
                            lambda self, m=module: original(self) + b"#" * (self == m))
        assert synth._spec_digest(fk, 1) != first, module.name
    monkeypatch.setattr(Path, "read_bytes", original)
    monkeypatch.setattr(cache, "code_digest", lambda: "numpy==9.0")
    assert synth._spec_digest(fk, 1) != first


@pytest.mark.parametrize("where", ["delivery", "project"])
def test_the_generator_replaces_only_what_it_made(tmp_path, where):
    """`synth --out DIR` deleted DIR whatever it held (`--out .` the project itself)."""
    import subprocess
    import sys

    from indikatorbok import paths

    folder = tmp_path / "leverans" if where == "delivery" else paths.ROOT
    if where == "delivery":
        (folder / "2025").mkdir(parents=True)
        (folder / "2025" / "staff_survey.csv").write_text("year,respondent_id\n2025,a\n")
    before = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "synth", "--programme",
                           "pensionsmyndigheten", "--out", str(folder)],
                          capture_output=True, text=True, cwd=paths.ROOT)
    assert proc.returncode != 0
    assert "not a folder of generated synthetic data" in proc.stdout + proc.stderr
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    if where == "delivery":
        assert (folder / "2025" / "staff_survey.csv").read_text() == \
            "year,respondent_id\n2025,a\n"
