"""The generator is deterministic and hits its calibration targets."""

import pytest

from indikatorbok import stats, synth


def test_same_seed_gives_byte_identical_files(synthetic_dir, tmp_path):
    again = tmp_path / "again"
    synth.generate(again, synth.default_years())
    assert _digests(again) == _digests(synthetic_dir)


def _digests(root):
    import hashlib

    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_national_scale_is_deterministic_too(tmp_path):
    years = [2023, 2025]  # a complete birth cohort and a partial current year
    first, second = tmp_path / "a", tmp_path / "b"
    rows = synth.generate(first, years, scale="national")
    synth.generate(second, years, scale="national")
    assert _digests(first) == _digests(second)
    assert rows["2025/temporary_parental_benefit.csv"] > 1_000_000
    assert rows["2023/parental_benefit.csv"] > 90_000


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
