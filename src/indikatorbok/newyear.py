"""A new edition: ``new-year`` lays out what the year needs and never overwrites anything.

- ``<data>/<year>/`` (and earlier folders for sources delivered with a lag): one empty
  template per file the new edition needs, with the contract's header row, a ``README.md``
  that describes each file, and a ``delivery.yaml`` to fill in;
- ``data/editions/<year>/``: the previous edition's judgements and assessments to revise
  (marked ``copied_from`` until an analyst has reviewed them) and the year's plan;
- the previous edition's figures and statuses, archived for the changes page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indikatorbok import assessments, build, catalog, changes, del1, paths, sources


@dataclass
class Scaffold:
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there: left as they were
    archived: Path | None = None
    archive_problem: str | None = None


def new_files(year: int) -> list[tuple[str, int]]:
    """(source, folder year) of every file the ``year`` edition needs and the previous one
    did not: the year's own files and, for sources delivered with a lag, an earlier year's."""
    out = []
    for source in sources.all_sources():
        spec = sources.schema(source)
        out += [(source, y) for y in spec.expected_years(year)
                if y not in spec.expected_years(year - 1)]
    return out


def header(source: str) -> list[str]:
    spec = sources.schema(source)
    return [*spec.columns, *spec.question_columns()]


def describe(year: int, files: list[tuple[str, int]]) -> str:
    """The README of a scaffolded year: what each file is and its columns."""
    lines = [f"# Extracts for the {year} edition\n",
             "Replace each template below with the extract (keep the file name; .csv, .xlsx "
             "or .parquet), fill in `delivery.yaml`, then run "
             f"`make validate YEAR={year}`. The contracts are in `data/schema/`.\n"]
    for source, folder in files:
        spec = sources.schema(source)
        lines += [f"## {folder}/{spec.file}.csv: {spec.title}\n", spec.description, "",
                  "| Column | Type | Description |", "|---|---|---|"]
        lines += [f"| {c.name} | {c.type} | {c.description} |" for c in spec.columns.values()]
        questions = spec.question_columns()
        if questions:
            lines.append(f"| (questions) | int/str | {len(questions)} survey answer columns: "
                         f"{', '.join(questions)} |")
        lines.append("")
    return "\n".join(lines)


def delivery_template(year: int, files: list[tuple[str, int]]) -> str:
    """The year's delivery notes with every key the new files may need, as comments."""
    new = {s for s, folder in files if folder == year}
    lines = [f"# What the {year} delivery is (see data/README.md): uncomment what applies.",
             "synthetic: false", "sources: {}"]
    lines += [f"#  {s}:\n#    period_end: {year}-11-30  # if the extract ends before 31 December"
              for s in sources.PARTIAL_YEAR_SOURCES if s in new]
    lines += [f"#  {s}:\n#    survey_design: urval  # or total"
              for s in ("staff_survey", "violence_survey") if s in new]
    return "\n".join(lines) + "\n"


def _write(path: Path, content: str, result: Scaffold) -> None:
    if path.exists():
        result.kept.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    result.created.append(path)


def _copied(path: Path, year: int) -> str:
    """A previous edition's file for ``year``: marked as copied, to be reviewed."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    raw["edition"], raw["copied_from"] = year, year - 1
    head = (f"# Copied from the {year - 1} edition by new-year: review every judgement for "
            f"{year}, then delete the line 'copied_from'.\n")
    return head + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=92)


def plan(year: int) -> str:
    """Indicators planned in the previous year whose sources still deliver in ``year``,
    planned again (the analysts revise it)."""
    cat = catalog.load()
    ids = [i.id for i in cat.indicators.values() if i.followed and year - 1 in i.planned_years
           and all(year in sources.schema(s).expected_years(year) for s in i.sources)]
    return (f"# Indicators planned to be measured in {year} (added to the catalog's "
            f"planned_years).\n# Written by new-year from those measured in {year - 1}: "
            f"remove what will not be measured.\n"
            + yaml.safe_dump({"measure": ids}, default_flow_style=None, width=92))


def scaffold(year: int, data_dir: Path) -> Scaffold:
    result = Scaffold()
    files = new_files(year)
    for source, folder in files:
        name = f"{sources.schema(source).file}.csv"
        if sources.find_file(data_dir, folder, source) is None:
            _write(data_dir / str(folder) / name, ",".join(header(source)) + "\n", result)
        else:
            result.kept.append(data_dir / str(folder) / name)
    _write(data_dir / str(year) / "README.md", describe(year, files), result)
    _write(data_dir / str(year) / sources.DELIVERY_FILE, delivery_template(year, files), result)
    edition = paths.EDITIONS / str(year)
    for previous in (del1.path_for(year - 1), assessments.path_for(year - 1)):
        if previous.is_file():
            _write(edition / previous.name, _copied(previous, year), result)
    _write(edition / "plan.yaml", plan(year), result)
    if changes.archive_path(year - 1).is_dir():
        result.kept.append(changes.archive_path(year - 1))
    elif (build.summary().get("edition") == year - 1
          and changes.recorded(paths.BUILD_DATA / changes.RECORD)):
        result.archived = changes.archive(year - 1)
    else:
        result.archive_problem = (
            f"the {year - 1} edition is not built, so it could not be archived for the "
            f"changes page: run `make book YEAR={year - 1}` and then this command again")
    return result
