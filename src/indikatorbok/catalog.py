"""A programme's catalog: goals, chain steps (``catalog.yaml``) and its indicators, one file
each (``indicators/<id>.yaml``: metadata and definition together)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from indikatorbok import reads
from indikatorbok.yamlfile import KEY, Label, checked, read_yaml


class Programme(Protocol):
    """What the catalog reads of its programme (an :class:`indikatorbok.programme.Programme`):
    its folders, and the policy's status words."""

    root: Path
    indicators_dir: Path
    kinds_dir: Path
    schema_dir: Path
    editions_dir: Path
    policy: Any


class CatalogError(ValueError):
    """The catalog or an indicator file breaks the catalog's rules."""


@dataclass(frozen=True)
class Kind:
    """A kind of chain step: its label, the heading of its part of Del 1, what the
    analysts assess its indicators against (the goal or the effect), and whether it
    measures effects."""

    key: str
    label: str
    heading: str
    assessed_against: str
    effect: bool = False


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
    table: int  # the number of its table of assessments in the appendix


@dataclass(frozen=True)
class Part:
    """A computation of an indicator: a builder of the engine (or the indicator's own
    code, ``<id>.py``) and its parameters. An indicator shown as one page from several
    computations (e.g. course records and survey answers) has several parts."""

    name: str
    builder: str
    parameters: dict = field(default_factory=dict, hash=False, compare=False)


STATUS_KEYS = ("done", "partial", "none")


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    step: Step
    methods: tuple[str, ...]
    status_words: dict[str, str] = field(hash=False, compare=False, repr=False)
    sources: tuple[str, ...] = ()
    planned_years: tuple[int, ...] = ()
    lag_years: int = 0
    rounding: int | None = None
    reason_partial: str | None = None
    not_followed: str | None = None  # why the indicator has not been followed up at all
    # Facts that are not data (studies, analyses made elsewhere): {title, year, text, ...}
    facts: tuple[dict, ...] = ()
    definition: str = ""  # the definition in words, for reviewers
    parts: tuple[Part, ...] = ()
    files: tuple[Path, ...] = ()  # the files that define it
    aim: str | None = None  # what the goal asks of it: higher, lower or equal (women and men)

    @property
    def followed(self) -> bool:
        return self.not_followed is None

    @property
    def computed(self) -> bool:
        """Whether the indicator has a definition the book computes."""
        return bool(self.parts)

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

    def progress(self, year: int, measured: set[int]) -> str:
        """``done``, ``partial`` or ``none``, from planned versus measured."""
        expected = set(self.expected_years(year))
        done = expected & measured
        if expected and done == expected:
            return "done"
        return "partial" if done else "none"

    def status(self, year: int, measured: set[int]) -> str:
        """The status in the programme's words (e.g. ``delvis genomförd``)."""
        return self.status_words[self.progress(year, measured)]


@dataclass(frozen=True)
class Catalog:
    goals: tuple[Goal, ...]
    indicators: dict[str, Indicator]
    methods: dict[str, str]
    kinds: dict[str, Kind]
    plans: tuple[Path, ...] = ()  # the editions' plans, which add planned years

    def __getitem__(self, indicator_id: str) -> Indicator:
        """An indicator (its definition noted as read)."""
        try:
            ind = self.indicators[indicator_id]
        except KeyError:
            raise KeyError(f"indicator {indicator_id!r} is not in the catalog") from None
        reads.record(*ind.files)
        return ind

    def computed(self) -> list[str]:
        """Ids of the indicators the book computes, in catalog order."""
        return [i.id for i in self.indicators.values() if i.computed]

    def members(self, step: Step) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.step.id == step.id]


def counts(catalog: Catalog, by: str) -> pd.DataFrame:
    """Number of indicators in all and followed up at least once, by ``goal``, ``step``
    (the kind of chain step) or ``method`` (an indicator may use several methods)."""
    rows: dict[str, list[int]] = {}
    if by == "goal":
        labels = {g.id: f"Mål {g.id}" for g in catalog.goals}
        keys = {i.id: [i.step.goal_id] for i in catalog.indicators.values()}
    elif by == "step":
        labels = {k.key: k.label for k in catalog.kinds.values()}
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
    rows = {k: v for k, v in rows.items() if v[0]}  # kinds or methods no indicator uses
    frame = pd.DataFrame([(labels[k], *v) for k, v in rows.items()],
                         columns=["Grupp", "Samtliga indikatorer", "Följts upp minst en gång"])
    if by != "method":  # methods overlap, so they have no total
        frame.loc[len(frame)] = ["Totalt", frame.iloc[:, 1].sum(), frame.iloc[:, 2].sum()]
    return frame


def planned_later(prog: Programme) -> dict[str, list[int]]:
    """Indicator -> the years the editions' plans (``editions/<year>/plan.yaml``, written
    by ``new-year`` and revised by the analysts) add to the catalog's plan."""
    years: dict[str, list[int]] = {}
    for path in sorted(prog.editions_dir.glob("*/plan.yaml")):
        raw = read_yaml(path)
        checked(path, raw, PlanFile)
        for indicator_id in raw.get("measure") or ():
            years.setdefault(str(indicator_id), []).append(int(path.parent.name))
    return years


def id_order(indicator_id: str) -> tuple:
    """Catalog order of ids: ``1.2.10`` after ``1.2.9``."""
    return tuple(int(p) if p.isdigit() else p for p in indicator_id.split("."))


AIMS = ("higher", "lower", "equal")
# Ids used in file names, links and pages: an indicator's "1.2.3", a goal's or a step's.
INDICATOR_ID = r"^\d+(\.\d+)+$"
GOAL_ID = r"^[0-9A-Za-z_]+$"
STEP_ID = r"^[0-9A-Za-z_]+(\.[0-9A-Za-z_]+)*$"
# A kind of the engine, or of the programme (``kinds/<kind>.py``).
BUILDER = r"^[A-Za-z_]\w*$"


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class KindFile(_Fields):
    label: Label
    heading: Label
    assessed_against: str
    effect: bool = False


class StepFile(_Fields):
    id: Annotated[str, Field(pattern=STEP_ID)]
    kind: str
    title: Label


class GoalFile(_Fields):
    id: Annotated[str, Field(pattern=GOAL_ID)]
    title: Label
    short: Label
    national_goals: list[str] = []
    steps: list[StepFile] = Field(min_length=1)


class NationalGoalFile(_Fields):
    name: Label
    about: Label


class CatalogFile(_Fields):
    """What ``catalog.yaml`` holds."""

    chain_steps: dict[Annotated[str, Field(pattern=KEY)], KindFile] = Field(min_length=1)
    methods: dict[str, str]
    national_goals: dict[str, NationalGoalFile] = {}
    first_goal_table: int = Field(default=2, ge=1)
    goals: list[GoalFile] = Field(min_length=1)


class PlanFile(_Fields):
    """What ``editions/<year>/plan.yaml`` holds: the indicators to measure that year."""

    measure: list[Annotated[str, Field(pattern=INDICATOR_ID)]] = []


class PartFile(_Fields):
    name: Annotated[str, Field(pattern=r"^\w*$")] = ""
    builder: Annotated[str, Field(pattern=BUILDER)]
    parameters: dict = {}


class IndicatorFile(_Fields):
    """What ``indicators/<id>.yaml`` holds (a definition's ``parameters`` are its
    builder's)."""

    title: Label
    step: Annotated[str, Field(pattern=STEP_ID)]
    aim: Literal[AIMS] | None = None
    methods: list[str]
    sources: list[Annotated[str, Field(pattern=r"^\w+$")]] = []
    planned_years: list[int] = []
    lag_years: int = Field(default=0, ge=0)
    rounding: int | None = Field(default=None, ge=1)
    reason_partial: str | None = None
    not_followed: str | None = None
    facts: list[dict] = []
    definition: str | None = None
    builder: Annotated[str, Field(pattern=BUILDER)] | None = None
    parameters: dict = {}
    parts: list[PartFile] | None = None


def _parts(raw: dict, path: Path, kinds_dir: Path
           ) -> tuple[tuple[Part, ...], tuple[Path, ...]]:
    """The indicator's computations, and the files that define them: its own, and the
    programme's kinds it names (``kinds/<kind>.py``)."""
    if "parts" in raw and "builder" in raw:
        raise CatalogError(f"{path}: give either 'builder' or 'parts', not both.")
    given = raw.get("parts") or ([{"name": "", "builder": raw["builder"],
                                   "parameters": raw.get("parameters") or {}}]
                                 if raw.get("builder") else [])
    parts, files = [], [path]
    for n, p in enumerate(given, start=1):
        if not p.get("builder"):
            raise CatalogError(f"{path}: part {n} names no builder.")
        if (code := kinds_dir / f"{p['builder']}.py").is_file():
            files.append(code)
        parts.append(Part(str(p.get("name", "")), str(p["builder"]),
                          dict(p.get("parameters") or {})))
    return tuple(parts), tuple(dict.fromkeys(files))


def read(prog: Programme) -> Catalog:
    path = prog.root / "catalog.yaml"
    raw = read_yaml(path)
    checked(path, raw, CatalogFile)
    later = planned_later(prog)
    kinds = {k: Kind(k, v["label"], v["heading"], v["assessed_against"],
                     bool(v.get("effect", False))) for k, v in raw["chain_steps"].items()}
    methods = raw["methods"]
    national = {k: NationalGoal(**v) for k, v in (raw.get("national_goals") or {}).items()}
    goals, steps = [], {}
    for number, g in enumerate(raw["goals"], start=raw.get("first_goal_table", 2)):
        unknown = sorted({s["kind"] for s in g["steps"]} - set(kinds))
        if unknown:
            raise CatalogError(f"{path}: goal {g['id']}: unknown kind(s) of step {unknown}")
        goal_steps = tuple(Step(id=s["id"], kind=s["kind"], kind_label=kinds[s["kind"]].label,
                                title=s["title"], goal_id=g["id"]) for s in g["steps"])
        steps.update({s.id: s for s in goal_steps})
        unknown = set(g.get("national_goals") or ()) - set(national)
        if unknown:
            raise CatalogError(f"{path}: goal {g['id']}: unknown national goal(s) "
                               f"{sorted(unknown)}")
        goals.append(Goal(id=g["id"], title=g["title"], short=g["short"], steps=goal_steps,
                          national_goals=tuple(national[k] for k in g.get("national_goals")
                                               or ()), table=number))
    indicators = {}
    files = sorted(prog.indicators_dir.glob("*.yaml"))
    for file in files:
        if not re.fullmatch(INDICATOR_ID, file.stem):
            raise CatalogError(f"{file}: an indicator's file is named by its id, numbers "
                               f"joined by dots (for example 1.2.3.yaml), not {file.name!r}.")
    for file in sorted(files, key=lambda p: id_order(p.stem)):
        ind_id = file.stem
        i = read_yaml(file)
        checked(file, i, IndicatorFile)
        problems = []
        if "step" in i and str(i["step"]) not in steps:
            problems.append(f"step {i['step']!r} is not in {path.name}")
        problems += [f"unknown method {m!r}" for m in i.get("methods") or () if m not in methods]
        problems += [f"unknown source {s!r} (no schema/{s}.yaml)" for s in i.get("sources") or ()
                     if not (prog.schema_dir / f"{s}.yaml").is_file()]
        if problems:
            raise CatalogError(f"{file}:\n" + "\n".join(f"  - {p}" for p in problems))
        parts, defining = _parts(i, file, prog.kinds_dir)
        planned = sorted({*i.get("planned_years", ()), *later.get(ind_id, ())})
        indicators[ind_id] = Indicator(
            id=ind_id, title=i["title"], step=steps[str(i["step"])],
            methods=tuple(i["methods"]), status_words=prog.policy.status,
            sources=tuple(i.get("sources") or ()), planned_years=tuple(planned),
            lag_years=i.get("lag_years", 0), rounding=i.get("rounding"),
            reason_partial=i.get("reason_partial"), not_followed=i.get("not_followed"),
            facts=tuple(i.get("facts") or ()), definition=" ".join(
                str(i.get("definition") or "").split()),
            parts=parts, files=defining, aim=i.get("aim"))
        if not indicators[ind_id].followed and (parts or i.get("sources")):
            raise CatalogError(f"{file}: an indicator not followed up has no sources or "
                               f"definition.")
    unknown = sorted(set(later) - set(indicators))
    if unknown:
        raise CatalogError(f"{prog.editions_dir}/*/plan.yaml: unknown indicator(s) {unknown}")
    return Catalog(goals=tuple(goals), indicators=indicators, methods=methods, kinds=kinds,
                   plans=tuple(sorted(prog.editions_dir.glob("*/plan.yaml"))))
