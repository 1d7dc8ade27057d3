"""The build's cache: a change re-runs exactly the notebooks that depend on it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from indikatorbok import build, builders, cache, checked, indicators, notebooks, sources
from indikatorbok.programme import Edition


@pytest.fixture
def data(synthetic_dir, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(synthetic_dir, out)
    return out


@pytest.fixture(scope="module")
def recorded(fk, watched, tmp_path_factory) -> cache.NotebookCache:
    """What every notebook read when it ran on the synthetic data, kept as its latest run
    in a cache of its own (the keys below are made from those reads)."""
    folder = tmp_path_factory.mktemp("recorded")
    store = cache.NotebookCache(folder / "cache")
    data, runs = watched(fk.name)
    edition = Edition(fk, 2025, data)
    for i, run in runs.items():
        path = folder / f"{fk.catalog[i].notebook}.ipynb"
        path.write_text("{}")
        plan = cache.plan(fk.catalog[i], path, {}, edition, cache.FileDigests(), store)
        store.store(plan.having_read(run["recorded"]), fk.name, [], 0.0)
    return store


@pytest.fixture
def keys(recorded, tmp_path):
    def made(fk, data, tmp_path=tmp_path, replaced=None, year=2025):
        """The run key of every notebook for the edition ``year`` on ``data``."""
        digest = cache.FileDigests()
        edition = Edition(fk, year, data)
        replaced = replaced or {}
        out = {}
        for i in fk.catalog.computed():
            ind = fk.catalog[i]
            source = replaced.get(i)
            if source is None:
                source = tmp_path / "nb" / f"{ind.notebook}.ipynb"
                source.parent.mkdir(exist_ok=True)
                source.write_text(__import__("nbformat").writes(notebooks.notebook(ind,
                                                                                   edition)))
            out[i] = cache.plan(ind, source, notebooks.parameters(edition, tmp_path / "out",
                                                                  None, i),
                                edition, digest, recorded).key
        return out

    return made


def changed(before, after):
    return {i for i in before if before[i] != after[i]}


def readers(fk, source):
    return {i for i in fk.catalog.computed() if source in fk.catalog[i].sources}


def edited(fk, tmp_path, path: str, old: str, new: str):
    """A copy of the programme with one of its files edited."""
    from indikatorbok.programme import Programme

    root = tmp_path / "programme"
    shutil.copytree(fk.root, root)
    f = root / path
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Programme(fk.name, root)


@pytest.mark.parametrize("source", ["eservice_visits", "staff_survey", "sickness_cases"])
def test_a_changed_file_reruns_exactly_its_readers(fk, data, tmp_path, source, keys):
    before = keys(fk, data, tmp_path)
    path = sources.find_file(data, 2025, fk.schema(source))
    path.write_bytes(path.read_bytes() + b"\n")
    assert changed(before, keys(fk, data, tmp_path)) == readers(fk, source)
    assert readers(fk, source) and readers(fk, source) != set(fk.catalog.computed())


def test_a_file_arriving_or_leaving_changes_the_key(fk, data, tmp_path, keys):
    before = keys(fk, data, tmp_path)
    (data / "2024" / "violence_survey.csv").unlink()
    assert changed(before, keys(fk, data, tmp_path)) == readers(fk, "violence_survey")


def test_the_delivery_notes_concern_every_notebook(fk, data, tmp_path, keys):
    before = keys(fk, data, tmp_path)
    path = data / "2025" / sources.DELIVERY_FILE
    path.write_text(path.read_text() + "\n# rättad\n")
    assert changed(before, keys(fk, data, tmp_path)) == set(fk.catalog.computed())


def test_a_changed_notebook_reruns_only_itself(fk, data, tmp_path, keys):
    before = keys(fk, data, tmp_path)
    copy = tmp_path / "changed.ipynb"
    copy.write_text((tmp_path / "nb" / "indikator_2_4_1.ipynb").read_text()
                    .replace("## Status", "## Läge"))
    assert changed(before, keys(fk, data, tmp_path, {"2.4.1": copy})) == {"2.4.1"}


def test_a_changed_definition_reruns_only_its_indicator(fk, data, tmp_path, keys):
    before = keys(fk, data, tmp_path)
    other = edited(fk, tmp_path, "indicators/2.4.1.yaml", "rounding: 1000", "rounding: 100")
    assert changed(before, keys(other, data, tmp_path)) == {"2.4.1"}


@pytest.mark.parametrize("source", ["eservice_visits", "staff_survey"])
def test_a_changed_contract_reruns_exactly_its_readers(fk, data, tmp_path, source, keys):
    before = keys(fk, data, tmp_path)
    other = edited(fk, tmp_path, f"schema/{source}.yaml", "\n", "\n# rättat\n")
    assert changed(before, keys(other, data, tmp_path)) == readers(fk, source)


def test_codes_a_grouping_takes_from_a_contract_concern_the_notebooks_using_it(
        fk, data, tmp_path, keys):
    before = keys(fk, data, tmp_path)
    other = edited(fk, tmp_path, "schema/staff_survey.yaml", "barn_familj: Barn och familj",
                   "barn_familj: Barn- och familjeavdelningen")
    # The pages reading the survey; not the register pages broken down by other groupings.
    assert changed(before, keys(other, data, tmp_path)) == readers(fk, "staff_survey")


def test_a_changed_assessment_reruns_its_page(fk, data, tmp_path, keys):
    """Each page shows its assessment, which the build passes to its notebook: a changed
    assessment re-runs that page (it was in no key, and the page kept the old one)."""
    before = keys(fk, data, tmp_path)
    other = edited(fk, tmp_path, "editions/2025/assessments.yaml", '"2.4.1": tydliga',
                   '"2.4.1": delvisa')
    assert changed(before, keys(other, data, tmp_path)) == {"2.4.1"}


def test_another_edition_is_another_run(fk, data, tmp_path, keys):
    assert changed(keys(fk, data, tmp_path), keys(fk, data, tmp_path, year=2024)) == \
        set(fk.catalog.computed())


def test_store_lookup_and_the_reason_for_a_rerun(fk, data, tmp_path):
    digest = cache.FileDigests()
    edition = Edition(fk, 2025, data)
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text("{}")

    def run():
        return cache.plan(fk.catalog["2.4.1"], notebook, {"year": 2025}, edition,
                          cache.FileDigests())

    store = cache.NotebookCache(tmp_path / "cache")
    assert store.lookup(run(), fk.name) is None and store.reason(run(), fk.name) == "first run"
    page = tmp_path / "page.ipynb"
    page.write_text("{}")
    store.store(run(), fk.name, [page])
    assert (store.lookup(run(), fk.name) / "page.ipynb").read_text() == "{}"
    path = data / "2025" / "eservice_visits.csv"
    path.write_text(path.read_text().replace("159541", "159542"))
    assert store.lookup(run(), fk.name) is None
    assert store.reason(run(), fk.name) == "input changed: 2025/eservice_visits"
    del digest


def test_a_same_size_edit_with_its_time_restored_is_a_change(tmp_path):
    import os

    path = tmp_path / "a.csv"
    path.write_text("x\n1\n")
    first = checked.file_digest(path)
    stat = path.stat()
    path.write_text("x\n2\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert checked.file_digest(path) != first


def test_validation_is_not_skipped_for_a_changed_file(fk, data, tmp_path):
    edition = Edition(fk, 2025, data)
    build.validate(edition, Console(quiet=True), store=tmp_path / "checked")
    path = data / "2025" / "eservice_visits.csv"
    path.write_text(path.read_text().replace("159541", "-1"))
    with pytest.raises(sources.DataError, match="eservice_visits"):
        build.validate(edition, Console(quiet=True), store=tmp_path / "checked")


def test_a_validated_copys_key_covers_all_the_code_and_libraries_it_is_made_with():
    """The key missed the contracts' YAML reading (yamlfile.py, pydantic, PyYAML) and numpy:
    an edit there kept copies checked by the old code."""
    import ast
    from importlib import metadata

    from tests.test_architecture import PACKAGE, imports, module_name

    edges: dict[str, set[str]] = {}
    for importer, imported, _ in imports():
        edges.setdefault(importer, set()).add(imported)
    reached, todo = set(), ["checked"]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += edges.get(module, ())
    files = {str(p.relative_to(PACKAGE)): p for p in PACKAGE.rglob("*.py")
             if module_name(p) in reached}
    assert sorted(checked.READERS) == sorted(files)
    third_party = {node.names[0].name.split(".")[0] if isinstance(node, ast.Import)
                   else node.module.split(".")[0]
                   for p in files.values() for node in ast.walk(ast.parse(p.read_text()))
                   if isinstance(node, ast.Import | ast.ImportFrom) and not getattr(
                       node, "level", 0)}
    distributions = metadata.packages_distributions()
    used = {d for name in third_party - {"indikatorbok"} for d in distributions.get(name, ())}
    assert used <= set(checked.LIBRARIES), sorted(used - set(checked.LIBRARIES))


def test_validated_copies_are_what_the_notebooks_read(fk, data, tmp_path):
    """The notebook reads the build's validated copy (never the raw file again) and gets
    the same figures."""
    edition = Edition(fk, 2025, data)
    found = build.validate(edition, Console(quiet=True), store=tmp_path / "checked")
    files = {k: v for k, v in found.items() if k.startswith("staff_survey/")}
    manifest = checked.manifest(files, tmp_path / "checked")
    raw = builders.compute("1.1.2", 2025, data, fk.name).published()
    (data / "2025" / "staff_survey.csv").write_text("year\n")  # the raw file is not read
    via = builders.analysis("1.1.2", 2025, data, fk.name, checked=manifest).result()
    assert via.published().equals(raw)


def test_an_undeclared_source_is_refused(fk, synthetic_dir):
    ctx = indicators.Context(fk.catalog["2.4.1"], Edition(fk, 2025, synthetic_dir))
    with pytest.raises(indicators.DefinitionError, match="does not list under sources"):
        ctx.load("staff_survey")


def test_notebooks_never_import_build_only_modules(fk):
    """Changing a build-only module does not re-run notebooks, so notebooks must not use it."""
    code = ("import sys, json\nfrom indikatorbok import builders, indicators, report, programme\n"
            "prog = programme.load(sys.argv[1])\n"
            "for i in prog.catalog.computed():\n"
            "    [builders.analysis_class(indicators.Context(prog.catalog[i], "
            "programme.edition(prog.name)), p) for p in prog.catalog[i].parts]\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('indikatorbok.'))))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code, fk.name],
                                       capture_output=True, text=True, check=True).stdout)
    top = {m.split(".")[1] for m in loaded}
    assert "indicators" in top and not top & cache.BUILD_ONLY


def test_copies_of_the_store_keep_their_keys(fk, data, tmp_path):
    """A validated copy's key depends on the file's content, not on where it lies."""
    spec = fk.schema("eservice_visits")
    path = data / "2025" / "eservice_visits.csv"
    moved = tmp_path / "elsewhere.csv"
    shutil.copy(path, moved)
    digest = checked.file_digest(path)
    assert checked.key(spec, 2025, digest) == checked.key(spec, 2025, checked.file_digest(moved))
    assert isinstance(Path(checked.stored(tmp_path, checked.key(spec, 2025, digest))), Path)


def test_a_drawing_is_drawn_again_only_when_what_it_shows_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE", tmp_path)
    drawings = []

    def draw(shown):
        drawings.append(shown)
        return f"<svg>{shown}</svg>"

    assert cache.drawn("chain", ["a", ("b", 1)], lambda: draw("a")) == "<svg>a</svg>"
    assert cache.drawn("chain", ["a", ("b", 1)], lambda: draw("x")) == "<svg>a</svg>"
    assert cache.drawn("chain", ["a", ("b", 2)], lambda: draw("c")) == "<svg>c</svg>"
    assert cache.drawn("other", ["a", ("b", 1)], lambda: draw("d")) == "<svg>d</svg>"
    assert drawings == ["a", "c", "d"]
    monkeypatch.setattr(cache, "code_digest", lambda: "other code")
    assert cache.drawn("chain", ["a", ("b", 1)], lambda: draw("e")) == "<svg>e</svg>"


def test_kept_digests_are_read_anew_when_told_or_when_the_file_differs(tmp_path, monkeypatch):
    """The preview keeps the files' digests between its builds: a file is hashed again when
    its watcher names it, or when its size or time of change differs; never otherwise."""
    read = []
    monkeypatch.setattr(cache, "file_digest", lambda p: read.append(p.name) or p.read_text())
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("1")
    b.write_text("2")
    digests = cache.FileDigests()
    assert [digests(a), digests(b), digests(a)] == ["1", "2", "1"] and read == ["a.csv", "b.csv"]
    digests.forget([b])
    assert digests(b) == "2" and read[-1] == "b.csv"
    stat = a.stat()
    a.write_text("3")  # the same size, and the time of change put back: taken as unchanged
    os.utime(a, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert digests(a) == "1"
    digests.forget([a])
    assert digests(a) == "3"
    a.write_text("45")  # another size, untold
    assert digests(a) == "45" and read == ["a.csv", "b.csv", "b.csv", "a.csv", "a.csv"]
