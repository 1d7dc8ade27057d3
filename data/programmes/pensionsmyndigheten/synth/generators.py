"""Synthetic data for Pensionsmyndigheten's plan 2015-2018.

No sex-disaggregated figures for the plan's indicators were found published, so every level
here is an assumption; ../README.md states each with its reasoning and source. The
generators follow every direction the plan or the agency's earlier reporting states: more
men than women registered on minpension.se; customer advisers meet women more often than
men; about four times as many women as men are affected by the housing supplement's
processing problems; no difference by sex in reconsiderations and appeals. Volumes are
national: about 5.7 million orange envelopes a year, some millions of minpension.se users.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indikatorbok.api import Spec, sampling

SEXES = np.array(["K", "M"])
AGE_GROUPS = {"16-29": 0.22, "30-44": 0.28, "45-54": 0.20, "55-64": 0.19, "65+": 0.11}
SURVEY_AGES = {"18-29": 0.16, "30-44": 0.25, "45-54": 0.20, "55-65": 0.19, "66+": 0.20}
STEP = {2015: 0, 2016: 1, 2017: 2, 2018: 3}  # years since the start, for slow trends


# --------------------------------------------------------------------------- registers

PENSION_RIGHTS = {2015: 5_760_000, 2016: 5_830_000, 2017: 5_900_000, 2018: 5_970_000}
MAILED = {2015: 0.965, 2016: 0.966, 2017: 0.966, 2018: 0.967}  # of those with pension rights
WOMEN_WITH_RIGHTS = 0.490
SAVERS_18_65 = {2015: 5_250_000, 2016: 5_300_000, 2017: 5_340_000, 2018: 5_380_000}
WOMEN_SAVERS = 0.488


def reference_population(spec: Spec) -> pd.DataFrame:
    """Persons with pension rights and pension savers 18-65, by sex and age group."""
    rows = []
    for population, total, women in (("pensionsratt", PENSION_RIGHTS[spec.year],
                                      WOMEN_WITH_RIGHTS),
                                     ("pensionssparare_18_65", SAVERS_18_65[spec.year],
                                      WOMEN_SAVERS)):
        ages = AGE_GROUPS if population == "pensionsratt" else {
            k: v for k, v in AGE_GROUPS.items() if k != "65+"}
        scale = sum(ages.values())
        for sex, share in (("K", women), ("M", 1 - women)):
            for age, weight in ages.items():
                rows.append({"year": spec.year, "population": population, "sex": sex,
                             "age_group": age,
                             "persons": int(round(total * share * weight / scale, -2))})
    return pd.DataFrame(rows)


def orange_envelope_mailing(spec: Spec) -> pd.DataFrame:
    """One row per envelope: everyone with pension rights is mailed at the same rate
    whatever their sex (the plan states no difference)."""
    rng = spec.rng("orange_envelope_mailing")
    n = spec.size({"default": 200_000,
                   "national": round(PENSION_RIGHTS[spec.year] * MAILED[spec.year])})
    return pd.DataFrame({
        "year": spec.year, "recipient_id": sampling.identifiers("O", spec.year, n),
        "sex": sampling.two_codes(rng, n, WOMEN_WITH_RIGHTS, SEXES),
        "age_group": sampling.categories(rng, n, AGE_GROUPS),
    })


MINPENSION = {2015: 2_550_000, 2016: 2_850_000, 2017: 3_150_000, 2018: 3_450_000}
WOMEN_ON_MINPENSION = 0.46  # more men than women are registered (the agency's reporting)


def minpension_registrations(spec: Spec) -> pd.DataFrame:
    """Registered users at the end of the year, registered since 2004."""
    rng = spec.rng("minpension_registrations")
    n = spec.size({"default": 100_000, "national": MINPENSION[spec.year]})
    start = np.datetime64("2004-01-01")
    span = int((np.datetime64(f"{spec.year}-12-31") - start).astype(int)) + 1
    ages = {"16-29": 0.12, "30-44": 0.31, "45-54": 0.25, "55-64": 0.22, "65+": 0.10}
    return pd.DataFrame({
        "year": spec.year, "user_id": sampling.identifiers("U", spec.year, n),
        "sex": sampling.two_codes(rng, n, WOMEN_ON_MINPENSION, SEXES),
        "age_group": sampling.categories(rng, n, ages),
        # Later registrations are more common: skew the dates towards the end of the span.
        "registered": start + (span * rng.random(n) ** 0.6).astype(int).astype(
            "timedelta64[D]"),
    })


# Decided applications a year (national), the share of women among applicants, the target
# time in days and the share of cases missing it (2015). Housing supplement: four in five
# applicants are women, so four times as many women as men are hit by its delays.
BENEFITS = {
    "alderspension": (130_000, 0.51, 30, 0.08),
    "bostadstillagg": (90_000, 0.80, 60, 0.35),
    "efterlevandepension": (18_000, 0.70, 45, 0.12),
    "aldreforsorjningsstod": (6_000, 0.55, 60, 0.30),
}
PAID_ON_TIME = 0.97
CASE_GROWTH = 1.02  # a year: more pensioners, more applications


def case_processing(spec: Spec) -> pd.DataFrame:
    """Decided applications with processing days against the target; who waits longer
    follows from who applies (no difference by sex within a benefit)."""
    rng = spec.rng("case_processing")
    parts = []
    for benefit, (national, women, target, missed) in BENEFITS.items():
        n = spec.size({"default": national // 10,
                       "national": round(national * CASE_GROWTH ** STEP[spec.year])})
        late = rng.random(n) < missed + 0.01 * (STEP[spec.year] - 1.5)
        days = np.where(late, target + 1 + rng.gamma(2.0, target / 4, n),
                        rng.integers(1, target + 1, n)).astype(int)
        decided = sampling.dates(rng, spec.year, n)
        granted = rng.random(n) < 0.85
        paid = np.where(granted, (rng.random(n) < PAID_ON_TIME).astype(float), np.nan)
        parts.append(pd.DataFrame({
            "benefit": benefit, "sex": np.where(rng.random(n) < women, "K", "M"),
            "received": decided - days.astype("timedelta64[D]"), "decided": decided,
            "target_days": target, "paid_on_time": pd.array(paid, dtype="Int64")}))
    df = pd.concat(parts, ignore_index=True)
    df.insert(0, "case_id", sampling.identifiers("H", spec.year, len(df)))
    df.insert(0, "year", spec.year)
    for column in ("received", "decided"):
        df[column] = df[column].dt.date
    return df


RECONSIDERED = {"omprovning": (9_000, 0.22), "overklagande": (1_400, 0.12)}
RECONSIDERED_BENEFITS = {"bostadstillagg": 0.55, "alderspension": 0.30,
                         "efterlevandepension": 0.08, "aldreforsorjningsstod": 0.05,
                         "premiepension": 0.02}


def reconsidered_decisions(spec: Spec) -> pd.DataFrame:
    """Reconsiderations and appeals: changed to the individual's favour at the same rate
    for women and men (the pre-studies found no difference by sex)."""
    rng = spec.rng("reconsidered_decisions")
    parts = []
    for procedure, (n, favour) in RECONSIDERED.items():
        parts.append(pd.DataFrame({
            "procedure": procedure,
            "benefit": rng.choice(list(RECONSIDERED_BENEFITS), n,
                                  p=list(RECONSIDERED_BENEFITS.values())),
            "sex": np.where(rng.random(n) < 0.62, "K", "M"),
            "decided": sampling.dates(rng, spec.year, n)}))
        # Exactly the same rate for women and men (no difference by sex).
        part = parts[-1]
        part["changed_in_favour"] = 0
        for sex in SEXES:
            rows = part.index[part.sex == sex].to_numpy()
            chosen = rng.choice(rows, round(len(rows) * favour), replace=False)
            part.loc[chosen, "changed_in_favour"] = 1
    df = pd.concat(parts, ignore_index=True)
    df.insert(0, "case_id", sampling.identifiers("R", spec.year, len(df)))
    df.insert(0, "year", spec.year)
    df["decided"] = pd.to_datetime(df["decided"]).dt.date
    return df


# --------------------------------------------------------------------------- information

MEETINGS = {  # kind -> (meetings a year, mean attendees, share of women)
    "informationstraff": (260, 45, 0.60),  # customer advisers meet women more often
    "arbetsplatstraff": (300, 25, 0.50),
    "event": (80, 120, 0.52),
    "riktad_insats": (120, 20, None),
}
TARGET_GROUPS = {  # share of women among attendees of efforts aimed at each group
    "planerar_pension": 0.56, "annat_sprak": 0.50, "egenforetagare": 0.35,
    "utsatta_pensionarer": 0.70, "utan_tjanstepension": 0.45, "blivande_foraldrar": 0.62,
}


def information_meetings(spec: Spec) -> pd.DataFrame:
    """Meetings with the attendees the informer counted; workplace meetings follow their
    workplace, so many are dominated by one sex."""
    rng = spec.rng("information_meetings")
    rows = []
    for kind, (n, mean, women) in MEETINGS.items():
        groups = (rng.choice(list(TARGET_GROUPS), n) if kind == "riktad_insats"
                  else np.array([None] * n))
        size = rng.poisson(mean, n) + 3
        shares = (np.array([TARGET_GROUPS[g] for g in groups]) if women is None
                  else np.full(n, women))
        if kind == "arbetsplatstraff":  # the workplace's own mix
            shares = rng.beta(2, 2, n)
        womens = rng.binomial(size, shares)
        dates = sampling.dates(rng, spec.year, n)
        rows += [{"kind": kind, "target_group": g, "date": d, "attendees_women": w,
                  "attendees_men": s - w}
                 for g, d, w, s in zip(groups, dates, womens, size, strict=True)]
    df = pd.DataFrame(rows)
    df.insert(0, "meeting_id", [f"M{spec.year}-{i:04d}" for i in range(1, len(df) + 1)])
    df.insert(0, "year", spec.year)
    df["date"] = pd.to_datetime(df["date"]).dt.date
    return df


# --------------------------------------------------------------------------- surveys


def _agree(rng: np.random.Generator, n: int, share: np.ndarray) -> np.ndarray:
    """Answers on a 1-5 scale with ``share`` of 4 or 5."""
    top = rng.random(n) < share
    return np.where(top, rng.choice([4, 5], n, p=[0.6, 0.4]),
                    rng.choice([1, 2, 3], n, p=[0.15, 0.3, 0.55]))


def knowledge_survey(spec: Spec) -> pd.DataFrame:
    """Savers and pensioners; men rate their knowledge and ability to decide higher than
    women do (an assumption), the agency's help equally."""
    rng = spec.rng("knowledge_survey")
    n = 1500
    sex = np.where(rng.random(n) < 0.52, "K", "M")
    ages = rng.choice(list(SURVEY_AGES), n, p=list(SURVEY_AGES.values()))
    women, trend = sex == "K", 0.01 * STEP[spec.year]
    df = pd.DataFrame({"year": spec.year, "respondent_id": sampling.identifiers("K", spec.year, n),
                       "sex": sex, "age_group": ages,
                       "status": np.where(ages == "66+", "pensionar", "sparare")})
    for question, (w, m) in {"predictable": (0.40, 0.47), "informed_decisions": (0.44, 0.53),
                             "easier_to_understand": (0.35, 0.36)}.items():
        answers = _agree(rng, n, np.where(women, w, m) + trend).astype(float)
        answers[rng.random(n) < 0.03] = np.nan  # no answer
        df[question] = pd.array(answers, dtype="Int64")
    return df


def orange_envelope_survey(spec: Spec) -> pd.DataFrame:
    """About one in five does not open the envelope (Riksrevisionen); women open and read
    it slightly more often, men find it easy slightly more often (assumptions)."""
    rng = spec.rng("orange_envelope_survey")
    n = 1200
    sex = np.where(rng.random(n) < 0.5, "K", "M")
    women = sex == "K"
    opened = rng.random(n) < np.where(women, 0.82, 0.78)
    read = opened & (rng.random(n) < np.where(women, 0.78, 0.72))
    easy = _agree(rng, n, np.where(women, 0.52, 0.58) + 0.01 * STEP[spec.year])
    return pd.DataFrame({
        "year": spec.year, "respondent_id": sampling.identifiers("E", spec.year, n), "sex": sex,
        "age_group": rng.choice(list(AGE_GROUPS), n, p=list(AGE_GROUPS.values())),
        "opened": np.where(opened, "ja", "nej"),
        "read_some": np.where(opened, np.where(read, "ja", "nej"), None),
        "easy": pd.array(np.where(read, easy, np.nan), dtype="Int64"),
    })


def image_survey(spec: Spec) -> pd.DataFrame:
    """The public and people in contact with the agency; trust about equal for women and
    men, higher among those in contact (assumptions)."""
    rng = spec.rng("image_survey")
    samples = {"allmanheten": 1000, "kontakt": 500}
    sample = np.repeat(list(samples), list(samples.values()))
    n = len(sample)
    sex = np.where(rng.random(n) < 0.51, "K", "M")
    share = np.where(sample == "kontakt", 0.55, 0.45) + np.where(sex == "K", 0.01, -0.01)
    return pd.DataFrame({
        "year": spec.year, "respondent_id": sampling.identifiers("I", spec.year, n), "sex": sex,
        "age_group": rng.choice(list(SURVEY_AGES), n, p=list(SURVEY_AGES.values())),
        "sample": sample, "trust": _agree(rng, n, share + 0.01 * STEP[spec.year]),
    })


CHANNELS = {  # respondents, mean index 0-100 for women and for men
    "webb": (1000, 60, 63),
    "orange_kuvert": (800, 58, 58),
    "kundservice_telefon": (1200, 71, 69),
    "informationsmote": (400, 78, 75),  # personal meetings: women a little more satisfied
    "fordjupat_mote": (250, 82, 79),
}


def customer_satisfaction(spec: Spec) -> pd.DataFrame:
    """Three index items on 1-10 per respondent around the channel's level."""
    rng = spec.rng("customer_satisfaction")
    parts = []
    for channel, (n, women, men) in CHANNELS.items():
        sex = np.where(rng.random(n) < 0.55, "K", "M")
        level = np.where(sex == "K", women, men) + STEP[spec.year] * 0.5
        latent = 1 + 9 * level / 100 + rng.normal(0, 1.6, n)
        items = {item: np.clip(np.round(latent + rng.normal(0, 0.8, n)), 1, 10).astype(int)
                 for item in ("overall", "expectations", "ideal")}
        parts.append(pd.DataFrame({"channel": channel, "sex": sex,
                                   "age_group": rng.choice(list(SURVEY_AGES), n,
                                                           p=list(SURVEY_AGES.values())),
                                   **items}))
    df = pd.concat(parts, ignore_index=True)
    df.insert(0, "respondent_id", sampling.identifiers("N", spec.year, len(df)))
    df.insert(0, "year", spec.year)
    return df


COMPLAINTS = {  # share of complaints from women, and the category mix for women and men
    "handlaggningstid": (0.34, 0.24),  # the housing supplement's delays hit women
    "beslut": (0.18, 0.24), "bemotande": (0.10, 0.10), "information": (0.14, 0.13),
    "utbetalning": (0.12, 0.15), "tillganglighet": (0.07, 0.09), "ovrigt": (0.05, 0.05),
}


def customer_complaints(spec: Spec) -> pd.DataFrame:
    """Complaints from 2016, when they were first registered by sex."""
    if spec.calendar_year < 2016:
        return None
    rng = spec.rng("customer_complaints")
    n = 2800 + 150 * STEP[spec.year]
    sex = np.where(rng.random(n) < 0.58, "K", "M")
    categories = list(COMPLAINTS)
    women_mix = np.array([w for w, _ in COMPLAINTS.values()])
    men_mix = np.array([m for _, m in COMPLAINTS.values()])
    category = np.where(sex == "K", rng.choice(categories, n, p=women_mix / women_mix.sum()),
                        rng.choice(categories, n, p=men_mix / men_mix.sum()))
    return pd.DataFrame({"year": spec.year, "complaint_id": sampling.identifiers("C", spec.year, n),
                         "received": pd.to_datetime(sampling.dates(rng, spec.year, n)).date,
                         "category": category, "sex": sex})


KRUS = {2015: (1050, 90), 2016: (250, 140)}  # staff and new hires completing the course


def krus_course(spec: Spec) -> pd.DataFrame:
    """The mandatory web course, completed by most staff in 2015 and the rest in 2016;
    women are about three in five of the staff."""
    if spec.calendar_year not in KRUS:
        return None
    rng = spec.rng("krus_course")
    staff, hires = KRUS[spec.calendar_year]
    n = staff + hires
    return pd.DataFrame({
        "year": spec.year,
        "participation_id": [f"P{spec.year}-{i:05d}" for i in range(1, n + 1)],
        "person_id": [f"A{spec.year}-{i:05d}" for i in range(1, n + 1)],
        "sex": sampling.exact(rng, n, {"K": 0.62, "M": 0.38}),
        "employee_group": ["medarbetare"] * staff + ["nyanstalld"] * hires,
        "completed": pd.to_datetime(sampling.dates(rng, spec.year, n)).date,
    })
