"""The ``analysts_text`` builder: an indicator reported in words, from the analysts' files of
each edition (``editions/<year>/texts.yaml`` of the programme: ``indicators: {<id>: [{title,
text}, ...]}``). The page lists every edition's examples up to the edition built, newest
first. The texts are text: no markup in them takes effect, and, as in every analysts' file,
no number but a year may be typed.

Parameters: ``heading`` (what the examples are, e.g. "Exempel på initiativ"),
``source_text`` and ``method``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict

from indikatorbok import reads
from indikatorbok.kit import (
    Analysis,
    DefinitionError,
    IndicatorResult,
    MethodInfo,
    NoMeasurement,
    Shown,
    step,
    text,
    tidy_rows,
)
from indikatorbok.yamlfile import checked, read_yaml

FILE = "texts.yaml"


def template(year: int, indicator_ids: list[str]) -> str:
    """An edition's empty texts file, for the analysts to fill in (written by new-year)."""
    return (f"# The analysts' texts for indicators reported in words, in the {year} edition: "
            f"a list of\n# {{title, text}} per indicator. Plain text: no markup, and no "
            f"number but a year.\n"
            + yaml.safe_dump({"edition": year, "indicators": {i: [] for i in indicator_ids}},
                             allow_unicode=True, sort_keys=False))


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Example(_Fields):
    title: str
    text: str


class TextsFile(_Fields):
    """What ``editions/<year>/texts.yaml`` holds: examples per indicator."""

    edition: int
    copied_from: int | None = None
    indicators: dict[str, list[Example]] = {}


def _examples(path: Path, indicator_id: str) -> list[dict]:
    """An edition's examples for the indicator, checked: a list of {title, text} of plain
    prose with no number but a year."""
    raw = read_yaml(path)
    checked(path, raw, TextsFile)  # a list of {title, text} per indicator
    given = (raw.get("indicators") or {}).get(indicator_id) or []
    problems = []
    for n, e in enumerate(given, start=1):
        content = f"{e['title']} {e['text']}"
        if not e["title"].strip() or not e["text"].strip():
            problems.append(f"{n}: needs a 'title' and a 'text'")
        if found := text.markup(content):
            problems.append(f"{n}: markup in the text ({', '.join(found)}); write plain "
                            f"prose: no HTML, roles, directives, links or code")
        if found := text.typed_numbers(content):
            problems.append(f"{n}: number typed into the text ({', '.join(found)})")
    if problems:
        raise DefinitionError(f"{path}: indicators: {indicator_id}:\n"
                              + "\n".join(f"  - {p}" for p in problems))
    return given


def indicators(prog) -> list[str]:
    """The programme's indicators reported in words (with this builder)."""
    return [i.id for i in prog.catalog.indicators.values()
            if any(part.builder == "analysts_text" for part in i.parts)]


def check(edition) -> None:
    """Every texts file of the edition's period, checked before anything is computed."""
    prog = edition.programme
    for year in edition.years:
        path = prog.edition_dir(year) / FILE
        for indicator_id in indicators(prog) if path.is_file() else ():
            _examples(path, indicator_id)


class AnalystsText(Analysis):
    """An indicator reported in words: the analysts' examples of each edition (their
    ``texts.yaml``, plain text).

    Parameters: the module docstring. Example::

        builder: analysts_text
        parameters:
          heading: Exempel på initiativ
          source_text: Analytikernas sammanställning av initiativ i verksamheten.
          method: Indikatorn redovisas i ord, med några exempel för varje år.
    """

    kind = "analysts_text"

    def texts(self) -> list[Path]:
        """The editions' texts files up to the edition (each looked for noted as read)."""
        wanted = [self.ctx.programme.edition_dir(y) / FILE for y in self.ctx.years]
        reads.record(*wanted)
        return [p for p in wanted if p.is_file()]

    @step("Analytikernas texter per årgång")
    def read(self) -> Shown:
        ind = self.ctx.indicator
        self.examples: dict[int, list[dict]] = {}
        for path in self.texts():
            given = _examples(path, ind.id)
            if given:
                self.examples[int(path.parent.name)] = given
        if not self.examples:
            raise NoMeasurement(f"{ind.id}: no edition up to {self.ctx.year} gives texts for "
                                f"the indicator in editions/<year>/{FILE}.")
        rows = [{"Årgång": y, "Exempel": len(e)} for y, e in sorted(self.examples.items())]
        return Shown("", pd.DataFrame(rows))

    def build(self) -> IndicatorResult:
        ind = self.ctx.indicator
        years = sorted(self.examples)
        tidy = pd.concat([tidy_rows(ind.id, "exempel", self.p("heading") + ", antal", "count",
                                    {y: (float(len(self.examples[y])), None)},
                                    counted=self.counted("examples"))
                          for y in years], ignore_index=True)
        narrative = []
        for y in reversed(years):
            narrative.append(f"**{self.p('heading')} {y}**")
            narrative += [f"*{text.plain(e['title'])}.* {text.plain(e['text'])}"
                          for e in self.examples[y]]
        latest = len(self.examples[years[-1]])
        summary = f"{text.count(latest, 'exempel', 'exempel')} från {years[-1]}"
        return self.page(tidy=tidy, narrative=narrative,
                         method=MethodInfo(source=self.p("source_text"),
                                           paragraphs=[self.p("method")]),
                         measured_years=set(years), headline="exempel", summary=summary)
