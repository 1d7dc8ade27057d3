"""The edition's disclosure audit: every number it publishes, checked together.

Each indicator's findings carry its published cells (every value and n, as the page, the
CSV, the workbook and the explorer show them), how they add up, and why each withheld cell
is withheld. The audit puts all of them in one system of relations and asks, for every
withheld count and every withheld share, whether the published figures pin it down
(:mod:`indikatorbok.disclosure`), the previous edition's figures among the published ones
(a cell it withheld stays withheld; one it published with the same value is never chosen
to protect another). The build stops on any exposure, and ``internal/`` gets the log: each
withheld cell, its rule, the cell it protects and what an intruder can narrow it to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from indikatorbok import disclosure, findings, text

LOG = "rojandekontroll.md"  # in the edition's internal companion
RULES = {"small": "färre än minsta antal i en cell",
         "complement": "skyddar en annan cell",
         "carried": "skyddades i förra årgången",
         "share": "andel som döljs för att ett antal är för litet, eller för att den annars "
                  "skulle röja en grupp med för få svarande"}


@dataclass(frozen=True)
class Withheld:
    """One withheld cell as the audit found it."""

    indicator: str
    cell: tuple
    rule: str
    protects: tuple | None
    interval: tuple[float, float] | None  # what the published figures narrow it to
    exposed: str = ""  # why it can be worked out (empty: it cannot)
    # Published with the same value by the previous edition, under other rules: it is out
    # already, and withholding it now protects nothing (the log says so).
    published_before: bool = False


def _interval(value: float, rounding: int) -> tuple[float, float]:
    half = rounding / 2 if rounding > 1 else 0.0
    return max(value - half, 0.0), value + half


def audit(computed: dict[str, findings.Findings]) -> list[Withheld]:
    """Every withheld cell of the edition, with the interval the published figures leave
    for it and, where they pin it down, why."""
    known: dict[tuple, tuple[float, float]] = {}
    relations: list[disclosure.Relation] = []
    targets: dict[tuple, tuple[str, dict]] = {}
    shares: dict[tuple, tuple] = {}  # a withheld share's numerator -> its n
    for i, found in computed.items():
        step = max(found.rounding.values(), default=1)
        published_share = {}
        for s, g, y, value, n, withheld, unit in found.cells:
            key = (i, s, g, y)
            if value is not None and unit == "count":
                known[key] = _interval(value, found.rounding.get(s, 1))
            if value is not None and n is not None:
                known[(*key, "n")] = _interval(n, step)
                published_share[key] = value
            if value is None and withheld:
                targets[key] = (unit, {})
        for entry in found.withheld:
            key = (i, entry["series_key"], entry["group_key"], entry["year"])
            if key in targets:
                targets[key] = (targets[key][0], entry)
        for raw in found.relations:
            r = disclosure.from_dict(raw)
            r = _prefixed(r, i)
            if isinstance(r, disclosure.ShareOf):
                if r.share in published_share:
                    relations.append(r.ratio(published_share[r.share]))
                else:
                    shares[r.numerator] = r.denominator
                    relations.append(disclosure.Ratio(r.numerator, r.denominator, 0, 100))
            else:
                relations.append(r)
    hidden = [k for k, (unit, _) in targets.items() if unit == "count"]
    hidden += [c for k, (unit, _) in targets.items() if unit != "count"
               for c in ((*k, "s"), (*k, "n")) if (*k, "s") in shares]
    intervals = disclosure.feasible(hidden, known, relations)
    out = []
    for key, (unit, entry) in targets.items():
        i, cell = key[0], key[1:]
        if unit == "count":
            interval = intervals.get(key)
            exact = interval is not None and disclosure.exact(interval)
        else:
            s, n = intervals.get((*key, "s")), intervals.get((*key, "n"))
            interval = s
            exact = s is not None and n is not None and disclosure.exact(s) and disclosure.exact(n)
        protects = entry.get("protects")
        out.append(Withheld(i, cell, entry.get("rule", "share"),
                            tuple(protects) if protects else None, interval,
                            "följer av de publicerade siffrorna" if exact else "",
                            bool(entry.get("published_before"))))
    return out


def _prefixed(r: disclosure.Relation, indicator: str) -> disclosure.Relation:
    def p(cell):
        return (indicator, *cell)

    if isinstance(r, disclosure.Sum):
        return disclosure.Sum(p(r.total), tuple(p(c) for c in r.parts))
    if isinstance(r, disclosure.Same):
        return disclosure.Same(p(r.a), p(r.b))
    if isinstance(r, disclosure.ShareOf):
        return disclosure.ShareOf(p(r.share), p(r.numerator), p(r.denominator))
    return disclosure.Ratio(p(r.numerator), p(r.denominator), r.low, r.high)


def log(found: list[Withheld], min_cell: int) -> str:
    """The audit log for reviewers (``internal/``): each withheld cell, its rule, the cell
    it protects and what the published figures leave of it."""
    def cell(c: tuple) -> str:
        series, group, year = c[:3]
        return f"{series}{'/' + group if group else ''} {year}"

    def interval(iv: tuple[float, float] | None) -> str:
        if iv is None:
            return "inga samband med andra celler"
        hi = "∞" if math.isinf(iv[1]) else text.number(iv[1], 1)
        return f"{text.number(iv[0], 1)}–{hi}"

    lines = ["# Röjandekontroll", "",
             f"Alla celler som döljs i utgåvan, varför de döljs och vad de publicerade "
             f"siffrorna (värden, n, summor, andelar och förra årgången) lämnar kvar av dem. "
             f"En cell får inte kunna räknas fram; minsta antal i en cell är {min_cell}.", "",
             f"Dolda celler: {len(found)}. Cellerna som kan räknas fram: "
             f"{sum(bool(w.exposed) for w in found)}.", "",
             "| Indikator | Cell | Regel | Skyddar | Möjligt antal | Röjs |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {w.indicator} | {cell(w.cell)} | {RULES.get(w.rule, w.rule)} | "
              f"{cell(w.protects) if w.protects else '–'} | {interval(w.interval)} | "
              f"{w.exposed or ('publicerades i förra årgången' if w.published_before else 'nej')}"
              f" |" for w in found]
    return "\n".join(lines) + "\n"
