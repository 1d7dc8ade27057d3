"""Analysts' assessments per edition (``data/editions/<year>/assessments.yaml``): whether
each followed-up indicator shows results in line with the goal or effect, checked against
the indicator's own figures."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from indikatorbok import catalog, paths, text

CATEGORIES = {
    "tydliga": "Tydliga resultat",
    "delvisa": "Delvisa resultat",
    "osäkra": "Osäkra resultat",
    "inga_eller_sma": "Inga eller små resultat",
}
NOT_FOLLOWED = "Inte uppföljd, kan inte bedömas"


class AssessmentError(ValueError):
    """The assessments file breaks its own rules (unknown indicator or category)."""


@dataclass(frozen=True)
class Assessments:
    edition: int
    indicators: dict[str, str]

    def label(self, ind: catalog.Indicator) -> str:
        """Table text: the category and whether it concerns the goal or the effect."""
        if not ind.followed:
            return NOT_FOLLOWED
        category = self.indicators.get(ind.id)
        if category is None:
            return "Bedömning saknas"
        target = "måluppfyllelse" if ind.step.kind == "prestationsmål" else "effektuppfyllelse"
        return f"{CATEGORIES[category]} i linje med {target}"


def path_for(year: int):
    return paths.EDITIONS / str(year) / "assessments.yaml"


def load(year: int) -> Assessments:
    """The edition's assessments; an empty set when the analysts have not written any."""
    path = path_for(year)
    if not path.is_file():
        return Assessments(year, {})
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cat = catalog.load()
    given = {str(k): str(v) for k, v in (raw.get("indicators") or {}).items()}
    problems = [f"{i}: not in the catalog" for i in given if i not in cat.indicators]
    problems += [f"{i}: not followed up, so it cannot be assessed" for i in given
                 if i in cat.indicators and not cat[i].followed]
    problems += [f"{i}: unknown category {c!r} (one of {', '.join(CATEGORIES)})"
                 for i, c in given.items() if c not in CATEGORIES]
    if raw.get("edition") != year:
        problems.append(f"'edition' is {raw.get('edition')!r}, expected {year}")
    if problems:
        raise AssessmentError(f"{path}:\n" + "\n".join(f"  - {p}" for p in problems))
    return Assessments(year, given)


def disagreements(assessed: Assessments, computed: dict[str, dict],
                  contributed: dict[str, bool] | None = None) -> list[str]:
    """Where an assessment and the figures disagree, in Swedish for the reviewers' page.
    ``computed``: per computed indicator, its ``measured_years``, ``headline`` values by
    year and whether their latest change is ``significant`` (as ``report.publish`` writes
    them). ``contributed``: per goal, the analysts' contribution judgement (Del 1)."""
    cat = catalog.load()
    year = assessed.edition
    out = []
    for ind in cat.indicators.values():
        if not ind.followed:
            continue
        category = assessed.indicators.get(ind.id)
        facts = computed.get(ind.id)
        if category is None:
            out.append(f"{ind.id}: bedömning saknas för utgåvan {year}.")
            continue
        assessed_as = f"{ind.id}: bedömd som ”{CATEGORIES[category].lower()}”"
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
        if (category == "tydliga" and len(values) > 1 and values[-1][1] < values[-2][1]
                and facts.get("significant") is not False):
            (y0, v0), (y1, v1) = values[-2], values[-1]
            out.append(f"{assessed_as} men huvudmåttet har minskat från {text.number(v0)} "
                       f"({y0}) till {text.number(v1)} ({y1}).")
    for goal in cat.goals:
        results = [assessed.indicators.get(i.id) for i in cat.indicators.values()
                   if i.step.goal_id == goal.id and i.step.kind != "prestationsmål"]
        if (contributed or {}).get(goal.id) and not {"tydliga", "delvisa"} & set(results):
            out.append(f"Mål {goal.id}: arbetet bedöms ha bidragit till delmålen, men ingen "
                       f"av målets effektindikatorer är bedömd som ”tydliga resultat” eller "
                       f"”delvisa resultat”.")
    return out
