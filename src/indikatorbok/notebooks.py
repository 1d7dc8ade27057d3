"""The indicator notebooks and the book's table of contents, generated from a programme's
catalog (never copied by hand).

Each notebook is what a reviewer opens in JupyterLab: the parameters (the edition), the
definition in words, the definition's parameters as an editable cell, one cell per step of
the analysis (the data read, each selection with the rows it keeps, numerators and
denominators per group), then the page: status, results (text, tables, figures), method
and download. The steps are hidden in the book's HTML; the page is what readers see.
"""

from __future__ import annotations

import copy
import json
import pprint
from pathlib import Path

import nbformat
import yaml

from indikatorbok import assessments, builders, downloads, indicators, paths, report
from indikatorbok.catalog import Indicator
from indikatorbok.programme import Edition, Programme

HIDDEN = ["remove-cell"]  # shown in JupyterLab, not in the book
OUTPUT_ONLY = ["remove-input"]  # the book shows the output


def parameters(edition: Edition, out_dir: Path, checked: Path | None = None,
               indicator: str | None = None,
               assessed: assessments.Assessments | None = None) -> dict:
    """The values of a notebook's parameters cell for an edition; with ``indicator``, also
    the analysts' assessment of it (its category and reason), which its page shows: so
    that a changed assessment re-runs that indicator's notebook only (None: the notebook
    reads the edition's file itself). ``assessed``: the edition's assessments, if read."""
    given = None
    if indicator is not None:
        if assessed is None:
            assessed = assessments.load(edition)
        given = {"category": assessed.indicators.get(indicator),
                 "reason": assessed.reasons.get(indicator)}
    return {"programme": edition.programme.name, "year": edition.year,
            "data_dir": paths.shown(edition.data_dir), "out_dir": paths.shown(out_dir),
            "checked": paths.shown(checked) if checked else None, "assessment": given}


# Cells and notebooks are made as nbformat makes them, and checked against its schema once,
# when written anew (nbformat's own makers check each cell as it is made, and its writer
# each notebook: most of the time).
def _code(source: str, tags: list[str]) -> dict:
    return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags)} if tags
            else {}, "execution_count": None, "outputs": []}


def _markdown(source: str, tags: list[str] | None = None) -> dict:
    return {"cell_type": "markdown", "source": source,
            "metadata": {"tags": list(tags)} if tags else {}}


def _literal(value) -> str:
    return pprint.pformat(value, width=92, sort_dicts=False)


def _steps(analysis: indicators.Analysis, prefix: str) -> list[dict]:
    cells = []
    for name in analysis.steps:
        title = getattr(type(analysis), name).step_title
        cells += [_markdown(f"### {title}", HIDDEN), _code(f"{prefix}.{name}()", HIDDEN)]
    return cells


def notebook(ind: Indicator, edition: Edition) -> nbformat.NotebookNode:
    """The notebook of one indicator (deterministic: cell ids from their position)."""
    prog = edition.programme
    defaults = parameters(edition, paths.BUILD / "scratch" / prog.name)
    definition_file = f"data/programmes/{prog.name}/{ind.files[0].relative_to(prog.root)}"
    if len(ind.parts) == 1:
        definition = copy.deepcopy(ind.parts[0].parameters)
    else:
        definition = {p.name: copy.deepcopy(p.parameters) for p in ind.parts}
    ctx = indicators.Context(ind, edition)
    made = {p.name: builders.analysis_class(ctx, p) for p in ind.parts}
    kinds = ", ".join(dict.fromkeys(p.builder for p in ind.parts))
    cells = [
        _markdown(f"# {ind.id} {ind.title}"),
        _code("# The edition: programme, year and data folder (relative paths are taken "
              "from the\n# project root), where the tidy CSV is written, and, from a build, "
              "the list of the\n# validated copies of the data files and the analysts' "
              "assessment.\n"
              + "\n".join(f"{k} = {v!r}" for k, v in defaults.items()),
              ["parameters", *HIDDEN]),
        _markdown(f"## Definition\n\n{ind.definition}\n\nBuilder: `{kinds}`. Sources: "
                  f"{', '.join(f'`{s}`' for s in ind.sources) or 'none'}. Defined in "
                  f"`{definition_file}`.", HIDDEN),
        _code("from indikatorbok import builders, report\n\n"
              f"# The definition's parameters, as {definition_file} gives them. Change a "
              f"value and\n# run the cells below again to see its effect; the book uses "
              f"the file.\ndefinition = {_literal(definition)}\n\n"
              f"analysis = builders.analysis({ind.id!r}, year, data_dir, programme, "
              f"definition, checked)", HIDDEN),
    ]
    if len(made) == 1:
        cells += _steps(made[ind.parts[0].name](ctx, {}), "analysis")
    else:
        for name, cls in made.items():
            cells += [_markdown(f"## Del: {name}", HIDDEN)]
            cells += _steps(cls(ctx, {}), f"analysis.part({name!r})")
    tidy = downloads.link(f"Resultattabellen som CSV-fil ({ind.id}.csv)", f"{ind.id}.csv", "../")
    excel = downloads.link("som CSV-fil för svenskt Excel",
                           f"{downloads.EXCEL}/{ind.id}_excel.csv", "../")
    cells += [
        _code("result = analysis.result()\nreport.synthetic_notice(result)", OUTPUT_ONLY),
        _markdown(f"### {report.TESTS_TITLE}", HIDDEN),
        _code("report.tests(result)", HIDDEN),
        _code("report.at_a_glance(result, assessment)", OUTPUT_ONLY),
        _markdown("## Status"),
        _code("report.status(result)", OUTPUT_ONLY),
        _markdown("## Resultat"),
        _code("report.narrative(result)", OUTPUT_ONLY),
        _code("report.results(result)", OUTPUT_ONLY),
        _markdown("## Metod och datainsamling"),
        _code("report.method(result)", OUTPUT_ONLY),
        _markdown(f"## Ladda ner\n\n{tidy}, också {excel} (semikolon och decimalkomma). "
                  f"Tabellerna med svenska rubriker finns på bladet ”{ind.id}” i Excelfilen. "
                  f"Dessutom {downloads.links('../')}."),
        _code("# The tidy CSV for download, the glued key values quoted by other pages, and\n"
              "# what the notebook read (for the build's cache).\n"
              "csv_path = report.publish(result, out_dir, data_dir)", OUTPUT_ONLY),
    ]
    for n, cell in enumerate(cells):
        cell["id"] = f"c{n:02d}"
    return nbformat.from_dict({"nbformat": 4, "nbformat_minor": 5, "cells": cells, "metadata": {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"}}})


def folder(prog: Programme) -> Path:
    return paths.NOTEBOOKS / prog.name


def path(ind: Indicator, prog: Programme) -> Path:
    return folder(prog) / f"{ind.notebook}.ipynb"


def write(edition: Edition) -> dict[str, Path]:
    """Write every computed indicator's notebook into ``notebooks/<programme>/`` (a file
    whose content is unchanged is left as it is); remove notebooks no longer in the
    catalog. Returns the notebook of each indicator."""
    prog = edition.programme
    out = folder(prog)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for indicator_id in prog.catalog.computed():
        ind = prog.catalog[indicator_id]
        target = path(ind, prog)
        nb = notebook(ind, edition)
        content = nbformat.v4.writes(nb) + "\n"  # as nbformat.writes, unchecked
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            nbformat.validate(nb)  # checked when it changed
            target.write_text(content, encoding="utf-8")
        written[indicator_id] = target
    for old in out.glob("indikator_*.ipynb"):
        if old not in written.values():
            old.unlink()
    return written


# --------------------------------------------------------------------------- contents


def table_of_contents(prog: Programme, template: Path | None = None) -> dict:
    """The edition's table of contents: the shared skeleton (``_toc.yml``) with its
    ``each_goal`` and ``each_indicator`` entries expanded from the catalog."""
    skeleton = yaml.safe_load((template or paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    cat = prog.catalog

    def expand(entries: list[dict], goal=None) -> list[dict]:
        out = []
        for entry in entries:
            if "each_goal" in entry:
                for g in cat.goals:
                    item = {"file": entry["each_goal"].format(goal=g.id, table=g.table)}
                    if "sections" in entry:
                        item["sections"] = expand(entry["sections"], g)
                    out.append(item)
            elif "each_indicator" in entry:
                out += [{"file": entry["each_indicator"].format(slug=i.slug)}
                        for i in cat.indicators.values()
                        if i.computed and (goal is None or i.step.goal_id == goal.id)]
            else:
                item = {k: v for k, v in entry.items() if k != "sections"}
                if "sections" in entry:
                    item["sections"] = expand(entry["sections"], goal)
                out.append(item)
        return out

    toc = {k: v for k, v in skeleton.items() if k != "parts"}
    toc["parts"] = [{**part, "chapters": expand(part["chapters"])} for part in skeleton["parts"]]
    return toc


def write_toc(prog: Programme, out: Path) -> Path:
    out.write_text(yaml.safe_dump(table_of_contents(prog), allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    return out


def digest_source(nb: nbformat.NotebookNode) -> str:
    """The notebook's cells as text, for the build cache."""
    return json.dumps([(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells])
