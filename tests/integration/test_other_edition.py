"""An earlier edition builds from the same engine and data: Försäkringskassan's 2024
edition, in a copy of the project, with pages for the indicators first measured in 2025
saying there are no results yet."""

import json
import os
import re
import subprocess
import sys
from html import unescape

from indikatorbok import build


def test_the_2024_edition_builds(tmp_path):
    root = build.copy_project(tmp_path / "project", with_cache=True,
                              programmes=["forsakringskassan"])
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--programme",
                           "forsakringskassan", "--year", "2024"], cwd=root,
                          capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(root)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))
    assert (summary["programme"], summary["edition"]) == ("forsakringskassan", 2024)
    html = (root / "_build" / "html" / "del2" / "indikator_1_1_2.html").read_text("utf-8")
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "Det finns inga uppgifter om indikatorn för 2020–2024" in text
    assert "ej genomförd" in text
    figures = (root / "_build" / "data" / "edition" / "figures.csv").read_text("utf-8")
    assert ",2024," in figures and ",2025," not in figures
