"""A third programme, made from the README alone (tests/integration/exempelverket: two
indicators of the engine's kinds and one of the programme's own, `kinds/within_target.py`),
builds into a book with the engine as it is; its figures are those its extracts give."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indikatorbok import build
from indikatorbok.stats import round_half_up

NAME = "exempelverket"
FIXTURE = Path(__file__).parent / NAME
YEARS = (2023, 2024)


def extract(year: int) -> pd.DataFrame:
    """A year's decisions, drawn at random (women wait a little longer in the south)."""
    rng = np.random.default_rng(year)
    n = 900
    sex = rng.choice(["K", "M"], n, p=[0.55, 0.45])
    region = rng.choice(["norr", "mitt", "syd"], n)
    days = rng.poisson(25 + 6 * ((sex == "K") & (region == "syd")), n)
    return pd.DataFrame({"year": year, "case_id": [f"{year}-{i:05d}" for i in range(n)],
                         "sex": sex, "region": region,
                         "granted": (rng.random(n) < 0.7).astype(int), "days": days})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = build.copy_project(tmp_path_factory.mktemp("project"), programmes=[NAME])
    shutil.copytree(FIXTURE, root / "data" / "programmes" / NAME)
    data = root / "leveranser"
    frames = {}
    for year in YEARS:
        (data / str(year)).mkdir(parents=True)
        frames[year] = extract(year)
        frames[year].to_csv(data / str(year) / "decisions.csv", index=False)
        (data / str(year) / "delivery.yaml").write_text("synthetic: true\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--programme", NAME,
                           "--data", str(data)], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(root)})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return root, frames


def figure(root: Path, indicator: str, series: str, group: str, year: int) -> float:
    tidy = pd.read_csv(root / "_build" / "data" / f"{indicator}.csv", keep_default_na=False)
    row = tidy[(tidy.series == series) & (tidy.group == group) & (tidy.year == year)]
    return float(row.value.iloc[0])


def test_every_indicator_has_its_page(built):
    root, _ = built
    summary = json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))
    assert summary["programme"] == NAME and sorted(summary["executed"]) == [
        "1.1.1", "1.1.2", "1.1.3"]
    for slug in ("1_1_1", "1_1_2", "1_1_3"):
        page = root / "_build" / "html" / "del2" / f"indikator_{slug}.html"
        assert "påhittade data" in page.read_text(encoding="utf-8")


def test_the_figures_are_those_of_the_extracts(built):
    root, frames = built
    for year, df in frames.items():
        for sex, label in (("K", "Kvinnor"), ("M", "Män")):
            group = df[df.sex == sex]
            assert figure(root, "1.1.2", "Beslut om ansökningar", label, year) == len(group)
            assert figure(root, "1.1.3", "Beslut inom 30 dagar", label, year) == \
                round_half_up(100 * (group.days <= 30).mean())
            assert figure(root, "1.1.1", "Beviljade ansökningar", label, year) == \
                round_half_up(100 * group.granted.mean())


def test_the_own_kind_shows_its_steps_to_the_reviewer(built):
    root, _ = built
    notebook = next((root / "_build" / "current" / "internal" / "book" / "del2").glob(
        "indikator_1_1_3.ipynb"))
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    titles = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
              for c in cells if c["cell_type"] == "markdown"]
    assert "### Beslut inom måltiden, per kön och år" in titles
