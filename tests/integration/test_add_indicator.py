"""Adding a survey indicator, as the README says, in a copy of the project: a new question
in the survey's contract, the indicator's file, and its published figure. Nothing else is
touched: the synthetic data answer the new question as declared, the build writes its
notebook, table of contents entry, page and CSV, and the new figure is the published one.
"""

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from indikatorbok import build
from indikatorbok.programme import Programme

PROGRAMME = "forsakringskassan"
INDICATOR = "1.1.3"
LABEL = "Vet var de kan få stöd i arbetet mot osakliga könsskillnader"

QUESTION = """
  knows_where_to_turn:
    text: >-
      Vet du vart du kan vända dig för att få stöd i arbetet mot osakliga skillnader mellan
      kvinnor och män?
    kind: single
    options: {ja: Ja, nej: Nej, vet_ej: Vet ej/vill ej svara}
"""

DEFINITION = f"""title: >-
  Handläggare uppger att de vet var de kan få stöd i arbetet mot osakliga könsskillnader
step: "1.1"
methods: [enkät]
sources: [staff_survey]
planned_years: [2025]
definition: >
  Among caseworkers and specialists who answered the question knows_where_to_turn, the
  share who answered "Ja".
builder: survey_share
parameters:
  source: staff_survey
  question: knows_where_to_turn
  population: "@caseworkers_and_specialists"
  main:
    label: {LABEL}
    counts: [ja]
    phrase: att de vet vart de kan vända sig för att få stöd i det arbetet
  subject: de svarande handläggarna
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = build.copy_project(tmp_path_factory.mktemp("project"), with_cache=True,
                              programmes=[PROGRAMME])
    programme = root / "data" / "programmes" / PROGRAMME
    contract = programme / "schema" / "staff_survey.yaml"
    contract.write_text(contract.read_text(encoding="utf-8").rstrip("\n") + QUESTION,
                        encoding="utf-8")
    (programme / "indicators" / f"{INDICATOR}.yaml").write_text(DEFINITION, encoding="utf-8")
    with (programme / "reference" / "published.csv").open("a", encoding="utf-8") as f:
        f.write(f"{INDICATOR},{LABEL},,2025,71,percent,2000\n")
    return root


@pytest.fixture(scope="module")
def built(project):
    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build", "--programme",
                           PROGRAMME], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "INDIKATORBOK_ROOT": str(project)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((project / "_build" / "build.json").read_text(encoding="utf-8"))


def test_the_new_indicator_has_its_page_and_csv(project, built):
    assert INDICATOR in built["executed"]
    page = project / "_build" / "html" / "del2" / "indikator_1_1_3.html"
    assert page.is_file() and LABEL in page.read_text(encoding="utf-8")
    assert (project / "notebooks" / PROGRAMME / "indikator_1_1_3.ipynb").is_file()
    tidy = pd.read_csv(project / "_build" / "data" / f"{INDICATOR}.csv",
                       keep_default_na=False, na_values={"n": [""]})
    total = tidy[(tidy.series == LABEL) & (tidy.group == "") & (tidy.year == 2025)]
    assert total[["value", "n"]].values.tolist() == [[71, 2000]]  # as declared


def test_only_the_readers_of_the_changed_contract_run_again(project, built):
    prog = Programme(PROGRAMME, project / "data" / "programmes" / PROGRAMME)
    readers = {i for i in prog.catalog.computed() if "staff_survey" in prog.catalog[i].sources}
    assert set(built["executed"]) == readers and INDICATOR in readers
    assert set(built["from_cache"]) == set(prog.catalog.computed()) - readers


def test_the_other_figures_are_unchanged(project, built):
    golden = project / "tests" / "golden"  # not copied: compare with the checkout's
    from indikatorbok import paths

    ours = pd.read_csv(project / "_build" / "data" / "edition" / "figures.csv", dtype=str)
    expected = pd.read_csv(paths.ROOT / "tests" / "golden" / PROGRAMME / "2025" /
                           "figures.csv", dtype=str)
    assert not golden.exists()
    pd.testing.assert_frame_equal(ours[ours.indicator != INDICATOR].reset_index(drop=True),
                                  expected)
