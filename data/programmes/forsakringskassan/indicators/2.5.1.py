"""2.5.1 When parents and other relatives choose who takes a benefit, they share it equally.

Five benefits, each from its register extract (see 2.5.1.yaml for the definition): parental
benefit per birth cohort (the split of the days used during the child's first months),
temporary parental benefit per year, care allowance and additional-cost allowance for
children (the split of the amounts), and close-relative benefit (women and men among
recipients). Couples are formed out of core, in the registers; one row per couple comes back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indikatorbok import indicators, plots, text
from indikatorbok.indicators import Shown, step
from indikatorbok.result import Figure, IndicatorResult, MethodInfo, Row, Table, lookup, tidy_rows
from indikatorbok.scan import Extract

DAY_CATEGORIES = {"jamstallt": "delar jämställt", "kvinna": "kvinnan tar mer än 60 procent",
                  "man": "mannen tar mer än 60 procent"}
PAYMENT_CATEGORIES = {"jamstallt": "delar lika",
                      "kvinna": "kvinnan tar emot större delen eller hela",
                      "man": "mannen tar emot större delen eller hela"}
LEGEND = {"kvinna": "Kvinnan mer än 60 %", "jamstallt": "Jämställt (40–60 %)",
          "man": "Mannen mer än 60 %"}
PAYMENT_LEGEND = {"kvinna": "Kvinnan större delen eller hela", "jamstallt": "Lika",
                  "man": "Mannen större delen eller hela"}
LABELS = {"fp": "Föräldrapenning", "tfp": "Tillfällig föräldrapenning",
          "ob": "Omvårdnadsbidrag", "meb": "Merkostnadsersättning för barn"}


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
           AND woman + man > 0 AND {complete}
        ORDER BY {key}"""


def pairs(extract: Extract, query: str, key: str) -> pd.DataFrame:
    return extract.df(query).set_index(key)


def split_category(woman: pd.Series, man: pd.Series, low: float, high: float) -> pd.Series:
    """``jamstallt`` when each parent has ``low``-``high`` percent of the days (edges
    included), else who has more than ``high`` percent. Exact arithmetic on the days
    (quarter days): low <= 100 w/(w+m) <= high  <=>  low (w+m) <= 100 w <= high (w+m)."""
    total = woman + man
    category = np.select([100 * woman > high * total, 100 * woman < low * total],
                         ["kvinna", "man"], default="jamstallt")
    return pd.Series(category, index=woman.index)


def payment_category(woman: pd.Series, man: pd.Series) -> pd.Series:
    """``jamstallt`` when both received the same amount (within one krona), else who
    received the larger part."""
    category = np.select([(woman - man).abs() < 1, woman > man], ["jamstallt", "kvinna"],
                         default="man")
    return pd.Series(category, index=woman.index)


def day_band(total: pd.Series, bands: dict) -> pd.Series:
    """The band of the couple's total days in the year."""
    within = [(total > b["above"]) & (total <= b.get("up_to", np.inf)) for b in bands.values()]
    return pd.Series(np.select(within, list(bands), default=""), index=total.index)


# --------------------------------------------------------------------------- computation


class Analysis(indicators.Analysis):
    """Parameters: the register ``sources`` of each benefit, ``child_disability_codes`` (the
    benefit codes of care and additional-cost allowance), ``follow_up_months``,
    ``equal_between`` (the percent of the days each parent has when a couple shares
    equally), ``day_bands`` of temporary parental benefit ({key: {label, above, up_to}})."""

    def selections(self) -> dict[str, str]:
        """The records each benefit's couples are formed from (SQL conditions)."""
        codes = self.p("child_disability_codes")
        return {"fp": "first_joint_child = 1", "tfp": "joint_custody_with_one = 1",
                **{p: f"benefit = '{codes[p]}' AND joint_custody_with_one = 1"
                   for p in ("ob", "meb")}}

    def queries(self) -> dict[str, str]:
        where = self.selections()
        return {
            "fp": pairs_query("child_id", "days", where["fp"]),
            "tfp": pairs_query("couple_id", "days", where["tfp"]),
            **{p: pairs_query("child_id", "amount", where[p],
                              complete="count_if(amount IS NULL) = 0") for p in ("ob", "meb")},
        }

    @step("Data: poster i registren och urvalet för varje förmån")
    def read(self) -> Shown:
        ctx, sources_of, where = self.ctx, self.p("sources"), self.selections()
        rows = []
        for p in ("fp", "tfp", "ob", "meb"):
            for y, extract in ctx.scan(sources_of[p]).items():
                n, kept = extract.df(f"SELECT count(*), count_if({where[p]}) FROM {{t}}"
                                     ).iloc[0].tolist()
                rows.append({"Förmån": LABELS[p], "År": y, "Poster": int(n),
                             "I urvalet": int(kept), "Villkor": where[p]})
        return Shown("", pd.DataFrame(rows),
                     ["En post är en förälder och ett barn (eller par och år); par bildas av "
                      "posterna i urvalet i nästa steg."])

    @step("Föräldrapar per förmån och år (bildas i registren)")
    def couples(self) -> Shown:
        ctx, sources_of = self.ctx, self.p("sources")
        self.last_cohort = ctx.year - ctx.indicator.lag_years
        queries = self.queries()
        self.couples_by = {
            "fp": {y: pairs(e, queries["fp"], "child_id")
                   for y, e in ctx.scan(sources_of["fp"]).items() if y <= self.last_cohort},
            "tfp": {y: pairs(e, queries["tfp"], "couple_id")
                    for y, e in ctx.scan(sources_of["tfp"]).items()},
        }
        disability = ctx.scan(sources_of["ob"])
        for p in ("ob", "meb"):
            self.couples_by[p] = {y: pairs(e, queries[p], "child_id")
                                  for y, e in disability.items()}
        self.recipients = {y: e.df("SELECT sex FROM {t}")
                           for y, e in ctx.scan(sources_of["np"]).items()}
        if not self.couples_by["fp"]:
            raise indicators.NoMeasurement(
                f"{ctx.indicator.id}: source '{sources_of['fp']}' has no complete birth "
                f"cohort up to {self.last_cohort}.")
        rows = [{"Förmån": LABELS[p], "År": y, "Föräldrapar": len(c)}
                for p, by_year in self.couples_by.items() for y, c in by_year.items()]
        rows += [{"Förmån": "Närståendepenning (mottagare)", "År": y, "Föräldrapar": len(df)}
                 for y, df in self.recipients.items()]
        return Shown("", pd.DataFrame(rows),
                     [f"Ett par: en kvinna och en man med samma barn (eller par-id) och minst "
                      f"en dag eller krona; kohorter efter {self.last_cohort} är inte "
                      f"kompletta."], query=queries["fp"])

    @step("Hur paren delar: antal par per kategori")
    def categorise(self) -> Shown:
        low, high = self.p("equal_between")
        c = self.couples_by
        self.cats = {p: {y: split_category(x.woman, x.man, low, high) for y, x in c[p].items()}
                     for p in ("fp", "tfp")}
        self.cats |= {p: {y: payment_category(x.woman, x.man) for y, x in c[p].items()}
                      for p in ("ob", "meb")}
        rows = [{"Förmån": LABELS[p], "År": y, **{k: int((cat == k).sum())
                                                   for k in DAY_CATEGORIES}}
                for p, by_year in self.cats.items() for y, cat in by_year.items()]
        return Shown("", pd.DataFrame(rows),
                     [f"Jämställt: varje förälder har {low}–{high} procent av dagarna "
                      f"(gränserna räknas som jämställt); för utbetalningar: lika belopp."])

    def withheld(self, categories: pd.Series, keys: list[str], by: pd.Series | None = None
                 ) -> pd.DataFrame:
        """Register cells to withhold (True) in the distribution of ``categories`` over
        ``keys`` (one row), or in its cross-table with ``by`` (a row per value of ``by``),
        whose column totals, the distribution itself, are published too."""
        rules = self.ctx.stats
        if by is None:
            return rules.withheld_cells(
                categories.value_counts().reindex(keys, fill_value=0).to_frame().T)
        table = pd.crosstab(by, categories).reindex(columns=keys, fill_value=0)
        return rules.withheld_cells(table, column_totals=True)

    def category_rows(self, prefix: str, labels: dict[str, str],
                      categorised: dict[int, pd.Series], group_key: str = "",
                      group: str = "", hidden: dict[int, pd.Series] | None = None
                      ) -> list[pd.DataFrame]:
        """Shares of couples per category and year; ``hidden``: withheld cells per year (by
        default those of each year's distribution)."""
        rules, ind = self.ctx.stats, self.ctx.indicator
        if hidden is None:
            hidden = {y: self.withheld(cat, list(labels)).iloc[0]
                      for y, cat in categorised.items()}
        rows = []
        for key, label in labels.items():
            values = {}
            for year, cat in categorised.items():
                p = rules.proportion(int((cat == key).sum()), len(cat))
                values[year] = ((p.rounded, p.n) if p.shown and not hidden[year][key]
                                else (float("nan"), None, bool(hidden[year][key])))
            rows.append(tidy_rows(ind.id, f"{prefix}_{key}", f"{LABELS[prefix]}: {label}",
                                  "percent", values, group_key, group))
        return rows

    def build(self) -> IndicatorResult:
        ctx, ind, rules = self.ctx, self.ctx.indicator, self.ctx.stats
        cats, couples, recipients = self.cats, self.couples_by, self.recipients
        bands_spec = self.p("day_bands")
        parts = []
        for prefix in LABELS:
            labels = DAY_CATEGORIES if prefix in ("fp", "tfp") else PAYMENT_CATEGORIES
            parts += self.category_rows(prefix, labels, cats[prefix])
        tfp = couples["tfp"]
        bands = {y: day_band(c.woman + c.man, bands_spec) for y, c in tfp.items()}
        # Bands by category: the bands of a year add up to its distribution, published too.
        band_cells = {y: self.withheld(cats["tfp"][y], list(DAY_CATEGORIES), bands[y])
                      for y in tfp}
        for band, spec in bands_spec.items():
            banded = {y: cats["tfp"][y][bands[y] == band] for y in tfp}
            hidden = {y: band_cells[y].loc[band] if band in band_cells[y].index
                      else pd.Series(False, index=list(DAY_CATEGORIES)) for y in tfp}
            parts += self.category_rows("tfp", DAY_CATEGORIES, banded, band, spec["label"],
                                        hidden)
        sexes = {"K": "Kvinnor", "M": "Män"}
        hidden = {y: self.withheld(df["sex"], list(sexes)).iloc[0]
                  for y, df in recipients.items()}
        for code, label in sexes.items():
            values = {}
            for y, df in recipients.items():
                p = rules.proportion(int(df["sex"].eq(code).sum()), len(df))
                shown = p.shown and not hidden[y][code]
                values[y] = (p.rounded, p.n) if shown else (float("nan"), None)
            parts.append(tidy_rows(ind.id, "np", "Närståendepenning: andel mottagare",
                                   "percent", values, code, label))
        tidy = pd.concat(parts, ignore_index=True)

        fp_years, tfp_years = sorted(couples["fp"]), sorted(tfp)
        pay_years = sorted(couples["ob"])
        sources_of = self.p("sources")
        partial = {y: end for y in ctx.years for s in (sources_of["tfp"], sources_of["ob"],
                                                       sources_of["np"])
                   if (end := ctx.delivery(y).period_end_text(s))}
        partial_notes = [f"{y} redovisas uppgifter till och med {end}."
                         for y, end in partial.items()]
        not_yet = [y for y in ctx.years if y > self.last_cohort]
        months = self.p("follow_up_months")
        tables = [
            Table("Föräldrapar som delat jämställt på föräldrapenningen de två första åren, "
                  "efter barnets födelseår", [Row("fp_jamstallt", label="Delar "
                  "jämställt")], "percent", ctx.years, "Föräldrapenning",
                  notes=[f"Barn födda {text.year_span(not_yet)} har ännu inte följts i "
                         f"{months} månader."] if not_yet else []),
            _distribution("fp", fp_years, "Föräldrapar efter hur de delat på dagarna med "
                          "föräldrapenning, efter barnets födelseår", LEGEND,
                          "Barnets födelseår"),
            Table("Föräldrapar som delat jämställt på dagarna med tillfällig föräldrapenning",
                  [Row("tfp_jamstallt", label="Delar jämställt")], "percent", ctx.years,
                  "Tillfällig föräldrapenning", notes=partial_notes),
            Table(f"Föräldrapar efter hur de delar dagarna med tillfällig föräldrapenning, "
                  f"efter totalt antal dagar de använt under året, {tfp_years[-1]}",
                  [Row(f"tfp_{k}", label=LEGEND[k]) for k in DAY_CATEGORIES], "percent",
                  [tfp_years[-1]], "Fördelning",
                  groups={b: s["label"] for b, s in bands_spec.items()}, year=tfp_years[-1]),
            Table("Föräldrapar som fått lika stor del av omvårdnadsbidraget respektive "
                  "merkostnadsersättningen för barn",
                  [Row("ob_jamstallt", label="Omvårdnadsbidrag"),
                   Row("meb_jamstallt", label="Merkostnadsersättning för barn")], "percent",
                  ctx.years, "Förmån", notes=partial_notes),
            _distribution("ob", pay_years, "Föräldrapar efter hur de fördelar "
                          "utbetalningen av omvårdnadsbidrag", PAYMENT_LEGEND),
            _distribution("meb", sorted(couples["meb"]), "Föräldrapar efter hur de fördelar "
                          "utbetalningen av merkostnadsersättning för barn", PAYMENT_LEGEND),
            Table("Könsfördelning bland mottagare av närståendepenning",
                  [Row("np", "K"), Row("np", "M")], "percent", ctx.years, "Mottagare",
                  notes=partial_notes),
        ]
        figures = [
            _stacked(tidy, "fp", fp_years, LEGEND, "Föräldrapar efter hur de delat på dagarna "
                     "med föräldrapenning, efter barnets födelseår. Procent", "födelseår", 1),
            _stacked_bands(tidy, tfp_years[-1], bands_spec),
            _stacked(tidy, "ob", pay_years, PAYMENT_LEGEND, "Föräldrapar efter hur de "
                     "fördelar utbetalningen av omvårdnadsbidrag, per år. Procent", "år", 5),
            _stacked(tidy, "meb", sorted(couples["meb"]), PAYMENT_LEGEND, "Föräldrapar efter "
                     "hur de fördelar utbetalningen av merkostnadsersättning för barn, per år. "
                     "Procent", "år", 6),
        ]
        low, high = self.p("equal_between")
        method = MethodInfo(
            source="Försäkringskassans registerdata om föräldrapenning, tillfällig "
                   "föräldrapenning, omvårdnadsbidrag, merkostnadsersättning för barn och "
                   "närståendepenning.",
            paragraphs=[
                "Föräldrapenning: föräldrapar av olika kön som har fått sitt första gemensamma "
                "barn under året. För varje par beräknas kvinnans andel av de dagar paret "
                f"tillsammans har använt under barnets {months} första månader. Paret delar "
                f"jämställt om andelen är minst {low} och högst {high} procent; gränsvärdena "
                "räknas som jämställt. Par som inte använt någon dag ingår inte.",
                "Tillfällig föräldrapenning: föräldrapar av olika kön med barn mellan 1 och 11 "
                "år som har gemensam vårdnad enbart med varandra och som har använt minst en "
                "dag under året. Samma gränser för jämställt som för föräldrapenning.",
                "Omvårdnadsbidrag och merkostnadsersättning för barn: föräldrapar av olika kön "
                "med gemensam vårdnad enbart med varandra. Paret delar lika om båda har fått "
                "lika stort belopp under året. Par där beloppet saknas för någon av föräldrarna "
                "ingår inte.",
                "Närståendepenning: andelen kvinnor och män bland dem som har fått ersättning "
                "under året.",
                "Underlagen omfattar alla som fått ersättning, så förändringar mellan åren "
                "beror inte på urval. " + _counts_sentence(couples, recipients),
            ],
        )
        return IndicatorResult(ind, ctx.year, tidy, tables, figures,
                               _narrative(tidy, fp_years, tfp_years, pay_years,
                                          sorted(recipients)),
                               method, ctx.synthetic, set(fp_years), "fp_jamstallt",
                               _glue(tidy, fp_years[-1], tfp_years[-1], max(couples["ob"]),
                                     max(recipients)))


def _distribution(prefix: str, years: list[int], title: str, legend: dict[str, str],
                  column_label: str = "År") -> Table:
    return Table(title, [Row(f"{prefix}_{k}", label=legend[k]) for k in legend], "percent",
                 years, column_label)


def _stacked(tidy: pd.DataFrame, prefix: str, years: list[int], legend: dict[str, str],
             caption: str, per: str, table: int) -> Figure:
    parts = {legend[k]: [lookup(tidy, f"{prefix}_{k}", y) for y in years] for k in legend}
    alt = (f"Liggande staplar per {per}, med andelen par i varje kategori: " + "; ".join(
        f"{y}: " + ", ".join(f"{lab.lower()} {text.percent(v[i])}" for lab, v in parts.items())
        for i, y in enumerate(years)) + ".")
    return Figure(plots.stacked_shares([str(y) for y in years], parts), caption, alt, table)


def _stacked_bands(tidy: pd.DataFrame, year: int, bands_spec: dict) -> Figure:
    parts = {LEGEND[k]: [lookup(tidy, f"tfp_{k}", year, b) for b in bands_spec] for k in LEGEND}
    bands = [b["label"] for b in bands_spec.values()]
    alt = ("Liggande staplar per antal använda dagar: " + "; ".join(
        f"{band}: " + ", ".join(f"{lab.lower()} {text.percent(v[i])}"
                                for lab, v in parts.items())
        for i, band in enumerate(bands)) + ".")
    return Figure(plots.stacked_shares(bands, parts),
                  f"Föräldrapar efter hur de delar dagarna med tillfällig föräldrapenning, "
                  f"efter totalt antal dagar de använt under året, {year}. Procent", alt,
                  table=3)


def _trend(tidy: pd.DataFrame, key: str, years: list[int], since: str = "") -> str:
    if len(years) < 2:
        return ""
    prev = years[-2]
    return " " + text.change_phrase(lookup(tidy, key, years[-1]), lookup(tidy, key, prev),
                                    f"{since}{prev}", significant=None)


def _narrative(tidy: pd.DataFrame, fp_years: list[int], tfp_years: list[int],
               pay_years: list[int], np_years: list[int]) -> list[str]:
    c, t, y_pay, y_np = fp_years[-1], tfp_years[-1], pay_years[-1], np_years[-1]
    pw = text.percent_words

    def v(key, year, group=""):
        return lookup(tidy, key, year, group)

    equal_range = [v("fp_jamstallt", y) for y in fp_years]
    long_users = v("tfp_jamstallt", t, "over15")
    more = "högre" if long_users > v("tfp_jamstallt", t) else "inte högre"
    band_values = [long_users, v("tfp_jamstallt", t), v("tfp_man", t, "over15"), v("tfp_man", t)]
    long_sentence = (
        f" Bland par som använde mer än 15 dagar är andelen som delar jämställt {more} "
        f"({pw(long_users)}), och där är det "
        f"{'mindre' if v('tfp_man', t, 'over15') < v('tfp_man', t) else 'inte mindre'} vanligt "
        f"att mannen tar mer än 60 procent ({pw(v('tfp_man', t, 'over15'))})."
        if not any(pd.isna(band_values)) else
        " Jämförelsen med par som använde mer än 15 dagar görs inte, eftersom någon av "
        "andelarna inte redovisas.")
    out = [
        f"**Föräldrapenning.** Bland par vars första gemensamma barn föddes {c} "
        f"delade {pw(v('fp_jamstallt', c))} jämställt på dagarna med föräldrapenning under "
        f"barnets två första år, det vill säga att ingen av föräldrarna tog färre än 40 eller "
        f"fler än 60 procent av parets dagar." + _trend(tidy, "fp_jamstallt", fp_years,
                                                          "barn födda ")
        + f" För barn födda {text.year_span(fp_years)} har andelen legat mellan "
        f"{text.number(min(equal_range))} och {pw(max(equal_range))}. När paret inte delar "
        f"jämställt är det oftast kvinnan som tar den större delen: i "
        f"{pw(v('fp_kvinna', c))} av paren tog kvinnan mer än 60 procent av dagarna och i "
        f"{pw(v('fp_man', c))} tog mannen mer än 60 procent.",
        f"**Tillfällig föräldrapenning.** År {t} delade {pw(v('tfp_jamstallt', t))} av "
        f"föräldraparen jämställt på de dagar med tillfällig föräldrapenning de använde."
        + _trend(tidy, "tfp_jamstallt", tfp_years)
        + f" I {pw(v('tfp_kvinna', t))} av paren tog kvinnan mer än 60 procent av dagarna och "
        f"i {pw(v('tfp_man', t))} mannen." + long_sentence,
        f"**Omvårdnadsbidrag och merkostnadsersättning för barn.** År {y_pay} delade "
        f"{pw(v('ob_jamstallt', y_pay))} av föräldraparen lika på utbetalningen av "
        f"omvårdnadsbidrag" + (f", jämfört med {pw(v('ob_jamstallt', pay_years[0]))} "
                               f"{pay_years[0]}" if len(pay_years) > 1 else "")
        + f". För merkostnadsersättning för barn var andelen {pw(v('meb_jamstallt', y_pay))}. "
        f"När utbetalningen inte delas lika är det oftast kvinnan som tar emot större delen "
        f"eller hela beloppet ({pw(v('ob_kvinna', y_pay))} av paren för omvårdnadsbidrag och "
        f"{pw(v('meb_kvinna', y_pay))} för merkostnadsersättning).",
        f"**Närståendepenning.** Kvinnorna utgjorde {pw(v('np', y_np, 'K'))} och männen "
        f"{pw(v('np', y_np, 'M'))} av mottagarna av närståendepenning {y_np}.",
    ]
    return out


def _counts_sentence(couples: dict, recipients: dict) -> str:
    def latest(frames: dict) -> str:
        y = max(frames)
        return f"{text.number(len(frames[y]))} ({y})"

    return ("Antal i underlaget det senaste året: föräldrapar med föräldrapenning "
            f"{latest(couples['fp'])}, med tillfällig föräldrapenning {latest(couples['tfp'])}, "
            f"med omvårdnadsbidrag {latest(couples['ob'])} och med merkostnadsersättning för "
            f"barn {latest(couples['meb'])}; mottagare av närståendepenning "
            f"{latest(recipients)}.")


def _glue(tidy: pd.DataFrame, fp: int, tfp: int, pay: int, close: int) -> dict[str, str]:
    """Latest values other pages quote (the headline is glued by the result itself)."""
    def fmt(key, year, group=""):
        return text.number(lookup(tidy, key, year, group))

    return {"kvinna_over60_senaste": fmt("fp_kvinna", fp),
            "man_over60_senaste": fmt("fp_man", fp),
            "tfp_jamstallt_senaste": fmt("tfp_jamstallt", tfp),
            "ob_lika_senaste": fmt("ob_jamstallt", pay),
            "meb_lika_senaste": fmt("meb_jamstallt", pay),
            "np_kvinnor_senaste": fmt("np", close, "K")}
