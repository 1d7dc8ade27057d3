"""The build's cache: a change re-runs exactly the notebooks that depend on it."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from rich.console import Console

from indikatorbok import build, cache, catalog, indicators, sources

CAT = catalog.load()
IDS = indicators.implemented()


@pytest.fixture
def data(synthetic_dir, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(synthetic_dir, out)
    return out


def keys(data, tmp_path, notebooks=None, year=2025):
    """The run key of every notebook for the edition ``year`` on ``data``."""
    digest = cache.FileDigests(tmp_path / "files.json")
    edition = build.Edition(year, data)
    notebooks = notebooks or {}
    return {i: cache.plan(i, notebooks.get(i, build.notebook_path(i)),
                          build.parameters(edition, tmp_path / "out"), data, edition.years,
                          digest).key for i in IDS}


def changed(before, after):
    return {i for i in before if before[i] != after[i]}


def readers(source):
    return {i for i in IDS if source in CAT[i].sources}


@pytest.mark.parametrize("source", ["eservice_visits", "staff_survey", "sickness_cases"])
def test_a_changed_file_reruns_exactly_its_readers(data, tmp_path, source):
    before = keys(data, tmp_path)
    path = sources.find_file(data, 2025, source)
    path.write_bytes(path.read_bytes() + b"\n")
    assert changed(before, keys(data, tmp_path)) == readers(source)
    assert readers(source) and readers(source) != set(IDS)


def test_a_file_arriving_or_leaving_changes_the_key(data, tmp_path):
    before = keys(data, tmp_path)
    (data / "2024" / "violence_survey.csv").unlink()
    assert changed(before, keys(data, tmp_path)) == readers("violence_survey")


def test_the_delivery_notes_concern_every_notebook(data, tmp_path):
    before = keys(data, tmp_path)
    path = data / "2025" / sources.DELIVERY_FILE
    path.write_text(path.read_text() + "\n# rättad\n")
    assert changed(before, keys(data, tmp_path)) == set(IDS)


def test_a_changed_notebook_reruns_only_itself(data, tmp_path):
    before = keys(data, tmp_path)
    copy = tmp_path / "nb.ipynb"
    copy.write_text(build.notebook_path("2.4.1").read_text().replace("## Status", "## Läge"))
    assert changed(before, keys(data, tmp_path, {"2.4.1": copy})) == {"2.4.1"}


def test_another_edition_is_another_run(data, tmp_path):
    assert changed(keys(data, tmp_path), keys(data, tmp_path, year=2024)) == set(IDS)


def test_store_lookup_and_the_reason_for_a_rerun(data, tmp_path):
    digest = cache.FileDigests(tmp_path / "files.json")
    edition = build.Edition(2025, data)

    def run():
        return cache.plan("2.4.1", build.notebook_path("2.4.1"), {"year": 2025}, data,
                          edition.years, digest)

    store = cache.NotebookCache(tmp_path / "cache")
    assert store.lookup(run()) is None and store.reason(run()) == "first run"
    page = tmp_path / "page.ipynb"
    page.write_text("{}")
    store.store(run(), [page])
    assert (store.lookup(run()) / "page.ipynb").read_text() == "{}"
    path = data / "2025" / "eservice_visits.csv"
    path.write_text(path.read_text().replace("159541", "159542"))
    assert store.lookup(run()) is None
    assert store.reason(run()) == "input changed: 2025/eservice_visits"


def test_file_digests_notice_a_change_of_same_size(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("x\n1\n")
    digests = cache.FileDigests(tmp_path / "files.json")
    first = digests(path)
    digests.save()
    path.write_text("x\n2\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert cache.FileDigests(tmp_path / "files.json")(path) != first


def test_validation_is_not_skipped_for_a_changed_file(data):
    edition = build.Edition(2025, data)
    build.validate(edition, Console(quiet=True))
    path = data / "2025" / "eservice_visits.csv"
    path.write_text(path.read_text().replace("159541", "-1"))
    with pytest.raises(sources.DataError, match="eservice_visits"):
        build.validate(edition, Console(quiet=True))


def test_an_undeclared_source_is_refused(synthetic_dir):
    ctx = indicators.Context(CAT["2.4.1"], 2025, synthetic_dir)
    with pytest.raises(ValueError, match="does not list under sources"):
        ctx.load("staff_survey")


def test_notebooks_never_import_build_only_modules():
    """Changing a build-only module does not re-run notebooks, so notebooks must not use it."""
    code = ("import sys, json\nfrom indikatorbok import indicators, report\n"
            "for i in indicators.implemented(): indicators.module_for(i)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('indikatorbok.'))))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                       text=True, check=True).stdout)
    top = {m.split(".")[1] for m in loaded}
    assert "indicators" in top and not top & cache.BUILD_ONLY
