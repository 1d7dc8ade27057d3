"""3.5.2 The case files show that violence has been detected.

Definition: in the review of a random sample of sickness-benefit case files (telephone
investigation in 2022 or 2023, the word "våld" in the file), the number of files that
document that the person has experience of violence, and the share with a 95 % confidence
interval (Wilson) for all cases in the study population.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import stats, survey, text
from indikatorbok.indicators import Context
from indikatorbok.result import IndicatorResult, MethodInfo, Row, Table, tidy_rows

SOURCE = "case_file_review"


def compute(ctx: Context) -> IndicatorResult:
    ind = ctx.indicator
    frames = ctx.load_some(SOURCE)
    year = max(frames)
    df = frames[year]
    told = df[df["violence_documented"].eq(1)]
    p = stats.register_proportion(len(told), len(df))
    low, high = p.confint()

    def published(value: float) -> float:
        return value if p.shown else float("nan")

    tidy = pd.concat([
        tidy_rows(ind.id, "akter", "Akter där erfarenhet av våld dokumenterats", "count",
                  {year: (published(float(len(told))), len(df))}),
        tidy_rows(ind.id, "andel", "Andel akter där erfarenhet av våld dokumenterats",
                  "percent", {year: (published(round(p.percent, 1)), len(df))}),
        tidy_rows(ind.id, "nedre", "Skattad andel som berättar om våld, nedre gräns", "percent",
                  {year: (published(round(low, 1)), None)}),
        tidy_rows(ind.id, "ovre", "Skattad andel som berättar om våld, övre gräns", "percent",
                  {year: (published(round(high, 1)), None)}),
    ], ignore_index=True)
    span = text.year_span(sorted(df["investigation_year"].unique()))
    tables = [
        Table(f"Aktgranskning av sjukpenningärenden med telefonutredning {span}",
              [Row("akter", label="Akter där erfarenhet av våld dokumenterats")], "count",
              [year], "Resultat", notes=[f"Antal granskade akter: {text.number(len(df))}."]),
        Table("Andel akter där erfarenhet av våld dokumenterats, med 95 procents "
              "konfidensintervall", [Row("andel", label="Andel"),
                                     Row("nedre", label="Nedre gräns"),
                                     Row("ovre", label="Övre gräns")],
              "percent", [year], "Skattning"),
    ]
    if not p.shown:
        narrative = [f"Resultatet av granskningen {span} redovisas inte eftersom "
                     f"{survey.WITHHELD_REASON}"]
    else:
        narrative = [
            f"I {text.number(len(told))} av {text.number(len(df))} granskade sjukpenningakter "
            f"från {span}, där handläggaren hade frågat om våld, finns det dokumenterat att "
            f"personen har erfarenhet av våld. Det motsvarar {text.number(p.percent, 1)} "
            f"procent. För hela studiepopulationen skattas andelen till mellan "
            f"{text.number(low, 1)} och {text.number(high, 1)} procent."]
        among = {key: stats.register_proportion(int(told[column].eq(value).sum()), len(told))
                 for key, column, value in (("women", "sex", "K"),
                                            ("ongoing", "violence_ongoing", 1),
                                            ("support", "prior_support", 1))}
        if all(a.shown for a in among.values()):
            narrative.append(
                f"Av dem som berättade om våld var {text.percent_words(among['women'].percent)} "
                f"kvinnor. {text.percent_words(among['ongoing'].percent).capitalize()} beskrev "
                f"ett pågående våld, och {text.percent_words(among['support'].percent)} hade "
                f"redan haft kontakt med en stödverksamhet.")
        else:
            narrative.append(f"Hur de som berättade om våld fördelar sig efter kön, pågående "
                             f"våld och tidigare stöd redovisas inte eftersom "
                             f"{survey.WITHHELD_REASON}")
    method = MethodInfo(
        source="Aktgranskning inom studien Att fråga om våld i sjukpenningärenden (2024).",
        paragraphs=[
            f"Ett slumpmässigt urval av {text.number(len(df))} sjukpenningärenden där en "
            f"telefonutredning genomfördes {span} och där ordet våld förekom i akten. Kortare "
            "textstycken kring ordet granskades och kodades.",
            "Konfidensintervallet är ett Wilsonintervall för ett obundet slumpmässigt urval "
            "(95 procent).",
        ],
    )
    summary = (f"{text.number(len(told))} av {text.number(len(df))} granskade akter visar "
               f"erfarenhet av våld" if p.shown else "resultatet redovisas inte")
    return IndicatorResult(ind, ctx.year, tidy, tables, [], narrative, method, ctx.synthetic,
                           {year}, "akter", summary=summary)
