"""Synthetic internal reporting and e-service statistics, calibrated to the report."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indikatorbok.api import Spec, bound

reference = bound(__file__)  # this programme's published figures

# Published per-year counts (by indicator and series) and the kind/theme they count.
PUBLISHED_COUNTS = {
    ("e_tjanst", "jamstallt_uttag"): ("2.1.4", "Utvecklade e-tjänster för jämställt uttag"),
    ("regelforslag", "jamstallt_uttag"): ("2.3.1", "Lämnade förslag på regeländringar för "
                                                   "jämställt uttag"),
    ("e_tjanst", "vald"): ("3.1.4", "Digitala tjänster för att fråga om våld"),
    ("regelforslag", "vald"): ("3.4.1", "Lämnade förslag på regeländringar mot våld"),
    ("regelforslag", "jamstalld_halsa"): ("4.3.1", "Lämnade förslag på regeländringar för "
                                                   "jämställd hälsa"),
    ("anmalan_socialnamnd", "vald"): ("3.7.1", "Anmälningar till socialnämnden"),
}
POLICE_REPORTS = {2020: 1, 2021: 0, 2022: 2, 2023: 1, 2024: 1, 2025: 1}  # 6 in 2020-2025
# Unpublished: communication efforts per year (the report gives 5-10 and 2-5), and proposals
# in other areas (which the indicators must not count).
EFFORTS = {"jamstallt_uttag": (5, 10), "vald": (2, 5)}
OTHER_PROPOSALS = (1, 3)


def _count(indicator: str, series: str, year: int, default: int) -> int:
    return int(reference.series(indicator, series).get(year, default))


def internal_reporting(spec: Spec) -> pd.DataFrame:
    rng = spec.rng("internal_reporting")
    items: list[tuple[str, str, str | None]] = []
    for (kind, theme), (indicator, series) in PUBLISHED_COUNTS.items():
        default = 450 if kind == "anmalan_socialnamnd" else 0
        items += [(kind, theme, None)] * _count(indicator, series, spec.year, default)
    items += [("anmalan_polis", "vald", None)] * POLICE_REPORTS.get(spec.year, 1)
    for theme, (lo, hi) in EFFORTS.items():
        items += [("kommunikationsinsats", theme, None)] * int(rng.integers(lo, hi + 1))
    items += [("regelforslag", "ovrigt", None)] * int(rng.integers(*OTHER_PROPOSALS))
    decisions = {2020: "ingen_overtradelse", 2025: "overtradelse"}  # the report's two decisions
    if spec.year in decisions:
        items.append(("do_tillsynsbeslut", "kon_diskriminering", decisions[spec.year]))
    first = np.datetime64(f"{spec.year}-01-01")
    span = int((np.datetime64(spec.period_end.isoformat()) - first).astype(int)) + 1
    days = np.sort(rng.integers(0, span, size=len(items)))
    return pd.DataFrame([
        {"year": spec.year, "item_id": f"D{spec.year}-{i + 1:05d}", "kind": kind, "theme": theme,
         "date": str(first + day), "outcome": outcome}
        for i, ((kind, theme, outcome), day) in enumerate(zip(items, days, strict=True))])


SERVICES = {
    "foraldrakollen": "Föräldrakollen", "vab_kalendern": "VAB-kalendern",
    "fordelning_av_vab": "Fördelning av VAB", "foraldrakalendern_webb": "Föräldrakalendern (webb)",
    "foraldrakalendern_app": "Föräldrakalendern (app)",
    "rakna_pa_foraldrapenning": "Räkna på föräldrapenning",
    "vanta_barn_guiden": "Vänta barn-guiden",
}


def eservice_visits(spec: Spec) -> pd.DataFrame:
    """Visits per service: published values are rounded to thousands, so the raw counts
    lie within 500 of them."""
    rng = spec.rng("eservice_visits")
    rows = []
    for code, label in SERVICES.items():
        published = reference.series("2.4.1", f"Besök: {label}")
        if spec.year in published:
            value = int(published[spec.year]) + int(rng.integers(-499, 500))
        elif published and spec.year > max(published) and max(published) == 2025:
            value = int(published[2025] * rng.uniform(0.9, 1.1))  # a later, unpublished year
        else:
            continue
        rows.append({"year": spec.year, "service": code, "visits": value})
    return pd.DataFrame(rows)
