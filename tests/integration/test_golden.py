"""The book's figures stay as they were: every tidy figure, n and status of the built
edition equals the committed copy (``tests/golden/<programme>/<year>/``), taken from the
book before the engine was made generic."""

import pytest

from indikatorbok import build, paths

GOLDEN = paths.ROOT / "tests" / "golden"


def golden_dir():
    summary = build.summary()
    return GOLDEN / "forsakringskassan" / str(summary.get("edition"))


@pytest.mark.skipif(not build.summary_path().is_file(), reason="no built book: run `make book`")
@pytest.mark.parametrize("name", ["figures.csv", "status.csv"])
def test_figures_and_statuses_equal_the_committed_copy(name):
    expected = golden_dir() / name
    if not expected.is_file():
        pytest.skip(f"no committed copy for this edition ({expected})")
    built = paths.BUILD_DATA / "edition" / name
    assert built.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
