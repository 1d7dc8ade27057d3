"""The quality declaration states the edition's own facts: drawn deliveries (years, part
years, survey designs), findings (units, tests, changes not compared) and withheld cells,
and the page must say each of them, and nothing the edition does not have."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indikatorbok import audit, programme, quality, result, text
from indikatorbok.findings import Change, Findings
from indikatorbok.programme import Edition

PROG = programme.load("forsakringskassan")
YEAR = PROG.default_year
COMPONENTS = ["1 Relevans", "2 Tillförlitlighet", "3 Aktualitet och punktlighet",
              "4 Tillgänglighet och tydlighet", "5 Jämförbarhet och samanvändbarhet"]


@st.composite
def editions(draw):
    """Which source files a year has, which of them end early, the surveys' designs."""
    years = list(range(PROG.first_year, YEAR + 1))
    files = {s: draw(st.sets(st.sampled_from(years), max_size=3)) for s in PROG.sources()}
    part = {s: draw(st.booleans()) for s in PROG.sources()}
    designs = {s: {y: (draw(st.sampled_from(["total", "urval"])), draw(st.booleans()))
                   for y in ys} for s, ys in files.items() if PROG.schema(s).survey}
    return files, part, designs  # a survey's design and whether the invited are given


@st.composite
def findings(draw):
    ids = draw(st.lists(st.sampled_from(PROG.catalog.computed()), unique=True, max_size=6))
    found = {}
    for i in ids:
        kind = draw(st.sampled_from(["up", "not_compared", None]))
        part_year = draw(st.booleans())
        change = None if kind is None else Change(
            "percent", YEAR, YEAR - 1, 40.0, 30.0, kind,
            why="frågan ändrades" if kind == "not_compared" else None)
        series = "andel" + (result.LOWER if draw(st.booleans()) else "")
        found[i] = Findings(
            i, [YEAR - 1, YEAR], [(YEAR, 40.0)], draw(st.sampled_from(list(quality.MEASURES))),
            latest={"year": YEAR, "value": 40.0, "part_year": "1 januari–30 juni" if part_year
                    else None},
            change=change, cells=[[series, "", YEAR, 40.0, 60, False, "percent"]],
            rounding={"andel": draw(st.sampled_from([1, 10]))},
            tests=[{"compared": "år", "name": "z-test för två andelar", "p": 0.5}]
            * draw(st.integers(0, 2)))
    return found


withheld_cells = st.lists(st.builds(
    audit.Withheld, st.just("3.7.2"), st.tuples(st.just("antal"), st.just("K"), st.just(YEAR)),
    st.sampled_from(list(quality.WITHHELD)), st.none(), st.none()), max_size=8)


def deliver(root: Path, files, part, designs) -> Path:
    for source, years in files.items():
        spec = PROG.schema(source)
        for y in years:
            (root / str(y)).mkdir(parents=True, exist_ok=True)
            (root / str(y) / f"{spec.file}.csv").touch()
    for y in {y for ys in files.values() for y in ys}:
        given_sources = {}
        for s, ys in files.items():
            if y not in ys:
                continue
            info = {}
            if s in designs:
                design, invited = designs[s][y]
                info = {"survey_design": design, **({"invited": 500} if invited else {})}
            if part[s]:
                info["period_end"] = dt.date(y, 6, 30)
            if info:
                given_sources[s] = info
        (root / str(y) / "delivery.yaml").write_text(
            yaml.safe_dump({"synthetic": True, "sources": given_sources}), encoding="utf-8")
    return root


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delivery=editions(), computed=findings(), withheld=withheld_cells)
def test_the_declaration_states_the_editions_own_facts(tmp_path_factory, delivery, computed,
                                                       withheld):
    files, part, designs = delivery
    data = deliver(tmp_path_factory.mktemp("data"), files, part, designs)
    page = quality.page(Edition(PROG, YEAR, data), computed, withheld)
    # The five main components, in order, each once.
    heads = re.findall(r"^## (.+)$", page, flags=re.M)
    assert heads == COMPONENTS
    # Every source with its years; each part year under the day it ends; every sample.
    for source, years in files.items():
        title = PROG.schema(source).title
        if years:
            assert f"**{title}**" in page and text.year_span(sorted(years)) in page
        for y in years:
            if part[source]:
                assert re.search(rf"^- {y}, 1 januari–30 juni: .*{re.escape(title)}", page,
                                 flags=re.M)
        sampled = [y for y in years if designs.get(source, {}).get(y, ("",))[0] == "urval"]
        if sampled:
            assert f"{title} ({text.year_span(sampled)})" in page
    if not any(part[s] and ys for s, ys in files.items()):
        assert "avser hela år och är slutliga" in page
    # The response rate is said to be given exactly where a delivery gives the invited.
    invited = [y for ys in designs.values() for y, (_, given) in ys.items() if given]
    assert ("Svarsfrekvensen, andelen som svarade" in page) == bool(invited)
    lacking = [y for ys in designs.values() for y, (_, given) in ys.items() if not given]
    assert ("svarsfrekvensen kan inte redovisas" in page) == bool(lacking)
    # The files counted are the files delivered.
    n_files = sum(len(ys) for ys in files.values())
    assert f"bygger på {text.count(n_files, 'fil', 'filer')}" in page
    # The withheld cells: the total, and the rules' counts adding up to it.
    if withheld:
        said = re.search(r"I utgåvan skyddas (\d+) uppgift(?:er)?, (.*?)\. Alla", page)
        assert int(said.group(1)) == len(withheld)
        parts = [int(n) for n in re.findall(r"(?:^|, | och )(\d+) för att", said.group(2))]
        assert sum(parts) == len(withheld) or (parts == [] and said.group(2).startswith("alla"))
    else:
        assert "Ingen uppgift i utgåvan behöver skyddas." in page
    # A change not compared is a break in the series unless the latest year is a part year.
    breaks = [i for i, f in computed.items()
              if f.change and f.change.kind == "not_compared" and not f.latest["part_year"]]
    listed = re.findall(r"^- (\d+\.\d+\.\d+): jämförs inte", page, flags=re.M)
    assert listed == sorted(breaks, key=lambda i: [int(p) for p in i.split(".")])
    # Intervals are claimed for exactly the indicators publishing bounds.
    bounds = [i for i, f in computed.items() if f.cells[0][0].endswith(result.LOWER)]
    assert ("konfidensintervall (Wilsons metod)" in page) == bool(bounds)
    # The tests counted are the findings' tests.
    n_tests = sum(len(f.tests) for f in computed.values())
    if n_tests:
        assert f"z-test för två andelar i {text.count(n_tests, 'jämförelse', 'jämförelser')}" \
            in page
    # Reader text only.
    assert not re.search(r"\.ya?ml|_build|\.py\b|notebook", page)


def test_the_declaration_is_in_every_books_contents():
    from indikatorbok import notebooks

    for name in programme.names():
        toc = notebooks.table_of_contents(programme.load(name))
        files = [c.get("file") for part in toc["parts"] for c in part["chapters"]]
        assert quality.PAGE.removesuffix(".md") in files
