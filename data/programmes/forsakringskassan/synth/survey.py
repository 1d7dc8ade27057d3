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

from indikatorbok.api import Spec, bound, calibrate, sampling

reference = sources = bound(__file__)  # this programme's published figures and contracts

SOURCE = "staff_survey"
RESPONDENTS = {2020: 6517, 2021: 6563, 2022: 8504, 2025: 4720}  # "Medarbetare och chefer"
# Exact role counts: the case-handling populations must hold every published n (e.g. 7 876
# caseworkers answered in 2022, 4 213 caseworkers and specialists in 2025).
ROLES = {
    2020: {"chef": 470, "specialist": 250, "övrig": 200},
    2021: {"chef": 470, "specialist": 250, "övrig": 200},
    2022: {"chef": 520, "specialist": 60, "övrig": 24},
    2025: {"chef": 420, "specialist": 350, "övrig": 80},
}
CASEWORKER_MIX = {"handläggare": 0.75, "utredare": 0.18, "beslutsfattare": 0.07}
SICKNESS_DEPARTMENT = {2020: 1933, 2021: 1970, 2022: 2375, 2025: 1147}  # published (4.2.1)
OTHER_DEPARTMENTS = {"barn_familj": 0.38, "funktionsnedsättning": 0.36, "gemensamma": 0.16,
                     "tandvård_arbetsmarknad": 0.10}
BENEFITS = {
    "sjukförsäkring": {"sjukpenning": 1.0},
    "funktionsnedsättning": {"omvårdnadsbidrag_merkostnad": 0.40, "aktivitetsersättning": 0.20,
                             "sjukersättning": 0.15, "assistansersättning": 0.10,
                             "närståendepenning": 0.10, "övrigt": 0.05},
    "barn_familj": {"föräldrapenning": 0.25, "tillfällig_föräldrapenning": 0.22,
                    "underhållsstöd": 0.18, "bostadsbidrag": 0.20, "barnbidrag": 0.15},
    "gemensamma": {"övrigt": 1.0},
    "tandvård_arbetsmarknad": {"arbetsmarknad": 0.7, "tandvård": 0.3},
}
LARGE_DISCRETION = {"sjukpenning", "sjukersättning", "aktivitetsersättning",
                    "assistansersättning", "omvårdnadsbidrag_merkostnad", "närståendepenning"}
# Of sickness-benefit caseworkers, the share who investigate conditions for return to work.
RTW_SHARE = {2020: 0.75, 2021: 0.75, 2022: 0.75, 2024: 1.0, 2025: 0.62}
WOMEN_SHARE = 0.72

CASEWORKERS = ("handläggare", "utredare", "beslutsfattare")
SP_SE_AE = ("sjukpenning", "sjukersättning", "aktivitetsersättning")
SURVEYS = {2020: "staff_survey", 2021: "staff_survey", 2022: "staff_survey",
           2024: "violence_survey", 2025: "staff_survey"}


def published(indicator: str, series: str, group: str = "") -> dict[int, float]:
    return reference.series(indicator, series, group)


def published_if_any(indicator: str, series: str) -> dict[int, float]:
    """Published values of a series that the report gives for some benefits only."""
    try:
        return reference.series(indicator, series)
    except KeyError:
        return {}


# --------------------------------------------------------------------------- background


def _background(spec: Spec, rng: np.random.Generator) -> pd.DataFrame:
    n = RESPONDENTS[spec.year]
    roles = dict(ROLES[spec.year])
    caseworkers = n - sum(roles.values())
    split = {r: int(round(caseworkers * s)) for r, s in CASEWORKER_MIX.items()}
    split["handläggare"] += caseworkers - sum(split.values())
    role = sampling.shuffled(rng, roles | split)
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
                   (handles_cases & (rng.random(n) < RTW_SHARE[spec.year])).astype(int), -1)
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
    lean: dict[str, dict[str, float]] | None = None
    balance: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Ask:
    """One question in one year: who was asked, how many answered, how they answered.

    ``shares`` maps answers to percent (published where the report gives them); one maps to
    None and takes the rest. With ``shares`` None the ``cells`` make up all respondents.
    An answer is a code of the question or a band of codes (``BANDS``: "top" is 4-5 on a
    scale, the two most frequent options of a frequency question). ``lean`` gives relative
    weights for the first answer by a background column, e.g. ``{"sex": {"K": 1.4}}``.
    ``extra``: answers given by further respondents outside the calibrated base (e.g. "has
    never been in that situation", which the indicator leaves out). ``balance``: background
    columns (e.g. sex) whose groups get the first answer in equal shares, where the report
    finds no difference between them.
    """

    asked: Callable[[pd.DataFrame], pd.Series]
    n: int
    shares: dict | None
    cells: tuple[Cell, ...] = ()
    lean: dict[str, dict[str, float]] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    balance: tuple[str, ...] = ()


BANDS = {  # answer band -> (codes, how often each code is drawn inside the band)
    "scale": {"top": ((4, 5), (0.6, 0.4)), "low": ((1, 2, 3), (0.15, 0.3, 0.55))},
    "frequency": {"top": ((1, 2), (0.45, 0.55)), "mid": ((3,), (1.0,)),
                  "middle": ((3, 4), (0.4, 0.6)), "low": ((4, 5), (0.7, 0.3))},
}


def _weights(df: pd.DataFrame, idx: np.ndarray, lean: dict[str, dict[str, float]]) -> np.ndarray:
    w = np.ones(len(idx))
    for column, factors in lean.items():
        values = df.loc[idx, column].astype(str).to_numpy()
        for code, factor in factors.items():
            w[values == code] *= factor
    return w


def _balanced_pick(rng, df, idx, k, lean, balance) -> np.ndarray:
    """``k`` of ``idx``, split over the groups of the ``balance`` columns in proportion to
    their size (largest remainder), weighted by ``lean`` inside each group."""
    if not balance:
        return sampling.draw(rng, idx, k, _weights(df, idx, lean))
    groups = df.loc[idx, list(balance)].astype(str).agg("|".join, axis=1)
    sizes = groups.value_counts().sort_index()
    exact = sizes / sizes.sum() * k
    quota = np.floor(exact).astype(int)
    quota[(exact - quota).sort_values(ascending=False).index[: k - quota.sum()]] += 1
    chosen = [sampling.draw(rng, groups.index[groups.eq(g).to_numpy()].to_numpy(), int(q),
                    _weights(df, groups.index[groups.eq(g).to_numpy()].to_numpy(), lean))
              for g, q in quota.items()]
    return np.sort(np.concatenate(chosen))


def _assign(rng, df, idx, counts, lean, balance=()) -> pd.Series:
    """Answers for respondents ``idx`` with exactly ``counts``; the first answer leans."""
    answers = pd.Series(index=idx, dtype=object)
    codes = list(counts)
    first = _balanced_pick(rng, df, idx, counts[codes[0]], lean, balance)
    answers[first] = codes[0]
    rest = np.setdiff1d(idx, first)
    for code in codes[1:]:
        chosen = sampling.draw(rng, rest, counts[code])
        answers[chosen] = code
        rest = np.setdiff1d(rest, chosen)
    return answers


def answer(df: pd.DataFrame, ask: Ask, rng: np.random.Generator) -> pd.Series:
    """One answer per respondent (NaN for those not asked or not answering)."""
    pool = df.index[ask.asked(df).fillna(False).to_numpy(dtype=bool)].to_numpy()
    out = pd.Series(index=df.index, dtype=object)
    remaining = calibrate(ask.n, ask.shares) if ask.shares else None
    taken = np.array([], dtype=int)
    for cell in ask.cells:
        members = pool[cell.members(df.loc[pool]).fillna(False).to_numpy(dtype=bool)]
        chosen = sampling.draw(rng, np.setdiff1d(members, taken), cell.n)
        counts = calibrate(cell.n, cell.shares)
        if remaining is not None:
            if set(counts) != set(remaining):
                raise ValueError(f"a cell must give shares for {sorted(map(str, remaining))}")
            remaining = {c: remaining[c] - counts[c] for c in remaining}
        out[chosen] = _assign(rng, df, chosen, counts, cell.lean or ask.lean,
                              cell.balance if cell.balance is not None else ask.balance)
        taken = np.union1d(taken, chosen)
    if remaining is not None:
        others = np.setdiff1d(pool, taken)
        if ask.cells:  # the rest of the respondents must not fall into a cell
            in_cell = np.zeros(len(others), dtype=bool)
            for cell in ask.cells:
                in_cell |= cell.members(df.loc[others]).fillna(False).to_numpy(dtype=bool)
            others = others[~in_cell]
        if min(remaining.values()) < 0:
            raise ValueError(f"cells exceed the total for {ask}")
        chosen = sampling.draw(rng, others, sum(remaining.values()))
        out[chosen] = _assign(rng, df, chosen, remaining, ask.lean, ask.balance)
    for code, k in ask.extra.items():
        free = pool[out[pool].isna().to_numpy()]
        out[sampling.draw(rng, free, k)] = code
    return out


def _expand(rng: np.random.Generator, given: pd.Series, question: sources.Question) -> pd.Series:
    """Answer bands drawn as codes of the question (scales and frequency questions)."""
    if not question.numeric:
        return given
    family = BANDS["scale" if question.kind == "scale" else "frequency"]
    out = pd.Series(pd.NA, index=given.index, dtype="Int64")
    answered = given.dropna()
    for value in pd.unique(answered):
        idx = answered.index[answered.eq(value).to_numpy()]
        if value in family:
            codes, p = family[value]
            out[idx] = rng.choice(codes, size=len(idx), p=p)
        else:
            out[idx] = int(value)
    return out


# --------------------------------------------------------------------------- questions


def _role(*roles: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda d: d["role"].isin(roles)


def _benefit_in(*benefits: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda d: d["benefit"].isin(benefits)


def _all(*conditions: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
    def mask(d: pd.DataFrame) -> pd.Series:
        out = pd.Series(True, index=d.index)
        for c in conditions:
            out &= c(d).fillna(False).astype(bool)
        return out
    return mask


def _not(condition: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda d: ~condition(d).fillna(False).astype(bool)


def _department(name: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda d: d["department"].eq(name)


def _answered(question: str, *codes) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda d: (d[question].isin(codes) if codes else d[question].notna()) \
        if question in d.columns else pd.Series(False, index=d.index)


CW = _role(*CASEWORKERS)
RTW = _all(CW, lambda d: d["rtw_investigator"].eq(1))
UHS = _all(CW, _benefit_in("underhållsstöd"))
SHARED = _benefit_in("föräldrapenning", "tillfällig_föräldrapenning",
                     "omvårdnadsbidrag_merkostnad", "närståendepenning")
SICK = _department("sjukförsäkring")
CHEF = _role("chef")


def _top(indicator: str, series: str, year: int, **rest) -> dict:
    """Shares with the published "top" share of a series; ``rest`` are further answers."""
    return {"top": published(indicator, series)[year], **rest}


def _goal2_questions(year: int) -> dict[str, Ask]:
    """2.1.1, 2.1.2, 2.2.1 and 2.2.2: staff handling benefits parents can share."""
    asks: dict[str, Ask] = {}
    inform = {"fp": ("föräldrapenning", "Föräldrapenning", 45),
              "tfp": ("tillfällig_föräldrapenning", "Tillfällig föräldrapenning", 65),
              "ob": ("omvårdnadsbidrag_merkostnad", "Omvårdnadsbidrag", 15),
              "meb": ("omvårdnadsbidrag_merkostnad", "Merkostnadsersättning för barn", 20)}
    roles = _role("handläggare", "utredare") if year == 2021 else CW
    for key, (benefit, label, low) in inform.items():
        series = f"{label}: informerar i alla eller de flesta ärenden"
        n = reference.n("2.1.1", series).get(year)
        if n is None:
            continue
        few = published_if_any(
            "2.1.1", f"{label}: informerar i få ärenden eller aldrig").get(year, low)
        asks[f"inform_split_{key}"] = Ask(_all(roles, _benefit_in(benefit)), n,
                                          _top("2.1.1", series, year, low=few, mid=None))
    for key, (benefit, label, low) in list(inform.items())[:2]:
        series = f"{label}: uppmuntrar i alla eller de flesta kontakter"
        n = reference.n("2.1.2", series).get(year)
        if n is None:
            continue
        few = published_if_any("2.1.2", f"{label}: uppmuntrar i få kontakter eller aldrig").get(
            year, low + 8)
        asks[f"encourage_equal_{key}"] = Ask(_all(CW, _benefit_in(benefit)), n,
                                             _top("2.1.2", series, year, low=few, mid=None))
    disability = {"benefit": {"omvårdnadsbidrag_merkostnad": 1.6, "närståendepenning": 1.6}}
    if year == 2022:
        asks["prerequisites_equal_use"] = Ask(
            _all(CHEF, SHARED), 92, _top("2.2.1", "Chefer: har förutsättningar att bidra till "
                                         "jämställt användande (4 eller 5)", year, low=None),
            lean=disability, balance=("sex",))
    if year == 2025:  # managers (n unpublished: 58) and caseworkers, 430 in all
        asks["prerequisites_equal_use"] = Ask(
            _all(_role(*CASEWORKERS, "chef"), SHARED), 430, None, lean=disability,
            balance=("sex",), cells=(
                Cell(CHEF, 58, _top("2.2.1", "Chefer: har förutsättningar att bidra till "
                                    "jämställt användande (4 eller 5)", year, low=None)),
                Cell(CW, 372, _top("2.2.1", "Handläggare: har förutsättningar att bidra till "
                                   "jämställt användande (4 eller 5)", year, low=None))))
    if year in (2022, 2025):
        series = "Närmsta chefen följer upp arbetet med jämställt uttag"
        asks["manager_follows_equal_use"] = Ask(
            _all(_role(*CASEWORKERS, "chef"), SHARED), reference.n("2.2.2", series)[year],
            {"ja": published("2.2.2", series)[year], "vet_ej": {2022: 44, 2025: 50}[year],
             "nej": None}, lean={"department": {"barn_familj": 1.8}})
    return asks


def _violence_questions(year: int) -> dict[str, Ask]:
    """3.1.2, 3.1.3, 3.2.1, 3.2.2, 3.5.1 and 3.7.3 (staff survey, and the 2024 survey)."""
    asks: dict[str, Ask] = {}
    sp = "Sjukpenning: ställer frågor om våld till samtliga eller de flesta"
    sp_few = published("3.1.2", "Sjukpenning: ställer frågor om våld till ett fåtal eller aldrig")
    asks["violence_frequency_rtw"] = Ask(
        RTW, reference.n("3.1.2", sp).get(year, 1100),
        _top("3.1.2", sp, year, low=sp_few.get(year, {2021: 20, 2022: 12}.get(year)), mid=None),
        balance=("sex",))
    uhs = "Underhållsstöd: informerar och frågar om hot och våld alltid eller oftast"
    asks["violence_frequency_uhs"] = Ask(UHS, reference.n("3.1.2", uhs)[year],
                                         _top("3.1.2", uhs, year, low=8, mid=None))
    ae = "Aktivitetsersättning: ställer frågor om våld i alla eller de flesta ärenden"
    if year != 2024:
        never = published("3.1.3", "Aktivitetsersättning: ställer aldrig frågor om våld")
        asks["violence_frequency_ae"] = Ask(
            _all(CW, _benefit_in("aktivitetsersättning")), reference.n("3.1.3", ae).get(year, 250),
            _top("3.1.3", ae, year, **{"5": never.get(year, 25)}, middle=None))
    if year == 2025:
        asks["violence_on_suspicion"] = Ask(
            _all(CW, _not(_benefit_in("underhållsstöd", "aktivitetsersättning")), _not(RTW)),
            1673, _top("3.1.3", "Ställer frågor om våld vid misstanke alltid eller i de flesta "
                       "fall", year, low=9, mid=None),
            lean={"department": {"sjukförsäkring": 2.0}}, extra={"0": 900}, balance=("sex",))
    if year in (2022, 2025):
        cw = "Handläggare: har förutsättningar att upptäcka och motverka våld (4 eller 5)"
        cells = ((Cell(_all(CW, SICK), 600, {"top": 35, "low": None}),
                  Cell(_not(SICK), 1684, {"top": 16, "low": None})) if year == 2025 else ())
        asks["prerequisites_violence"] = Ask(
            CW, reference.n("3.2.1", cw)[year],
            None if cells else _top("3.2.1", cw, year, low=None), cells=cells, balance=("sex",))
        chef = "Chefer: har förutsättningar att bidra till arbetet mot våld (4 eller 5)"
        asks["prerequisites_violence_manager"] = Ask(
            CHEF, reference.n("3.2.1", chef)[year], _top("3.2.1", chef, year, low=None),
            lean={"department": {"sjukförsäkring": 1.8}})
    follows = {  # caseworkers answering (unpublished split of the published total n)
        2022: {"rtw": (1000, 21), "uhs": (140, 15), "other": (1118, 12)},
        2024: {"rtw": (380, 43), "uhs": (150, 30)},
        2025: {"rtw": (300, 58), "uhs": (150, 43), "other": (1834, 26)},
    }
    if year in follows:
        members = {"rtw": RTW, "uhs": UHS, "other": _all(_not(RTW), _not(UHS))}
        asks["manager_follows_violence"] = Ask(CW, 0, None, lean={"sex": {"M": 1.3}}, cells=tuple(
            Cell(members[k], n, {"ja": share, "vet_ej": 20, "nej": None})
            for k, (n, share) in follows[year].items()))
    if year in (2022, 2025):
        chef = "Chefer: närmsta chefen efterfrågar resultat av arbetet mot våld"
        asks["manager_asks_violence_results"] = Ask(
            CHEF, reference.n("3.2.1", "Chefer: har förutsättningar att bidra till arbetet mot "
                              "våld (4 eller 5)")[year],
            {"ja": published("3.2.2", chef)[year], "vet_ej": 25, "nej": None})
    asks_sometimes = _not(_answered("violence_frequency_rtw", 5))
    identified = {
        2022: Ask(_all(RTW, _answered("violence_frequency_rtw"), asks_sometimes), 1133,
                  {"ja": 48, "vet_ej": 5, "nej": None}, balance=("sex",)),
        2024: Ask(RTW, 401, {"ja": 69, "vet_ej": 4, "nej": None}, balance=("sex",)),
        2025: Ask(_all(CW, _not(UHS), asks_sometimes), 987, None, balance=("sex",), cells=(
            Cell(RTW, 340, {"ja": 80, "vet_ej": 4, "nej": None}),
            Cell(_all(SICK, _not(RTW)), 279, {"ja": 58, "vet_ej": 6, "nej": None}),
            # Other departments: between 16 and 21 percent (the report's text); the smallest
            # has fewer than 50 respondents.
            *(Cell(_department(d), n, {"ja": share, "vet_ej": 8, "nej": None})
              for d, n, share in (("barn_familj", 150, 18), ("funktionsnedsättning", 140, 20),
                                  ("gemensamma", 52, 17), ("tandvård_arbetsmarknad", 26, 19))))),
    }
    if year in identified:
        asks["identified_violence"] = identified[year]
    if year == 2025:
        asks["follow_up_support"] = Ask(
            _all(RTW, _answered("identified_violence", "ja")), 160,
            _top("3.7.3", "Följer upp om den försäkrade fått stöd (4 eller 5)", year, low=None))
    return {k: a for k, a in asks.items()
            if k in sources.schema(SURVEYS[year]).questions
            and (a.n or a.cells) and _asked_in(k, year)}


ASKED_IN = {  # questions of the violence work and the years they were asked
    "violence_frequency_rtw": (2020, 2021, 2022, 2024, 2025),
    "violence_frequency_uhs": (2020, 2021, 2022, 2024, 2025),
    "violence_frequency_ae": (2020, 2021, 2022, 2025),
}


def _asked_in(question: str, year: int) -> bool:
    return year in ASKED_IN.get(question, (year,))


def _goal1_questions(year: int) -> dict[str, Ask]:
    """1.1.2, 1.2.1, 1.2.2, 1.4.2 and 4.1.2."""
    caseworkers_2025 = _role(*CASEWORKERS, "specialist")
    asks: dict[str, Ask] = {}
    if year == 2025:
        knows = published("1.1.2", "Vet hur de kan motverka osakliga könsskillnader")
        knows_no = published("1.1.2", "Vet inte hur de kan motverka osakliga könsskillnader")
        knows_health = published("4.1.2", "Vet hur de kan motverka osakliga könsskillnader "
                                          "(sjukpenning, sjukersättning, aktivitetsersättning)")
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


def questions(year: int) -> dict[str, Ask]:
    """The single-choice and scale questions asked in ``year``, as calibration targets, in
    the order they are answered (later ones may be routed on earlier answers)."""
    if year == 2024:
        return _violence_questions(year)
    return _goal1_questions(year) | _goal2_questions(year) | _violence_questions(year)


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
        out.loc[sampling.draw(rng, saw, k, weights), column] = 1
    nothing = out.loc[saw].sum(axis=1).eq(0)
    out.loc[nothing[nothing].index, "ground_dont_know"] = 1  # "ja" but no ground: don't know
    return out


def _tick(rng: np.random.Generator, out: pd.DataFrame, column: str, respondents: pd.Index,
          cells: list[tuple[pd.Series, float]], default: float) -> None:
    """Tick ``column`` for exactly the share of each cell of ``respondents`` (a mask and a
    published percent); the rest tick it with probability ``default`` percent."""
    done = pd.Index([])
    for mask, share in cells:
        members = respondents[mask[respondents].to_numpy()].difference(done)
        k = calibrate(len(members), {"x": share, "rest": None})["x"]
        out.loc[sampling.draw(rng, members.to_numpy(), k), column] = 1
        done = done.union(members)
    rest = respondents.difference(done)
    out.loc[rest[rng.random(len(rest)) < default / 100], column] = 1


APT_DEFAULTS = {"apt_equality": 40.0, "apt_violence": 55.0, "apt_discrimination": 35.0,
                "apt_human_rights": 30.0}


def _apt_topics(df: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """2.2.3, 3.2.3 and 4.2.1: what workplace meetings discussed. Staff handling parental
    benefits answered in the published numbers; everyone else answered."""
    out = _multi_columns(df, "apt_topics")
    parental = _all(_not(_role("övrig")),
                    _benefit_in("föräldrapenning", "tillfällig_föräldrapenning"))(df)
    equality = "Har pratat om jämställdhet på APT eller annat möte"
    answered = pd.Series(True, index=df.index)
    if year in (n_parental := reference.n("2.2.3", equality)):
        answered[parental] = False
        answered[sampling.draw(rng, df.index[parental].to_numpy(), n_parental[year])] = True
    respondents = df.index[answered.to_numpy()]
    out.loc[respondents] = 0
    chef, sick = CHEF(df), SICK(df)
    _tick(rng, out, "apt_equality", respondents, [
        (parental, published("2.2.3", equality).get(year, 45)),
        (sick & chef, published("4.2.1", "Chefer: har pratat om jämställdhet på APT eller "
                                         "annat möte")[year]),
        (sick & ~chef, published("4.2.1", "Medarbetare: har pratat om jämställdhet på APT "
                                          "eller annat möte")[year])], APT_DEFAULTS["apt_equality"])
    _tick(rng, out, "apt_violence", respondents, [
        (chef, published("3.2.3", "Chefer: har pratat om våld på APT eller annat möte")[year]),
        (~chef, published("3.2.3", "Medarbetare: har pratat om våld på APT eller annat "
                                   "möte")[year])], 0)
    for column in ("apt_discrimination", "apt_human_rights"):
        _tick(rng, out, column, respondents, [], APT_DEFAULTS[column])
    nothing = out.loc[respondents, list(APT_DEFAULTS)].sum(axis=1).eq(0)
    out.loc[nothing.index[nothing.to_numpy()], "apt_none"] = 1
    return out


REASON_DEFAULTS = {"reason_self_harm": 12.0, "reason_other": 9.0}


def _concern_reasons(df: pd.DataFrame, year: int, rng: np.random.Generator) -> pd.DataFrame:
    """3.7.1: reasons given by those who made a report of concern to social services."""
    out = _multi_columns(df, "concern_report_reasons")
    published_reasons = {
        "reason_witnesses": "Anledning: barnet bevittnar våld i familjen",
        "reason_exposed": "Anledning: barnet är utsatt för våld i hemmet",
        "reason_parenting": "Anledning: förälder klarar inte sitt föräldraansvar"}
    n = reference.n("3.7.1", published_reasons["reason_witnesses"])[year]
    pool = df.index[_role(*CASEWORKERS, "specialist")(df).to_numpy()].to_numpy()
    respondents = pd.Index(sampling.draw(rng, pool, n))
    out.loc[respondents] = 0
    for column, series in published_reasons.items():
        _tick(rng, out, column, respondents,
              [(pd.Series(True, index=df.index), published("3.7.1", series)[year])], 0)
    for column, share in REASON_DEFAULTS.items():
        _tick(rng, out, column, respondents, [], share)
    nothing = out.loc[respondents].sum(axis=1).eq(0)
    out.loc[nothing.index[nothing.to_numpy()], "reason_dont_know"] = 1
    return out


def _answer_all(df: pd.DataFrame, source: str, year: int,
                rng: np.random.Generator) -> pd.DataFrame:
    """Answer the year's questions in order; each answer column joins ``df`` at once so
    that later questions can be routed on it."""
    for key, ask in questions(year).items():
        question = sources.schema(source).questions[key]
        try:
            given = answer(df, ask, rng)
        except ValueError as exc:
            raise ValueError(f"{source} {year}, question {key}: {exc}") from exc
        df = df.assign(**{key: _expand(rng, given, question)})
        if key == "discrimination_risk":
            df = pd.concat([df, _grounds(df, given, year, rng)], axis=1)
    return df


def staff_survey(spec: Spec) -> pd.DataFrame | None:
    if spec.year not in RESPONDENTS:
        return None
    rng = spec.rng(SOURCE)
    df = _background(spec, rng)
    if spec.year in RISK_ASKED:
        df = pd.concat([df, _risk_areas(df, spec.year, rng)], axis=1)
    df = _answer_all(df, SOURCE, spec.year, rng)
    df = pd.concat([df, _apt_topics(df, spec.year, rng)], axis=1)
    if spec.year == 2025:
        df = pd.concat([df, _concern_reasons(df, spec.year, rng)], axis=1)
    return df


VIOLENCE_SURVEY_2024 = {"rtw": 401, "uhs": 170}  # respondents (401 and 158 answered)


def violence_survey(spec: Spec) -> pd.DataFrame | None:
    """The 2024 targeted survey: return-to-work investigators and maintenance support."""
    if spec.year != 2024:
        return None
    rng = spec.rng("violence_survey")
    rtw, uhs = VIOLENCE_SURVEY_2024["rtw"], VIOLENCE_SURVEY_2024["uhs"]
    n = rtw + uhs
    df = pd.DataFrame({
        "year": spec.year,
        "respondent_id": [f"V{spec.year}-{i:05d}" for i in range(1, n + 1)],
        "sex": np.where(rng.random(n) < WOMEN_SHARE, "K", "M"),
        "role": rng.choice(list(CASEWORKER_MIX), size=n, p=list(CASEWORKER_MIX.values())),
        "department": ["sjukförsäkring"] * rtw + ["barn_familj"] * uhs,
        "benefit": ["sjukpenning"] * rtw + ["underhållsstöd"] * uhs,
        "rtw_investigator": pd.array([1] * rtw + [None] * uhs, dtype="Int64"),
        "discretion": ["stort"] * rtw + ["litet"] * uhs,
    })
    return _answer_all(df, "violence_survey", spec.year, rng)
