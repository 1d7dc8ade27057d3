"""Synthetic staff survey: respondents with background variables and coded answers.

Each year's respondents are laid out so that every population the report names has room
(exact role counts, the sickness-insurance department's published size). Each question is
then answered by exactly the published number of respondents among those it was asked,
with answer counts that round to the published shares (``calibrate``), also inside nested
groups the report publishes separately (e.g. sickness benefit, sickness and activity
compensation in 4.1.1). Where the report states a direction (women see risks more often;
managers report better prerequisites), answers lean that way through weights.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indikatorbok import reference, sources
from indikatorbok.synth import Spec, calibrate

SOURCE = "staff_survey"
RESPONDENTS = {2020: 6517, 2021: 6563, 2022: 8504, 2025: 4720}  # "Medarbetare och chefer"
# Exact role counts: the case-handling populations must hold every published n (e.g. 7 876
# caseworkers answered in 2022, 4 213 caseworkers and specialists in 2025).
ROLES = {
    2020: {"chef": 470, "specialist": 250, "övrig": 200},
    2021: {"chef": 470, "specialist": 250, "övrig": 200},
    2022: {"chef": 400, "specialist": 100, "övrig": 104},
    2025: {"chef": 420, "specialist": 350, "övrig": 80},
}
CASEWORKER_MIX = {"handläggare": 0.75, "utredare": 0.18, "beslutsfattare": 0.07}
SICKNESS_DEPARTMENT = {2020: 1933, 2021: 1970, 2022: 2375, 2025: 1147}  # published (4.2.1)
OTHER_DEPARTMENTS = {"barn_familj": 0.38, "funktionsnedsättning": 0.36, "gemensamma": 0.16,
                     "tandvård_arbetsmarknad": 0.10}
BENEFITS = {
    "sjukförsäkring": {"sjukpenning": 1.0},
    "funktionsnedsättning": {"omvårdnadsbidrag_merkostnad": 0.30, "aktivitetsersättning": 0.20,
                             "sjukersättning": 0.20, "assistansersättning": 0.15,
                             "närståendepenning": 0.05, "övrigt": 0.10},
    "barn_familj": {"föräldrapenning": 0.25, "tillfällig_föräldrapenning": 0.22,
                    "underhållsstöd": 0.18, "bostadsbidrag": 0.20, "barnbidrag": 0.15},
    "gemensamma": {"övrigt": 1.0},
    "tandvård_arbetsmarknad": {"arbetsmarknad": 0.7, "tandvård": 0.3},
}
LARGE_DISCRETION = {"sjukpenning", "sjukersättning", "aktivitetsersättning",
                    "assistansersättning", "omvårdnadsbidrag_merkostnad", "närståendepenning"}
RTW_SHARE = 0.62  # of sickness-benefit caseworkers: investigate conditions for return to work
WOMEN_SHARE = 0.72

CASEWORKERS = ("handläggare", "utredare", "beslutsfattare")
SP_SE_AE = ("sjukpenning", "sjukersättning", "aktivitetsersättning")


def published(indicator: str, series: str, group: str = "") -> dict[int, float]:
    return reference.series(indicator, series, group)


# --------------------------------------------------------------------------- background


def _shuffled(rng: np.random.Generator, counts: dict[str, int]) -> np.ndarray:
    values = np.repeat(list(counts), list(counts.values()))
    rng.shuffle(values)
    return values


def _background(spec: Spec, rng: np.random.Generator) -> pd.DataFrame:
    n = RESPONDENTS[spec.year]
    roles = dict(ROLES[spec.year])
    caseworkers = n - sum(roles.values())
    split = {r: int(round(caseworkers * s)) for r, s in CASEWORKER_MIX.items()}
    split["handläggare"] += caseworkers - sum(split.values())
    role = _shuffled(rng, roles | split)
    sick = SICKNESS_DEPARTMENT[spec.year]
    other = rng.choice(list(OTHER_DEPARTMENTS), size=n - sick, p=list(OTHER_DEPARTMENTS.values()))
    department = np.concatenate([np.full(sick, "sjukförsäkring"), other])
    rng.shuffle(department)
    benefit = np.array([rng.choice(list(BENEFITS[d]), p=list(BENEFITS[d].values()))
                        for d in department], dtype=object)
    benefit[role == "övrig"] = None
    handles_cases = ~np.isin(role, ["chef", "övrig"])
    discretion = np.where(handles_cases,
                          np.where(np.isin(benefit.astype(str), list(LARGE_DISCRETION)),
                                   "stort", "litet"), None)
    rtw = np.where(benefit == "sjukpenning",
                   (handles_cases & (rng.random(n) < RTW_SHARE)).astype(int), -1)
    return pd.DataFrame({
        "year": spec.year,
        "respondent_id": [f"R{spec.year}-{i:05d}" for i in range(1, n + 1)],
        "sex": np.where(rng.random(n) < WOMEN_SHARE, "K", "M"),
        "role": role, "department": department, "benefit": benefit,
        "rtw_investigator": pd.array(np.where(rtw < 0, None, rtw), dtype="Int64"),
        "discretion": discretion,
    })


# --------------------------------------------------------------------------- answering


@dataclass(frozen=True)
class Cell:
    """Part of a question's respondents with its own published n and shares."""

    members: Callable[[pd.DataFrame], pd.Series]
    n: int
    shares: dict[str, float | None]


@dataclass(frozen=True)
class Ask:
    """One question in one year: who was asked, how many answered, how they answered.

    ``shares`` maps answer codes to percent (published where the report gives them); one
    code maps to None and takes the rest. ``lean`` gives relative weights for the first
    code of ``shares`` by a background column, e.g. ``{"sex": {"K": 1.4}}``.
    """

    asked: Callable[[pd.DataFrame], pd.Series]
    n: int
    shares: dict[str, float | None]
    cells: tuple[Cell, ...] = ()
    lean: dict[str, dict[str, float]] = field(default_factory=dict)


def _pick(rng: np.random.Generator, pool: np.ndarray, k: int,
          weights: np.ndarray | None = None) -> np.ndarray:
    if k > len(pool):
        raise ValueError(f"cannot pick {k} respondents from {len(pool)}")
    p = None if weights is None else weights / weights.sum()
    return np.sort(rng.choice(pool, size=k, replace=False, p=p))


def _weights(df: pd.DataFrame, idx: np.ndarray, lean: dict[str, dict[str, float]]) -> np.ndarray:
    w = np.ones(len(idx))
    for column, factors in lean.items():
        values = df.loc[idx, column].astype(str).to_numpy()
        for code, factor in factors.items():
            w[values == code] *= factor
    return w


def _assign(rng, df, idx, counts, lean) -> pd.Series:
    """Answer codes for respondents ``idx`` with exactly ``counts``; the first code leans."""
    answers = pd.Series(index=idx, dtype=object)
    codes = list(counts)
    first = _pick(rng, idx, counts[codes[0]], _weights(df, idx, lean))
    answers[first] = codes[0]
    rest = np.setdiff1d(idx, first)
    for code in codes[1:]:
        chosen = _pick(rng, rest, counts[code])
        answers[chosen] = code
        rest = np.setdiff1d(rest, chosen)
    return answers


def answer(df: pd.DataFrame, ask: Ask, rng: np.random.Generator) -> pd.Series:
    """One answer per respondent (NaN for those not asked or not answering)."""
    pool = df.index[ask.asked(df)].to_numpy()
    total = calibrate(ask.n, ask.shares)
    out = pd.Series(index=df.index, dtype=object)
    remaining = dict(total)
    chosen_all = []
    for cell in ask.cells:
        members = pool[cell.members(df.loc[pool]).to_numpy()]
        chosen = _pick(rng, members, cell.n)
        if set(cell.shares) != set(total):
            raise ValueError(f"a cell must give shares for the codes {sorted(total)}")
        counts = calibrate(cell.n, cell.shares)
        out[chosen] = _assign(rng, df, chosen, counts, ask.lean)
        remaining = {c: remaining[c] - counts.get(c, 0) for c in remaining}
        chosen_all.append(chosen)
    taken = np.concatenate(chosen_all) if chosen_all else np.array([], dtype=int)
    others = np.setdiff1d(pool, taken)
    if ask.cells:  # the rest of the respondents must not fall into a cell
        in_cell = np.zeros(len(others), dtype=bool)
        for cell in ask.cells:
            in_cell |= cell.members(df.loc[others]).to_numpy()
        others = others[~in_cell]
    if min(remaining.values()) < 0:
        raise ValueError(f"cells exceed the total for {ask}")
    chosen = _pick(rng, others, sum(remaining.values()))
    out[chosen] = _assign(rng, df, chosen, remaining, ask.lean)
    return out


# --------------------------------------------------------------------------- questions


def _role(*roles: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda d: d["role"].isin(roles)


def _benefit_in(*benefits: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda d: d["benefit"].isin(benefits)


def questions(year: int) -> dict[str, Ask]:
    """The single-choice and scale questions asked in ``year``, as calibration targets."""
    caseworkers_2025 = _role(*CASEWORKERS, "specialist")
    asks: dict[str, Ask] = {}
    if year == 2025:
        knows = published("1.1.2", "Vet vad de kan göra för att motverka osakliga könsskillnader")
        knows_no = published("1.1.2", "Vet inte vad de kan göra för att motverka osakliga "
                                      "könsskillnader")
        knows_health = published("4.1.2", "Vet vad de kan göra för att motverka osakliga "
                                          "könsskillnader (sjukpenning, sjukersättning, "
                                          "aktivitetsersättning)")
        asks["knows_what_to_do"] = Ask(
            caseworkers_2025, 2573, {"ja": knows[year], "nej": knows_no[year], "vet_ej": None},
            cells=(Cell(_benefit_in(*SP_SE_AE), 1015,
                        {"ja": knows_health[year], "nej": 16, "vet_ej": None}),),
            lean={"discretion": {"stort": 1.5}})
        everyone = _role(*CASEWORKERS, "specialist", "chef")
        asks["prerequisites_unwarranted"] = Ask(
            everyone, 2982, {"top": published("1.2.1", "Har förutsättningar att motverka "
                                                       "osakliga könsskillnader (4 eller 5)")[year],
                             "low": None}, lean={"role": {"chef": 1.6}})
        asks["manager_follows_unwarranted"] = Ask(
            everyone, 2982, {"top": published("1.2.2", "Närmsta chefen följer upp arbetet mot "
                                                       "osakliga könsskillnader (4 eller 5)")[year],
                             "low": None}, lean={"sex": {"M": 1.35}})
    if year in (2022, 2025):
        population = _role(*CASEWORKERS) if year == 2022 else caseworkers_2025
        # Unpublished: about 3 in 10 see some risk of discrimination.
        asks["discrimination_risk"] = Ask(population, {2022: 7876, 2025: 4213}[year],
                                          {"ja": {2022: 27, 2025: 29}[year],
                                           "nej": {2022: 45, 2025: 46}[year], "vet_ej": None},
                                          lean={"discretion": {"stort": 1.5}})
    return asks


# Scale answers: "top" is 4 or 5, "low" 1-3; drawn inside those bands.
def _scale(rng: np.random.Generator, band: pd.Series) -> pd.Series:
    out = pd.Series(pd.NA, index=band.index, dtype="Int64")
    top, low = band.eq("top").fillna(False), band.eq("low").fillna(False)
    out[top] = rng.choice([4, 5], size=int(top.sum()), p=[0.6, 0.4])
    out[low] = rng.choice([1, 2, 3], size=int(low.sum()), p=[0.15, 0.3, 0.55])
    return out


# --------------------------------------------------------------------------- multi-select

RISK_SERIES = "Ser risk för osakliga könsskillnader i enskildas ärenden"
RISK_HEALTH_SERIES = ("Ser risk för osakliga könsskillnader (sjukpenning, sjukersättning, "
                      "aktivitetsersättning)")
RISK_ASKED = {2022: _role(*CASEWORKERS), 2025: _role(*CASEWORKERS, "specialist")}
RISK_ANSWERED = {2022: 5510, 2025: 2573}
RISK_HEALTH_ANSWERED = {2022: 2305, 2025: 1015}
NO_RISK_SHARE = {2022: 31.0}  # unpublished; the report states a clear increase to 2025
RISK_AREA_WEIGHTS = {  # relative propensity to tick each area, for those who see a risk
    "risk_contact": 0.55, "risk_capacity": 0.52, "risk_measures": 0.30, "risk_entitlement": 0.33,
    "risk_certificate_care": 0.28, "risk_certificate_employer": 0.18, "risk_evaluation": 0.27,
    "risk_other": 0.05,
}
GROUND_SHARES = {  # percent of all who answered discrimination_risk (unpublished ones set here)
    "ground_ethnicity": 14.0, "ground_age": 7.0, "ground_disability": 7.0, "ground_religion": 4.0,
    "ground_sexual_orientation": 2.0, "ground_dont_know": 3.0,
}


def _multi_columns(df: pd.DataFrame, question: str) -> pd.DataFrame:
    options = list(sources.schema(SOURCE).questions[question].options)
    return pd.DataFrame(pd.NA, index=df.index, columns=options, dtype="Int64")


def _risk_areas(df: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """1.1.1 and 4.1.1: who sees a risk, exactly as published in total and for the health
    benefits; women and large discretion more often (the report's text)."""
    out = _multi_columns(df, "risk_areas")
    none_share = published("1.1.1", "Jag ser inte risk för osakliga könsskillnader").get(
        year, NO_RISK_SHARE.get(year))
    band = answer(df, Ask(
        RISK_ASKED[year], RISK_ANSWERED[year],
        {"risk": published("1.1.1", RISK_SERIES)[year], "none": none_share, "dont_know": None},
        cells=(Cell(_benefit_in(*SP_SE_AE), RISK_HEALTH_ANSWERED[year],
                    {"risk": published("4.1.1", RISK_HEALTH_SERIES)[year],
                     "none": {2022: 27, 2025: 36}[year], "dont_know": None}),),
        lean={"sex": {"K": 1.45}, "discretion": {"stort": 1.7}}), rng)
    answered = band.notna()
    out.loc[answered] = 0
    sees = band.eq("risk").to_numpy()
    p = np.array(list(RISK_AREA_WEIGHTS.values()))
    ticks = rng.random((int(sees.sum()), len(p))) < p
    empty = ~ticks.any(axis=1)
    ticks[empty, rng.choice(len(p), size=int(empty.sum()), p=p / p.sum())] = True
    out.loc[sees, list(RISK_AREA_WEIGHTS)] = ticks.astype(int)
    out.loc[band.eq("none"), "risk_none"] = 1
    out.loc[band.eq("dont_know"), "risk_dont_know"] = 1
    return out


def _grounds(df: pd.DataFrame, risk: pd.Series, year: int,
             rng: np.random.Generator) -> pd.DataFrame:
    """1.4.2: grounds ticked by those who see a risk of discrimination; shares of everyone
    who answered the first question are published for sex and transgender identity."""
    out = _multi_columns(df, "discrimination_grounds")
    saw = risk.index[risk.eq("ja")].to_numpy()
    out.loc[saw] = 0
    n_all = int(risk.notna().sum())
    targets = dict(GROUND_SHARES)
    targets["ground_sex"] = published("1.4.2", "Ser risk för diskriminering utifrån kön")[year]
    targets["ground_transgender"] = published("1.4.2", "Ser risk för diskriminering utifrån "
                                              "könsöverskridande identitet eller uttryck")[year]
    for column, share in targets.items():
        k = calibrate(n_all, {"x": share, "rest": None})["x"]
        weights = np.where(df.loc[saw, "sex"].eq("K"), 1.15, 1.0) if column == "ground_sex" \
            else None
        out.loc[_pick(rng, saw, k, weights), column] = 1
    nothing = out.loc[saw].sum(axis=1).eq(0)
    out.loc[nothing[nothing].index, "ground_dont_know"] = 1  # "ja" but no ground: don't know
    return out


def staff_survey(spec: Spec) -> pd.DataFrame | None:
    if spec.year not in RESPONDENTS:
        return None
    rng = spec.rng(SOURCE)
    df = _background(spec, rng)
    parts = [df]
    if spec.year in RISK_ASKED:
        parts.append(_risk_areas(df, spec.year, rng))
    for key, ask in questions(spec.year).items():
        kind = sources.schema(SOURCE).questions[key].kind
        given = answer(df, ask, rng)
        column = _scale(rng, given) if kind == "scale" else given
        parts.append(column.rename(key).to_frame())
        if key == "discrimination_risk":
            parts.append(_grounds(df, given, spec.year, rng))
    return pd.concat(parts, axis=1)
