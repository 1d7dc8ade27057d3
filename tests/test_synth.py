"""The generator is deterministic and hits its calibration targets."""

import filecmp

import pytest

from indikatorbok import stats, synth


def test_same_seed_gives_byte_identical_files(synthetic_dir, tmp_path):
    again = tmp_path / "again"
    synth.generate(again, synth.default_years())
    cmp = filecmp.dircmp(synthetic_dir, again)
    files = sorted(p.relative_to(synthetic_dir) for p in synthetic_dir.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(synthetic_dir, again, [str(f) for f in files],
                                           shallow=False)
    assert not mismatch and not errors and not cmp.left_only


def test_another_seed_gives_other_data(synthetic_dir, tmp_path):
    other = tmp_path / "other"
    synth.generate(other, [2025], seed=1)
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
