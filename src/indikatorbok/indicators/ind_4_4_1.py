"""4.4.1 People in the sickness insurance receive equal case handling, decisions and
treatment.

Definition: followed up through the in-depth analyses of the sickness insurance; the book
recomputes the adjusted analysis of rejections of sickness compensation (the same
definition as 1.3.2).
"""

from indikatorbok.indicators import Context
from indikatorbok.indicators.ind_1_3_2 import rejection_analysis


def compute(ctx: Context):
    return rejection_analysis(ctx)
