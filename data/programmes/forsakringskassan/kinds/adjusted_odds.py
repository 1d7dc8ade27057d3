"""Odds ratios of an outcome for women against men, crude and adjusted (used by 1.3.2 and
4.4.1: rejections of sickness compensation): logistic regressions of the outcome on sex,
first without adjustment, then adjusting step by step for the models' covariates (see
indicators/1.3.2.yaml). Analyses the agency made on other themes are listed from the
indicator's facts."""

from __future__ import annotations

import pandas as pd

from indikatorbok import api
from indikatorbok.api import (
    Figure,
    IndicatorResult,
    MethodInfo,
    Row,
    Shares,
    Shown,
    Table,
    findings,
    known,
    lookup,
    paragraph,
    plots,
    regression,
    step,
    text,
    tidy_rows,
)

COLUMNS = {"or": "Oddskvot", "low": "95 % KI, nedre", "high": "95 % KI, övre"}


def without_code(label: str) -> str:
    """``M00-M99 Rörelseorganens sjukdomar`` -> ``Rörelseorganens sjukdomar``."""
    first, _, rest = label.partition(" ")
    return rest if "-" in first else label


def ratio_sentence(r: regression.OddsRatio, lead: str) -> str:
    ci = f"95 % KI {text.number(r.low, 2)}–{text.number(r.high, 2)}"
    if r.significant:
        more = "oftare" if r.estimate > 1 else "mer sällan"
        return (f"{lead} får kvinnor {more} avslag än män (oddskvot "
                f"{text.number(r.estimate, 2)}, {ci}).")
    return (f"{lead} är skillnaden mellan kvinnor och män inte statistiskt säkerställd "
            f"(oddskvot {text.number(r.estimate, 2)}, {ci}).")


class Analysis(api.Analysis):
    """Parameters: ``source``, ``outcome`` (a 0/1 column), ``models`` ({key: {label,
    covariates}}: crude first, then more and more adjusted)."""

    @step("Data: beslut det senaste året")
    def read(self) -> Shown:
        frames = self.ctx.load_some(self.p("source"))
        self.year = max(frames)
        self.df = frames[self.year]
        rows = [{"År": y, "Beslut": len(df), "Avslag": int(df[self.p("outcome")].sum())}
                for y, df in sorted(frames.items())]
        return Shown("", pd.DataFrame(rows), [f"Analysen gäller {self.year}."])

    @step("Logistisk regression: kvinnor jämfört med män")
    def fit(self) -> Shown:
        models = self.p("models")
        self.ratios = regression.sex_odds_ratios(
            self.df, self.p("outcome"), {k: list(m["covariates"]) for k, m in models.items()},
            self.ctx.policy.alpha, self.df["sex"].eq(next(iter(self.sexes))))
        rows = [{"Modell": m["label"], "Oddskvot": round(r.estimate, 3),
                 "Nedre": round(r.low, 3), "Övre": round(r.high, 3),
                 "p-värde": round(r.p_value, 4), "n": r.n}
                for m, r in zip(models.values(), self.ratios, strict=True)]
        return Shown("", pd.DataFrame(rows))

    @step("Andel avslag efter diagnosgrupp och kön")
    def shares(self) -> Shown:
        ctx, ind, df, year = self.ctx, self.ctx.indicator, self.df, self.year
        shares, rules, outcome = Shares(ctx), ctx.stats, self.p("outcome")
        labels = ctx.schema(self.p("source")).columns["diagnosis_group"].codes

        def rejected(d: pd.DataFrame) -> pd.Series:
            return d[outcome].eq(1)

        by_diagnosis = {}
        for code in labels:
            _, by_diagnosis[code] = shares.series(
                ind.id, f"avslag_{code}", "", {year: df[df["diagnosis_group"] == code]},
                rejected, "sex", register=True)
        # The diagnosis groups of each sex add up to its published total: withhold across
        # them too.
        for sex in shares.labels("sex"):
            column = rules.withheld_shares({c: by_diagnosis[c][(sex, year)] for c in labels},
                                           column_totals=True)
            for code, p in column.items():
                by_diagnosis[code][(sex, year)] = p
        parts = [shares.rows(ind.id, f"avslag_{code}", f"Andel avslag: {label}",
                             by_diagnosis[code], "sex") for code, label in labels.items()]
        rows, self.overall = shares.series(ind.id, "avslag", "Andel avslag, samtliga beslut",
                                           {year: df}, rejected, "sex", register=True)
        self.parts, self.labels = [*parts, rows], labels
        shown = [{"Diagnosgrupp": labels.get(c, "Samtliga beslut"), "Kön": s,
                  "Avslag": p.successes, "Beslut": p.n, "Visas": "ja" if p.shown else "nej"}
                 for c, props in [*by_diagnosis.items(), ("", self.overall)]
                 for (s, _), p in props.items()]
        return Shown("", pd.DataFrame(shown))

    def build(self) -> IndicatorResult:
        ctx, ind, df, year = self.ctx, self.ctx.indicator, self.df, self.year
        models, rules, labels = self.p("models"), ctx.stats, self.labels
        sexes = Shares(ctx).labels("sex")
        parts = []
        for key, r in zip(models, self.ratios, strict=True):
            label = models[key]["label"]
            parts.append(tidy_rows(ind.id, f"sig_{key}", f"Statistiskt säkerställd skillnad: "
                                   f"{label}", "flag", {year: (float(r.significant), r.n)}))
            for column, value in (("or", r.estimate), ("low", r.low), ("high", r.high)):
                parts.append(tidy_rows(ind.id, f"or_{key}", label, "ratio",
                                       {year: (round(value, 2), r.n)}, group_key=column,
                                       group=COLUMNS[column]))
        tidy = pd.concat([*parts, *self.parts], ignore_index=True)
        crude, adjusted, full = self.ratios
        diag_codes = list(labels)
        tables = [
            Table(f"Avslag på ansökan om sjukersättning, kvinnor jämfört med män, {year}. "
                  f"Oddskvoter från logistisk regression",
                  [Row(f"or_{k}", label=m["label"]) for k, m in models.items()], "ratio", [],
                  "Modell", groups=COLUMNS, year=year, interval=("low", "high"),
                  notes=["En oddskvot över 1 betyder att kvinnor oftare får avslag än män med "
                         "samma värden på de variabler modellen justerar för."]),
            Table(f"Andel avslag efter diagnosgrupp och kön, {year}",
                  [Row("avslag", label="Samtliga beslut")]
                  + [Row(f"avslag_{c}", label=labels[c]) for c in diag_codes],
                  "percent", [], "Diagnosgrupp", groups=dict(sexes), year=year),
        ]
        women, men = self.overall[("K", year)], self.overall[("M", year)]
        narrative = [
            (f"År {year} fick {text.percent_words(women.rounded)} av kvinnorna och "
             f"{text.percent_words(men.rounded)} av männen som sökte sjukersättning avslag. "
             if women.shown and men.shown else "")
            + ratio_sentence(crude, "Utan justering")
            + " " + ratio_sentence(adjusted, "När diagnosgrupp hålls lika"),
            ratio_sentence(full, "Med justering även för födelseland och ålder"),
        ]
        # Which diagnosis groups women apply in more often than men, among those shown.
        applied = {sex: rules.withheld_shares(
            {c: rules.proportion(int(df.diagnosis_group[df.sex == sex].eq(c).sum()),
                                 int(df.sex.eq(sex).sum())) for c in diag_codes},
            column_totals=True) for sex in ("K", "M")}
        rejections = rules.withheld_shares(
            {c: rules.proportion(int(df[self.p("outcome")][df.diagnosis_group == c].sum()),
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
                  for s, label in sexes.items()}
        short = [without_code(labels[c]) for c in diag_codes]
        figures = [Figure(
            plots.grouped_bars(short, groups, "percent", "Procent avslag"),
            f"Andel avslag på ansökan om sjukersättning efter diagnosgrupp och kön, {year}. "
            f"Procent",
            "Stapeldiagram per diagnosgrupp: " + "; ".join(
                f"{d}: kvinnor {text.percent(groups['Kvinnor'][i])}, män "
                f"{text.percent(groups['Män'][i])}" for i, d in enumerate(short)) + ".",
            table=1)]
        method = MethodInfo(
            source="Försäkringskassans registeruppgifter om beslut om sjukersättning.",
            paragraphs=[
                "Logistisk regression av avslag (1) mot beviljad ersättning (0) med kön som "
                "förklaringsvariabel och män som referens. Modellerna justerar stegvis för "
                "diagnosgrupp, födelseland (inrikes eller utrikes född) och åldersgrupp. "
                "Oddskvoten redovisas med 95 procents konfidensintervall; om intervallet "
                "innehåller 1 är skillnaden mellan kvinnor och män inte statistiskt "
                "säkerställd.",
                "Analysen visar om en skillnad kan förklaras av de faktorer som finns i "
                "registret. Att en skillnad finns kvar visar inte i sig att den är osaklig, och "
                "att den försvinner utesluter inte osakliga skillnader inom en diagnosgrupp.",
            ],
            respondents=pd.DataFrame([{"År": year, "Antal beslut": text.number(len(df))}]),
        )
        # The odds ratio in words: what it compares first, the figure after.
        summary = (f"kvinnors odds att få avslag på sjukersättning är "
                   f"{text.number(adjusted.estimate, 2)} gånger mäns, när diagnosgruppen hålls "
                   f"lika (oddskvot)")
        # Women against men with the same diagnosis group: the odds ratio against 1.
        women_men = findings.difference(
            "sex", year, "ratio", ("kvinnor", "män"), (round(adjusted.estimate, 2), 1.0),
            test=findings.Test("logistisk regression", adjusted.p_value,
                               adjusted.alpha, adjusted.statistic, (adjusted.n,)),
            subject="Oddsen för avslag när diagnosgruppen hålls lika")
        if known(ctx):
            narrative.append("Försäkringskassan har också analyserat följande teman "
                             "(resultaten återges här och räknas inte om i boken):")
            narrative.extend(paragraph(f) for f in known(ctx))
        return self.page(tidy=tidy, tables=tables, figures=figures, narrative=narrative,
                         method=method, measured_years={year}, headline="avslag",
                         summary=summary, difference=women_men)
