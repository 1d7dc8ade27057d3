"""Del 2's generated pages: the indicators counted, and one chapter per goal with its
effect chain and every indicator's latest result or why it has none."""

from __future__ import annotations

from pathlib import Path

from indikatorbok import cache, catalog, plots, report, text
from indikatorbok.editions import Folder
from indikatorbok.programme import Edition


def goal_pages(edition: Edition, out: Folder) -> list[Path]:
    """One chapter page per goal, from the catalog: its effect chain as a diagram (when the
    build's results are given), its chain steps and all their indicators (a link with the
    latest result, or why the indicator is not in the book)."""
    cat = edition.programme.catalog
    measured = {i: set(f.measured_years) for i, f in report.read_findings(out.data).items()}
    out.del2.mkdir(parents=True, exist_ok=True)
    written = []
    for goal in cat.goals:
        lines = [f"# Mål {goal.id}: {goal.short}", "", f"*{goal.title}.*", ""]
        image, svg = _chain_diagram(out.del2, cat, goal, edition.year, measured)
        lines += [image, ""]
        written.append(svg)
        for step in goal.steps:
            lines += [f"## {step.kind_label}: {step.title}", ""]
            for ind in cat.members(step):
                if ind.computed and not measured.get(ind.id):
                    lines.append(f"- [{ind.id} {ind.title}]({ind.notebook}.ipynb). Inga "
                                 f"uppgifter i den här utgåvan.")
                elif ind.computed:
                    lines.append(
                        f"- [{ind.id} {ind.title}]({ind.notebook}.ipynb) – "
                        f"{{glue:text}}`{ind.notebook}.ipynb::senaste_resultat:s` "
                        f"({{glue:text}}`{ind.notebook}.ipynb::senaste_ar:s`).")
                elif not ind.followed:
                    lines.append(f"- {ind.id} {ind.title}. *Följs inte upp:* {ind.not_followed}")
                else:
                    lines.append(f"- {ind.id} {ind.title}. *Ingår ännu inte i den här "
                                 f"utgåvan av boken.*")
            lines.append("")
        path = out.del2 / f"mal_{goal.id}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    path = out.del2 / "oversikt.md"
    path.write_text(overview_page(cat), encoding="utf-8")
    return [*written, path]


def _chain_diagram(out: Path, cat: catalog.Catalog, goal: catalog.Goal, edition: int,
                   measured: dict[str, set[int]]) -> tuple[str, Path]:
    """The goal's effect chain with each indicator's status: the image's Markdown (its
    text alternative lists every step and status) and the SVG file."""

    def status(ind: catalog.Indicator) -> tuple[str, str]:
        if not ind.followed:
            return "not_followed", "inte uppföljd"
        measured_years = measured.get(ind.id, set())
        return ind.progress(edition, measured_years), ind.status(edition, measured_years)

    columns = []
    for kind in cat.kinds.values():
        steps = [(s.title, [(i.id, *status(i)) for i in cat.members(s)])
                 for s in goal.steps if s.kind == kind.key]
        if steps:
            columns.append((kind.label, steps))
    svg = out / f"effektkedja_{goal.id}.svg"
    svg.write_text(cache.drawn("effect chain", columns,
                               lambda: plots.to_svg(plots.effect_chain(columns))),
                   encoding="utf-8")
    alt = " ".join(f"{label}: " + "; ".join(
        f"{title} ({text.join([f'{i} {word}' for i, _, word in inds])})"
        for title, inds in steps) + "." for label, steps in columns)
    return f"![Effektkedja för mål {goal.id}. {alt}]({svg.name})", svg


def overview_page(cat: catalog.Catalog) -> str:
    """The count tables at the start of Del 2, computed from the catalog."""
    captions = {"goal": "Indikatorer per jämställdhetsmål",
                "step": "Indikatorer per steg i effektkedjan",
                "method": "Indikatorer efter metod eller typ av datainsamling. En indikator kan "
                          "följas upp med flera metoder"}
    total = len(cat.indicators)
    followed = sum(i.followed for i in cat.indicators.values())
    lines = ["# Indikatorerna i siffror", "",
             f"Effektkedjorna har sammanlagt {total} indikatorer. {followed} av dem har följts "
             f"upp minst en gång under perioden, och {total - followed} har inte följts upp; "
             f"skälen står under respektive mål.", ""]
    for by, caption in captions.items():
        table = catalog.counts(cat, by)
        header = ["Steg" if by == "step" else "Metod" if by == "method" else "Mål",
                  *table.columns[1:]]
        lines += [f"**{caption}. Antal**", "", "| " + " | ".join(header) + " |",
                  "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(str(v) for v in row) + " |"
                  for row in table.itertuples(index=False)]
        lines.append("")
    return "\n".join(lines)
