"""The engine's builders (kinds): each turns a definition's parameters into an indicator
page. A definition names its kind (``builder: survey_share``): one of the engine's, in the
table :data:`KINDS` (which no builder imports), or one of its programme's own
(``kinds/<kind>.py``). Each kind's docstring opens with what it computes and ends with an
example definition (``Example::``); README's table of kinds is made from them
(:func:`kinds_table`), and a test runs every example.
"""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import yaml

from indikatorbok import checked as checked_store
from indikatorbok import programme as programmes
from indikatorbok import reads, sources
from indikatorbok.builders import (
    categories,
    composition,
    counts,
    courses,
    facts,
    indexes,
    registers,
    reviews,
    survey,
    survey_series,
    texts,
)
from indikatorbok.catalog import Part
from indikatorbok.indicators import Analysis, Combined, Context, DefinitionError
from indikatorbok.programme import Programme
from indikatorbok.result import IndicatorResult

KINDS: dict[str, type[Analysis]] = {cls.kind: cls for cls in (
    categories.CategoryDistribution,
    composition.Composition,
    counts.CountIndicator,
    courses.Courses,
    facts.Facts,
    indexes.IndexMean,
    registers.RegisterShare,
    reviews.Review,
    survey.ShareQuestion,
    survey_series.SeriesIndicator,
    texts.AnalystsText,
)}


def summary(cls: type[Analysis]) -> str:
    """What a kind computes: the first paragraph of its docstring, on one line."""
    return " ".join(inspect.cleandoc(cls.__doc__ or "").split("\n\n")[0].split())


def example(cls: type[Analysis]) -> dict:
    """A kind's example definition: the YAML after ``Example::`` in its docstring."""
    _, found, block = inspect.cleandoc(cls.__doc__ or "").partition("Example::\n")
    if not found:
        raise DefinitionError(f"{cls.__module__}.{cls.__name__}: the docstring has no "
                              f"example definition (Example::).")
    return yaml.safe_load(textwrap.dedent(block))


def kinds_table() -> str:
    """README's table of the engine's kinds (Markdown), from their docstrings."""
    rows = [f"| `{name}` | {summary(cls).replace('``', '`')} |" for name, cls in KINDS.items()]
    return "\n".join(["| Kind | Computes |", "| --- | --- |", *rows])


KINDS_START = ("<!-- kinds: made from the builders' docstrings by `make readme`; "
               "a test checks it -->")
KINDS_END = "<!-- end of kinds -->"


def with_kinds_table(readme: str) -> str:
    """README's text with the table of kinds between its markers made anew."""
    head, _, rest = readme.partition(KINDS_START + "\n")
    _, _, tail = rest.partition(KINDS_END)
    return f"{head}{KINDS_START}\n{kinds_table()}\n{KINDS_END}{tail}"


def kind(prog: Programme, name: str, named_in: Path) -> type[Analysis]:
    """The kind a definition (the file ``named_in``) names: one of the engine's or of the
    programme's."""
    own = prog.kinds_dir / f"{name}.py"
    if name in KINDS:
        if own.is_file():
            raise DefinitionError(f"{own}: the programme's kind takes the name of one of the "
                                  f"engine's kinds ({name}); give it a name of its own.")
        return KINDS[name]
    if own.is_file():
        cls = getattr(prog.module(own), "Analysis", None)
        if not (isinstance(cls, type) and issubclass(cls, Analysis)):
            raise DefinitionError(f"{own}: defines no class Analysis (a subclass of "
                                  f"indikatorbok.api.Analysis).")
        return cls
    programme_kinds = sorted(p.stem for p in prog.kinds_dir.glob("*.py"))
    raise DefinitionError(f"{named_in}: unknown builder '{name}' (one of the engine's kinds, "
                          f"{', '.join(sorted(KINDS))}, or of the programme's, "
                          f"{', '.join(programme_kinds) or 'none'}).")


def analysis_class(ctx: Context, part: Part) -> type[Analysis]:
    """The builder a part of a definition names."""
    return kind(ctx.programme, part.builder, ctx.indicator.files[0])


def analysis(indicator_id: str, year: int | None = None, data_dir: str | Path | None = None,
             programme: str | None = None, parameters: dict | None = None,
             checked: str | Path | None = None) -> Analysis:
    """The analysis of an indicator for an edition, its steps not yet run. ``parameters``
    replace the definition's (for a reviewer trying a variant; per part name when the
    indicator has several parts); ``checked``: a build's list of validated copies of the
    data files (:func:`checked.manifest`)."""
    reads.start()  # what the notebook reads, from here to its page (report.publish)
    edition = programmes.edition(programme, year, data_dir)
    if not edition.data_dir.is_dir():
        raise sources.DataError(f"Data folder {edition.data_dir} does not exist.")
    ind = edition.programme.catalog[indicator_id]
    if not ind.computed:
        raise DefinitionError(f"Indicator {indicator_id} has no definition to compute.")
    ctx = Context(ind, edition, checked_store.read_manifest(checked))
    made = {}
    for part in ind.parts:
        given = part.parameters
        if parameters is not None:
            given = parameters if len(ind.parts) == 1 else parameters.get(part.name, given)
        made[part.name] = analysis_class(ctx, part)(ctx, given)
    return made[ind.parts[0].name] if len(made) == 1 else Combined(ctx, made)


def compute(indicator_id: str, year: int | None = None, data_dir: str | Path | None = None,
            programme: str | None = None) -> IndicatorResult:
    """Compute an indicator for an edition (every step, then the page)."""
    return analysis(indicator_id, year, data_dir, programme).result()
