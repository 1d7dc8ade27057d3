"""`make preview`: the edition served on localhost, built again after a saved change to a
definition or an analysts' text (the served page changes), and a broken file shown as its
error over the last good pages, which stay served."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from indikatorbok import programme
from indikatorbok.build import copy_project

PROGRAMME = programme.load("forsakringskassan")
DATA = "data/synthetic/forsakringskassan"
WAIT = 600  # seconds for one build on a slow machine
INDICATOR, PAGE = "1.1.2", "del2/indikator_1_1_2.html"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The preview of a copy of the project (with the main build's cache), and its URL."""
    root = copy_project(tmp_path_factory.mktemp("project"), with_cache=True,
                        programmes=[PROGRAMME.name])
    log = root / "preview.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "indikatorbok", "preview", "--programme", PROGRAMME.name,
             "--data", DATA, "--port", "0"], cwd=root, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "INDIKATORBOK_ROOT": str(root), "COLUMNS": "200"})
    try:
        url = wait_for(lambda: re.search(r"http://127\.0\.0\.1:\d+/", log.read_text()), log)
        yield root, url.group(0), log
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)


def wait_for(found, log: Path):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if value := found():
            return value
        time.sleep(1)
    raise AssertionError(f"not seen within {WAIT} s; the preview said:\n{log.read_text()}")


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def status(url: str) -> dict:
    return json.loads(get(url + "_preview/status.json"))


def page_text(url: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", get(url + PAGE))).split())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_served_pages_reload_themselves(served):
    root, url, log = served
    assert status(url)["error"] is None
    assert "_preview/status.json" in get(url)  # the script that reloads the page
    assert not (root / "_build" / "preview" / "current" / "html" / "indikatorbok.pdf").exists()


def test_a_saved_definition_and_text_reach_the_served_page(served):
    root, url, log = served
    prog = root / "data" / "programmes" / PROGRAMME.name
    title = PROGRAMME.catalog[INDICATOR].title
    edit(prog / "indicators" / f"{INDICATOR}.yaml", f"title: {title}",
         f"title: {title} (förhandsvisad)")
    wait_for(lambda: f"{title} (förhandsvisad)" in page_text(url), log)
    assert f"{title} (förhandsvisad)" in get(url + "inledning.html")  # in every page's menu
    assessments = prog / "editions" / "2025" / "assessments.yaml"
    edit(assessments, "för en första mätning.", "för en första mätning, sett i förväg.")
    wait_for(lambda: "sett i förväg" in page_text(url), log)
    # Again, in the kernel kept warm since the first edit: it reads the definition anew.
    edit(prog / "indicators" / f"{INDICATOR}.yaml", "(förhandsvisad)", "(förhandsvisad igen)")
    wait_for(lambda: f"{title} (förhandsvisad igen)" in page_text(url), log)


def test_a_saved_extract_runs_the_notebooks_that_read_it_again(served):
    """The preview keeps the files' digests between builds, and reads again those its
    watcher names."""
    root, url, log = served
    wait_for(lambda: not status(url)["building"], log)
    before = status(url)["version"]
    extract = root / DATA / "2025" / "sickness_cases.csv"  # read by 3.1.1 only
    # Saved in one step, as copying tools do (a file written in place for longer than the
    # watcher waits for more changes is built twice, the second time with nothing new).
    partial = extract.with_name(extract.name + ".tmp")  # a name the watcher passes over
    partial.write_text(extract.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    partial.replace(extract)
    wait_for(lambda: status(url)["version"] > before and not status(url)["building"], log)
    built = json.loads((root / "_build" / "preview" / "current" / "build.json").read_text(
        encoding="utf-8"))
    assert list(built["executed"]) == ["3.1.1"]


def test_a_broken_file_shows_its_error_and_keeps_the_pages(served):
    root, url, log = served
    wait_for(lambda: not status(url)["building"], log)  # the last edit's build is done
    before, shown = status(url)["version"], page_text(url)
    assessments = root / "data" / "programmes" / PROGRAMME.name / "editions" / "2025" / \
        "assessments.yaml"
    good = assessments.read_text(encoding="utf-8")
    assessments.write_text(good + '  "1.1.2": [unclosed\n', encoding="utf-8")
    error = wait_for(lambda: status(url)["error"], log)
    assert "assessments.yaml" in error and "not valid YAML" in error
    assert status(url)["version"] == before
    assert page_text(url) == shown  # the last good pages are still served
    assessments.write_text(good, encoding="utf-8")
    wait_for(lambda: status(url)["error"] is None and status(url)["version"] > before, log)
