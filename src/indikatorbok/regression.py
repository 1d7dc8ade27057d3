"""Adjusted analyses: is a gender difference still there when other factors are held equal?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class OddsRatio:
    """Odds ratio of the outcome for women relative to men, with a 95 % confidence interval."""

    label: str
    estimate: float
    low: float
    high: float
    p_value: float
    n: int
    alpha: float = 0.05
    statistic: float | None = None  # Wald's z of the coefficient for women

    @property
    def significant(self) -> bool:
        return self.p_value < self.alpha


def sex_odds_ratios(df: pd.DataFrame, outcome: str, models: dict[str, list[str]],
                    alpha: float, women: pd.Series) -> list[OddsRatio]:
    """Logistic regressions of ``outcome`` (0/1) on sex (men as reference; ``women`` marks
    the rows of women), one per model: ``models`` maps a label to the covariates it adjusts
    for (categorical columns); the intervals are at the level ``1 - alpha``."""
    # Imported here: statsmodels takes a second to import, and a build imports this module
    # (with the indicators' definitions) without fitting anything.
    import statsmodels.formula.api as smf

    data = df.assign(kvinna=women.astype(int))
    out = []
    for label, covariates in models.items():
        formula = " + ".join([f"{outcome} ~ kvinna", *(f"C({c})" for c in covariates)])
        fit = smf.logit(formula, data=data).fit(disp=False)
        low, high = fit.conf_int(alpha=alpha).loc["kvinna"]
        out.append(OddsRatio(label, float(np.exp(fit.params["kvinna"])), float(np.exp(low)),
                             float(np.exp(high)), float(fit.pvalues["kvinna"]), int(fit.nobs),
                             alpha, float(fit.tvalues["kvinna"])))
    return out
