"""Synthetic staff survey: respondents with background variables and coded answers.

Published totals (respondents per year and question) and published shares are hit exactly;
group structure follows the report's text: women and those handling benefits with large
discretion see risks of unwarranted gender differences more often.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indikatorbok import reference, sources
from indikatorbok.synth import Spec, calibrate

SOURCE = "staff_survey"
# Respondents per survey year ("Medarbetare och chefer", the report's largest population).
RESPONDENTS = {2020: 6517, 2021: 6563, 2022: 8504, 2025: 4720}
# Role mix per year (shares); in 2022 specialists were not asked the case-handling questions.
ROLE_MIX = {
    "handläggare": 0.62, "utredare": 0.13, "beslutsfattare": 0.06, "specialist": 0.07,
    "chef": 0.06, "övrig": 0.06,
}
DEPARTMENT_MIX = {"barn_familj": 0.27, "funktionsnedsättning": 0.22, "sjukförsäkring": 0.30,
                  "gemensamma": 0.13, "tandvård_arbetsmarknad": 0.08}
WOMEN_SHARE = 0.72
LARGE_DISCRETION = {"barn_familj": 0.25, "funktionsnedsättning": 0.8, "sjukförsäkring": 0.85,
                    "gemensamma": 0.3, "tandvård_arbetsmarknad": 0.4}

# Question 1.1.1 (risk areas): who was asked, how many answered (the report's tables).
RISK_ASKED = {2022: {"handläggare", "utredare", "beslutsfattare"},
              2025: {"handläggare", "utredare", "beslutsfattare", "specialist"}}
RISK_ANSWERED = {2022: 5510, 2025: 2573}
RISK_SERIES = "Ser risk för osakliga könsskillnader i enskildas ärenden"
NO_RISK_SHARE = {2022: 31.0}  # unpublished; the report states a clear increase to 2025
# Relative propensity to tick each risk area, for those who see a risk.
RISK_AREA_WEIGHTS = {
    "risk_contact": 0.55, "risk_capacity": 0.52, "risk_measures": 0.30, "risk_entitlement": 0.33,
    "risk_certificate_care": 0.28, "risk_certificate_employer": 0.18, "risk_evaluation": 0.27,
    "risk_other": 0.05,
}


def _pick(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask with exactly ``k`` True, drawn with probability proportional to weights."""
    chosen = rng.choice(len(weights), size=k, replace=False, p=weights / weights.sum())
    mask = np.zeros(len(weights), dtype=bool)
    mask[chosen] = True
    return mask


def _background(spec: Spec, rng: np.random.Generator) -> pd.DataFrame:
    n = RESPONDENTS[spec.year]
    roles = rng.choice(list(ROLE_MIX), size=n, p=list(ROLE_MIX.values()))
    dept = rng.choice(list(DEPARTMENT_MIX), size=n, p=list(DEPARTMENT_MIX.values()))
    sex = np.where(rng.random(n) < WOMEN_SHARE, "K", "M")
    handles_cases = ~np.isin(roles, ["chef", "övrig"])
    large = rng.random(n) < np.vectorize(LARGE_DISCRETION.get)(dept)
    discretion = np.where(handles_cases, np.where(large, "stort", "litet"), None)
    return pd.DataFrame({
        "year": spec.year,
        "respondent_id": [f"R{spec.year}-{i:05d}" for i in range(1, n + 1)],
        "sex": sex, "role": roles, "department": dept, "discretion": discretion,
    })


def _risk_areas(df: pd.DataFrame, spec: Spec, rng: np.random.Generator) -> pd.DataFrame:
    options = list(sources.schema(SOURCE).questions["risk_areas"].options)
    out = pd.DataFrame(pd.NA, index=df.index, columns=options, dtype="Int64")
    eligible = df.index[df.role.isin(RISK_ASKED[spec.year])]
    n = RISK_ANSWERED[spec.year]
    if len(eligible) < n:
        raise ValueError(f"{spec.year}: {len(eligible)} eligible < {n} answers")
    answered = eligible[_pick(rng, np.ones(len(eligible)), n)]
    sub = df.loc[answered]
    # Women and large discretion more often see risks; the total is hit exactly.
    w = np.where(sub.sex == "K", 1.45, 1.0) * np.where(sub.discretion == "stort", 1.7, 1.0)
    none_share = reference.series("1.1.1", "Jag ser inte risk för osakliga könsskillnader").get(
        spec.year, NO_RISK_SHARE.get(spec.year))
    counts = calibrate(n, {"risk": reference.series("1.1.1", RISK_SERIES)[spec.year],
                           "none": none_share, "dont_know": None})
    risk = _pick(rng, w, counts["risk"])
    rest = np.flatnonzero(~risk)
    none = np.zeros(n, dtype=bool)
    none[rest[_pick(rng, np.ones(len(rest)), counts["none"])]] = True
    values = np.zeros((n, len(options)), dtype=int)
    col = {c: i for i, c in enumerate(options)}
    for i in np.flatnonzero(risk):
        p = np.array(list(RISK_AREA_WEIGHTS.values()))
        ticks = rng.random(len(p)) < p
        if not ticks.any():  # at least one area
            ticks[rng.choice(len(p), p=p / p.sum())] = True
        for c, t in zip(RISK_AREA_WEIGHTS, ticks, strict=True):
            values[i, col[c]] = int(t)
    values[none, col["risk_none"]] = 1
    values[~risk & ~none, col["risk_dont_know"]] = 1
    out.loc[answered, options] = values
    return out


def staff_survey(spec: Spec) -> pd.DataFrame | None:
    if spec.year not in RESPONDENTS:
        return None
    rng = spec.rng(SOURCE)
    df = _background(spec, rng)
    if spec.year in RISK_ASKED:
        df = pd.concat([df, _risk_areas(df, spec, rng)], axis=1)
    return df
