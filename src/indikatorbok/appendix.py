"""The table appendix (Tabellbilaga) and the reviewers' page, from the catalog and the
analysts' assessments of the edition."""

from __future__ import annotations

from pathlib import Path

from indikatorbok import assessments, catalog, del1, report, text
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition, Policy

FOLDER = "bilaga"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows)]


def not_followed_page(cat: catalog.Catalog) -> str:
    rows = [[i.id, i.title, i.not_followed or ""] for i in cat.indicators.values()
            if not i.followed]
    return "\n".join(["# Tabell 1. Indikatorer utan uppföljning", "",
                      f"{len(rows)} av effektkedjornas {len(cat.indicators)} indikatorer har "
                      "inte följts upp under perioden. Skälen kommer från indikatorkatalogen.",
                      "", *_table(["Indikator", "Namn", "Varför den inte har följts upp"], rows),
                      ""])


SCALE = "bedomningar.md"  # the assessment scale, in the book's root


def scale_page(policy: Policy) -> str:
    """The assessment scale readers see: each category, what it means and its rule
    against the indicator's results."""
    rows = [[c.label, c.means or "–", assessments.rule_words(policy, c.key).capitalize() + "."]
            for c in policy.categories]
    return "\n".join([
        "# Så bedöms indikatorerna", "",
        f"Analytikerna bedömer varje indikator som följs upp med en av "
        f"{text.in_words(len(policy.categories))} kategorier. Varje kategori har en regel "
        "som prövas mot indikatorns egna resultat i utgåvan: vilken utveckling sedan förra "
        "mätningen den kräver eller utesluter, och om resultaten för kvinnor och män skiljer "
        "sig. För varje indikator anger planen vad målet förutsätter: att värdet ökar, att "
        "det minskar eller att kvinnor och män får likvärdiga resultat.", "",
        "En förändring räknas när den är statistiskt säkerställd, eller, när alla räknas och "
        "ingen slumpmässig osäkerhet finns att pröva, när värdet har ändrats. En bedömning "
        "som inte följer sin regel publiceras bara med analytikernas motivering, som då står "
        "bredvid bedömningen på indikatorns sida. Indikatorer med samma resultat får samma "
        "bedömning, eller en motivering.", "",
        *_table(["Bedömning", "Vad den betyder", "Regel mot resultaten"], rows), ""])


def table_title(goal: catalog.Goal) -> str:
    """The title of a goal's table of assessments, as the report names it."""
    return (f"Tabell {goal.table}. Bedömning av mål- och effektuppfyllelse, indikatorer "
            f"mål {goal.id}")


def goal_page(cat: catalog.Catalog, goal: catalog.Goal, assessed: assessments.Assessments
              ) -> str:
    lines = [f"# {table_title(goal)}", "",
             f"Analytikernas bedömning i utgåvan {assessed.edition} av om varje indikator visar "
             "resultat i linje med målet (för prestationsmål) eller effekten (för övriga steg "
             "i effektkedjan).", ""]
    for step in goal.steps:
        members = cat.members(step)
        if not members:
            continue
        lines += [f"## {step.kind_label}: {step.title}", ""]
        rows = [[f"[{i.id}](../del2/{i.notebook}.ipynb)" if i.computed else i.id, i.title,
                 assessed.label(i)] for i in members]
        lines += [*_table(["Indikator", "Namn", "Bedömning"], rows), ""]
    return "\n".join(lines)


def review_page(edition: Edition, assessed: assessments.Assessments, data_dir: Path
                ) -> tuple[str, list[str]]:
    """The reviewers' page: every assessment with its rule, the findings it was checked
    against and the analysts' reason where the rule is set aside; then what else to look
    at (assessments missing, planned measurements missing, contributions without
    effects). Also returns that list, and the assessments that break their rule."""
    judged = del1.load(edition)["goals"]
    computed = report.read_findings(data_dir)
    found = assessments.disagreements(edition, assessed, computed,
                                      {g: j["contributed"] for g, j in judged.items()})
    checked = assessments.verdicts(edition, assessed, computed)
    policy = edition.programme.policy
    lines = ["# Granskning av bedömningarna", "",
             "Varje bedömning prövas mot kategorins regel och indikatorns resultat i den här "
             "utgåvan. En bedömning som bryter mot sin regel publiceras bara med "
             "analytikernas motivering. Listan tas fram vid varje bygge.", "",
             "## Bedömningarna mot reglerna", "",
             "| Indikator | Bedömning | Regel | Resultat | Avvikelse | Motivering |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {v.indicator} | {policy.category(v.category).label} | {v.rule} | "
              f"{v.finding} | {v.broken or '–'} | {v.reason or '–'} |".replace("\n", " ")
              for v in checked]
    broken = [f"{v.indicator}: ”{policy.category(v.category).label.lower()}” {v.broken}"
              + ("" if v.reason else " (ingen motivering)") for v in checked if v.broken]
    lines += ["", "## Att granska", ""]
    lines += [f"- {f}" for f in [*found, *broken]] if found or broken \
        else ["Inga avvikelser hittades."]
    return "\n".join(lines) + "\n", [*found, *broken]


def write(edition: Edition, out: Folder) -> list[str]:
    """Write the appendix pages into the edition's book; returns the disagreements found."""
    cat = edition.programme.catalog
    assessed = assessments.load(edition)
    folder = out.book / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    pages = {"tabell_1.md": not_followed_page(cat)}
    for goal in cat.goals:
        pages[f"tabell_{goal.table}.md"] = goal_page(cat, goal, assessed)
    review, found = review_page(edition, assessed, out.data)
    out.internal.mkdir(parents=True, exist_ok=True)  # for reviewers, not for readers
    (out.internal / "granskning.md").write_text(review, encoding="utf-8")
    pages["index.md"] = ("# Tabellbilaga\n\nTabellerna sammanfattar vilka indikatorer som "
                         "inte har följts upp och hur analytikerna bedömer resultaten för "
                         "varje mål.\n")
    for name, content in pages.items():
        (folder / name).write_text(content, encoding="utf-8")
    (out.book / SCALE).write_text(scale_page(edition.programme.policy), encoding="utf-8")
    return found
