"""The book's figures stay as they were: every tidy figure, n and status of the built
edition equals the committed copy (``tests/golden/<programme>/<year>/``), taken from the
book before the engine was made generic."""

import pytest

from indikatorbok import build, paths

GOLDEN = paths.ROOT / "tests" / "golden"
SUMMARY = build.summary()


@pytest.mark.skipif(not SUMMARY, reason="no built book: run `make book`")
@pytest.mark.parametrize("name", ["figures.csv", "status.csv"])
def test_figures_and_statuses_equal_the_committed_copy(name):
    expected = GOLDEN / SUMMARY["programme"] / str(SUMMARY["edition"]) / name
    if not expected.is_file():
        pytest.skip(f"no committed copy for this edition ({expected})")
    built = build.published().data / "edition" / name
    assert built.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
