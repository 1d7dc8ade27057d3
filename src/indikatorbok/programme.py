"""A programme: one agency's indicator plan, as configuration and definitions.

Everything that belongs to one agency lives in ``data/programmes/<name>/``:

- ``programme.yaml``: the agency's name and book texts, the period's first year, the
  default edition, the disclosure and reporting policy, survey groupings and named
  populations;
- ``catalog.yaml``: goals, the kinds of chain step and their headings, national sub-goals,
  methods; ``indicators/<id>.yaml``: one file per indicator, its metadata and definition
  together; ``kinds/<kind>.py``: the programme's own kinds of indicator, named by what
  they compute (they import only :mod:`indikatorbok.api`);
- ``schema/``: the data contracts; ``reference/``: published figures; ``editions/``: the
  analysts' files per edition; ``book/``: the agency's front matter; ``synth/``: the
  synthetic-data specification.

The package holds only generic machinery; :func:`load` gives a programme, and an
:class:`Edition` (a programme, a year and a data folder) is what every step of a build
is handed. The schema of ``programme.yaml``, its policy and groupings and the programme and
edition they describe are kept in this one module (about 530 lines), so that a programme's
configuration is read in one place.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from indikatorbok import catalog, paths, reads, sources, text
from indikatorbok.yamlfile import KEY, Label, ProgrammeError, checked, read_yaml

CONFIG = "programme.yaml"
# Table symbols every programme explains: missing or too uncertain; withheld to protect
# individuals; impossible.
SYMBOLS = ("missing", "withheld", "impossible")
# What an indicator's findings can say, for the rules of the assessment categories (see
# :mod:`indikatorbok.assessments`).
READINGS = ("toward_goal", "against_goal", "equal", "unequal")


# --------------------------------------------------------------------------- the file's schema

# A key the engine uses in file names, pages or code: letters (Swedish too), digits, _ and -.


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class CategoryFile(_Fields):
    label: str
    result: bool = False
    means: str = ""
    needs: list[Literal[READINGS]] = []
    excludes: list[Literal[READINGS]] = []


class StatusFile(_Fields):
    done: str
    partial: str
    none: str


class SymbolFile(_Fields):
    symbol: str
    text: str


class PolicyFile(_Fields):
    min_group: int = Field(ge=1)
    min_cell: int = Field(ge=1)
    alpha: float = Field(gt=0, lt=1)
    even_range: tuple[int, int] | None = None
    assessment_categories: dict[Annotated[str, Field(pattern=KEY)], CategoryFile] = \
        Field(min_length=1)
    status: StatusFile
    not_followed: str
    symbols: dict[Literal[SYMBOLS], SymbolFile]


class GroupingFile(_Fields):
    labels: dict[str, Label] | None = None
    codes_from: Annotated[str, Field(pattern=r"^\w+\.\w+$")] | None = None
    column: str | None = None
    noun: Label | None = None
    phrases: dict[str, str] = {}
    map: dict[str, str] | None = None
    default: str | None = None


class ContactFile(_Fields):
    """Where readers write or call: about the book, its data or its accessibility."""

    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.\w+$")]
    phone: Label


class AccessibilityFile(_Fields):
    """When the accessibility statement was made and last reviewed (Digg's model asks)."""

    prepared: dt.date
    reviewed: dt.date


class LicenceFile(_Fields):
    """The licence of the published tables (the data package names it)."""

    name: Annotated[str, Field(pattern=r"^[\w.+-]+$")]
    title: Label
    path: Annotated[str, Field(pattern=r"^https://")]


class ProgrammeFile(_Fields):
    """What ``programme.yaml`` holds (see the module docstring)."""

    default: bool = False
    agency: Label
    agency_genitive: str | None = None
    title: Label
    first_year: int = Field(ge=1900, le=2100)
    default_year: int = Field(ge=1900, le=2100)
    policy: PolicyFile
    texts: dict[str, str]
    surveys: dict[str, str | dict[str, str]] = {}
    groupings: dict[Annotated[str, Field(pattern=KEY)], GroupingFile] = {}
    populations: dict[Annotated[str, Field(pattern=r"^\w+$")], str] = {}
    count_units: dict[Annotated[str, Field(pattern=KEY)], Label] = {}
    count_singulars: dict[Annotated[str, Field(pattern=KEY)], Label] = {}
    contact: ContactFile
    accessibility: AccessibilityFile
    licence: LicenceFile


@dataclass(frozen=True)
class Category:
    """An assessment category: its key, its label, whether it counts as a result, what it
    means (for readers), and its rule against the figures: the readings of the findings it
    ``needs`` (one of them) and those it ``excludes`` (see :mod:`indikatorbok.assessments`).
    """

    key: str
    label: str
    result: bool
    means: str = ""
    needs: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    """Disclosure and reporting rules of a programme.

    ``min_group``: the smallest group of survey respondents shown or compared;
    ``min_cell``: register cells of 1 to ``min_cell - 1`` persons or cases are withheld;
    ``alpha``: the significance level of every test; ``categories``: the analysts'
    assessment categories, best first; ``status``: the words for a follow-up that is done,
    partly done or not done; ``symbols``: table symbols with their explanation;
    ``even_range``: the shares of women (percent, bounds included) that count as an even
    division of women and men.
    """

    min_group: int
    min_cell: int
    alpha: float
    categories: tuple[Category, ...]
    status: dict[str, str]
    not_followed: str
    symbols: dict[str, dict[str, str]] = field(default_factory=dict)
    even_range: tuple[int, int] | None = None

    def category(self, key: str) -> Category:
        return next(c for c in self.categories if c.key == key)

    def symbol(self, name: str) -> str:
        return self.symbols[name]["symbol"]

    def legend(self) -> dict[str, str]:
        """Symbol -> its explanation, in the order the policy lists them."""
        return {s["symbol"]: s["text"] for s in self.symbols.values()}


@dataclass(frozen=True)
class Grouping:
    """A breakdown of survey respondents: the column it comes from (through ``mapping``
    when codes are merged), table labels, phrases for running text and the ``noun`` that
    names the breakdown ("efter avdelning")."""

    name: str
    column: str
    labels: dict[str, str]
    phrases: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, str] | None = None
    default: str | None = None  # the group of codes ``mapping`` does not name
    noun: str | None = None

    def values(self, df):
        """Each row's group code."""
        if self.mapping is None:
            return df[self.column]
        mapped = df[self.column].map(lambda v: self.mapping.get(v, self.default))
        return mapped.astype(object)


class Groupings(Mapping):
    """The programme's groupings by name, each made when first used; one that takes its
    codes from a contract notes the contract as read whenever it is used."""

    def __init__(self, programme: Programme, config: dict[str, dict]):
        self.programme, self.config = programme, config
        self.made: dict[str, Grouping] = {}

    def __getitem__(self, name: str) -> Grouping:
        g = self.config[name]
        labels = g.get("labels")
        if labels is None:  # the codes of a contract column
            source, column = g["codes_from"].split(".")
            labels = self.programme.schema(source).columns[column].codes  # noted as read
        if name not in self.made:
            self.made[name] = Grouping(name, g.get("column", name), dict(labels),
                                       dict(g.get("phrases") or {}), g.get("map"),
                                       g.get("default"), g.get("noun"))
        return self.made[name]

    def __iter__(self):
        return iter(self.config)

    def __len__(self) -> int:
        return len(self.config)


class Programme:
    """One agency's programme, read from its folder (see the module docstring)."""

    def __init__(self, name: str, root: Path):
        self.name = name
        self.root = root
        path = root / CONFIG
        if not path.is_file():
            raise ProgrammeError(f"{path}: no programme configuration.")
        self.config = read_yaml(path)
        reads.record(path)
        checked(path, self.config, ProgrammeFile)

    def __repr__(self) -> str:
        return f"Programme({self.name!r})"

    # ----------------------------------------------------------------- identity and texts

    @property
    def agency(self) -> str:
        return self.config["agency"]

    @property
    def title(self) -> str:
        return self.config["title"]

    @property
    def first_year(self) -> int:
        return int(self.config["first_year"])

    @property
    def default_year(self) -> int:
        return int(self.config["default_year"])

    def text(self, key: str, **values) -> str:
        """One of the programme's book texts, with ``{name}`` fields filled in."""
        try:
            template = self.config["texts"][key]
        except KeyError:
            raise ProgrammeError(f"{self.root / CONFIG}: texts.{key} is missing.") from None
        return " ".join(str(template).split()).format(**values) if values else \
            " ".join(str(template).split())

    @cached_property
    def policy(self) -> Policy:
        p = self.config["policy"]
        return Policy(
            min_group=int(p["min_group"]), min_cell=int(p["min_cell"]), alpha=float(p["alpha"]),
            categories=tuple(self._category(k, v) for k, v in p["assessment_categories"].items()),
            status=dict(p["status"]), not_followed=p["not_followed"],
            symbols=self._symbols(p),
            even_range=tuple(int(b) for b in p["even_range"]) if p.get("even_range") else None)

    def _category(self, key: str, raw: dict) -> Category:
        rule = {name: tuple(raw.get(name) or ()) for name in ("needs", "excludes")}
        unknown = sorted({r for names in rule.values() for r in names} - set(READINGS))
        if unknown:
            raise ProgrammeError(f"{self.root / CONFIG}: policy.assessment_categories.{key}: "
                                 f"unknown reading(s) {unknown} (one of {', '.join(READINGS)}).")
        return Category(key, raw["label"], bool(raw.get("result", False)),
                        " ".join(str(raw.get("means") or "").split()), **rule)

    def _symbols(self, policy: dict) -> dict[str, dict[str, str]]:
        symbols = dict(policy.get("symbols") or {})
        lacking = [s for s in SYMBOLS if s not in symbols]
        if lacking:
            raise ProgrammeError(f"{self.root / CONFIG}: policy.symbols needs {', '.join(lacking)}"
                                 f" (a symbol and its explanation each).")
        if symbols["missing"]["symbol"] != text.MISSING:
            raise ProgrammeError(f"{self.root / CONFIG}: policy.symbols.missing must be "
                                 f"{text.MISSING!r}, the symbol of Swedish official statistics.")
        return symbols

    @cached_property
    def groupings(self) -> Groupings:
        """The survey groupings (see :class:`Groupings`)."""
        return Groupings(self, dict(self.config.get("groupings") or {}))

    @property
    def count_units(self) -> dict[str, str]:
        """What the programme's counts count (``persons``, ``cases``, ...): key -> the word in
        tables and text, in the plural. ``persons`` are counted once each, by an identifier
        of the contract."""
        return dict(self.config.get("count_units") or {})

    @property
    def count_singulars(self) -> dict[str, str]:
        """The singular of a count unit's word, where a count of one is said in words
        ("1 anmälan", not "1 anmälningar")."""
        return dict(self.config.get("count_singulars") or {})

    @property
    def populations(self) -> dict[str, str]:
        """Named populations: expressions over a source's columns that definitions use."""
        return dict(self.config.get("populations") or {})

    @property
    def surveys(self) -> dict:
        """How survey pages describe a population: the column naming each respondent's role
        and the role names in the plural."""
        return dict(self.config.get("surveys") or {})

    # ----------------------------------------------------------------- folders

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def reference_dir(self) -> Path:
        return self.root / "reference"

    @property
    def editions_dir(self) -> Path:
        return self.root / "editions"

    @property
    def indicators_dir(self) -> Path:
        return self.root / "indicators"

    @property
    def kinds_dir(self) -> Path:
        """The programme's own kinds of indicator, one file each (``<kind>.py``)."""
        return self.root / "kinds"

    @property
    def book_dir(self) -> Path:
        return self.root / "book"

    @property
    def synth_dir(self) -> Path:
        return self.root / "synth"

    @property
    def synthetic_data(self) -> Path:
        """Where the programme's synthetic data are generated."""
        return paths.DATA / "synthetic" / self.name

    def edition_dir(self, year: int) -> Path:
        return self.editions_dir / str(year)

    def files(self, sources: Iterable[str] | None = None) -> list[Path]:
        """The configuration files every indicator of the programme depends on; with
        ``sources``, of the contracts only those sources' (an indicator reading them also
        depends on the codes the groupings take from other contracts: see ``groupings``)."""
        contracts = sorted(self.schema_dir.glob("*.yaml"))
        if sources is not None:
            contracts = [p for p in contracts if p.stem in set(sources)]
        return [self.root / CONFIG, self.root / "catalog.yaml", *contracts,
                *sorted(self.editions_dir.glob("*/plan.yaml"))]

    # ----------------------------------------------------------------- contents

    @property
    def catalog(self):
        """The catalog (noted as read, with the editions' plans; an indicator's definition
        is noted when the catalog hands it out)."""
        made = self._catalog
        reads.record(self.root / "catalog.yaml", *made.plans)
        return made

    @cached_property
    def _catalog(self) -> catalog.Catalog:
        return catalog.read(self)

    def schema(self, source: str) -> sources.Schema:
        return sources.read_schema(self.schema_dir, source)

    def sources(self) -> list[str]:
        return sorted(p.stem for p in self.schema_dir.glob("*.yaml"))

    def module(self, path: Path) -> ModuleType:
        """A Python file of the programme (an indicator's own code, the synthetic-data
        generators), imported once under a name of its own."""
        reads.record(path)
        return _import(f"{OWN_CODE}{self.name}.{_module_name(path, self.root)}",
                       path)

    @property
    def last_year(self) -> int:
        """The latest edition there can be: the year after the programme's latest (its
        default edition, or an edition folder of its own), which ``new-year`` starts."""
        years = [int(p.name) for p in self.editions_dir.glob("[0-9][0-9][0-9][0-9]")
                 if p.is_dir()] if self.editions_dir.is_dir() else []
        return max([self.default_year, *years]) + 1

    def check_year(self, year: int) -> None:
        if not self.first_year <= year <= self.last_year:
            raise ProgrammeError(
                f"Programme '{self.name}' has editions from {self.first_year} to "
                f"{self.last_year} (the year after its latest, which new-year starts); "
                f"there is no edition {year}. Give a year in that range (YEAR=...).")


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join("m_" + p.replace(".", "_").replace("-", "_") for p in parts)


def _import(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ProgrammeError(f"{path}: cannot be imported.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def folder() -> Path:
    return paths.DATA / "programmes"


OWN_CODE = "indikatorbok_programmes."  # the names the programmes' own modules are imported as


def forget() -> None:
    """Forget what this process read of the programmes (configuration, definitions,
    contracts, their own code), so that their next use reads the files anew: the preview,
    which builds again in its process after every saved edit, and a kernel kept for the
    next notebook do so."""
    _load.cache_clear()
    sources.forget_contracts()
    for name in [n for n in sys.modules if n.startswith(OWN_CODE)]:
        del sys.modules[name]


def names() -> list[str]:
    return sorted(p.parent.name for p in folder().glob(f"*/{CONFIG}"))


def default_name() -> str:
    """``INDIKATORBOK_PROGRAMME``, else the programme whose configuration says
    ``default: true``."""
    env = os.environ.get("INDIKATORBOK_PROGRAMME")
    if env:
        return env
    marked = [n for n in names() if read_yaml(folder() / n / CONFIG).get("default")]
    if len(marked) != 1:
        raise ProgrammeError(f"{folder()}: exactly one programme must say 'default: true' "
                             f"(found {marked or 'none'}); or set INDIKATORBOK_PROGRAMME.")
    return marked[0]


def load(name: str | None = None) -> Programme:
    """A programme by name (default: :func:`default_name`), noted as read."""
    prog = _load(name or default_name())
    reads.record(prog.root / CONFIG)
    return prog


@cache
def _load(name: str) -> Programme:
    root = folder() / name
    if not (root / CONFIG).is_file():
        known = ", ".join(names()) or "none"
        raise ProgrammeError(f"Unknown programme '{name}' (no {root / CONFIG}); known: "
                             f"{known}.")
    return Programme(name, root)


@dataclass(frozen=True)
class Edition:
    """One edition of a programme's book: its year and the data folder it is built from.
    The period (``years``) is computed here and nowhere else."""

    programme: Programme
    year: int
    data_dir: Path

    def __post_init__(self):
        self.programme.check_year(self.year)

    @property
    def years(self) -> list[int]:
        return list(range(self.programme.first_year, self.year + 1))

    @property
    def name(self) -> str:
        return f"{self.programme.name}-{self.year}"

    def delivery(self, year: int) -> sources.Delivery:
        """What the data folder's ``<year>/delivery.yaml`` says about the year's extracts."""
        return sources.read_delivery(self.data_dir, year, self.programme.sources())

    @property
    def synthetic(self) -> bool:
        """Whether the edition is built from synthetic data (any year of them)."""
        return any(self.delivery(y).synthetic for y in self.years)


def edition(programme: str | None = None, year: int | None = None,
            data_dir: str | os.PathLike | None = None) -> Edition:
    """An edition from what a user gives (anything left out: the programme's default)."""
    prog = load(programme)
    return Edition(prog, int(year) if year is not None else prog.default_year,
                   paths.resolve(data_dir, prog.synthetic_data))
