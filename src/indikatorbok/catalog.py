"""The indicator catalog (``data/catalog/indicators.yaml``): goals, chain steps, indicators."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from indikatorbok import paths


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    kind_label: str
    title: str
    goal_id: str


@dataclass(frozen=True)
class NationalGoal:
    """A national gender-equality sub-goal; ``about`` completes "delmålet …" in a sentence."""

    name: str
    about: str


@dataclass(frozen=True)
class Goal:
    id: str
    title: str
    short: str  # a few words, for headings and navigation
    steps: tuple[Step, ...]
    national_goals: tuple[NationalGoal, ...]  # the sub-goals this goal is meant to serve


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    step: Step
    methods: tuple[str, ...]
    sources: tuple[str, ...] = ()
    planned_years: tuple[int, ...] = ()
    lag_years: int = 0
    rounding: int | None = None
    reason_partial: str | None = None
    not_followed: str | None = None  # why the indicator has not been followed up at all
    # Facts that are not data (studies, analyses made elsewhere): {title, year, text, ...}
    facts: tuple[dict, ...] = ()

    @property
    def followed(self) -> bool:
        return self.not_followed is None

    @property
    def slug(self) -> str:
        """``1_1_1``: used in file names (notebooks, pages)."""
        return self.id.replace(".", "_")

    @property
    def notebook(self) -> str:
        return f"indikator_{self.slug}"

    def expected_years(self, year: int) -> list[int]:
        """Planned measurements that the edition ``year`` can hold, given the lag."""
        return [y for y in self.planned_years if y <= year - self.lag_years]

    def status(self, year: int, measured: set[int]) -> str:
        """``genomförd`` / ``delvis genomförd`` / ``ej genomförd``, from planned versus measured."""
        expected = set(self.expected_years(year))
        done = expected & measured
        if expected and done == expected:
            return "genomförd"
        return "delvis genomförd" if done else "ej genomförd"


@dataclass(frozen=True)
class Catalog:
    goals: tuple[Goal, ...]
    indicators: dict[str, Indicator]
    methods: dict[str, str]

    def __getitem__(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise KeyError(f"indicator {indicator_id!r} is not in {paths.CATALOG}") from None


def counts(catalog: Catalog, by: str) -> pd.DataFrame:
    """Number of indicators in all and followed up at least once, by ``goal``, ``step``
    (the kind of chain step) or ``method`` (an indicator may use several methods)."""
    rows: dict[str, list[int]] = {}
    if by == "goal":
        labels = {g.id: f"Mål {g.id}" for g in catalog.goals}
        keys = {i.id: [i.step.goal_id] for i in catalog.indicators.values()}
    elif by == "step":
        labels = {s.kind: s.kind_label for g in catalog.goals for s in g.steps}
        keys = {i.id: [i.step.kind] for i in catalog.indicators.values()}
    elif by == "method":
        labels = dict(catalog.methods)
        keys = {i.id: list(i.methods) for i in catalog.indicators.values()}
    else:
        raise ValueError(f"by must be goal, step or method, not {by!r}")
    for key in labels:
        rows[key] = [0, 0]
    for ind in catalog.indicators.values():
        for key in keys[ind.id]:
            rows[key][0] += 1
            rows[key][1] += ind.followed
    frame = pd.DataFrame([(labels[k], *v) for k, v in rows.items()],
                         columns=["Grupp", "Samtliga indikatorer", "Följts upp minst en gång"])
    if by != "method":  # methods overlap, so they have no total
        frame.loc[len(frame)] = ["Totalt", frame.iloc[:, 1].sum(), frame.iloc[:, 2].sum()]
    return frame


def plan_files() -> list[Path]:
    """Editions' plans (``data/editions/<year>/plan.yaml``): indicators to be measured in a
    year after the catalog's plan (written by ``new-year``, revised by the analysts)."""
    return sorted(paths.EDITIONS.glob("*/plan.yaml"))


def planned_later() -> dict[str, list[int]]:
    """Indicator -> the years the editions' plans add."""
    years: dict[str, list[int]] = {}
    for path in plan_files():
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for indicator_id in raw.get("measure") or ():
            years.setdefault(str(indicator_id), []).append(int(path.parent.name))
    return years


@cache
def load() -> Catalog:
    raw = yaml.safe_load(paths.CATALOG.read_text(encoding="utf-8"))
    later = planned_later()
    kinds, methods = raw["chain_steps"], raw["methods"]
    national = {k: NationalGoal(**v) for k, v in raw["national_goals"].items()}
    goals, steps = [], {}
    for g in raw["goals"]:
        goal_steps = tuple(
            Step(id=s["id"], kind=s["kind"], kind_label=kinds[s["kind"]], title=s["title"],
                 goal_id=g["id"])
            for s in g["steps"]
        )
        steps.update({s.id: s for s in goal_steps})
        unknown = set(g["national_goals"]) - set(national)
        if unknown:
            raise ValueError(f"goal {g['id']}: unknown national goal(s) {sorted(unknown)}")
        goals.append(Goal(id=g["id"], title=g["title"], short=g["short"], steps=goal_steps,
                          national_goals=tuple(national[k] for k in g["national_goals"])))
    indicators = {}
    for i in raw["indicators"]:
        unknown = set(i["methods"]) - set(methods)
        if unknown:
            raise ValueError(f"indicator {i['id']}: unknown method(s) {sorted(unknown)}")
        planned = sorted({*i.get("planned_years", ()), *later.get(i["id"], ())})
        indicators[i["id"]] = Indicator(
            id=i["id"], title=i["title"], step=steps[i["step"]], methods=tuple(i["methods"]),
            sources=tuple(i.get("sources", ())), planned_years=tuple(planned),
            lag_years=i.get("lag_years", 0), rounding=i.get("rounding"),
            reason_partial=i.get("reason_partial"), not_followed=i.get("not_followed"),
            facts=tuple(i.get("facts", ())),
        )
    unknown = sorted(set(later) - set(indicators))
    if unknown:
        raise ValueError(f"{', '.join(map(str, plan_files()))}: unknown indicator(s) {unknown}")
    return Catalog(goals=tuple(goals), indicators=indicators, methods=methods)
