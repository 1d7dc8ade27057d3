"""The full build, again, in a copy of the project: with nothing changed (the published
edition stays, or, asked to build again, nothing is executed or rendered), then on data
where one indicator's figure changed. Only the notebook that reads the changed file runs
again, and the new figure, with the direction of the change written from the data, reaches
Del 1 and the summary without any hand edit.

Runs after ``make book`` (``make integration``), whose cache makes the first build quick;
on a cold cache it executes every notebook once.
"""

import json
import os
import re
import subprocess
import sys
from html import unescape

import pandas as pd
import pytest

from indikatorbok import builders, programme
from indikatorbok.build import copy_project

PROGRAMME = programme.load("forsakringskassan")
CHANGED_SOURCE = "sickness_cases"  # read by 3.1.1 only; 3.1.1 is goal 3's first key figure
INDICATOR = "3.1.1"
DATA = "data/synthetic/forsakringskassan"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    # With the main build's cache: same code, notebooks and inputs, so the first build
    # executes nothing.
    return copy_project(tmp_path_factory.mktemp("project"), with_cache=True,
                        programmes=[PROGRAMME.name])


def build(root, *args):
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--programme",
                           PROGRAMME.name, "--year", "2025", "--data", DATA, *args], cwd=root,
                          capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(root)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))


def current(root):
    return (root / "_build" / "current").resolve()


def page_text(root, page):
    html = (root / "_build" / "html" / page).read_text(encoding="utf-8")
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def quoted(root, page):
    """The sentence about the indicator on a page: its latest figure and the direction."""
    text = page_text(root, page)
    title = PROGRAMME.catalog[INDICATOR].title
    start = re.search(rf"{re.escape(f'{INDICATOR} {title}')} ?[:–]", text).end()  # not the menu
    return text[start:start + 300]


def fewer_mentions(path):
    """Remove the word from two of every three case files that mention violence."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    hits = df.index[df["file_text"].str.contains(r"\bvåld", case=False, regex=True)]
    drop = hits[[i % 3 != 0 for i in range(len(hits))]]
    df.loc[drop, "file_text"] = df.loc[drop, "file_text"].str.replace(
        r"\b[Vv]åld\w*", "situation", regex=True)
    df.to_csv(path, index=False, lineterminator="\n")


def test_a_changed_figure_reaches_del1_and_the_summary(project):
    first = build(project)
    # Built again on purpose: a new edition from the caches, nothing executed or rendered.
    again = build(project, "--again")
    assert again["executed"] == {} and not again["rendered"]
    published = current(project)
    assert build(project) == again and current(project) == published  # nothing changed
    before = {page: quoted(project, page)
              for page in ("sammanfattning.html", "del1/mal_3.html")}
    data = project / DATA
    old = builders.compute(INDICATOR, 2025, data, PROGRAMME.name).key_values()

    fewer_mentions(data / "2025" / f"{CHANGED_SOURCE}.csv")
    new = builders.compute(INDICATOR, 2025, data, PROGRAMME.name).key_values()
    assert new["senaste_varde"] != old["senaste_varde"]
    # A fall now breaks the assessment's rule: the build refuses it until the analysts
    # give their reason (and then re-runs that page only, with its data).
    refused = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--programme",
                              PROGRAMME.name, "--year", "2025", "--data", DATA], cwd=project,
                             capture_output=True, text=True,
                             env={**os.environ, "INDIKATORBOK_ROOT": str(project)})
    assert refused.returncode != 0
    assert f"{INDICATOR}: ”Delvisa resultat”" in refused.stdout + refused.stderr
    assert current(project) == published  # nothing half-published
    path = project / "data" / "programmes" / PROGRAMME.name / "editions" / "2025" / \
        "assessments.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        f'"{INDICATOR}": delvisa', f'"{INDICATOR}": {{category: delvisa, reason: "Färre akter '
                                   f'nämner ordet, men frågorna ställs enligt rutinen."}}'),
        encoding="utf-8")
    second = build(project)

    readers = {i for i, ind in PROGRAMME.catalog.indicators.items()
               if CHANGED_SOURCE in ind.sources}
    assert set(second["executed"]) == readers == {INDICATOR}
    # Its page ran with the new data in the refused build (and was kept); now its
    # assessment changed.
    assert "parameters changed" in second["executed"][INDICATOR]
    assert len(second["from_cache"]) == len(first["executed"]) + len(first["from_cache"]) - 1
    for page, sentence in before.items():
        assert (f"{old['senaste_varde']} (2025), en ökning från {old['foregaende_varde']}"
                in sentence)
        after = quoted(project, page)
        assert (f"{new['senaste_varde']} (2025), en minskning från {new['foregaende_varde']}"
                in after)
