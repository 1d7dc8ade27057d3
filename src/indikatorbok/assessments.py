"""Analysts' assessments per edition (``editions/<year>/assessments.yaml`` of a programme):
whether each followed-up indicator shows results in line with the goal or effect, checked
against the indicator's own figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indikatorbok import catalog, text
from indikatorbok.programme import Edition, Policy, read_yaml


class AssessmentError(ValueError):
    """The assessments file breaks its own rules (unknown indicator or category)."""


@dataclass(frozen=True)
class Assessments:
    edition: int
    indicators: dict[str, str]
    policy: Policy
    kinds: dict[str, catalog.Kind]

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
    if not path.is_file():
        return empty
    raw = read_yaml(path)
    given = {str(k): str(v) for k, v in (raw.get("indicators") or {}).items()}
    keys = [c.key for c in prog.policy.categories]
    problems = [f"{i}: not in the catalog" for i in given if i not in cat.indicators]
    problems += [f"{i}: not followed up, so it cannot be assessed" for i in given
                 if i in cat.indicators and not cat[i].followed]
    problems += [f"{i}: unknown category {c!r} (one of {', '.join(keys)})"
                 for i, c in given.items() if c not in keys]
    if raw.get("edition") != year:
        problems.append(f"'edition' is {raw.get('edition')!r}, expected {year}")
    if problems:
        raise AssessmentError(f"{path}:\n" + "\n".join(f"  - {p}" for p in problems))
    return Assessments(year, given, prog.policy, cat.kinds)


def disagreements(edition: Edition, assessed: Assessments, computed: dict[str, dict],
                  contributed: dict[str, bool] | None = None) -> list[str]:
    """Where an assessment and the figures disagree, in Swedish for the reviewers' page.
    ``computed``: per computed indicator, its ``measured_years``, ``headline`` values by
    year and whether their latest change is ``significant`` (as ``report.publish`` writes
    them). ``contributed``: per goal, the analysts' contribution judgement (Del 1)."""
    cat, policy = edition.programme.catalog, edition.programme.policy
    best = policy.categories[0]
    results = {c.key for c in policy.categories if c.result}
    year = assessed.edition
    out = []
    for ind in cat.indicators.values():
        if not ind.followed:
            continue
        category = assessed.indicators.get(ind.id)
        facts = computed.get(ind.id)
        if category is None:
            if facts is None or facts["measured_years"]:  # nothing to assess otherwise
                out.append(f"{ind.id}: bedömning saknas för utgåvan {year}.")
            continue
        assessed_as = f"{ind.id}: bedömd som ”{policy.category(category).label.lower()}”"
        if facts is None:
            out.append(f"{assessed_as} men indikatorn har inte beräknats i den här utgåvan.")
            continue
        measured = facts["measured_years"]
        if not measured:
            out.append(f"{assessed_as} men det finns inga uppgifter för perioden.")
            continue
        if year in ind.expected_years(year) and year not in measured:
            out.append(f"{assessed_as} men mätningen som var planerad för {year} saknas; "
                       f"den senaste avser {max(measured)}.")
        values = [(y, v) for y, v in facts["headline"] if not text.missing(v)]
        if (category == best.key and len(values) > 1 and values[-1][1] < values[-2][1]
                and facts.get("significant") is not False):
            (y0, v0), (y1, v1) = values[-2], values[-1]
            out.append(f"{assessed_as} men huvudmåttet har minskat från {text.number(v0)} "
                       f"({y0}) till {text.number(v1)} ({y1}).")
    named = text.join([f"”{c.label.lower()}”" for c in policy.categories if c.result], "eller")
    for goal in cat.goals:
        given = [assessed.indicators.get(i.id) for i in cat.indicators.values()
                 if i.step.goal_id == goal.id and cat.kinds[i.step.kind].effect]
        if given and (contributed or {}).get(goal.id) and not results & set(given):
            out.append(f"Mål {goal.id}: arbetet bedöms ha bidragit till delmålen, men ingen "
                       f"av målets effektindikatorer är bedömd som {named}.")
    return out
