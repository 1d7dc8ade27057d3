"""Synthetic register extracts: benefit days and payments per parent."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indikatorbok import reference
from indikatorbok.synth import Spec, calibrate

# Different-sex couples with a first joint child per birth cohort. National scale: about
# 100 000 births a year in Sweden, of which some 45 000 are a couple's first joint child.
COUPLES = {"default": 4000, "national": 45000}
PB_EQUAL = "Föräldrapenning: delar jämställt"
PB_WOMAN = "Föräldrapenning: kvinnan tar mer än 60 procent"
PB_MAN = "Föräldrapenning: mannen tar mer än 60 procent"
MAN_OVER_60 = 5.2  # unpublished years: the report gives 5 % for the 2023 cohort only


def _shares(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """The woman's share of the couple's days, inside each category's interval."""
    share = np.empty(len(category))
    eq, wo, ma = category == 0, category == 1, category == 2
    share[eq] = rng.uniform(0.40, 0.60, eq.sum())
    share[wo] = rng.uniform(0.61, 1.0, wo.sum())
    share[ma] = rng.uniform(0.05, 0.39, ma.sum())
    return share


def parental_benefit(spec: Spec) -> pd.DataFrame | None:
    """One row per parent and child born in ``spec.year``; days used in the first 24 months."""
    if spec.year > spec.final_year - 2:  # a cohort is complete two years after birth
        return None
    rng = spec.rng("parental_benefit")
    n = COUPLES[spec.scale]
    published = {key: reference.series("2.5.1", label) for key, label in
                 (("equal", PB_EQUAL), ("woman", PB_WOMAN), ("man", PB_MAN))}
    counts = calibrate(n, {"equal": published["equal"][spec.year],
                           "man": published["man"].get(spec.year, MAN_OVER_60),
                           "woman": published["woman"].get(spec.year)})
    equal = counts["equal"]
    category = np.repeat([0, 2, 1], [counts["equal"], counts["man"], counts["woman"]])
    rng.shuffle(category)
    total = np.round(rng.normal(340, 70, n).clip(40, 480) * 4) / 4
    woman = np.round(total * _shares(rng, category) * 4) / 4
    # Exact 40/60 edges occur in real data: put some couples on them (still "equal").
    edge = np.flatnonzero(category == 0)[:: max(1, equal // 20)]
    total[edge] = 400.0
    woman[edge] = np.where(np.arange(len(edge)) % 2 == 0, 160.0, 240.0)
    # Re-assert the categories after rounding to quarter days.
    share = woman / total
    bad = ((category == 0) & ((share < 0.4) | (share > 0.6))) | ((category == 1) & (share <= 0.6)) \
        | ((category == 2) & (share >= 0.4))
    woman[bad & (category == 0)] = total[bad & (category == 0)] / 2
    woman[bad & (category == 1)] = total[bad & (category == 1)]
    woman[bad & (category == 2)] = 0.0
    man_days = total - woman

    children = [f"B{spec.year}-{i:06d}" for i in range(1, n + 1)]
    couples = pd.DataFrame({"child_id": children, "first_joint_child": 1,
                            "K": woman, "M": man_days})
    rows = couples.melt(id_vars=["child_id", "first_joint_child"], value_vars=["K", "M"],
                        var_name="parent_sex", value_name="days")
    rows["parent_id"] = [f"F{spec.year}-{i:07d}" for i in range(1, len(rows) + 1)]

    # Records the definition must leave out: later children, same-sex couples, couples who
    # used no days, and children with one parent in the register.
    k = max(n // 10, 4)
    later = pd.DataFrame({"child_id": [f"B{spec.year}-L{i:05d}" for i in range(k)] * 2,
                          "first_joint_child": 0, "parent_sex": ["K"] * k + ["M"] * k,
                          "days": np.round(rng.uniform(0, 300, 2 * k) * 4) / 4})
    s = max(n // 100, 2)
    same_sex = pd.DataFrame({"child_id": [f"B{spec.year}-S{i:05d}" for i in range(s)] * 2,
                             "first_joint_child": 1, "parent_sex": ["K"] * (2 * s),
                             "days": np.round(rng.uniform(50, 250, 2 * s) * 4) / 4})
    z = max(n // 200, 2)
    zero = pd.DataFrame({"child_id": [f"B{spec.year}-Z{i:05d}" for i in range(z)] * 2,
                         "first_joint_child": 1, "parent_sex": ["K"] * z + ["M"] * z,
                         "days": 0.0})
    single = pd.DataFrame({"child_id": [f"B{spec.year}-E{i:05d}" for i in range(s)],
                           "first_joint_child": 1, "parent_sex": "K",
                           "days": np.round(rng.uniform(100, 480, s) * 4) / 4})
    extra = pd.concat([later, same_sex, zero, single], ignore_index=True)
    extra["parent_id"] = [f"F{spec.year}-X{i:06d}" for i in range(len(extra))]
    out = pd.concat([rows, extra], ignore_index=True)
    out = out.sample(frac=1, random_state=int(rng.integers(2**31))).reset_index(drop=True)
    out.insert(0, "birth_year", spec.year)
    return out[["birth_year", "child_id", "parent_id", "parent_sex", "first_joint_child", "days"]]
