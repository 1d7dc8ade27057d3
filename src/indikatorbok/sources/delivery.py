"""What a year's ``delivery.yaml`` says about its extracts: synthetic or not, partial years,
the survey design and how many were invited to a survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from indikatorbok import reads, text
from indikatorbok.sources.contract import DELIVERY_FILE, DataError
from indikatorbok.yamlfile import ProgrammeError, read_yaml

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Delivery:
    """What ``<year>/delivery.yaml`` says about a year's extracts."""

    year: int
    synthetic: bool = False
    period_end: dict[str, dt.date] = field(default_factory=dict)
    survey_design: dict[str, str] = field(default_factory=dict)
    invited: dict[str, int] = field(default_factory=dict)  # a survey's invited persons

    def response_rate(self, source: str, answered: int) -> float | None:
        """The percentage of those invited to survey ``source`` who answered, where the
        delivery says how many were invited (else None)."""
        invited = self.invited.get(source)
        if invited is None:
            return None
        if answered > invited:
            raise DataError(f"{source} {self.year}: {answered} answered, but the year's "
                            f"{DELIVERY_FILE} says {invited} were invited; correct "
                            f"sources.{source}.invited.")
        return 100 * answered / invited

    def period_end_text(self, source: str) -> str | None:
        """``30 november`` when the extract ends before 31 December, else None."""
        end = self.period_end.get(source)
        if end is None or (end.month, end.day) == (12, 31):
            return None
        return text.day_month(end)


def read_delivery(data_dir: Path, year: int, known: Collection[str]) -> Delivery:
    """What a year's ``delivery.yaml`` in the data folder says (``known``: the programme's
    sources)."""
    path = data_dir / str(year) / DELIVERY_FILE
    reads.record(path)
    if not path.is_file():
        return Delivery(year)
    try:
        raw = read_yaml(path)
    except ProgrammeError as err:
        raise DataError(str(err)) from None
    given = raw.get("sources") or {}
    if not isinstance(given, dict) or not all(isinstance(v, dict) for v in given.values()):
        raise DataError(f"{path}: 'sources' must name sources, each with its fields "
                        f"(period_end, survey_design, invited); see the README in the year's "
                        f"folder.")
    if not isinstance(raw.get("synthetic", False), bool):
        raise DataError(f"{path}: 'synthetic' must be true or false, got "
                        f"{raw['synthetic']!r}.")
    period_end, design, invited = {}, {}, {}
    for source, info in given.items():
        if source not in known:
            raise DataError(f"{path}: unknown source {source!r}.")
        if "period_end" in info:
            end = info["period_end"]
            if not isinstance(end, dt.date) or end.year != year:
                raise DataError(f"{path}: sources.{source}.period_end must be a date in {year}, "
                                f"got {end!r}.")
            period_end[source] = end
        if "survey_design" in info:
            if info["survey_design"] not in SURVEY_DESIGNS:
                raise DataError(f"{path}: sources.{source}.survey_design must be one of "
                                f"{', '.join(SURVEY_DESIGNS)}.")
            design[source] = info["survey_design"]
        if "invited" in info:
            n = info["invited"]
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise DataError(f"{path}: sources.{source}.invited must be the number of "
                                f"persons invited to the survey (a whole number above 0), "
                                f"got {n!r}.")
            invited[source] = n
    return Delivery(year, raw.get("synthetic", False), period_end, design, invited)


SURVEY_DESIGNS = {"total": "Totalundersökning", "urval": "Urvalsundersökning"}
