"""2.5.1 When parents and other relatives choose who takes a benefit, they share it equally.

Parental benefit (föräldrapenning): among different-sex parent couples with their first
joint child born in a year, the share who split the parental-benefit days used during the
child's first 24 months equally: neither parent below 40 % nor above 60 % of the days the
couple used together. Couples who used no days are left out (no split to measure). A birth
cohort is complete, and published, two years after the birth year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indikatorbok import plots, sources, stats, text
from indikatorbok.indicators import Context
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup, tidy_rows

PARENTAL = "parental_benefit"
FOLLOW_UP_MONTHS = 24
CATEGORIES = {  # key -> published series label
    "fp_kvinna": "Föräldrapenning: kvinnan tar mer än 60 procent",
    "fp_jamstallt": "Föräldrapenning: delar jämställt",
    "fp_man": "Föräldrapenning: mannen tar mer än 60 procent",
}
LEGEND = {"fp_kvinna": "Kvinnan tar mer än 60 %", "fp_jamstallt": "Delar jämställt (40–60 %)",
          "fp_man": "Mannen tar mer än 60 %"}


def couples(df: pd.DataFrame) -> pd.DataFrame:
    """One row per couple in the population: first joint child, one woman and one man,
    at least one day used. Columns ``woman`` and ``man`` hold each parent's days."""
    first = df[df["first_joint_child"] == 1]
    is_woman, is_man = first["parent_sex"].eq("K"), first["parent_sex"].eq("M")
    per_child = first.assign(
        woman=first["days"].where(is_woman, 0.0), man=first["days"].where(is_man, 0.0),
        n_women=is_woman.astype(int), n_men=is_man.astype(int),
    ).groupby("child_id")[["woman", "man", "n_women", "n_men"]].sum()
    keep = (per_child.n_women == 1) & (per_child.n_men == 1) & (
        per_child.woman + per_child.man > 0)
    return per_child.loc[keep, ["woman", "man"]]


def split_category(woman: pd.Series, man: pd.Series) -> pd.Series:
    """``fp_jamstallt`` when each parent has 40–60 % (edges included), else who has > 60 %.

    Compared in exact arithmetic: 40 % <= w/(w+m) <= 60 %  <=>  2(w+m) <= 5w <= 3(w+m).
    """
    total = woman + man
    category = np.select([5 * woman > 3 * total, 5 * woman < 2 * total],
                         ["fp_kvinna", "fp_man"], default="fp_jamstallt")
    return pd.Series(category, index=woman.index)


def compute(ctx: Context) -> IndicatorResult:
    ind = ctx.indicator
    cohorts = {y: couples(df) for y, df in ctx.load(PARENTAL).items()
               if y <= ctx.year - ind.lag_years}
    if not cohorts:
        raise sources.DataError(f"2.5.1: source '{PARENTAL}' has no complete birth cohort up to "
                                f"{ctx.year - ind.lag_years}.")
    years = sorted(cohorts)
    parts = []
    for key, label in CATEGORIES.items():
        values = {}
        for y, c in cohorts.items():
            p = stats.proportion(int((split_category(c.woman, c.man) == key).sum()), len(c))
            values[y] = (stats.round_half_up(p.percent), p.n) if p.shown else (float("nan"), None)
        parts.append(tidy_rows(ind.id, key, label, "percent", values))
    tidy = pd.concat(parts, ignore_index=True)

    not_yet = [y for y in ctx.years if y > ctx.year - ind.lag_years]
    notes = [f"Barn födda {text.year_span(not_yet)} har ännu inte följts i "
             f"{FOLLOW_UP_MONTHS} månader."] if not_yet else []
    tables = [
        Table("Andel föräldrapar som delar jämställt på föräldrapenningen under barnets 24 "
              "första månader, efter barnets födelseår",
              [Row("fp_jamstallt", label="Delar jämställt")], "percent", ctx.years,
              "Föräldrapenning", notes=notes),
        Table("Föräldrapar efter hur de delat på dagarna med föräldrapenning, efter barnets "
              "födelseår", [Row(k, label=LEGEND[k]) for k in CATEGORIES], "percent", years,
              "Fördelning"),
    ]

    latest = years[-1]
    share = {k: lookup(tidy, k, latest) for k in CATEGORIES}
    narrative = [
        f"Av de föräldrapar som fick sitt första gemensamma barn {latest} delade "
        f"{text.percent_words(share['fp_jamstallt'])} jämställt på dagarna med "
        f"föräldrapenning under barnets två första år, det vill säga att ingen av föräldrarna "
        f"tog färre än 40 eller fler än 60 procent av parets dagar."
    ]
    if len(years) > 1:
        prev = years[-2]
        narrative[0] += " " + text.change_phrase(
            share["fp_jamstallt"], lookup(tidy, "fp_jamstallt", prev), f"barn födda {prev}",
            significant=None)
    bigger, smaller = (("kvinnan", "mannen") if share["fp_kvinna"] >= share["fp_man"]
                       else ("mannen", "kvinnan"))
    narrative.append(
        f"När paren inte delar jämställt är det oftast {bigger} som tar den större delen: "
        f"i {text.percent_words(share['fp_kvinna'])} av paren tog kvinnan mer än 60 procent av "
        f"dagarna och i {text.percent_words(share['fp_man'])} tog mannen mer än 60 procent."
    )
    eq_values = [lookup(tidy, "fp_jamstallt", y) for y in years]
    narrative.append(
        f"För barn födda {text.year_span(years)} har andelen som delar jämställt legat mellan "
        f"{text.number(min(eq_values))} och {text.percent_words(max(eq_values))}."
    )

    parts_fig = {LEGEND[k]: [lookup(tidy, k, y) for y in years] for k in CATEGORIES}
    fig = plots.stacked_shares([str(y) for y in years], parts_fig)
    alt = ("Liggande staplar som visar hur föräldrapar delat på föräldrapenningen, per "
           "födelseår: " + "; ".join(
               f"{y}: " + ", ".join(f"{lab.lower()} {text.percent(v[i])}"
                                    for lab, v in parts_fig.items())
               for i, y in enumerate(years)) + ".")
    figures = [Figure(fig, "Föräldrapar efter hur de delat på dagarna med föräldrapenning, "
                           "efter barnets födelseår. Procent", alt)]

    n_text = text.join([f"{text.number(len(cohorts[y]))} ({y})" for y in years])
    method = MethodInfo(
        source="Försäkringskassans registerdata om föräldrapenning.",
        paragraphs=[
            "Populationen är föräldrapar av olika kön som har fått sitt första gemensamma barn "
            "under året. Samkönade par, barn som inte är parets första gemensamma barn och "
            "barn med bara en förälder i registret ingår inte, och inte heller par som inte "
            "har använt någon dag med föräldrapenning under perioden.",
            f"För varje par beräknas kvinnans andel av de dagar paret tillsammans har använt "
            f"under barnets {FOLLOW_UP_MONTHS} första månader. Paret delar jämställt om andelen "
            f"är minst 40 och högst 60 procent; gränsvärdena räknas som jämställt.",
            f"Antal föräldrapar i underlaget per födelseår: {n_text}. Registret omfattar alla "
            f"som fått ersättning, så förändringar mellan åren är inte osäkra på grund av urval.",
        ],
    )
    glue = {f"jamstallt_{y}": text.number(lookup(tidy, "fp_jamstallt", y)) for y in years}
    glue.update({"kvinna_over60_senaste": text.number(share["fp_kvinna"]),
                 "man_over60_senaste": text.number(share["fp_man"])})
    return IndicatorResult(ind, ctx.year, tidy, tables, figures, narrative, method,
                           ctx.synthetic, set(years), "fp_jamstallt", glue)
