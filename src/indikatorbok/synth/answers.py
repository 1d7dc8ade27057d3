"""Answers to declared survey questions that no generator writes.

A survey indicator's kind says which questions its definition asks about
(:meth:`indikatorbok.indicators.Analysis.asked`): the question, its population and the
answers that count. When the programme's generator of the
survey leaves that question out (a question added with a new indicator), the synthetic
respondents answer it here, calibrated to what is declared: in each year the indicator has
published figures, exactly the published number of respondents in its population answer,
and the share giving the counted answers rounds to the published share. Without published
figures, everyone in the population answers every year, half of them with a counted answer.
Each question draws from a random stream of its own, so the other columns stay as they were.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indikatorbok import builders, indicators, reference, sources
from indikatorbok.programme import Programme
from indikatorbok.stats import calibrate

UNPUBLISHED_SHARE = 50.0


@dataclass(frozen=True)
class Declared:
    """A question as an indicator's definition uses it."""

    indicator: str
    label: str  # the published series
    population: str | None
    counts: object


def declared(prog: Programme, source: str) -> dict[str, list[Declared]]:
    """Question -> how the programme's survey indicators use it, for ``source``."""
    out: dict[str, list[Declared]] = {}
    for ind in prog.catalog.indicators.values():
        for part in ind.parts:
            for a in builders.kind(prog, part.builder, ind.files[0]).asked(part.parameters,
                                                                          source):
                out.setdefault(a.question, []).append(Declared(ind.id, a.label, a.population,
                                                               a.counts))
    return out


def fill(prog: Programme, schema: sources.Schema, df: pd.DataFrame, year: int,
         calendar_year: int, seed: int) -> pd.DataFrame:
    """``df`` with answers to every declared question of the survey it lacks."""
    uses = declared(prog, schema.source)
    for question in schema.questions.values():
        if question.columns[0] in df.columns or question.key not in uses:
            continue
        use = uses[question.key][0]
        try:
            published = reference.series(prog, use.indicator, use.label)
        except KeyError:
            published = {}
        if published and year not in published:
            continue  # not asked this year
        rng = np.random.default_rng([seed, calendar_year,
                                     zlib.crc32(f"{schema.source}/{question.key}".encode())])
        asked = df.index[indicators.evaluate(df, use.population, prog.populations)].to_numpy()
        n = reference.n(prog, use.indicator, use.label).get(year, len(asked))
        if n > len(asked):
            raise ValueError(f"{schema.source} {year}, question {question.key}: the published "
                             f"n {n} exceeds the {len(asked)} respondents in its population")
        answering = np.sort(rng.choice(asked, size=n, replace=False))
        share = published.get(year, UNPUBLISHED_SHARE)
        hits = calibrate(n, {"yes": share, "no": None})["yes"]
        yes = set(rng.choice(answering, size=hits, replace=False).tolist())
        df = pd.concat([df, _answers(question, use.counts, df.index, answering, yes, rng)],
                       axis=1)
    return df


def _answers(question: sources.Question, counts, index: pd.Index, answering: np.ndarray,
             yes: set, rng: np.random.Generator) -> pd.DataFrame:
    """The question's columns: a counted answer for ``yes``, another for the rest."""
    if isinstance(counts, dict) and "ticked" in counts:
        counted = list(counts["ticked"])
    elif isinstance(counts, dict):
        raise ValueError(f"question {question.key}: answers counted by an expression cannot "
                         f"be generated; write them in the programme's generator")
    else:
        counted = list(counts)
    other = [c for c in question.options if c not in counted]
    chosen = [counted[rng.integers(len(counted))] if i in yes
              else (other[rng.integers(len(other))] if other else None) for i in answering]
    if question.kind == "multi":
        frame = pd.DataFrame(pd.NA, index=index, columns=list(question.options), dtype="Int64")
        frame.loc[answering] = 0
        for i, code in zip(answering, chosen, strict=True):
            if code is not None:
                frame.loc[i, code] = 1
        return frame
    values = pd.Series(pd.NA, index=index, dtype="Int64" if question.numeric else object)
    values.loc[answering] = chosen
    return values.to_frame(question.key)
