"""A source's contract (``schema/<source>.yaml``): its columns, types, codes, keys, ranges
and survey questions, and the rules every reader follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from indikatorbok import reads
from indikatorbok.yamlfile import checked, read_yaml

if TYPE_CHECKING:
    pass


FORMATS = (".csv", ".xlsx", ".parquet")
DELIVERY_FILE = "delivery.yaml"
NO_ROWS = ("no rows. If it is the empty template of a new edition, replace it with the "
           "year's extract.")
MAX_EXAMPLES = 5
# One rule for every reader (pandas and DuckDB, CSV, Excel and Parquet): only an empty cell is
# missing ("NA", "-" and the like are values, refused where the contract wants a number), and a
# date is written YYYY-MM-DD, optionally with a midnight time, as Excel date cells and Parquet
# timestamps come out as text.
MISSING_TOKENS = ("",)
# A whole number is one a 64-bit integer holds (and a number is finite: NaN and infinity,
# which some exports write for a missing amount, are no values).
INT_LIMIT = 2 ** 63
DATE_FORMAT = "%Y-%m-%d"
MIDNIGHT = r"[ T]00:00:00(\.0+)?$"


class DataError(Exception):
    """Input that breaks the data contract. The message is meant for the analyst."""


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str  # "multi": one 0/1 column per option; "single"/"scale": one coded column
    options: dict[str, str]
    used_by: tuple[str, ...] = ()
    asked_if: str | None = None  # routing, e.g. "discrimination_risk = ja"
    earlier: dict | None = None  # a former wording: {until: year, text: ...}

    @property
    def columns(self) -> list[str]:
        return list(self.options) if self.kind == "multi" else [self.key]

    @property
    def numeric(self) -> bool:
        """Coded as whole numbers (multi-select 0/1, scales, numbered options)."""
        return self.kind != "single" or all(isinstance(k, int) for k in self.options)

    def wording(self, year: int) -> str:
        """The question as asked in ``year``."""
        if self.earlier and year <= self.earlier["until"]:
            return self.earlier["text"]
        return self.text


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str = ""
    nullable: bool = False
    codes: dict | None = None
    min: float | None = None
    max: float | None = None
    folder_year: bool = False
    in_folder_year: bool = False
    identifier: bool = False
    used_by: tuple[str, ...] = ()


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"  # a source's or a column's name


class ColumnFile(_Fields):
    type: Literal["str", "int", "float", "date"]
    description: str = ""
    nullable: bool = False
    codes: dict[str | int, str] | None = None
    min: float | None = None
    max: float | None = None
    folder_year: bool = False
    in_folder_year: bool = False
    identifier: bool = False
    used_by: list[str] = []


class QuestionFile(_Fields):
    text: str
    kind: Literal["multi", "single", "scale"]
    options: dict[str | int, str] = Field(min_length=1)
    used_by: list[str] = []
    asked_if: str | None = None
    earlier: dict | None = None


class ExpectedFile(_Fields):
    from_: int = Field(alias="from", ge=1900, le=2100)
    to: int | None = Field(default=None, ge=1900, le=2100)
    lag: int = Field(default=0, ge=0)
    skip: list[int] = []


class LikeFile(_Fields):
    source: Annotated[str, Field(pattern=NAME)]
    questions: list[str]


class ContractFile(_Fields):
    """What a contract (``schema/<source>.yaml``) holds."""

    source: Annotated[str, Field(pattern=NAME)]
    title: str
    description: str
    file: Annotated[str, Field(pattern=r"^[\w-]+$")]
    expected: ExpectedFile
    key: list[str] = []
    columns: dict[Annotated[str, Field(pattern=NAME)], ColumnFile] = {}
    questions: dict[Annotated[str, Field(pattern=NAME)], QuestionFile] = {}
    like: LikeFile | None = None
    out_of_core: bool = False
    partial_year: bool = False
    sample: bool = False


@dataclass(frozen=True)
class Schema:
    source: str
    title: str
    description: str
    file: str
    expected: dict
    key: tuple[str, ...]
    columns: dict[str, Column]
    questions: dict[str, Question] = field(default_factory=dict)
    out_of_core: bool = False  # national registers: validated and queried with DuckDB
    partial_year: bool = False  # the current year's extract may end before 31 December
    sample: bool = False  # the rows are a random sample of the population (not a survey)
    path: Path | None = None  # the contract's file
    like: Path | None = None  # the contract whose columns and questions it reuses

    @property
    def files(self) -> tuple[Path, ...]:
        """The files that define the contract."""
        return tuple(p for p in (self.path, self.like) if p is not None)

    @property
    def survey(self) -> bool:
        """A survey: it has questions (and a design, total or sample, per delivery)."""
        return bool(self.questions)

    def expected_years(self, edition: int) -> list[int]:
        """Years whose file an edition needs: from ``from`` to ``edition - lag`` (or ``to``),
        less ``skip``."""
        e = self.expected
        last = min(edition - e.get("lag", 0), e.get("to", edition))
        return [y for y in range(e["from"], last + 1) if y not in e.get("skip", ())]

    @property
    def identifiers(self) -> list[str]:
        return [c.name for c in self.columns.values() if c.identifier]

    def column_type(self, name: str) -> str:
        """The contract's type of a column; question columns are int when coded as numbers."""
        col = self.columns.get(name)
        if col is not None:
            return col.type
        return "int" if self.question_columns()[name].numeric else "str"

    def question_columns(self) -> dict[str, Question]:
        """Column name -> the question it belongs to."""
        return {col: q for q in self.questions.values() for col in q.columns}


def read_schema(folder: Path, source: str) -> Schema:
    """The contract of a source, from the programme's folder of contracts (noted as read,
    with the contract whose columns it reuses)."""
    spec = _schema(folder, source)
    reads.record(*spec.files)
    return spec


def forget_contracts() -> None:
    """Read every contract anew at its next use (see ``programme.forget``)."""
    _schema.cache_clear()


@cache
def _schema(folder: Path, source: str) -> Schema:
    path = folder / f"{source}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml")))
        raise KeyError(f"unknown source {source!r}; known sources: {known}")
    raw = read_yaml(path)
    checked(path, raw, ContractFile)
    if raw["source"] != source:
        raise DataError(f"{path}: 'source' is {raw['source']!r}; a contract is named by its "
                        f"source ({source}.yaml).")
    common = {"source": raw["source"], "title": raw["title"],
              "description": raw["description"].strip(), "file": raw["file"],
              "expected": raw["expected"], "out_of_core": raw.get("out_of_core", False),
              "partial_year": raw.get("partial_year", False),
              "sample": raw.get("sample", False), "path": path}
    if "like" in raw:  # a survey that reuses another's background columns and questions
        base = _schema(folder, raw["like"]["source"])
        return Schema(key=base.key, columns=base.columns,
                      questions={k: base.questions[k] for k in raw["like"]["questions"]},
                      like=base.path, **common)
    columns = {
        name: Column(name=name, **{k: tuple(v) if k == "used_by" else v for k, v in spec.items()})
        for name, spec in raw["columns"].items()
    }
    questions = {
        key: Question(key=key, text=q["text"], kind=q["kind"],
                      options={(int(k) if q["kind"] == "scale" else k): v
                               for k, v in q["options"].items()},
                      used_by=tuple(q.get("used_by", ())), asked_if=q.get("asked_if"),
                      earlier=q.get("earlier"))
        for key, q in (raw.get("questions") or {}).items()
    }
    return Schema(key=tuple(raw["key"]), columns=columns, questions=questions, **common)


# --------------------------------------------------------------------------- reading
