"""How couples split a benefit between them (used by 2.5.1: when parents and other
relatives choose who takes a benefit, they share it equally).

Five benefits, each from its register extract (see indicators/2.5.1.yaml for the
definition): parental benefit per birth cohort (the split of the days used during the
child's first months), temporary parental benefit per year, care allowance and
additional-cost allowance for children (the split of the amounts), and close-relative
benefit (women and men among recipients). Couples are formed, categorised and counted out of
core, in the registers: only the counts per category come back.
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
        """Per benefit: its couples counted per category (and, for temporary parental
        benefit, per band of days)."""
        where, days = self.selections(), split_category(*self.p("equal_between"))
        return {
            "fp": counts_query(pairs_query("child_id", "days", where["fp"]), days),
            "tfp": counts_query(pairs_query("couple_id", "days", where["tfp"]), days,
                                day_band(self.p("day_bands"))),
            **{p: counts_query(pairs_query("child_id", "amount", where[p],
                                           complete="count_if(amount IS NULL) = 0"),
                               payment_category()) for p in ("ob", "meb")},
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

    @step("Föräldrapar per förmån och år, efter hur de delar (räknas i registren)")
    def couples(self) -> Shown:
        ctx, sources_of = self.ctx, self.p("sources")
        self.last_cohort = ctx.year - ctx.indicator.lag_years
        queries, keys = self.queries(), list(DAY_CATEGORIES)
        scans = {p: ctx.scan(sources_of[p]) for p in LABELS}
        self.counts = {p: {y: category_counts(e, queries[p], keys) for y, e in scans[p].items()
                           if p != "fp" or y <= self.last_cohort} for p in LABELS}
        self.recipients = {
            y: e.df("SELECT sex, count(*) AS n FROM {t} GROUP BY sex").set_index("sex")["n"]
            for y, e in ctx.scan(sources_of["np"]).items()}
        if not self.counts["fp"]:
            raise api.NoMeasurement(
                f"{ctx.indicator.id}: source '{sources_of['fp']}' has no complete birth "
                f"cohort up to {self.last_cohort}.")
        rows = [{"Förmån": LABELS[p], "År": y, "Föräldrapar": int(c.to_numpy().sum()),
                 **c.sum().to_dict()} for p, by_year in self.counts.items()
                for y, c in by_year.items()]
        rows += [{"Förmån": "Närståendepenning (mottagare)", "År": y, "Föräldrapar": int(n.sum())}
                 for y, n in self.recipients.items()]
        low, high = self.p("equal_between")
        return Shown("", pd.DataFrame(rows),
                     [f"Ett par: en kvinna och en man med samma barn (eller par-id) och minst "
                      f"en dag eller krona; kohorter efter {self.last_cohort} är inte "
                      f"kompletta.",
                      f"Jämställt: varje förälder har {low}–{high} procent av dagarna "
                      f"(gränserna räknas som jämställt); för utbetalningar: lika belopp. "
                      f"Kvinna och man: den som har mer än {high} procent av dagarna eller "
                      f"den större delen av beloppet."], query=queries["fp"])

    def withheld(self, counts: pd.Series | pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        """Register cells to withhold (True) in a distribution over ``keys`` (``counts``, a
        Series: one row), or in its cross-table with another variable (a DataFrame, a row
        per value), whose column totals, the distribution itself, are published too."""
        rules = self.ctx.stats
        if isinstance(counts, pd.Series):
            return rules.withheld_cells(counts.reindex(keys, fill_value=0).to_frame().T)
        return rules.withheld_cells(counts.reindex(columns=keys, fill_value=0).sort_index(),
                                    column_totals=True)

    def category_rows(self, prefix: str, labels: dict[str, str],
                      counted: dict[int, pd.Series], group_key: str = "",
                      group: str = "", hidden: dict[int, pd.Series] | None = None
                      ) -> list[pd.DataFrame]:
        """Shares of couples per category and year (``counted``: couples per category);
        ``hidden``: withheld cells per year (by default those of each year's
        distribution)."""
        rules, ind = self.ctx.stats, self.ctx.indicator
        if hidden is None:
            hidden = {y: self.withheld(c, list(labels)).iloc[0] for y, c in counted.items()}
        rows = []
        for key, label in labels.items():
            values = {}
            for year, c in counted.items():
                p = rules.proportion(int(c.get(key, 0)), int(c.sum()))
                values[year] = ((p.rounded, p.n) if p.shown and not hidden[year][key]
                                else (float("nan"), None, bool(hidden[year][key])))
            rows.append(tidy_rows(ind.id, f"{prefix}_{key}", f"{LABELS[prefix]}: {label}",
                                  "percent", values, group_key, group))
        return rows

    def build(self) -> IndicatorResult:
        ctx, ind, rules = self.ctx, self.ctx.indicator, self.ctx.stats
        counts, recipients = self.counts, self.recipients
        bands_spec = self.p("day_bands")
        distributions = {p: {y: c.sum() for y, c in by_year.items()}
                         for p, by_year in counts.items()}
        parts = []
        for prefix in LABELS:
            labels = DAY_CATEGORIES if prefix in ("fp", "tfp") else PAYMENT_CATEGORIES
            parts += self.category_rows(prefix, labels, distributions[prefix])
        tfp = counts["tfp"]
        # Bands by category: the bands of a year add up to its distribution, published too.
        band_cells = {y: self.withheld(c, list(DAY_CATEGORIES)) for y, c in tfp.items()}
        for band, spec in bands_spec.items():
            banded = {y: c.loc[band] if band in c.index else pd.Series(0, index=c.columns)
                      for y, c in tfp.items()}
            hidden = {y: band_cells[y].loc[band] if band in band_cells[y].index
                      else pd.Series(False, index=list(DAY_CATEGORIES)) for y in tfp}
            parts += self.category_rows("tfp", DAY_CATEGORIES, banded, band, spec["label"],
                                        hidden)
        sexes = {"K": "Kvinnor", "M": "Män"}
        hidden = {y: self.withheld(n, list(sexes)).iloc[0] for y, n in recipients.items()}
        for code, label in sexes.items():
            values = {}
            for y, n in recipients.items():
                p = rules.proportion(int(n.get(code, 0)), int(n.sum()))
                shown = p.shown and not hidden[y][code]
                values[y] = (p.rounded, p.n) if shown else (float("nan"), None)
            parts.append(tidy_rows(ind.id, "np", "Närståendepenning: andel mottagare",
                                   "percent", values, code, label))
        tidy = pd.concat(parts, ignore_index=True)

        fp_years, tfp_years = sorted(counts["fp"]), sorted(tfp)
        pay_years = sorted(counts["ob"])
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
            _distribution("meb", sorted(counts["meb"]), "Föräldrapar efter hur de fördelar "
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
            _stacked(tidy, "meb", sorted(counts["meb"]), PAYMENT_LEGEND, "Föräldrapar efter "
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
                "beror inte på urval. " + _counts_sentence(distributions, recipients),
            ],
        )
        changes = {key: _change(tidy, key, years, ctx.part_years(
                       {sources_of[benefit]}, set(years[-1:])).get(years[-1]))
                   for key, benefit, years in (("fp_jamstallt", "fp", fp_years),
                                               ("tfp_jamstallt", "tfp", tfp_years))}
        return self.page(tidy=tidy, tables=tables, figures=figures,
                         narrative=_narrative(tidy, fp_years, tfp_years, pay_years,
                                              sorted(recipients), changes),
                         method=method, measured_years=set(fp_years), headline="fp_jamstallt",
                         glue=_glue(tidy, fp_years[-1], tfp_years[-1], max(counts["ob"]),
                                    max(recipients)),
                         change=changes["fp_jamstallt"],
                         stated=[(tidy.loc[tidy.series_key == key, "series"].iloc[0], change)
                                 for key, change in changes.items()])


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


def _change(tidy: pd.DataFrame, key: str, years: list[int], part_year: str | None
            ) -> findings.Change | None:
    """A share's change since the previous year: the registers count every couple, so no
    test applies."""
    if len(years) < 2:
        return None
    return findings.change("percent", years[-1], years[-2], lookup(tidy, key, years[-1]),
                           lookup(tidy, key, years[-2]), part_year=part_year)


def _narrative(tidy: pd.DataFrame, fp_years: list[int], tfp_years: list[int],
               pay_years: list[int], np_years: list[int],
               changes: dict[str, findings.Change | None]) -> list[str]:
    c, t, y_pay, y_np = fp_years[-1], tfp_years[-1], pay_years[-1], np_years[-1]
    pw = text.percent_words

    def _trend(key: str) -> str:
        return "" if changes[key] is None else " " + changes[key].sentence()

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
        f"fler än 60 procent av parets dagar." + _trend("fp_jamstallt")
        + f" För barn födda {text.year_span(fp_years)} har andelen legat mellan "
        f"{text.number(min(equal_range))} och {pw(max(equal_range))}. När paret inte delar "
        f"jämställt är det oftast kvinnan som tar den större delen: i "
        f"{pw(v('fp_kvinna', c))} av paren tog kvinnan mer än 60 procent av dagarna och i "
        f"{pw(v('fp_man', c))} tog mannen mer än 60 procent.",
        f"**Tillfällig föräldrapenning.** År {t} delade {pw(v('tfp_jamstallt', t))} av "
        f"föräldraparen jämställt på de dagar med tillfällig föräldrapenning de använde."
        + _trend("tfp_jamstallt")
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
    """``couples`` and ``recipients``: counts per category, per benefit and year."""
    def latest(counts: dict[int, pd.Series]) -> str:
        y = max(counts)
        return f"{text.number(int(counts[y].sum()))} ({y})"

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
