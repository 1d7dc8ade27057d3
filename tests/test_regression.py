"""The adjusted analysis: a difference caused by the mix of diagnoses disappears when
diagnosis is held equal."""

import numpy as np
import pandas as pd

from indikatorbok import regression


def test_confounded_difference_disappears_after_adjustment():
    rng = np.random.default_rng(7)
    n = 6000
    sex = np.where(rng.random(n) < 0.5, "K", "M")
    # Women apply more often with the diagnosis that is rejected more often.
    diagnosis = np.where(rng.random(n) < np.where(sex == "K", 0.7, 0.3), "a", "b")
    rejected = (rng.random(n) < np.where(diagnosis == "a", 0.7, 0.3)).astype(int)
    df = pd.DataFrame({"sex": sex, "diagnosis_group": diagnosis, "rejected": rejected})
    crude, adjusted = regression.sex_odds_ratios(
        df, "rejected", {"crude": [], "adjusted": ["diagnosis_group"]}, alpha=0.05,
        women=df["sex"].eq("K"))
    assert crude.significant and crude.estimate > 1.5
    assert adjusted.low < 1 < adjusted.high
    assert crude.n == adjusted.n == n
