"""Analysts' assessments per edition (``editions/<year>/assessments.yaml`` of a programme),
held to the figures.

Each followed-up indicator gets one of the programme's assessment categories. A category
may state its rule against the indicator's findings (``policy.assessment_categories`` in
``programme.yaml``): the readings it ``needs`` (at least one must hold) and those it
``excludes``. The readings come from the findings and the indicator's ``aim`` (``higher``,
``lower`` or ``equal``: what the goal asks of it):

- ``toward_goal``: the latest change goes the way the goal asks (significant where it is
  tested); for an aim of ``equal``, the results for women and men are even;
- ``against_goal``: the opposite;
- ``equal``: women and men do not differ significantly, or a share of women lies in the
  programme's range for an even division;
- ``unequal``: they differ significantly (or, counted in full, differ), or the share of
  women lies outside the range.

An assessment that breaks its rule is published only with the analysts' reason, which the
indicator's page shows beside it: ``"1.1.1": {category: delvisa, reason: "..."}``. The same
findings get the same category, or a reason. The build refuses anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from indikatorbok import catalog, findings, reads, text
from indikatorbok.programme import READINGS, Edition, Policy
from indikatorbok.yamlfile import checked, read_yaml

READING_WORDS = {"toward_goal": "en utveckling i målets riktning",
                 "against_goal": "en utveckling mot målets riktning",
                 "equal": "likvärdiga resultat för kvinnor och män",
                 "unequal": "skillnader mellan kvinnor och män"}


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class GivenFile(_Fields):
    category: str
    reason: str | None = None


class AssessmentsFile(_Fields):
    """What ``editions/<year>/assessments.yaml`` holds."""

    edition: int
    copied_from: int | None = None
    indicators: dict[str, str | GivenFile] = {}


class AssessmentError(ValueError):
    """The assessments file breaks its own rules (unknown indicator or category), or an
    assessment breaks its rule without a reason."""


@dataclass(frozen=True)
class Assessments:
    edition: int
    indicators: dict[str, str]  # indicator -> category key
    policy: Policy
    kinds: dict[str, catalog.Kind]
    reasons: dict[str, str] = field(default_factory=dict)  # why a rule is set aside (text)
    copied_from: int | None = None  # copied from an earlier edition, not yet reviewed

    def label(self, ind: catalog.Indicator) -> str:
        """Table text: the category and whether it concerns the goal or the effect."""
        if not ind.followed:
            return self.policy.not_followed
        category = self.indicators.get(ind.id)
        if category is None:
            return "Bedömning saknas"
        target = self.kinds[ind.step.kind].assessed_against
        return f"{self.policy.category(category).label} i linje med {target}"

    def word(self, ind: catalog.Indicator) -> str:
        """The category in running text (``tydliga resultat``), or ``saknas``."""
        category = self.indicators.get(ind.id)
        return self.policy.category(category).label.lower() if category else "saknas"


def path_for(edition: Edition) -> Path:
    return edition.programme.edition_dir(edition.year) / "assessments.yaml"


def load(edition: Edition) -> Assessments:
    """The edition's assessments; an empty set when the analysts have not written any."""
    prog, year = edition.programme, edition.year
    path = path_for(edition)
    cat = prog.catalog
    empty = Assessments(year, {}, prog.policy, cat.kinds)
    reads.record(path)
    if not path.is_file():
        return empty
    raw = read_yaml(path)
    checked(path, raw, AssessmentsFile)
    entries = {str(k): v for k, v in (raw.get("indicators") or {}).items()}
    given = {i: str(v.get("category") if isinstance(v, dict) else v)
             for i, v in entries.items()}
    reasons = {i: v["reason"] for i, v in entries.items()
               if isinstance(v, dict) and v.get("reason") is not None}
    keys = [c.key for c in prog.policy.categories]
    problems = [f"{i}: not in the catalog" for i in given if i not in cat.indicators]
    problems += [f"{i}: not followed up, so it cannot be assessed" for i in given
                 if i in cat.indicators and not cat.indicators[i].followed]
    problems += [f"{i}: unknown category {c!r} (one of {', '.join(keys)})"
                 for i, c in given.items() if c not in keys]
    for i, reason in reasons.items():
        if not reason.strip():
            problems.append(f"{i}: the reason is empty")
        elif found := text.markup(reason):
            problems.append(f"{i}: markup in the reason ({', '.join(found)}); write plain "
                            f"prose")
        elif found := text.typed_numbers(reason):
            problems.append(f"{i}: number typed into the reason ({', '.join(found)}); the "
                            f"page shows the figures")
    if raw.get("edition") != year:
        problems.append(f"'edition' is {raw.get('edition')!r}, expected {year}")
    if problems:
        raise AssessmentError(f"{path}:\n" + "\n".join(f"  - {p}" for p in problems))
    return Assessments(year, given, prog.policy, cat.kinds,
                       {i: " ".join(r.split()) for i, r in reasons.items()},
                       raw.get("copied_from"))


# --------------------------------------------------------------------------- readings


def readings(ind: catalog.Indicator, found: findings.Findings | None
             ) -> dict[str, bool | None]:
    """What the indicator's findings say, reading by reading (None: they cannot say)."""
    out: dict[str, bool | None] = dict.fromkeys(READINGS)
    if found is None or not found.measured_years:
        return out
    difference, balance = found.difference, found.balance
    if difference is not None and difference.kind != "not_compared":
        out["unequal"] = difference.differs
        out["equal"] = not out["unequal"]
    if balance is not None:
        out["equal"] = bool(out["equal"] or balance.even) if out["equal"] is not None \
            else balance.even
        out["unequal"] = bool(out["unequal"]) or not balance.even
    if ind.aim == "equal":
        out["toward_goal"], out["against_goal"] = out["equal"], out["unequal"]
    elif ind.aim in ("higher", "lower") and found.change is not None \
            and found.change.kind != "not_compared":
        sign = 1 if ind.aim == "higher" else -1
        out["toward_goal"] = found.change.direction == sign
        out["against_goal"] = found.change.direction == -sign
    return out


def said(found: findings.Findings | None) -> str:
    """The findings an assessment is checked against, in words."""
    if found is None or not found.measured_years:
        return "inga uppgifter"
    parts = []
    if found.change is not None:
        test = found.change.test
        parts.append(found.change.sentence().rstrip(".")
                     + (f" ({test.name}, {test.words})" if test
                        and found.change.kind != "not_compared" else ""))
    if found.difference is not None:
        test = found.difference.test
        parts.append(found.difference.sentence().rstrip(".")
                     + (f" ({test.name}, {test.words})" if test else ""))
    if found.balance is not None:
        parts.append(found.balance.sentence().rstrip("."))
    return "; ".join(parts) or "det senaste resultatet, utan jämförelse"


@dataclass(frozen=True)
class Verdict:
    """One assessment checked against its rule: ``broken`` names the rule it breaks
    (empty when it keeps it)."""

    indicator: str
    category: str
    rule: str
    finding: str
    broken: str = ""
    reason: str | None = None


def rule_words(policy: Policy, key: str) -> str:
    category = policy.category(key)
    parts = []
    if category.needs:
        parts.append("kräver " + text.join([READING_WORDS[r] for r in category.needs],
                                          "eller"))
    if category.excludes:
        parts.append("utesluter " + text.join([READING_WORDS[r] for r in category.excludes],
                                             "och"))
    return " och ".join(parts) or "ingen regel mot siffrorna"


def verdicts(edition: Edition, assessed: Assessments,
             computed: dict[str, findings.Findings]) -> list[Verdict]:
    """Every assessment against its category's rule, and indicators with the same findings
    against each other."""
    cat, policy = edition.programme.catalog, edition.programme.policy
    out = []
    for indicator_id, key in assessed.indicators.items():
        ind, found = cat[indicator_id], computed.get(indicator_id)
        category, read = policy.category(key), readings(ind, found)
        broken = []
        # Without figures there is nothing to hold it to (the review lists it).
        measured = found is not None and bool(found.measured_years)
        if measured and category.needs and not any(read[r] for r in category.needs):
            broken.append("visar inte " + text.join([READING_WORDS[r] for r in category.needs],
                                                    "eller"))
        broken += [f"visar {READING_WORDS[r]}" for r in category.excludes if read[r]]
        out.append(Verdict(indicator_id, key, rule_words(policy, key), said(found),
                           "; ".join(broken), assessed.reasons.get(indicator_id)))
    # The same findings, the same assessment.
    by_findings: dict[str, list[str]] = {}
    for indicator_id in assessed.indicators:
        found = computed.get(indicator_id)
        if found is not None and found.measured_years:
            same = (found.headline, found.change, found.difference, found.balance,
                    found.latest and found.latest["words"])
            by_findings.setdefault(repr(same), []).append(indicator_id)
    for group in by_findings.values():
        # Differing categories are explained when those without a reason agree.
        unexplained = {assessed.indicators[i] for i in group if i not in assessed.reasons}
        if len({assessed.indicators[i] for i in group}) > 1 and len(unexplained) > 1:
            for i in group:
                others = text.join([f"{o} ({assessed.word(cat[o])})" for o in group if o != i])
                out.append(Verdict(i, assessed.indicators[i], "samma resultat, samma "
                                   "bedömning", said(computed[i]),
                                   f"har samma resultat som {others}",
                                   assessed.reasons.get(i)))
    return out


def refused(edition: Edition, assessed: Assessments,
            computed: dict[str, findings.Findings]) -> list[str]:
    """The assessments that break their rule without a reason (the build stops on them,
    unless they are copied from an earlier edition and not yet reviewed)."""
    return [f"{v.indicator}: ”{edition.programme.policy.category(v.category).label}” "
            f"{v.broken} ({v.finding}). Give the reason in {path_for(edition)} as "
            f"\"{v.indicator}\": {{category: {v.category}, reason: ...}}, or change the "
            f"category." for v in verdicts(edition, assessed, computed)
            if v.broken and not v.reason]


# --------------------------------------------------------------------------- review notes


def disagreements(edition: Edition, assessed: Assessments,
                  computed: dict[str, findings.Findings],
                  contributed: dict[str, bool] | None = None) -> list[str]:
    """What the reviewers should look at, in Swedish: assessments missing or without
    figures, planned measurements missing, and contribution judgements without effects.
    (Rules against the figures are :func:`verdicts`.)"""
    cat, policy = edition.programme.catalog, edition.programme.policy
    results = {c.key for c in policy.categories if c.result}
    year = assessed.edition
    out = []
    for ind in cat.indicators.values():
        if not ind.followed:
            continue
        category = assessed.indicators.get(ind.id)
        found = computed.get(ind.id)
        if category is None:
            if found is None or found.measured_years:  # nothing to assess otherwise
                out.append(f"{ind.id}: bedömning saknas för utgåvan {year}.")
            continue
        assessed_as = f"{ind.id}: bedömd som ”{policy.category(category).label.lower()}”"
        if found is None:
            out.append(f"{assessed_as} men indikatorn har inte beräknats i den här utgåvan.")
            continue
        if not found.measured_years:
            out.append(f"{assessed_as} men det finns inga uppgifter för perioden.")
            continue
        if year in ind.expected_years(year) and year not in found.measured_years:
            out.append(f"{assessed_as} men mätningen som var planerad för {year} saknas; "
                       f"den senaste avser {max(found.measured_years)}.")
    named = text.join([f"”{c.label.lower()}”" for c in policy.categories if c.result], "eller")
    for goal in cat.goals:
        given = [assessed.indicators.get(i.id) for i in cat.indicators.values()
                 if i.step.goal_id == goal.id and cat.kinds[i.step.kind].effect]
        if given and (contributed or {}).get(goal.id) and not results & set(given):
            out.append(f"Mål {goal.id}: arbetet bedöms ha bidragit till delmålen, men ingen "
                       f"av målets effektindikatorer är bedömd som {named}.")
    return out
