"""1.3.2 The agency has analysed risks of unwarranted gender differences in case handling,
decisions and treatment.

Definition: the adjusted analysis of rejections of sickness compensation, recomputed from
the decisions: logistic regressions of rejection on sex (men as reference), first without
adjustment, then adjusting for diagnosis group, and then also for country of birth and age
group. A gender difference that disappears when diagnosis is held equal is explained by
which diagnoses women and men apply with. Analyses the agency made on other themes are
listed from the catalog.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import analysis, facts, plots, sources, stats, survey, text
from indikatorbok.indicators import Context
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup, tidy_rows

SOURCE = "sickness_compensation_decisions"
MODELS = {
    "ojusterad": ("Kvinnor jämfört med män, utan justering", []),
    "diagnos": ("Justerat för diagnosgrupp", ["diagnosis_group"]),
    "alla": ("Justerat för diagnosgrupp, födelseland och ålder",
             ["diagnosis_group", "born", "age_group"]),
}
COLUMNS = {"or": "Oddskvot", "low": "95 % KI, nedre", "high": "95 % KI, övre"}


def _rejected(df: pd.DataFrame) -> pd.Series:
    return df["rejected"].eq(1)


def rejection_analysis(ctx: Context) -> IndicatorResult:
    """Rejections of sickness compensation by sex, crude and adjusted (latest year)."""
    ind = ctx.indicator
    frames = ctx.load_some(SOURCE)
    year = max(frames)
    df = frames[year]
    ratios = analysis.sex_odds_ratios(df, "rejected", {k: c for k, (_, c) in MODELS.items()})
    parts = []
    for key, r in zip(MODELS, ratios, strict=True):
        parts.append(tidy_rows(ind.id, f"sig_{key}", f"Statistiskt säkerställd skillnad: "
                               f"{MODELS[key][0]}", "flag", {year: (float(r.significant), r.n)}))
        for column, value in (("or", r.estimate), ("low", r.low), ("high", r.high)):
            parts.append(tidy_rows(ind.id, f"or_{key}", MODELS[key][0], "ratio",
                                   {year: (round(value, 2), r.n)}, group_key=column,
                                   group=COLUMNS[column]))
    labels = sources.schema(SOURCE).columns["diagnosis_group"].codes
    by_diagnosis = {}
    for code in labels:
        _, by_diagnosis[code] = survey.share_series(
            ind.id, f"avslag_{code}", "", {year: df[df["diagnosis_group"] == code]}, _rejected,
            "sex", register=True)
    # The diagnosis groups of each sex add up to its published total: withhold across them too.
    for sex in survey.GROUPINGS["sex"]:
        column = stats.withheld_shares({c: by_diagnosis[c][(sex, year)] for c in labels},
                                       column_totals=True)
        for code, p in column.items():
            by_diagnosis[code][(sex, year)] = p
    for code, label in labels.items():
        parts.append(survey.share_rows(ind.id, f"avslag_{code}", f"Andel avslag: {label}",
                                       by_diagnosis[code], "sex"))
    rows, overall = survey.share_series(ind.id, "avslag", "Andel avslag, samtliga beslut",
                                        {year: df}, _rejected, "sex", register=True)
    parts.append(rows)
    tidy = pd.concat(parts, ignore_index=True)

    crude, adjusted, full = ratios
    diag_codes = list(labels)
    tables = [
        Table(f"Avslag på ansökan om sjukersättning, kvinnor jämfört med män, {year}. "
              f"Oddskvoter från logistisk regression",
              [Row(f"or_{k}", label=lab) for k, (lab, _) in MODELS.items()], "ratio", [],
              "Modell", groups=COLUMNS, year=year,
              notes=["En oddskvot över 1 betyder att kvinnor oftare får avslag än män med "
                     "samma värden på de variabler modellen justerar för."]),
        Table(f"Andel avslag efter diagnosgrupp och kön, {year}",
              [Row("avslag", label="Samtliga beslut")]
              + [Row(f"avslag_{c}", label=labels[c]) for c in diag_codes],
              "percent", [], "Diagnosgrupp",
              groups=dict(survey.GROUPINGS["sex"]), year=year),
    ]
    women, men = overall[("K", year)], overall[("M", year)]
    narrative = [
        (f"År {year} fick {text.percent_words(women.rounded)} av kvinnorna och "
         f"{text.percent_words(men.rounded)} av männen som sökte sjukersättning avslag. "
         if women.shown and men.shown else "")
        + _ratio_sentence(crude, "Utan justering")
        + " " + _ratio_sentence(adjusted, "När diagnosgrupp hålls lika"),
        _ratio_sentence(full, "Med justering även för födelseland och ålder"),
    ]
    # Which diagnosis groups women apply in more often than men, among those shown.
    applied = {sex: stats.withheld_shares(
        {c: stats.proportion(int(df.diagnosis_group[df.sex == sex].eq(c).sum()),
                             int(df.sex.eq(sex).sum())) for c in diag_codes}, column_totals=True)
        for sex in ("K", "M")}
    rejections = stats.withheld_shares(
        {c: stats.proportion(int(df.rejected[df.diagnosis_group == c].sum()),
                             int(df.diagnosis_group.eq(c).sum())) for c in diag_codes},
        column_totals=True)
    shown = [c for c in diag_codes
             if applied["K"][c].shown and applied["M"][c].shown and rejections[c].shown]
    if shown:
        over = max(shown, key=lambda c: applied["K"][c].percent - applied["M"][c].percent)
        narrative.append(
            f"Kvinnor söker oftare än män med {text.lower_first(without_code(labels[over]))} "
            f"({text.percent_words(applied['K'][over].percent)} mot "
            f"{text.percent_words(applied['M'][over].percent)}), en diagnosgrupp där "
            f"{text.percent_words(rejections[over].percent)} av ansökningarna avslås.")
    groups = {label: [lookup(tidy, f"avslag_{c}", year, s) for c in diag_codes]
              for s, label in survey.GROUPINGS["sex"].items()}
    short = [without_code(labels[c]) for c in diag_codes]
    figures = [Figure(
        plots.grouped_bars(short, groups, "percent", "Procent avslag"),
        f"Andel avslag på ansökan om sjukersättning efter diagnosgrupp och kön, {year}. Procent",
        "Stapeldiagram per diagnosgrupp: " + "; ".join(
            f"{d}: kvinnor {text.percent(groups['Kvinnor'][i])}, män "
            f"{text.percent(groups['Män'][i])}" for i, d in enumerate(short)) + ".")]
    method = MethodInfo(
        source="Försäkringskassans registeruppgifter om beslut om sjukersättning.",
        paragraphs=[
            "Logistisk regression av avslag (1) mot beviljad ersättning (0) med kön som "
            "förklaringsvariabel och män som referens. Modellerna justerar stegvis för "
            "diagnosgrupp, födelseland (inrikes eller utrikes född) och åldersgrupp. "
            "Oddskvoten redovisas med 95 procents konfidensintervall; om intervallet "
            "innehåller 1 är skillnaden mellan kvinnor och män inte statistiskt säkerställd.",
            "Analysen visar om en skillnad kan förklaras av de faktorer som finns i "
            "registret. Att en skillnad finns kvar visar inte i sig att den är osaklig, och "
            "att den försvinner utesluter inte osakliga skillnader inom en diagnosgrupp.",
        ],
        respondents=pd.DataFrame([{"År": year, "Antal beslut": text.number(len(df))}]),
    )
    summary = (f"oddskvot {text.number(adjusted.estimate, 2)} för avslag på sjukersättning, "
               f"kvinnor jämfört med män med samma diagnosgrupp")
    return IndicatorResult(ind, ctx.year, tidy, tables, figures, narrative, method,
                           ctx.synthetic, {year}, "avslag", summary=summary)


def without_code(label: str) -> str:
    """``M00-M99 Rörelseorganens sjukdomar`` -> ``Rörelseorganens sjukdomar``."""
    first, _, rest = label.partition(" ")
    return rest if "-" in first else label


def _ratio_sentence(r: analysis.OddsRatio, lead: str) -> str:
    ci = f"95 % KI {text.number(r.low, 2)}–{text.number(r.high, 2)}"
    if r.significant:
        more = "oftare" if r.estimate > 1 else "mer sällan"
        return (f"{lead} får kvinnor {more} avslag än män (oddskvot "
                f"{text.number(r.estimate, 2)}, {ci}).")
    return (f"{lead} är skillnaden mellan kvinnor och män inte statistiskt säkerställd "
            f"(oddskvot {text.number(r.estimate, 2)}, {ci}).")


def compute(ctx: Context) -> IndicatorResult:
    result = rejection_analysis(ctx)
    if ctx.indicator.facts:
        result.narrative.append("Försäkringskassan har också analyserat följande teman "
                                "(resultaten återges här och räknas inte om i boken):")
        result.narrative.extend(facts.paragraph(f) for f in ctx.indicator.facts)
    return result
