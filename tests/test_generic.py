"""The package is generic machinery: no string or number in ``src/`` (docstrings aside)
names a programme's agency, one of its sources, a code of its sex grouping, or an edition
year, and no builder speaks one programme's vocabulary (its labels of sex, its course
types, its table headers). Everything that belongs to one agency's plan is configuration in
its programme folder."""

import ast
import re
from pathlib import Path

import pytest

from indikatorbok import programme

PROGRAMMES = [programme.load(n) for n in programme.names()]
AGENCIES = {p.agency for p in PROGRAMMES} | {p.config.get("agency_genitive") or p.agency
                                            for p in PROGRAMMES}
SOURCES = {s for p in PROGRAMMES for s in p.sources()}
SEX_CODES = {c for p in PROGRAMMES for c in p.groupings["sex"].labels}
FIRST = min(p.first_year for p in PROGRAMMES) - 5
LAST = max(p.default_year for p in PROGRAMMES) + 5
# A year (not the year of a statute's number, as in "SCB-FS 2016:17").
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d|:\d)")
PACKAGE = Path(programme.__file__).parent
# Parameters whose values are one programme's words for what a builder handles.
WORDING_PARAMETERS = ("course_types", "owner_header")


def strings(value) -> set[str]:
    """Every string in a parameter's value, however nested."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*map(strings, value.values()), set())
    if isinstance(value, list | tuple):
        return set().union(*map(strings, value), set())
    return set()


PARTS = [part for p in PROGRAMMES for ind in p.catalog.indicators.values() for part in ind.parts]
VOCABULARY = ({label for p in PROGRAMMES for label in p.groupings["sex"].labels.values()}
              | {s for part in PARTS for name in WORDING_PARAMETERS
                 for s in strings(part.parameters.get(name))})


def literals(path: Path) -> list[tuple[int, object]]:
    """The string and number constants of a module, without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and id(node) not in docstrings]


def named(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"the year {value}" if FIRST <= value <= LAST else None
    if not isinstance(value, str):
        return None
    if value in SOURCES:
        return f"the source {value!r}"
    if value in SEX_CODES:
        return f"the code of sex {value!r} (the programme's grouping 'sex' holds it)"
    if found := [a for a in AGENCIES if a in value]:
        return f"the agency {found[0]!r}"
    if found := [y for y in YEAR.findall(value) if FIRST <= int(y) <= LAST]:
        return f"the year {found[0]}"
    return None


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_agency_source_or_edition_year_in_the_package(path):
    found = [f"line {line}: {what}" for line, value in literals(path)
             if (what := named(value))]
    assert found == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "builders").glob("*.py")),
                         ids=lambda p: p.name)
def test_no_programme_vocabulary_in_the_builders(path):
    found = [f"line {line}: {value!r}" for line, value in literals(path)
             if isinstance(value, str) and value in VOCABULARY]
    assert found == []


def test_the_check_finds_what_it_looks_for():
    assert {"Kvinnor", "webb", "Webbutbildning", "Förmån eller avdelning"} <= VOCABULARY
    assert named("staff_survey") and named(2025) and named("år 2020") and named("K")
    assert named(f"Källa: {PROGRAMMES[0].agency}")
    assert not named("documents that are missing") and not named(1980)
