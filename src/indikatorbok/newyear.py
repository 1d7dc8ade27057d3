"""A new edition: ``new-year`` lays out what the year needs and never overwrites anything.

- ``<data>/<year>/`` (and earlier folders for sources delivered with a lag): one empty
  template per file the new edition needs, with the contract's header row, a ``README.md``
  that describes each file, and a ``delivery.yaml`` to fill in;
- the programme's ``editions/<year>/``: the previous edition's judgements and assessments
  to revise (marked ``copied_from`` until an analyst has reviewed them), an empty texts file
  for the indicators reported in words, and the year's plan;
- the previous edition's figures and statuses, archived for the changes page (from the
  last build of that edition, when it was built from the same data folder).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from indikatorbok import assessments, changes, del1, editions, paths, sources, synth
from indikatorbok.builders import texts
from indikatorbok.programme import Edition, Programme
from indikatorbok.yamlfile import ProgrammeError, read_yaml


@dataclass
class Scaffold:
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there: left as they were
    archived: Path | None = None
    archive_problem: str | None = None


def new_files(prog: Programme, year: int) -> list[tuple[str, int]]:
    """(source, folder year) of every file the ``year`` edition needs and the previous one
    did not: the year's own files and, for sources delivered with a lag, an earlier year's."""
    out = []
    for source in prog.sources():
        spec = prog.schema(source)
        out += [(source, y) for y in spec.expected_years(year)
                if y not in spec.expected_years(year - 1)]
    return out


def header(spec: sources.Schema) -> list[str]:
    return [*spec.columns, *spec.question_columns()]


def command(target: str, programme_name: str, year: int, data_dir: Path) -> str:
    """A make command for the edition, with its data folder (quoted when it needs it).

    >>> command("validate", "pm", 2019, Path("data/leverans"))
    'make validate PROGRAMME=pm YEAR=2019 DATA=data/leverans'
    """
    shown = paths.shown(data_dir)
    quoted = shlex.quote(shown)
    return f"make {target} PROGRAMME={programme_name} YEAR={year} DATA={quoted}"


def describe(prog: Programme, year: int, files: list[tuple[str, int]], data_dir: Path) -> str:
    """The README of a scaffolded year: what each file is and its columns."""
    lines = [f"# Extracts for the {year} edition\n",
             "Replace each template below with the extract (keep the file name; .csv, .xlsx "
             "or .parquet), fill in `delivery.yaml`, then run "
             f"`{command('validate', prog.name, year, data_dir)}`. The contracts are in "
             f"`{paths.shown(prog.schema_dir)}/`.\n"]
    for source, folder in files:
        spec = prog.schema(source)
        lines += [f"## {folder}/{spec.file}.csv: {spec.title}\n", spec.description, "",
                  "| Column | Type | Description |", "|---|---|---|"]
        lines += [f"| {c.name} | {c.type} | {c.description} |" for c in spec.columns.values()]
        questions = spec.question_columns()
        if questions:
            lines.append(f"| (questions) | int/str | {len(questions)} survey answer columns: "
                         f"{', '.join(questions)} |")
        lines.append("")
    return "\n".join(lines)


def delivery_template(prog: Programme, year: int, files: list[tuple[str, int]]) -> str:
    """The year's delivery notes with every key the new files may need, as comments."""
    new = [s for s in dict.fromkeys(s for s, folder in files if folder == year)]
    lines = [f"# What the {year} delivery is (see {paths.shown(prog.root)}/README.md): "
             f"uncomment what applies.", "synthetic: false", "sources: {}"]
    lines += [f"#  {s}:\n#    period_end: {year}-11-30  # if the extract ends before 31 December"
              for s in new if prog.schema(s).partial_year]
    lines += [f"#  {s}:\n#    survey_design: urval  # or total\n"
              f"#    invited: 1000  # how many were asked to answer (for the response rate)"
              for s in new if prog.schema(s).survey]
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
    raw = read_yaml(path)  # a broken file is named with its line
    raw["edition"], raw["copied_from"] = year, year - 1
    head = (f"# Copied from the {year - 1} edition by new-year: review every judgement for "
            f"{year}, then delete the line 'copied_from'.\n")
    return head + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=92)


def plan(prog: Programme, year: int) -> str:
    """Indicators planned in the previous year whose sources still deliver in ``year``,
    planned again (the analysts revise it)."""
    ids = [i.id for i in prog.catalog.indicators.values()
           if i.followed and year - 1 in i.planned_years
           and all(year in prog.schema(s).expected_years(year) for s in i.sources)]
    return (f"# Indicators planned to be measured in {year} (added to the catalog's "
            f"planned_years).\n# Written by new-year from those measured in {year - 1}: "
            f"remove what will not be measured.\n"
            + yaml.safe_dump({"measure": ids}, default_flow_style=None, width=92))


def scaffold(edition: Edition) -> Scaffold:
    result = Scaffold()
    prog, year, data_dir = edition.programme, edition.year, edition.data_dir
    if data_dir == prog.synthetic_data or synth.made_here(data_dir):
        raise ProgrammeError(
            f"{data_dir}: new-year writes the templates for the year's extracts into the "
            f"folder they are delivered to, and this is the synthetic data, which are "
            f"generated again from their specification (and would lose what is put there). "
            f"Give that folder: DATA=<folder>, for example DATA=data/leverans.")
    files = new_files(prog, year)
    for source, folder in files:
        spec = prog.schema(source)
        name = f"{spec.file}.csv"
        if sources.find_file(data_dir, folder, spec) is None:
            _write(data_dir / str(folder) / name, ",".join(header(spec)) + "\n", result)
        else:
            result.kept.append(data_dir / str(folder) / name)
    _write(data_dir / str(year) / "README.md", describe(prog, year, files, data_dir), result)
    _write(data_dir / str(year) / sources.DELIVERY_FILE, delivery_template(prog, year, files),
           result)
    folder = prog.edition_dir(year)
    previous = replace(edition, year=year - 1)
    for earlier in (del1.path_for(previous), assessments.path_for(previous)):
        if earlier.is_file():
            _write(folder / earlier.name, _copied(earlier, year), result)
    if in_words := texts.indicators(prog):
        _write(folder / texts.FILE, texts.template(year, in_words), result)
    _write(folder / "plan.yaml", plan(prog, year), result)
    result.archived, result.archive_problem = _archive(previous)
    if changes.archive_path(previous).is_dir() and result.archived is None:
        result.kept.append(changes.archive_path(previous))
    return result


def _archive(previous: Edition) -> tuple[Path | None, str | None]:
    """Archive the previous edition's record from its last build, if it was built from the
    same data folder; else say why not."""
    if changes.archive_path(previous).is_dir():
        return None, None
    built = editions.published(previous.programme.name, previous.year)
    summary = editions.summary(built) if built else {}
    if not summary:
        book = command("book", previous.programme.name, previous.year, previous.data_dir)
        return None, (f"the {previous.year} edition is not built, so it could not be archived "
                      f"for the changes page: run `{book}` and then this command again")
    if summary.get("data_dir") != paths.shown(previous.data_dir):
        return None, (f"the {previous.year} edition was last built from "
                      f"{summary.get('data_dir')}, not from {paths.shown(previous.data_dir)}: "
                      f"build it from this data folder and run this command again")
    if not changes.recorded(built.data / changes.RECORD):
        return None, f"the last build of {previous.year} has no record of its figures"
    return changes.archive(previous, built.data), None
