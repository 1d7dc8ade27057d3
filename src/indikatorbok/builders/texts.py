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

from indikatorbok import text
from indikatorbok.indicators import Analysis, DefinitionError, NoMeasurement, Shown, builder, step
from indikatorbok.result import IndicatorResult, MethodInfo, tidy_rows

FILE = "texts.yaml"


def template(year: int, indicator_ids: list[str]) -> str:
    """An edition's empty texts file, for the analysts to fill in (written by new-year)."""
    return (f"# The analysts' texts for indicators reported in words, in the {year} edition: "
            f"a list of\n# {{title, text}} per indicator. Plain text: no markup, and no "
            f"number but a year.\n"
            + yaml.safe_dump({"edition": year, "indicators": {i: [] for i in indicator_ids}},
                             allow_unicode=True, sort_keys=False))


def typed_numbers(content: str) -> list[str]:
    from indikatorbok.del1 import typed_numbers as found

    return found(content)


@builder("analysts_text")
class AnalystsText(Analysis):
    """Examples written by the analysts, per edition (see the module docstring)."""

    def inputs(self) -> list[Path]:
        return [p for y in self.ctx.years
                if (p := self.ctx.programme.edition_dir(y) / FILE).is_file()]

    @step("Analytikernas texter per årgång")
    def read(self) -> Shown:
        ind = self.ctx.indicator
        self.examples: dict[int, list[dict]] = {}
        for path in self.inputs():
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            given = (raw.get("indicators") or {}).get(ind.id) or []
            problems = [f"{n}: needs a 'title' and a 'text'"
                        for n, e in enumerate(given, start=1)
                        if not (e.get("title") and e.get("text"))]
            problems += [f"{n}: number typed into the text ({', '.join(found)})"
                         for n, e in enumerate(given, start=1)
                         if (found := typed_numbers(f"{e.get('title', '')} {e.get('text', '')}"))]
            if problems:
                raise DefinitionError(f"{path}: indicators: {ind.id}:\n"
                                      + "\n".join(f"  - {p}" for p in problems))
            if given:
                self.examples[int(path.parent.name)] = given
        if not self.examples:
            raise NoMeasurement(f"{ind.id}: no edition up to {self.ctx.year} gives texts for "
                                f"the indicator in editions/<year>/{FILE}.")
        rows = [{"Årgång": y, "Exempel": len(e)} for y, e in sorted(self.examples.items())]
        return Shown("", pd.DataFrame(rows))

    def build(self) -> IndicatorResult:
        ctx, ind = self.ctx, self.ctx.indicator
        years = sorted(self.examples)
        tidy = pd.concat([tidy_rows(ind.id, "exempel", self.p("heading") + ", antal", "count",
                                    {y: (float(len(self.examples[y])), None)})
                          for y in years], ignore_index=True)
        narrative = []
        for y in reversed(years):
            narrative.append(f"**{self.p('heading')} {y}**")
            narrative += [f"*{text.plain(e['title'])}.* {text.plain(e['text'])}"
                          for e in self.examples[y]]
        latest = len(self.examples[years[-1]])
        summary = f"{text.count(latest, 'exempel', 'exempel')} från {years[-1]}"
        return IndicatorResult(ind, ctx.year, tidy, [], [], narrative,
                               MethodInfo(source=self.p("source_text"),
                                          paragraphs=[self.p("method")]),
                               ctx.synthetic, set(years), "exempel", summary=summary)
