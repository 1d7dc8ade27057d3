"""Every kind of the engine documents itself: README's table of kinds is made from the
builders' docstrings, and each docstring's example definition runs on the shipped
synthetic data (in place of the definition of an indicator of that kind)."""

import re
import sys
from pathlib import Path

import pytest

from indikatorbok import builders, programme

ROOT = Path(__file__).resolve().parents[1]
PROGRAMMES = [programme.load(n) for n in programme.names()]


def named_sources(value) -> set[str]:
    """The sources a definition's parameters name (``source`` at any depth)."""
    if isinstance(value, dict):
        own = {value["source"]} if isinstance(value.get("source"), str) else set()
        return own.union(*map(named_sources, value.values()))
    if isinstance(value, list):
        return set().union(*map(named_sources, value))
    return set()


def where_it_runs(kind: str, parameters: dict) -> tuple[str, str]:
    """A programme and an indicator of the kind that reads the sources the example
    names."""
    for prog in PROGRAMMES:
        for ind in prog.catalog.indicators.values():
            if ([p.builder for p in ind.parts] == [kind]
                    and named_sources(parameters) <= set(ind.sources)):
                return prog.name, ind.id
    raise AssertionError(f"no single-part indicator of kind {kind} has the sources "
                         f"{sorted(named_sources(parameters))}")


def test_the_readme_table_of_kinds_is_made_from_the_docstrings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert builders.KINDS_START in readme and builders.KINDS_END in readme
    assert readme == builders.with_kinds_table(readme), "run `make readme`"


@pytest.mark.parametrize("kind", sorted(builders.KINDS))
def test_the_example_in_a_kinds_docstring_runs(kind, synthetic):
    cls = builders.KINDS[kind]
    definition = builders.example(cls)
    assert definition["builder"] == kind
    parameters = definition.get("parameters") or {}
    documented = set(re.findall(r"``(\w+)``",
                                cls.__doc__ + (sys.modules[cls.__module__].__doc__ or "")))
    assert set(parameters) <= documented, "every parameter of the example is documented"
    name, indicator = where_it_runs(kind, parameters)
    given = None if kind == "facts" else parameters  # facts take the indicator's own
    result = builders.analysis(indicator, data_dir=synthetic(name, "default"), programme=name,
                               parameters=given).result()
    assert result.tables or result.narrative


MULTI_PART = [(prog.name, ind.id) for prog in PROGRAMMES
              for ind in prog.catalog.indicators.values() if len(ind.parts) > 1]


@pytest.mark.parametrize(("name", "indicator"), MULTI_PART)
def test_a_combined_page_keeps_each_parts_chart_with_its_table(name, indicator, synthetic):
    analysis = builders.analysis(indicator, data_dir=synthetic(name, "default"),
                                 programme=name)
    parts = [p.result() for p in analysis.parts.values()]
    page = analysis.result()
    assert [t.title for t in page.tables] == [t.title for p in parts for t in p.tables]
    charts = [None if f.table is None else part.tables[f.table].title
              for part in parts for f in part.figures]
    assert [None if f.table is None else page.tables[f.table].title
            for f in page.figures] == charts
    # The status and headline are the first part's, whatever years the others measure.
    assert page.measured_years == parts[0].measured_years
    assert page.headline == parts[0].headline
