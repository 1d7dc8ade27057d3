"""What changed since the previous edition: every build records its figures and each
indicator's status and assessment (``edition/`` in the edition's data); ``new-year``
archives that record in the programme's ``editions/<year>/arkiv/``; the changes page
compares the new edition with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from indikatorbok import assessments, report, result, text
from indikatorbok.editions import Folder
from indikatorbok.indicators import CELLS
from indikatorbok.programme import Edition

PAGE = "forandringar.md"
RECORD = "edition"  # folder in the build's data with the edition's figures and statuses
KEY = ["indicator", "series", "group", "year"]


def record(edition: Edition, folder: Folder) -> Path:
    """Write the edition's figures (all tidy CSVs) and statuses into its data's
    ``edition/``."""
    cat, assessed = edition.programme.catalog, assessments.load(edition)
    data_dir = folder.data
    out = data_dir / RECORD
    out.mkdir(parents=True, exist_ok=True)
    tidy = [report.read_tidy(p) for p in sorted(data_dir.glob("*.csv"))]
    figures = pd.concat(tidy, ignore_index=True) if tidy else pd.DataFrame(columns=KEY)
    figures.to_csv(out / "figures.csv", index=False, lineterminator="\n")
    computed = report.read_findings(data_dir)
    cells = [(i, *c[:4], c[5]) for i, found in computed.items() for c in found.cells]
    pd.DataFrame(cells, columns=["indicator", "series_key", "group_key", "year", "value",
                                 "withheld"]).to_csv(out / CELLS, index=False,
                                                     lineterminator="\n")
    rows = [{"indicator": ind.id, "edition": edition.year,
             "status": ind.status(edition.year, set(computed[ind.id].measured_years))
             if ind.id in computed else "ej genomförd",
             "assessment": assessed.label(ind)}
            for ind in cat.indicators.values() if ind.followed]
    pd.DataFrame(rows).to_csv(out / "status.csv", index=False, lineterminator="\n")
    return out


def archive_path(edition: Edition) -> Path:
    return edition.programme.edition_dir(edition.year) / "arkiv"


def recorded(folder: Path) -> bool:
    """Whether ``folder`` holds an edition's record (a build's, or an archived one)."""
    return (folder / "status.csv").is_file()


def archive(edition: Edition, data_dir: Path) -> Path:
    """Keep a built edition's record as the one the next edition compares with."""
    src = data_dir / RECORD
    dst = archive_path(edition)
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    return dst


def _read(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return (report.read_tidy(folder / "figures.csv"),
            pd.read_csv(folder / "status.csv", dtype={"indicator": str}))


def page(edition: Edition, folder: Folder) -> str:
    """The changes page (Swedish): status and assessment changes, new figures and revised
    figures of this edition against the archived previous one."""
    previous = edition.year - 1
    lines = ["# Förändringar sedan förra årgången\n"]
    old_dir = edition.programme.edition_dir(previous) / "arkiv"
    if not recorded(old_dir):
        lines.append(f"Det finns ingen tidigare årgång att jämföra med. Från och med nästa "
                     f"årgång visar sidan vad som har ändrats jämfört med årgång "
                     f"{edition.year}.\n")
        return "\n".join(lines)
    cat = edition.programme.catalog
    old_fig, old_status = _read(old_dir)
    new_fig, new_status = _read(folder.data / RECORD)
    year = edition.year
    lines.append(f"Sidan jämför årgång {year} med årgång {previous} så som den arkiverades "
                 f"när årgång {year} skapades. Jämförelsen görs om vid varje bygge.\n")

    status = old_status.merge(new_status, on="indicator", how="outer", suffixes=("_old", "_new"))
    changed = status[(status.status_old != status.status_new)
                     | (status.assessment_old != status.assessment_new)]
    lines.append("## Status och bedömning\n")
    if changed.empty:
        lines.append(f"Ingen indikator har fått ändrad status eller bedömning sedan {previous}.\n")
    else:
        lines.append(f"{text.count(len(changed), 'indikator', 'indikatorer')} har fått "
                     f"ändrad status eller bedömning.\n")
        lines += ["| Indikator | Status " + str(previous) + " | Status " + str(year)
                  + " | Bedömning " + str(previous) + " | Bedömning " + str(year) + " |",
                  "|---|---|---|---|---|"]
        for r in changed.itertuples():
            lines.append(f"| {r.indicator} {cat[r.indicator].title} | {r.status_old} | "
                         f"{r.status_new} | {r.assessment_old} | {r.assessment_new} |")
        lines.append("")

    both = old_fig.merge(new_fig, on=KEY, how="outer", suffixes=("_old", "_new"),
                         indicator=True)
    added = both[both._merge == "right_only"]
    revised = both[(both._merge == "both") & ~(
        (both.value_old == both.value_new) | (both.value_old.isna() & both.value_new.isna()))]
    lines.append("## Nya uppgifter\n")
    if added.empty:
        lines.append("Årgången har inga uppgifter som saknades i förra årgången.\n")
    else:
        per = added.groupby("indicator").size()
        lines.append(f"Årgången har {text.number(len(added))} nya uppgifter för "
                     f"{text.count(len(per), 'indikator', 'indikatorer')}, de flesta "
                     f"för {int(added.year.mode().iloc[0])}. Tabellen visar antalet per "
                     f"indikator; uppgifterna finns på respektive indikatorsida.\n")
        lines += ["| Indikator | Nya uppgifter |", "|---|--:|"]
        lines += [f"| {i} {cat[i].title} | {n} |" for i, n in per.items()]
        lines.append("")
    lines.append("## Reviderade uppgifter\n")
    if revised.empty:
        lines.append(f"Inga uppgifter som fanns i årgång {previous} har ändrats.\n")
    else:
        lines.append(f"{text.number(len(revised))} uppgifter som fanns i årgång {previous} har "
                     f"ett annat värde i årgång {year}, till exempel för att ett år som "
                     f"förra gången bara omfattade en del av året nu är komplett.\n")
        lines += [f"| Indikator | Serie | Grupp | År | Årgång {previous} | Årgång {year} |",
                  "|---|---|---|--:|--:|--:|"]
        for r in revised.itertuples():
            lines.append(f"| {r.indicator} | {r.series} | {r.group or 'Samtliga'} | {r.year} | "
                         f"{result.cell(r.value_old, r.unit_old)} | "
                         f"{result.cell(r.value_new, r.unit_new)} |")
        lines.append("")
    removed = both[both._merge == "left_only"]
    if not removed.empty:
        which = text.join(sorted(removed.indicator.unique()))
        lines.append(f"{text.number(len(removed))} uppgifter i årgång {previous} redovisas "
                     f"inte i årgång {year}, till exempel uppdelningar som bara visas för "
                     f"det senaste året. Det gäller indikator {which}.\n")
    return "\n".join(lines)
