"""1.3.1 The agency has identified unexplained gender differences in case handling,
decisions and treatment.

Definition: for each benefit and common key figure, is there a gender difference that
recurs three years in a row? Rule: in each of the three latest years with data, women and
men differ significantly (5 % level) in the same direction. Key figures: processing time
(days from application to decision; Welch's t-test), decisions changed after
reconsideration (share of reconsidered decisions), incorrect payments caused by the agency
and rejected initial applications (shares of decided cases; z-test for two proportions).
A key figure without data for a benefit is shown as missing.
"""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats as sps

from indikatorbok import sources, stats, text
from indikatorbok.indicators import Context
from indikatorbok.result import IndicatorResult, MethodInfo, Row, Table, tidy_rows

SOURCE = "case_processing"
WINDOW = 3
KEY_FIGURES = {
    "processing_days": "Handläggningstider",
    "changed_after_reconsideration": "Ändrat beslut efter omprövning",
    "incorrect_payment_agency": "Felaktiga utbetalningar orsakade av Försäkringskassan",
    "rejected": "Avslag på initial ansökan",
}
SUBJECT = {
    "processing_days": "har längre handläggningstider",
    "changed_after_reconsideration": "får oftare ändrade beslut efter omprövning",
    "incorrect_payment_agency": "får oftare felaktiga utbetalningar orsakade av myndigheten",
    "rejected": "får oftare avslag på sin ansökan",
}


def difference(df: pd.DataFrame, column: str) -> int | None:
    """+1 if women have the significantly higher value, -1 if men, 0 if no significant
    difference, None if the key figure has no data."""
    values = df[["sex", column]].dropna()
    if values.empty:
        return None
    women, men = (values.loc[values["sex"] == s, column].astype(float) for s in ("K", "M"))
    if column == "processing_days":
        if len(women) < 2 or len(men) < 2:
            return 0
        test = sps.ttest_ind(women, men, equal_var=False)
        return int(math.copysign(1, test.statistic)) if test.pvalue < stats.ALPHA else 0
    cmp = stats.compare_proportions(stats.proportion(int(women.sum()), len(women)),
                                    stats.proportion(int(men.sum()), len(men)))
    return cmp.direction or 0


def recurring(directions: list[int | None]) -> float:
    """1 (Ja) for the same significant direction every year, 0 (Nej) otherwise, NaN (no
    data) if any year lacks the key figure."""
    if any(d is None for d in directions):
        return float("nan")
    return float(directions[0] != 0 and len(set(directions)) == 1)


def compute(ctx: Context) -> IndicatorResult:
    ind = ctx.indicator
    frames = ctx.load(SOURCE)
    years = sorted(frames)[-WINDOW:]
    if len(years) < WINDOW:
        raise sources.DataError(f"{ind.id}: source '{SOURCE}' needs {WINDOW} years of data "
                                f"up to {ctx.year}; found {text.join([str(y) for y in years])}.")
    benefits = sources.schema(SOURCE).columns["benefit"].codes
    last = years[-1]
    rows, findings = [], {}
    for code, label in benefits.items():
        for column, figure in KEY_FIGURES.items():
            directions = [difference(frames[y][frames[y]["benefit"] == code], column)
                          for y in years]
            flag = recurring(directions)
            if flag == 1:
                findings.setdefault(column, []).append((label, directions[0]))
            rows.append(tidy_rows(ind.id, code, label, "flag", {last: (flag, None)},
                                  group_key=column, group=figure))
        rows.append(tidy_rows(ind.id, f"{code}_beslut", label, "count", {
            y: (float((frames[y]["benefit"] == code).sum()), None) for y in years}))
    tidy = pd.concat(rows, ignore_index=True)
    span = text.year_span(years)
    tables = [
        Table(f"Förekomst av könsskillnader i handläggningen {span}, återkommande tre år i rad",
              [Row(code, label=label) for code, label in benefits.items()], "flag", [],
              "Förmån", groups=dict(KEY_FIGURES), year=last,
              notes=["Ja: kvinnor och män skiljer sig statistiskt säkerställt åt i samma "
                     "riktning alla tre åren."]),
        Table("Antal beslut i underlaget", [Row(f"{code}_beslut", label=label)
                                            for code, label in benefits.items()],
              "count", years, "Förmån"),
    ]
    count = int((tidy[tidy.unit == "flag"].value == 1).sum())
    narrative = [f"Kartläggningen av {span} visar återkommande könsskillnader i {count} "
                 f"kombinationer av förmån och nyckeltal."]
    for column, found in findings.items():
        for sex, word in ((1, "kvinnor"), (-1, "män")):
            names = [lab.lower() for lab, d in found if d == sex]
            if names:
                narrative.append(f"{word.capitalize()} {SUBJECT[column]} inom "
                                 f"{text.join(names)}.")
    method = MethodInfo(
        source="Försäkringskassans registerdata om handläggningen av respektive förmån.",
        paragraphs=[
            "För varje förmån och år jämförs kvinnor och män i fyra gemensamma nyckeltal: "
            "handläggningstid (dagar från ansökan till beslut, Welchs t-test), andel ändrade "
            "beslut bland omprövade beslut, andel ärenden med felaktig utbetalning orsakad av "
            "Försäkringskassan och andel avslag på initial ansökan (z-test för två andelar). "
            f"Signifikansnivån är {int(stats.ALPHA * 100)} procent.",
            f"En skillnad räknas som återkommande (Ja) när den är statistiskt säkerställd och "
            f"har samma riktning vart och ett av de {WINDOW} senaste åren med uppgifter. "
            "Skillnaderna är oförklarade: kartläggningen tar inte hänsyn till andra faktorer "
            "än kön. Saknas ett nyckeltal för en förmån redovisas det som saknad uppgift.",
        ],
    )
    return IndicatorResult(ind, ctx.year, tidy, tables, [], narrative, method, ctx.synthetic,
                           set(years), tidy.series_key.iloc[0],
                           summary=f"återkommande könsskillnader i {count} kombinationer av "
                                   f"förmån och nyckeltal")
