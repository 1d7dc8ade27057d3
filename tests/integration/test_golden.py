"""The book's figures stay as they were: every tidy figure, n and status of a published
edition equals its committed copy (``tests/golden/<programme>/<year>/``), taken from the
book before the engine was made generic. Renewed once since, when Försäkringskassan's
synthetic registers moved to national volumes: the report's figures stayed the same (the
reference back-test), the registers' counts and the figures the report does not give
changed with the volume. Renewed again when counts came to say what they count (the
column ``counted``; every figure, n and withheld cell unchanged), when the analysts assessed
3.2.4 by its rule, and when survey shares came with their confidence intervals (88 rows of
bounds added; no row changed or removed), then the series of survey shares with theirs (288
rows of bounds added; no row changed or removed)."""

import pytest

from indikatorbok import editions, paths

GOLDEN = paths.ROOT / "tests" / "golden"
COPIES = sorted(p.relative_to(GOLDEN) for p in GOLDEN.glob("*/*/*.csv"))


@pytest.mark.parametrize("copy", COPIES, ids=str)
def test_figures_and_statuses_equal_the_committed_copy(copy):
    programme_name, year, name = copy.parts
    built = editions.published(programme_name, int(year))
    if built is None:
        pytest.skip(f"the {programme_name} {year} edition is not built: run `make books`")
    assert (built.data / "edition" / name).read_text(encoding="utf-8") == \
        (GOLDEN / copy).read_text(encoding="utf-8")
