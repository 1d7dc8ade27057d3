"""What a page tells its readers, decided once: the findings of an indicator.

A finding is a claim about the data: the latest value and its period, the change since the
previous measurement (with its test, or why no test applies, or why it is not compared), the
difference between women and men (with its test), and whether a share of women lies within
the programme's range for an even division. It is computed once, by the builder that holds
the data, and every surface renders it from the same object: the answer box, the narrative,
Del 1 and the summary (through the edition's findings file), the review of the assessments
and the assessment rules. No surface decides a direction, a significance or a comparison of
its own. The findings and the sentences that state them stay in this one module (about 410
lines), so that a claim and its wording change together.

>>> z = Test("z-test för två andelar", p_value=0.01, alpha=0.05)
>>> change("percent", 2025, 2022, 33, 39, test=z).sentence()
'Det är en minskning med 6 procentenheter jämfört med 2022.'
>>> change("percent", 2025, 2022, 33, 39, test=Test("z-test", 0.2, 0.05)).relation()
'ingen statistiskt säkerställd förändring jämfört med'
>>> change("count", 2025, 2024, 424, 485, part_year="1 januari–30 november").sentence()
'Jämförs inte med 2024, eftersom uppgifterna för 2025 bara avser 1 januari–30 november.'
>>> change("count", 2025, 2024, 524, 485, part_year="1 januari–30 november").sentence()
'Redan under 1 januari–30 november 2025 är det fler än under hela 2024, då antalet var 485.'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from indikatorbok import text

# The words of a difference in each unit: singular, plural.
STEPS = {"percent": ("procentenhet", "procentenheter"), "index": ("enhet", "enheter"),
         "ratio": ("enhet", "enheter")}
# Change kinds, and how Del 1 relates a value to the previous one.
RELATIONS = {"up": "en ökning från", "down": "en minskning från",
             "same": "oförändrat jämfört med",
             "rounded_same": "avrundat oförändrat jämfört med",
             "uncertain": "ingen statistiskt säkerställd förändring jämfört med"}
NOT_SHOWN = "värdet inte redovisas för båda åren"


@dataclass(frozen=True)
class Test:
    """A significance test as the page reports it: its name, p-value and level, and the
    group sizes it compared. ``p_value`` None: no valid test (e.g. expected counts too
    small), which is never significant."""

    name: str
    p_value: float | None
    alpha: float
    statistic: float | None = None
    n: tuple[int, ...] = ()

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < self.alpha

    @property
    def words(self) -> str:
        """``p = 0,012`` or ``p < 0,001``, for reviewers' tables."""
        if self.p_value is None:
            return "ingen giltig prövning"
        return "p < 0,001" if self.p_value < 0.001 else f"p = {text.number(self.p_value, 3)}"


def _json(value):
    """A finding as strict JSON holds it: a missing value is null."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _nan(value):
    return float("nan") if value is None else value


def _test(raw: dict | None) -> Test | None:
    return None if raw is None else Test(raw["name"], raw["p_value"], raw["alpha"],
                                         raw.get("statistic"), tuple(raw.get("n", ())))


@dataclass(frozen=True)
class Change:
    """A series' change since the previous measurement, as published: ``kind`` is ``up``,
    ``down``, ``same`` (equal as published), ``rounded_same`` (counts equal as rounded and
    different unrounded), ``uncertain`` (tested, not significant) or ``not_compared``
    (``why`` says why, as a clause). ``test`` None: no test applies (everyone is counted)."""

    unit: str
    year: int
    previous_year: int
    current: float
    previous: float
    kind: str
    test: Test | None = None
    why: str | None = None
    rounding: int = 1
    part_year: str | None = None  # the latest year's period when it is part of a year

    def sentence(self) -> str:
        """The change as a sentence of the narrative and the answer box."""
        prev = self.previous_year
        if self.kind == "not_compared":
            return f"Jämförs inte med {prev}, eftersom {self.why}."
        if self.unit == "count" and self.part_year:  # already more than a whole year
            return (f"Redan under {self.part_year} {self.year} är det fler än under hela "
                    f"{prev}, då antalet var {text.number(self.previous)}.")
        if self.unit == "count":
            said = {"same": f"Det är lika många som {prev}.",
                    "rounded_same": f"Avrundat till närmaste "
                                    f"{text.ROUNDING_WORDS.get(self.rounding, 'heltal')} är det "
                                    f"lika många som {prev}.",
                    "uncertain": f"Det är ingen statistiskt säkerställd förändring jämfört med "
                                 f"{prev}."}.get(self.kind)
            if said is None:
                word = "fler" if self.kind == "up" else "färre"
                said = f"Det är {word} än {prev}, då antalet var {text.number(self.previous)}."
        elif self.kind == "same":
            said = f"Det är oförändrat jämfört med {prev}."
        elif self.kind == "rounded_same":
            said = f"Avrundat är det oförändrat jämfört med {prev}."
        elif self.kind == "uncertain":
            said = f"Det är ingen statistiskt säkerställd förändring jämfört med {prev}."
        else:
            size = abs(self.current - self.previous)
            one, many = STEPS.get(self.unit, ("enhet", "enheter"))
            word = "en ökning" if self.kind == "up" else "en minskning"
            said = (f"Det är {word} med {text.number(size, 2 if self.unit == 'ratio' else 0)} "
                    f"{one if size == 1 else many} jämfört med {prev}.")
        if self.part_year:
            said += f" Uppgiften för {self.year} avser {self.part_year}."
        return said

    def relation(self) -> str | None:
        """How the latest value relates to the previous one, followed by that value (Del 1):
        None when they are not compared."""
        return RELATIONS.get(self.kind)

    def clause(self, previous: str) -> str:
        """Del 1's clause after the latest value: ``, en ökning från 39 procent (2022)``;
        ``previous`` is the previous value with its year, as the page quotes it."""
        if self.kind == "not_compared":
            return f"; tidigare mätning {previous} jämförs inte, eftersom {self.why}"
        return f", {self.relation()} {previous}"

    @property
    def direction(self) -> int:
        """+1 up, -1 down (significant where tested), 0 otherwise."""
        return {"up": 1, "down": -1}.get(self.kind, 0)

    def as_dict(self) -> dict:
        return _json(asdict(self))

    @staticmethod
    def from_dict(raw: dict | None) -> Change | None:
        if raw is None:
            return None
        return Change(**{**raw, "current": _nan(raw["current"]),
                         "previous": _nan(raw["previous"]), "test": _test(raw.get("test"))})


def change(unit: str, year: int, previous_year: int, current: float, previous: float, *,
           test: Test | None = None, comparable: bool = True, why: str | None = None,
           raw: tuple[float, float] | None = None, rounding: int = 1,
           part_year: str | None = None) -> Change:
    """The change between two published values (``current`` in ``year``). ``test``: the
    test of the difference (None where everyone is counted and no test applies);
    ``comparable`` False with ``why``: the measurements do not compare; ``raw``: the
    unrounded values (equal as published, different unrounded: "avrundat oförändrat",
    unless a test finds the difference not significant); ``part_year``: the latest period
    when it covers only part of the year (counts of part of a year are not compared with
    whole years).

    >>> change("count", 2018, 2017, 5_773_000, 5_773_000, raw=(5_772_990, 5_773_200),
    ...        rounding=1000).sentence()
    'Avrundat till närmaste tusental är det lika många som 2017.'
    """
    made = dict(unit=unit, year=year, previous_year=previous_year, current=float(current),
                previous=float(previous), test=test, rounding=rounding, part_year=part_year)
    if text.missing(current) or text.missing(previous):
        return Change(**{**made, "test": None}, kind="not_compared", why=NOT_SHOWN)
    if not comparable:
        return Change(**{**made, "test": None}, kind="not_compared",
                      why=why or "mätningarna inte är jämförbara")
    if part_year and unit == "count" and current <= previous:  # the year is not over
        return Change(**{**made, "part_year": None}, kind="not_compared",
                      why=f"uppgifterna för {year} bara avser {part_year}")
    if current == previous:
        differs = raw is not None and raw[0] != raw[1] and (test is None or test.significant)
        return Change(**made, kind="rounded_same" if differs else "same")
    if test is not None and not test.significant:
        return Change(**made, kind="uncertain")
    return Change(**made, kind="up" if current > previous else "down")


@dataclass(frozen=True)
class Difference:
    """The difference between two groups (women and men) in one year, as published:
    ``kind`` is ``first_higher``, ``second_higher``, ``none`` (tested, not significant),
    ``same`` (equal as published, untested) or ``not_compared`` (``why``, a clause); of two
    distributions (unit ``distribution``: how each group divides over categories),
    ``differs`` or ``none``. ``names`` are the groups in running text, ``labels`` in
    tables; ``rounded_equal``: a group is higher unrounded while both are the same as
    published."""

    grouping: str
    year: int
    unit: str
    names: tuple[str, str]
    values: tuple[float, float]
    kind: str
    test: Test | None = None
    why: str | None = None
    subject: str = "Andelen"
    labels: tuple[str, str] = ("", "")
    rounded_equal: bool = False

    def _value(self, i: int) -> str:
        value = self.values[i]
        if self.unit == "percent":
            return text.percent_words(value)
        return text.number(value, 2 if self.unit == "ratio" else 0)

    def sentence(self) -> str:
        a, b = self.names
        if self.kind == "not_compared":
            return f"Skillnaden mellan {a} och {b} redovisas inte eftersom {self.why}."
        if self.unit == "distribution":
            return (f"{self.subject} skiljer sig statistiskt säkerställt mellan {a} och {b}."
                    if self.kind == "differs" else
                    f"{self.subject} skiljer sig inte statistiskt säkerställt mellan {a} och "
                    f"{b}.")
        if self.unit == "ratio":  # the odds of the first group against the second's
            odds = f"oddskvot {text.number(self.values[0], 2)}"
            if self.kind in ("none", "same"):
                return (f"{self.subject} skiljer sig inte statistiskt säkerställt mellan {a} "
                        f"och {b} ({odds}).")
            word = "högre" if self.kind == "first_higher" else "lägre"
            return f"{self.subject} är {word} för {a} än för {b} ({odds})."
        va, vb = self._value(0), self._value(1)
        if self.kind == "none":
            return (f"Det finns ingen statistiskt säkerställd skillnad mellan {a} ({va}) och "
                    f"{b} ({vb}).")
        if self.kind == "same":
            return f"{self.subject} är densamma bland {a} och {b} ({va})."
        (hi, vhi), (lo, vlo) = (((a, va), (b, vb)) if self.kind == "first_higher"
                                else ((b, vb), (a, va)))
        if self.rounded_equal:
            return (f"{self.subject} är något högre bland {hi} än bland {lo}, men avrundat "
                    f"densamma ({vhi}).")
        return f"{self.subject} är högre bland {hi} ({vhi}) än bland {lo} ({vlo})."

    def brief(self) -> str:
        """Both figures and the reading, for the answer box."""
        a, b = (label or name for label, name in zip(self.labels, self.names, strict=True))
        if self.kind == "not_compared":
            return f"Redovisas inte, eftersom {self.why}."
        if self.unit in ("distribution", "ratio"):
            return self.sentence()
        figures = f"{a} {self._value(0)}, {text.lower_first(b)} {self._value(1)}."
        reading = {"none": " Skillnaden är inte statistiskt säkerställd.",
                   "same": "", "first_higher": " Skillnaden är statistiskt säkerställd.",
                   "second_higher": " Skillnaden är statistiskt säkerställd."}[self.kind]
        if self.test is None and self.kind in ("first_higher", "second_higher"):
            reading = ""  # everyone counted: the difference is as published
        return figures + reading

    @property
    def direction(self) -> int:
        return {"first_higher": 1, "second_higher": -1}.get(self.kind, 0)

    @property
    def differs(self) -> bool:
        """The groups differ (significantly, where tested)."""
        return self.kind in ("first_higher", "second_higher", "differs")

    def as_dict(self) -> dict:
        return _json(asdict(self))

    @staticmethod
    def from_dict(raw: dict | None) -> Difference | None:
        if raw is None:
            return None
        return Difference(**{**raw, "names": tuple(raw["names"]),  # JSON gives lists
                             "values": tuple(_nan(v) for v in raw["values"]),
                             "labels": tuple(raw["labels"]), "test": _test(raw.get("test"))})


def difference(grouping: str, year: int, unit: str, names: tuple[str, str],
               values: tuple[float, float], *, test: Test | None = None,
               why: str | None = None, subject: str = "Andelen",
               labels: tuple[str, str] = ("", ""),
               raw: tuple[float, float] | None = None) -> Difference:
    """The difference of two published values; ``why`` (a clause): not compared.
    ``test`` None: no test applies (everyone counted); ``raw``: the unrounded values.

    >>> d = difference("sex", 2025, "percent", ("kvinnor", "män"), (33, 33),
    ...                test=Test("z", 0.01, 0.05), raw=(33.4, 32.6))
    >>> d.kind
    'first_higher'
    >>> d.sentence()
    'Andelen är något högre bland kvinnor än bland män, men avrundat densamma (33 procent).'
    """
    made = dict(grouping=grouping, year=year, unit=unit, names=names,
                values=(float(values[0]), float(values[1])), test=test, subject=subject,
                labels=labels)
    if why is not None or any(text.missing(v) for v in values):
        return Difference(**made, kind="not_compared", why=why or NOT_SHOWN)
    if test is not None and not test.significant:
        return Difference(**made, kind="none")
    a, b = raw if raw is not None else values
    if a == b:
        return Difference(**made, kind="same")
    return Difference(**made, kind="first_higher" if a > b else "second_higher",
                      rounded_equal=values[0] == values[1])


def distribution(grouping: str, year: int, names: tuple[str, str], test: Test | None,
                 why: str | None = None, subject: str = "Fördelningen") -> Difference:
    """Whether two groups divide differently over categories: ``test`` a test of
    independence (None: not tested, ``why``)."""
    made = dict(grouping=grouping, year=year, unit="distribution", names=names,
                values=(float("nan"), float("nan")), test=test, subject=subject)
    if test is None:
        return Difference(**made, kind="not_compared", why=why or "den inte kan prövas")
    return Difference(**made, kind="differs" if test.significant else "none")


@dataclass(frozen=True)
class Balance:
    """Whether a published share of women lies within the programme's range for an even
    division of women and men (bounds included), read on the published value."""

    year: int
    share: float
    low: int
    high: int

    @property
    def even(self) -> bool:
        return self.low <= self.share <= self.high

    def sentence(self) -> str:
        where = "inom" if self.even else "utanför"
        return (f"Andelen kvinnor, {text.percent_words(self.share)}, ligger {where} "
                f"{self.low}–{self.high} procent, det som räknas som en jämn könsfördelning.")

    def brief(self) -> str:
        reading = "jämn" if self.even else "ojämn"
        return (f"{text.percent_words(self.share).capitalize()} kvinnor: {reading} enligt "
                f"gränsen {self.low}–{self.high} procent.")

    def as_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(raw: dict | None) -> Balance | None:
        return None if raw is None else Balance(**raw)


def balance(year: int, share: float, bounds: tuple[int, int] | None) -> Balance | None:
    """The reading of a published share of women (None without a rule or a value).

    >>> balance(2025, 60, (40, 60)).even, balance(2025, 61, (40, 60)).even
    (True, False)
    """
    if bounds is None or text.missing(share):
        return None
    return Balance(year, float(share), int(bounds[0]), int(bounds[1]))


@dataclass
class Findings:
    """An indicator's findings in an edition, as the edition's other pages read them
    (``<id>.findings.json`` beside its tidy CSV)."""

    indicator: str
    measured_years: list[int]
    headline: list[tuple[int, float | None]]  # the headline series by year (None: not shown)
    unit: str
    summary: bool = False  # the latest result is said in words, not one number
    latest: dict | None = None  # {year, value, words, part_year}
    change: Change | None = None
    difference: Difference | None = None
    balance: Balance | None = None
    glued: list[str] = field(default_factory=list)  # the values other pages may quote
    notes: dict[str, list[str]] = field(default_factory=dict)  # table title -> its notes
    # Each withheld cell: {series_key, group_key, year, rule, protects (the cell it protects)}
    withheld: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)  # how published cells add up
    # Every published cell: [series_key, group_key, year, value, n, withheld, unit]
    cells: list[list] = field(default_factory=list)
    rounding: dict[str, int] = field(default_factory=dict)  # series_key -> counts' rounding
    counted: dict[str, str] = field(default_factory=dict)  # series_key -> what a count counts
    tests: list[dict] = field(default_factory=list)  # each stated test: {compared, name, p}

    def as_dict(self) -> dict:
        return _json(asdict(self))

    @staticmethod
    def from_dict(raw: dict) -> Findings:
        return Findings(**{**raw, "headline": [tuple(h) for h in raw["headline"]],
                           "change": Change.from_dict(raw.get("change")),
                           "difference": Difference.from_dict(raw.get("difference")),
                           "balance": Balance.from_dict(raw.get("balance"))})
