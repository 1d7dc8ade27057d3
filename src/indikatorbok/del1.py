"""Del 1 and the summary, from the analysts' judgements of the edition
(``data/editions/<year>/del1.yaml``) and the indicator pages of the same build: every number
is glued from its indicator page, and every direction word is written from the data."""

from __future__ import annotations

from pathlib import Path

import yaml

from indikatorbok import catalog, paths, report, text

FOLDER = "del1"


def path_for(year: int) -> Path:
    return paths.EDITIONS / str(year) / "del1.yaml"


def load(year: int) -> dict:
    path = path_for(year)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the analysts' judgements for the {year} edition are "
                                f"missing: run `make new-year YEAR={year}`, which copies the "
                                f"previous edition's, and revise them")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    cat = catalog.load()
    problems = [f"goal {g}: unknown indicator {i}" for g, goal in raw["goals"].items()
                for i in goal["key_indicators"] if i not in cat.indicators]
    problems += [f"goal {g.id} has no judgement" for g in cat.goals
                 if str(g.id) not in raw["goals"]]
    if problems:
        raise ValueError(f"{path}:\n" + "\n".join(f"  - {p}" for p in problems))
    return raw


def _glue(notebook: str, key: str, prefix: str) -> str:
    return f"{{glue}}`{prefix}{notebook}.ipynb::{key}`"


def key_result(ind: catalog.Indicator, computed: dict | None, prefix: str) -> str:
    """One line on an indicator's latest result, numbers glued from its page."""
    link = f"[{ind.id} {ind.title}]({prefix}{ind.notebook}.ipynb)"
    if computed is None or not computed["measured_years"]:
        return f"{link}: inga uppgifter i den här utgåvan."
    line = (f"{link}: {_glue(ind.notebook, 'senaste_varde', prefix)} "
            f"({_glue(ind.notebook, 'senaste_ar', prefix)})")
    values = [v for _, v in computed["headline"] if v == v]
    if not computed.get("summary") and len(values) > 1:
        previous = (f"{_glue(ind.notebook, 'foregaende_varde', prefix)} "
                    f"({_glue(ind.notebook, 'foregaende_ar', prefix)})")
        if not computed.get("comparable", True):
            line += f"; tidigare mätning {previous} gällde en annan målgrupp eller fråga"
        else:
            direction = ("upp från" if values[-1] > values[-2] else
                         "ned från" if values[-1] < values[-2] else "samma som")
            line += f", {direction} {previous}"
    return line + "."


# Del 1 follows the effect chain: what staff know and can do, what was mapped and done,
# and what it meant for individuals.
CHAIN_SECTIONS = {"prestationsmål": "Kunskap och förutsättningar hos medarbetare och chefer",
                  "prestationsnära_effekt": "Vad som har kartlagts och gjorts",
                  "effekt_individer": "Effekter för enskilda"}


def _contribution(goal: dict) -> str:
    targets = text.join([g.lower() for g in goal["national_goals"]])
    if goal["contributed"]:
        return f"Bedömningen är att arbetet har bidragit till delmålet om {targets}." \
            if len(goal["national_goals"]) == 1 else \
            f"Bedömningen är att arbetet har bidragit till delmålen om {targets}."
    return f"Bedömningen är att arbetet inte har bidragit till delmålet om {targets}."


def write(book: Path, edition: int, data_dir: Path) -> list[Path]:
    """Write the summary (``sammanfattning.md``) and Del 1 (``del1/``) into ``book``."""
    cat = catalog.load()
    raw = load(edition)
    computed = report.read_headlines(data_dir)
    (book / FOLDER).mkdir(parents=True, exist_ok=True)
    unreviewed = [] if "copied_from" not in raw else [
        "```{admonition} Preliminära bedömningar", ":class: warning",
        f"Bedömningarna är kopierade från årgång {raw['copied_from']} och har ännu inte "
        f"granskats för {edition}. Siffrorna är däremot framräknade för {edition}.", "```", ""]
    summary = ["# Sammanfattning", "", *unreviewed,
               f"Sammanfattningen bygger på indikatorerna i utgåvan {edition}. Siffrorna "
               "hämtas från indikatorsidorna när boken byggs, och bedömningarna är "
               "analytikernas.", ""]
    pages = {}
    for goal in cat.goals:
        g = raw["goals"][str(goal.id)]
        keys = [cat[i] for i in g["key_indicators"]]
        summary += [f"## Mål {goal.id}: {goal.title}", "",
                    key_result(keys[0], computed.get(keys[0].id), "del2/"), "",
                    g["judgement"], "", _contribution(g), ""]
        chapter = [f"# Mål {goal.id}: {goal.title}", "", *unreviewed]
        for kind, heading in CHAIN_SECTIONS.items():
            followed = [i for i in cat.indicators.values()
                        if i.step.goal_id == goal.id and i.step.kind == kind and i.followed]
            if followed:
                chapter += [f"## {heading}", "",
                            *(f"- {key_result(i, computed.get(i.id), '../del2/')}"
                              for i in followed), ""]
        chapter += ["## Samlad bedömning", "", g["judgement"], "", _contribution(g), "",
                    "## Kvarstående utmaning", "", g["challenge"], ""]
        pages[f"{FOLDER}/mal_{goal.id}.md"] = "\n".join(chapter)
    pages["sammanfattning.md"] = "\n".join(summary)
    pages[f"{FOLDER}/index.md"] = "\n".join([
        "# Del 1 – Försäkringskassans bidrag", "",
        "Ett kapitel per jämställdhetsmål, i effektkedjans ordning: vad medarbetare och "
        "chefer vet och har förutsättningar för, vad som har kartlagts och gjorts och vad "
        "det har betytt för enskilda. Därefter följer analytikernas samlade bedömning av "
        "bidraget till de nationella delmålen och vad som återstår. Varje siffra länkar till "
        "indikatorns sida i del 2.", ""])
    pages[f"{FOLDER}/lardomar.md"] = "\n".join([
        "# Lärdomar och fortsatt arbete", "", "## Lärdomar", "",
        *(f"- {item}" for item in raw["lessons"]), "", "## Fortsatt arbete", "",
        *(f"- {item}" for item in raw["continued"]), ""])
    written = []
    for name, content in pages.items():
        path = book / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
