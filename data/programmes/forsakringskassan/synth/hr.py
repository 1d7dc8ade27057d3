"""Synthetic HR training records: one row per participation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indikatorbok.api import Spec, bound

reference = bound(__file__)  # this programme's published figures

SOURCE = "hr_training"
SERIES = "Deltagare i utbildning om jämställdhet"
# Teacher-led gender-equality course per year (unpublished; about 500 in 2020-2025).
TEACHER_LED = {2020: 140, 2021: 45, 2022: 95, 2023: 85, 2024: 40, 2025: 95}
VIOLENCE_SERIES = "Deltagare i utbildning om våld"
# Teacher-led violence course per year (unpublished; 1 400 in 2020-2025 as published), and
# offsets that keep every year, and the sum, rounding to the published hundreds.
VIOLENCE_TEACHER_LED = {2020: 150, 2021: 300, 2022: 200, 2023: 280, 2024: 170, 2025: 300}
VIOLENCE_OFFSETS = {2020: -40, 2021: -20, 2022: -10, 2023: -30, 2024: -10, 2025: 10}
EMPLOYEES = 16000
# Offsets that keep every year's count, and the 2020-2025 sums, rounding to the published
# hundreds (the report publishes counts rounded to the nearest hundred).
OFFSETS = {2020: -23, 2021: 31, 2022: -12, 2023: 18, 2024: -36, 2025: 27}


def _web_course(year: int) -> str:
    # The agency's own web course until 2021, then the one shared by all agencies.
    return "jam_webb_fk" if year <= 2021 else "jam_webb_jamy"


def hr_training(spec: Spec) -> pd.DataFrame:
    rng = spec.rng(SOURCE)
    published = reference.series("1.2.3", SERIES)
    target = published.get(spec.year, published[max(published)])
    total = int(target) + OFFSETS.get(spec.year, int(rng.integers(-40, 41)))
    teacher = TEACHER_LED.get(spec.year, 90)
    counts = {_web_course(spec.year): total - teacher, "jam_larledd": teacher}
    violence = reference.series("3.2.3", VIOLENCE_SERIES)
    v_total = int(violence.get(spec.year, violence[max(violence)])) + VIOLENCE_OFFSETS.get(
        spec.year, int(rng.integers(-40, 41)))
    v_teacher = VIOLENCE_TEACHER_LED.get(spec.year, 250)
    counts.update({"vald_webb": v_total - v_teacher, "vald_larledd": v_teacher})
    courses = np.repeat(list(counts), list(counts.values()))
    n = len(courses)
    first, last = np.datetime64(f"{spec.year}-01-01"), np.datetime64(spec.period_end.isoformat())
    days = rng.integers(0, int((last - first).astype(int)) + 1, size=n)
    order = np.argsort(days, kind="stable")
    person = rng.integers(1, EMPLOYEES + 1, size=n)
    return pd.DataFrame({
        "year": spec.year,
        "participation_id": [f"U{spec.year}-{i:06d}" for i in range(1, n + 1)],
        "person_id": [f"P{p:06d}" for p in person[order]],
        "date": (first + days[order]).astype(str),
        "course": courses[order],
        "role": np.where(rng.random(n) < 0.08, "chef", "medarbetare"),
    })
