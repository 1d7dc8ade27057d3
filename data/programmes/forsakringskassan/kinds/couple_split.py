"""How couples split a benefit between them: per couple of a woman and a man, each one's
days (or amount) of the benefit, and whether they share equally or who has the larger
part (used by the parts of 2.5.1: when parents choose who takes a benefit, they share it
equally; see indicators/2.5.1.yaml for the definition).

A part follows one or more benefits the same way: parental benefit per birth cohort (the
split of the days used during the child's first months), temporary parental benefit per
year and band of days used, care allowance and additional-cost allowance for children (the
split of the amounts). Couples are formed, categorised and counted out of core, in the
registers: only the counts per category come back.
"""

from __future__ import annotations

import pandas as pd

from indikatorbok import api
from indikatorbok.api import (
    Extract,
    Figure,
    IndicatorResult,
    MethodInfo,
    Row,
    Shown,
    Table,
    findings,
    lookup,
    plots,
    step,
    text,
    tidy_rows,
)

# The categories of a couple (in the tidy series and the text) and their legend entries,
# for a split of days and a split of amounts.
CATEGORIES = {
    "days": {"jamstallt": "delar jämställt", "kvinna": "kvinnan tar mer än 60 procent",
             "man": "mannen tar mer än 60 procent"},
    "amount": {"jamstallt": "delar lika", "kvinna": "kvinnan tar emot större delen eller hela",
               "man": "mannen tar emot större delen eller hela"},
}
LEGENDS = {
    "days": {"kvinna": "Kvinnan mer än 60 %", "jamstallt": "Jämställt (40–60 %)",
             "man": "Mannen mer än 60 %"},
    "amount": {"kvinna": "Kvinnan större delen eller hela", "jamstallt": "Lika",
               "man": "Mannen större delen eller hela"},
}


# --------------------------------------------------------------------------- definitions


def pairs_query(key: str, value: str, where: str, complete: str = "true") -> str:
    """One row per ``key`` (among rows matching ``where``) with exactly one woman and one man
    and a positive total (and ``complete`` true for the group): columns ``woman`` and ``man``
    hold each parent's ``value``."""
    return f"""
        SELECT {key},
               sum(CASE WHEN parent_sex = 'K' THEN {value} ELSE 0 END) AS woman,
               sum(CASE WHEN parent_sex = 'M' THEN {value} ELSE 0 END) AS man
        FROM {{t}} WHERE {where}
        GROUP BY {key}
        HAVING count_if(parent_sex = 'K') = 1 AND count_if(parent_sex = 'M') = 1
           AND woman + man > 0 AND {complete}"""


def split_category(low: float, high: float) -> str:
    """``jamstallt`` when each parent has ``low``-``high`` percent of the days (edges
    included), else who has more than ``high`` percent. Exact arithmetic on the days
    (quarter days): low <= 100 w/(w+m) <= high  <=>  low (w+m) <= 100 w <= high (w+m)."""
    return (f"CASE WHEN 100 * woman > {high} * (woman + man) THEN 'kvinna' "
            f"WHEN 100 * woman < {low} * (woman + man) THEN 'man' ELSE 'jamstallt' END")


def payment_category() -> str:
    """``jamstallt`` when both received the same amount (within one krona), else who
    received the larger part."""
    return ("CASE WHEN abs(woman - man) < 1 THEN 'jamstallt' WHEN woman > man THEN 'kvinna' "
            "ELSE 'man' END")


def day_band(bands: dict) -> str:
    """The band of the couple's total days in the year ('' when in none)."""
    whens = " ".join(
        f"WHEN woman + man > {b['above']}"
        + (f" AND woman + man <= {b['up_to']}" if "up_to" in b else "") + f" THEN '{key}'"
        for key, b in bands.items())
    return f"CASE {whens} ELSE '' END"


def counts_query(pairs: str, category: str, band: str = "''") -> str:
    """The couples of ``pairs`` counted per ``band`` and ``category``."""
    return f"""
        SELECT {band} AS band, {category} AS category, count(*) AS couples
        FROM ({pairs.strip()})
        GROUP BY ALL ORDER BY ALL"""


def category_counts(extract: Extract, query: str, keys: list[str]) -> pd.DataFrame:
    """Couples per band (rows) and category (columns ``keys``)."""
    counts = extract.df(query).pivot(index="band", columns="category", values="couples")
    return counts.reindex(columns=keys).fillna(0).astype(int).rename_axis(columns=None)


# --------------------------------------------------------------------------- computation


class Analysis(api.Analysis):
    """Parameters: ``benefits`` ({key: {label, source, couple, where, definite}}: the
    benefits followed alike, each with its register source, the column that pairs a woman
    and a man (a child or a couple), the records its couples are formed from and, for a
    split of amounts, its name in the definite form); ``measure``: ``days`` (equal
    when each has a share within ``equal_between`` percent of the couple's days) or
    ``amount`` (equal when both received the same amount, to the krona); for a benefit
    followed per birth cohort, ``follow_up_months`` (a cohort is complete the indicator's
    ``lag_years`` after its birth year); ``day_bands`` ({key: {label, above, up_to}}: the
    latest year by the couple's total days); ``source_text``."""

    @property
    def benefits(self) -> dict[str, dict]:
        return self.p("benefits")

    @property
    def measure(self) -> str:
        return self.p("measure")

    def queries(self) -> dict[str, str]:
        """Per benefit: its couples counted per category (and per band of days, with
        ``day_bands``)."""
        bands = self.p("day_bands", None)
        if self.measure == "days":
            category, complete = split_category(*self.p("equal_between")), "true"
        else:
            category, complete = payment_category(), f"count_if({self.measure} IS NULL) = 0"
        return {key: counts_query(pairs_query(b["couple"], self.measure, b["where"], complete),
                                  category, day_band(bands) if bands else "''")
                for key, b in self.benefits.items()}

    @step("Data: poster i registret och urvalet för förmånen")
    def read(self) -> Shown:
        rows = []
        for b in self.benefits.values():
            for y, extract in self.ctx.scan(b["source"]).items():
                n, kept = extract.df(f"SELECT count(*), count_if({b['where']}) FROM {{t}}"
                                     ).iloc[0].tolist()
                rows.append({"Förmån": b["label"], "År": y, "Poster": int(n),
                             "I urvalet": int(kept), "Villkor": b["where"]})
        return Shown("", pd.DataFrame(rows),
                     ["En post är en förälder och ett barn (eller par och år); par bildas av "
                      "posterna i urvalet i nästa steg."])

    @step("Föräldrapar per år, efter hur de delar (räknas i registret)")
    def couples(self) -> Shown:
        ctx, queries, keys = self.ctx, self.queries(), list(CATEGORIES[self.measure])
        cohorts = self.p("follow_up_months", None) is not None
        self.last_year = ctx.year - ctx.indicator.lag_years if cohorts else ctx.year
        self.counts = {key: {y: category_counts(e, queries[key], keys)
                             for y, e in ctx.scan(b["source"]).items() if y <= self.last_year}
                       for key, b in self.benefits.items()}
        for key, by_year in self.counts.items():
            if not by_year:
                raise api.NoMeasurement(
                    f"{ctx.indicator.id}: source '{self.benefits[key]['source']}' has no "
                    f"{'complete birth cohort' if cohorts else 'year'} up to "
                    f"{self.last_year}.")
        rows = [{"Förmån": self.benefits[key]["label"], "År": y,
                 "Föräldrapar": int(c.to_numpy().sum()), **c.sum().to_dict()}
                for key, by_year in self.counts.items() for y, c in by_year.items()]
        if self.measure == "days":
            low, high = self.p("equal_between")
            rule = (f"Jämställt: varje förälder har {low}–{high} procent av dagarna (gränserna "
                    f"räknas som jämställt). Kvinna och man: den som har mer än {high} procent "
                    f"av dagarna.")
        else:
            rule = ("Lika: båda har fått samma belopp. Kvinna och man: den som har fått den "
                    "större delen av beloppet.")
        later = f"; kohorter efter {self.last_year} är inte kompletta" if cohorts else ""
        return Shown("", pd.DataFrame(rows),
                     [f"Ett par: en kvinna och en man med samma barn (eller par-id) och minst "
                      f"en dag eller krona{later}.", rule],
                     query=queries[next(iter(self.benefits))])

    def withheld(self, counts: pd.Series | pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        """Register cells to withhold (True) in a distribution over ``keys`` (``counts``, a
        Series: one row), or in its cross-table with another variable (a DataFrame, a row
        per value), whose column totals, the distribution itself, are published too."""
        rules = self.ctx.stats
        if isinstance(counts, pd.Series):
            return rules.withheld_cells(counts.reindex(keys, fill_value=0).to_frame().T)
        return rules.withheld_cells(counts.reindex(columns=keys, fill_value=0).sort_index(),
                                    column_totals=True)

    def category_rows(self, key: str, counted: dict[int, pd.Series], group_key: str = "",
                      group: str = "", hidden: dict[int, pd.Series] | None = None
                      ) -> list[pd.DataFrame]:
        """Shares of couples per category and year (``counted``: couples per category);
        ``hidden``: withheld cells per year (by default those of each year's
        distribution)."""
        rules, ind = self.ctx.stats, self.ctx.indicator
        labels = CATEGORIES[self.measure]
        if hidden is None:
            hidden = {y: self.withheld(c, list(labels)).iloc[0] for y, c in counted.items()}
        rows = []
        for category, label in labels.items():
            values = {}
            for year, c in counted.items():
                p = rules.proportion(int(c.get(category, 0)), int(c.sum()))
                values[year] = ((p.rounded, p.n) if p.shown and not hidden[year][category]
                                else (float("nan"), None, bool(hidden[year][category])))
            rows.append(tidy_rows(ind.id, f"{key}_{category}",
                                  f"{self.benefits[key]['label']}: {label}", "percent", values,
                                  group_key, group))
        return rows

    def banded_rows(self, key: str) -> list[pd.DataFrame]:
        """Shares per category in each band of days: the bands of a year add up to its
        distribution, published too, so their cells are withheld together."""
        by_year, keys = self.counts[key], list(CATEGORIES[self.measure])
        cells = {y: self.withheld(c, keys) for y, c in by_year.items()}
        rows = []
        for band, spec in self.p("day_bands").items():
            banded = {y: c.loc[band] if band in c.index else pd.Series(0, index=c.columns)
                      for y, c in by_year.items()}
            hidden = {y: cells[y].loc[band] if band in cells[y].index
                      else pd.Series(False, index=keys) for y in by_year}
            rows += self.category_rows(key, banded, band, spec["label"], hidden)
        return rows

    def build(self) -> IndicatorResult:
        distributions = {key: {y: c.sum() for y, c in by_year.items()}
                         for key, by_year in self.counts.items()}
        parts = [r for key in self.benefits for r in self.category_rows(key,
                                                                        distributions[key])]
        if self.p("day_bands", None):
            parts += [r for key in self.benefits for r in self.banded_rows(key)]
        tidy = pd.concat(parts, ignore_index=True)
        years = {key: sorted(by_year) for key, by_year in self.counts.items()}
        if self.p("follow_up_months", None) is not None:
            return self.cohort_page(tidy, years)
        if self.p("day_bands", None):
            return self.banded_page(tidy, years)
        return self.payments_page(tidy, years)

    def change(self, tidy: pd.DataFrame, key: str, years: list[int]
               ) -> findings.Change | None:
        """The share sharing equally since the previous year: the registers count every
        couple, so no test applies."""
        if len(years) < 2:
            return None
        series = f"{key}_jamstallt"
        part_year = self.ctx.part_years({self.benefits[key]["source"]}, set(years[-1:]))
        return findings.change("percent", years[-1], years[-2], lookup(tidy, series, years[-1]),
                               lookup(tidy, series, years[-2]),
                               part_year=part_year.get(years[-1]))

    def counted(self, key: str) -> str:
        """The couples of a benefit in its latest year, as the method says it."""
        by_year = self.counts[key]
        y = max(by_year)
        return f"{text.number(int(by_year[y].to_numpy().sum()))} ({y})"

    def method(self, paragraph: str) -> MethodInfo:
        return MethodInfo(source=self.p("source_text"), paragraphs=[paragraph])

    def part_page(self, tidy: pd.DataFrame, key: str, years: list[int],
                  change: findings.Change | None, **fields) -> IndicatorResult:
        """The part's page: its own years measured, and the change in the share sharing
        equally stated (with the series it concerns)."""
        stated = [] if change is None else [
            (tidy.loc[tidy.series_key == f"{key}_jamstallt", "series"].iloc[0], change)]
        return self.page(tidy=tidy, measured_years=set(years), headline=f"{key}_jamstallt",
                         change=change, stated=stated, **fields)

    def cohort_page(self, tidy: pd.DataFrame, years: dict[str, list[int]]) -> IndicatorResult:
        ctx, (key,) = self.ctx, self.benefits
        cohorts, c = years[key], years[key][-1]
        label, legend = self.benefits[key]["label"], LEGENDS[self.measure]
        not_yet = [y for y in ctx.years if y > self.last_year]
        months, (low, high) = self.p("follow_up_months"), self.p("equal_between")
        tables = [
            Table("Föräldrapar som delat jämställt på föräldrapenningen de två första åren, "
                  "efter barnets födelseår", [Row(f"{key}_jamstallt", label="Delar jämställt")],
                  "percent", ctx.years, label,
                  notes=[f"Barn födda {text.year_span(not_yet)} har ännu inte följts i "
                         f"{months} månader."] if not_yet else []),
            _distribution(key, cohorts, "Föräldrapar efter hur de delat på dagarna med "
                          "föräldrapenning, efter barnets födelseår", legend,
                          "Barnets födelseår"),
        ]
        figures = [_stacked(tidy, key, cohorts, legend, "Föräldrapar efter hur de delat på "
                            "dagarna med föräldrapenning, efter barnets födelseår. Procent",
                            "födelseår", 1)]
        change = self.change(tidy, key, cohorts)

        def v(category, year=c):
            return lookup(tidy, f"{key}_{category}", year)

        pw, equal_range = text.percent_words, [v("jamstallt", y) for y in cohorts]
        narrative = [
            f"**{label}.** Bland par vars första gemensamma barn föddes {c} delade "
            f"{pw(v('jamstallt'))} jämställt på dagarna med föräldrapenning under barnets två "
            f"första år, det vill säga att ingen av föräldrarna tog färre än {low} eller fler "
            f"än {high} procent av parets dagar." + _trend(change)
            + f" För barn födda {text.year_span(cohorts)} har andelen legat mellan "
            f"{text.number(min(equal_range))} och {pw(max(equal_range))}. När paret inte "
            f"delar jämställt är det oftast kvinnan som tar den större delen: i "
            f"{pw(v('kvinna'))} av paren tog kvinnan mer än {high} procent av dagarna och i "
            f"{pw(v('man'))} tog mannen mer än {high} procent."]
        method = self.method(
            f"{label}: föräldrapar av olika kön som har fått sitt första gemensamma barn under "
            f"året. För varje par beräknas kvinnans andel av de dagar paret tillsammans har "
            f"använt under barnets {months} första månader. Paret delar jämställt om andelen "
            f"är minst {low} och högst {high} procent; gränsvärdena räknas som jämställt. Par "
            f"som inte använt någon dag ingår inte. Antal föräldrapar i underlaget för den "
            f"senaste kohorten: {self.counted(key)}.")
        return self.part_page(
            tidy, key, cohorts, change, tables=tables, figures=figures, narrative=narrative,
            method=method,
            glue={"kvinna_over60_senaste": text.number(v("kvinna")),
                  "man_over60_senaste": text.number(v("man"))})

    def banded_page(self, tidy: pd.DataFrame, years: dict[str, list[int]]) -> IndicatorResult:
        ctx, (key,) = self.ctx, self.benefits
        t, label, legend = years[key][-1], self.benefits[key]["label"], LEGENDS[self.measure]
        bands = self.p("day_bands")
        (low, high), (last_band, last_spec) = self.p("equal_between"), list(bands.items())[-1]
        tables = [
            Table("Föräldrapar som delat jämställt på dagarna med tillfällig föräldrapenning",
                  [Row(f"{key}_jamstallt", label="Delar jämställt")], "percent", ctx.years,
                  label),
            Table(f"Föräldrapar efter hur de delar dagarna med tillfällig föräldrapenning, "
                  f"efter totalt antal dagar de använt under året, {t}",
                  [Row(f"{key}_{k}", label=legend[k]) for k in CATEGORIES[self.measure]],
                  "percent", [t], "Fördelning", groups={b: s["label"] for b, s in bands.items()},
                  year=t),
        ]
        parts = {legend[k]: [lookup(tidy, f"{key}_{k}", t, b) for b in bands] for k in legend}
        labels = [b["label"] for b in bands.values()]
        alt = ("Liggande staplar per antal använda dagar: " + "; ".join(
            f"{band}: " + ", ".join(f"{lab.lower()} {text.percent(v[i])}"
                                    for lab, v in parts.items())
            for i, band in enumerate(labels)) + ".")
        figures = [Figure(plots.stacked_shares(labels, parts),
                          f"Föräldrapar efter hur de delar dagarna med tillfällig "
                          f"föräldrapenning, efter totalt antal dagar de använt under året, {t}. "
                          f"Procent", alt, table=1)]

        def v(category, group=""):
            return lookup(tidy, f"{key}_{category}", t, group)

        pw, band_values = text.percent_words, [v("jamstallt", last_band), v("jamstallt"),
                                               v("man", last_band), v("man")]
        among = last_spec["label"].lower()
        compared = (
            f" Bland par som använde {among} är andelen som delar jämställt "
            f"{'högre' if band_values[0] > band_values[1] else 'inte högre'} "
            f"({pw(band_values[0])}), och där är det "
            f"{'mindre' if band_values[2] < band_values[3] else 'inte mindre'} vanligt att "
            f"mannen tar mer än {high} procent ({pw(band_values[2])})."
            if not any(pd.isna(band_values)) else
            f" Jämförelsen med par som använde {among} görs inte, eftersom någon av "
            f"andelarna inte redovisas.")
        change = self.change(tidy, key, years[key])
        narrative = [
            f"**{label}.** År {t} delade {pw(v('jamstallt'))} av föräldraparen jämställt på de "
            f"dagar med tillfällig föräldrapenning de använde." + _trend(change)
            + f" I {pw(v('kvinna'))} av paren tog kvinnan mer än {high} procent av dagarna och "
            f"i {pw(v('man'))} mannen." + compared]
        method = self.method(
            f"{label}: föräldrapar av olika kön med barn mellan 1 och 11 år som har gemensam "
            f"vårdnad enbart med varandra och som har använt minst en dag under året. Paret "
            f"delar jämställt om kvinnans andel av dagarna är minst {low} och högst {high} "
            f"procent. Antal föräldrapar i underlaget det senaste året: {self.counted(key)}.")
        return self.part_page(tidy, key, years[key], change, tables=tables, figures=figures,
                              narrative=narrative, method=method,
                              glue={f"{key}_jamstallt_senaste": text.number(v("jamstallt"))})

    def payments_page(self, tidy: pd.DataFrame, years: dict[str, list[int]]
                      ) -> IndicatorResult:
        ctx, legend = self.ctx, LEGENDS[self.measure]
        first, second = self.benefits  # the main benefit and the one it is compared with
        names = {key: b["label"] for key, b in self.benefits.items()}
        together = text.join([names[first], *(n.lower() for n in list(names.values())[1:])])
        pay_years = years[first]
        y = pay_years[-1]
        tables = [
            Table("Föräldrapar som fått lika stor del av "
                  + " respektive ".join(b["definite"] for b in self.benefits.values()),
                  [Row(f"{key}_jamstallt", label=name) for key, name in names.items()],
                  "percent", ctx.years, "Förmån"),
            *(_distribution(key, years[key], "Föräldrapar efter hur de fördelar "
                            f"utbetalningen av {name.lower()}", legend)
              for key, name in names.items()),
        ]
        figures = [_stacked(tidy, key, years[key], legend, f"Föräldrapar efter hur de "
                            f"fördelar utbetalningen av {name.lower()}, per år. Procent", "år",
                            i + 1) for i, (key, name) in enumerate(names.items())]

        def v(key, category, year=y):
            return lookup(tidy, f"{key}_{category}", year)

        pw = text.percent_words
        since = (f", jämfört med {pw(v(first, 'jamstallt', pay_years[0]))} {pay_years[0]}"
                 if len(pay_years) > 1 else "")
        narrative = [
            f"**{together}.** År {y} delade "
            f"{pw(v(first, 'jamstallt'))} av föräldraparen lika på utbetalningen av "
            f"{names[first].lower()}{since}. För {names[second].lower()} var andelen "
            f"{pw(v(second, 'jamstallt'))}. När utbetalningen inte delas lika är det oftast "
            f"kvinnan som tar emot större delen eller hela beloppet ({pw(v(first, 'kvinna'))} "
            f"av paren för {names[first].lower()} och {pw(v(second, 'kvinna'))} för "
            f"{names[second].lower()})."]
        method = self.method(
            f"{together}: föräldrapar av olika kön med gemensam vårdnad "
            f"enbart med varandra. Paret delar lika om båda har fått lika stort belopp under "
            f"året. Par där beloppet saknas för någon av föräldrarna ingår inte. Antal "
            f"föräldrapar i underlaget det senaste året: "
            + text.join([f"med {name.lower()} {self.counted(key)}"
                         for key, name in names.items()]) + ".")
        return self.page(tidy=tidy, tables=tables, figures=figures, narrative=narrative,
                         method=method, measured_years=set(pay_years),
                         headline=f"{first}_jamstallt",
                         glue={f"{key}_lika_senaste": text.number(v(key, "jamstallt"))
                               for key in names})


def _trend(change: findings.Change | None) -> str:
    return "" if change is None else " " + change.sentence()


def _distribution(key: str, years: list[int], title: str, legend: dict[str, str],
                  column_label: str = "År") -> Table:
    return Table(title, [Row(f"{key}_{k}", label=legend[k]) for k in legend], "percent",
                 years, column_label)


def _stacked(tidy: pd.DataFrame, key: str, years: list[int], legend: dict[str, str],
             caption: str, per: str, table: int) -> Figure:
    parts = {legend[k]: [lookup(tidy, f"{key}_{k}", y) for y in years] for k in legend}
    alt = (f"Liggande staplar per {per}, med andelen par i varje kategori: " + "; ".join(
        f"{y}: " + ", ".join(f"{lab.lower()} {text.percent(v[i])}" for lab, v in parts.items())
        for i, y in enumerate(years)) + ".")
    return Figure(plots.stacked_shares([str(y) for y in years], parts), caption, alt, table)
