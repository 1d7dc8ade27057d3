"""The build stops with a message that names what failed, before publishing anything; it
publishes an edition in one step, and one build runs at a time."""

import shutil

import pytest
from rich.console import Console

from indikatorbok import build, cache, editions, execute, jupyterbook, paths, pdf, sources
from indikatorbok.programme import Edition


@pytest.fixture
def data(synthetic_dir, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(synthetic_dir, out)
    return out


def test_validate_lists_every_problem(fk, data, tmp_path):
    (data / "2021/hr_training.csv").unlink()
    (data / "2025/staff_survey.csv").write_text("year,respondent_id\n")
    with pytest.raises(sources.DataError) as exc:
        build.validate(Edition(fk, 2025, data), Console(quiet=True), store=tmp_path / "c")
    msg = str(exc.value)
    assert "2 problem(s)" in msg
    assert "no file for 2021" in msg and "hr_training.csv" in msg
    assert "staff_survey" in msg


def test_validate_passes_on_shipped_data(fk, synthetic_dir, tmp_path):
    from indikatorbok import checked

    found = build.validate(Edition(fk, 2025, synthetic_dir), Console(quiet=True),
                           store=tmp_path / "c")
    assert checked.rows(found["staff_survey/2025"]) == 4720


def test_the_inputs_digest_changes_with_anything_a_build_reads(fk_copy, data, tmp_path):
    """A build that finds the same digest keeps the published edition: every input counts."""
    edition = Edition(fk_copy, 2025, data)

    def digest():
        found = build.validate(edition, Console(quiet=True), store=tmp_path / "c")
        return build.inputs_digest(edition, found)

    first = digest()
    assert digest() == first
    changes = [
        data / "2025" / "staff_survey.csv",  # an extract (through its validated copy)
        data / "2024" / "delivery.yaml",  # what the delivery says of its files
        fk_copy.editions_dir / "2025" / "del1.yaml",  # the analysts' files
        fk_copy.root / "indicators" / "1.4.1.yaml",  # a definition
    ]
    seen = {first}
    for path in changes:
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(lines[:-1] if path.suffix == ".csv" else
                                  [*lines, "# ändrad"]) + "\n", encoding="utf-8")
        seen.add(digest())
    assert len(seen) == len(changes) + 1
    assert build.inputs_digest(Edition(fk_copy, 2024, data), {}) not in seen  # the edition


def test_the_book_is_rendered_anew_when_a_library_or_chromium_changed(tmp_path, monkeypatch):
    """The rendering's digest had only the book's sources and three code files: after an
    upgraded theme or Chromium an incremental build kept the old pages and PDF."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "index.md").write_text("# Start\n", encoding="utf-8")
    config, toc = tmp_path / "_config.yml", tmp_path / "_toc.yml"
    config.write_text("title: Bok\n", encoding="utf-8")
    toc.write_text("root: index\n", encoding="utf-8")

    def digest(libraries: str, printer: str) -> str:
        monkeypatch.setattr(cache, "code_digest", lambda: libraries)
        monkeypatch.setattr(pdf, "chromium_version", lambda: printer)
        return build.rendering_digest(book, config, toc)

    first = digest("sphinx-book-theme==1.1.4", "Chromium 156")
    assert digest("sphinx-book-theme==1.1.4", "Chromium 156") == first
    assert len({first, digest("sphinx-book-theme==1.2.0", "Chromium 156"),
                digest("sphinx-book-theme==1.1.4", "Chromium 157")}) == 3


def test_failing_notebook_is_named_with_its_cell(fk, data, tmp_path):
    # A data problem that only the indicator notices: a document its review covers is
    # missing from the year's documents.
    import pandas as pd

    path = data / "2025" / "documents.csv"
    df = pd.read_csv(path)
    df[df.owner != "sjukpenning"].to_csv(path, index=False)
    edition = Edition(fk, 2025, data)
    out = editions.Folder(tmp_path / "out")
    with pytest.raises(editions.BuildError) as exc:  # raised in a worker process, reported here
        execute.run(edition, out, Console(quiet=True), {}, ["1.2.3", "1.2.4"],
                      notebook_cache=cache.NotebookCache(tmp_path / "cache"))
    msg = str(exc.value)
    assert "notebooks/forsakringskassan/indikator_1_2_4.ipynb" in msg
    assert "failed in cell" in msg and "DataError" in msg and "Sjukpenning" in msg


def test_paths_are_shown_relative_inside_the_project(fk):
    assert paths.shown(fk.synthetic_data) == "data/synthetic/forsakringskassan"
    assert paths.shown(paths.HTML) == "_build/html"  # a link is shown, not resolved


def test_a_second_build_is_refused_while_one_runs(monkeypatch, tmp_path):
    import subprocess
    import sys

    lock = tmp_path / "build.lock"
    monkeypatch.setattr(editions, "LOCK", lock)
    other = ("import sys; from pathlib import Path; from indikatorbok import editions; "
             f"editions.LOCK = Path({str(lock)!r});\n"
             "with editions.lock('build of y-2025'): pass")
    with editions.lock("build of x-2025 from data/x"):
        with editions.lock("generating data"):  # re-entrant within the process
            pass
        proc = subprocess.run([sys.executable, "-c", other], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "Another build is running in this checkout (build of x-2025 from data/x" in \
        proc.stderr
    with editions.lock("again"):  # released
        pass


def test_an_edition_before_the_period_is_refused_before_anything_happens(fk):
    from indikatorbok import programme

    with pytest.raises(programme.ProgrammeError, match="editions from 2020 to 2026"):
        Edition(fk, 2018, fk.synthetic_data)


def test_a_year_before_the_period_touches_no_data(tmp_path):
    """`make book YEAR=2018` once removed the generated data: now it is refused first."""
    import subprocess
    import sys

    from indikatorbok import paths

    def generated() -> set[str]:  # finished data folders (other tests may be writing one)
        data = paths.DATA / "synthetic"
        return {p.name for p in data.iterdir() if not p.name.endswith(".tmp")} \
            if data.is_dir() else set()

    before = generated()
    for command in ("build", "validate"):
        proc = subprocess.run([sys.executable, "-m", "indikatorbok", command, "--year", "2018"],
                              capture_output=True, text=True, cwd=paths.ROOT)
        assert proc.returncode == 1 and "editions from 2020" in proc.stdout, proc.stdout
        assert "Traceback" not in proc.stdout + proc.stderr
    assert before <= generated()  # nothing removed


def test_make_passes_a_data_folder_as_it_is_named(tmp_path):
    """Spaces, quotes and dollar signs in DATA reach the command unchanged (no shell
    error, no expansion): the message names the folder exactly."""
    import subprocess

    from indikatorbok import paths

    odd = tmp_path / "it's a $HOME folder"
    proc = subprocess.run(["make", "--no-print-directory", "validate", f"DATA={odd}",
                           "YEAR=2025"], capture_output=True, text=True, cwd=paths.ROOT)
    assert proc.returncode != 0
    assert f"Data folder {odd} does not exist" in proc.stdout.replace("\n", ""), proc.stdout


def test_publishing_removes_only_its_own_editions(monkeypatch, tmp_path):
    """Publishing programme "pm", 2018, replaces pm's earlier 2018 folders (and an
    interrupted build's) but never those of a programme whose name begins the same."""
    from types import SimpleNamespace

    folders = tmp_path / "editions"
    monkeypatch.setattr(editions, "EDITIONS", folders)
    monkeypatch.setattr(paths, "BUILD", tmp_path)
    monkeypatch.setattr(paths, "CURRENT", tmp_path / "current")
    names = ["pm-2018-20260101120000-1", ".tmp-pm-2018-20260101120500-2",
             "pm-2018-b-2018-20260101120000-3", "pm-2017-20260101120000-4",
             "pm-2018-20260102120000-5"]
    for name in names:
        (folders / name).mkdir(parents=True)
        (folders / name / "keep.txt").write_text(name)
    prog = SimpleNamespace(name="pm")
    edition = SimpleNamespace(programme=prog, year=2018, name="pm-2018")
    editions.make_current(folders / "pm-2018-20260102120000-5", edition)
    left = sorted(p.name for p in folders.iterdir())
    assert left == ["pm-2017-20260101120000-4", "pm-2018-20260102120000-5",
                    "pm-2018-b-2018-20260101120000-3"]
    assert (folders / "pm-2018-b-2018-20260101120000-3" / "keep.txt").read_text() == \
        "pm-2018-b-2018-20260101120000-3"  # untouched
    assert editions.published("pm", 2018).root.name == "pm-2018-20260102120000-5"


def test_a_year_far_after_the_period_is_refused_before_anything_happens(tmp_path):
    """`make validate YEAR=2100` began generating 81 years of national registers."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "indikatorbok", "validate", "--year", "2100",
                           "--data", str(tmp_path / "data")], capture_output=True, text=True,
                          cwd=paths.ROOT)
    assert proc.returncode != 0
    assert "there is no edition 2100" in proc.stdout + proc.stderr
    assert not (tmp_path / "data").exists()  # nothing generated


def test_a_print_killed_half_way_never_stands_as_the_book(monkeypatch, tmp_path):
    """The PDF printed straight to its final name: killed during the print, the next build
    found it there ("HTML unchanged") and published the interim copy."""
    from indikatorbok import pdf

    target = tmp_path / "indikatorbok.pdf"
    PAGE = '<nav id="jb-print-toc"></nav>'  # noqa: N806 (the printed page, a stand-in)

    def killed(page, out):
        out.write_bytes(b"%PDF-1.7 half")
        raise KeyboardInterrupt  # as a kill arrives

    monkeypatch.setattr(pdf, "print_pdf", killed)
    with pytest.raises(KeyboardInterrupt):
        pdf.print_settled(PAGE, ["a"], None, tmp_path / "p.html", target)
    assert not target.exists() and not list(tmp_path.glob(".*printing"))

    monkeypatch.setattr(pdf, "print_pdf", lambda page, out: out.write_bytes(b"%PDF whole"))
    monkeypatch.setattr(pdf, "chapter_pages", lambda path, chapters: {"a": 3})
    monkeypatch.setattr(pdf, "pages", lambda path: 5)
    monkeypatch.setattr(pdf, "spaced_bookmarks", lambda path, texts: None)  # no real PDF
    assert pdf.print_settled(PAGE, ["a"], None, tmp_path / "p.html", target) == \
        {"a": 3}
    assert target.read_bytes() == b"%PDF whole"


def test_no_build_while_the_published_books_are_read(tmp_path):
    """`make book` during `make test`'s nbval step deleted the edition under test: the
    checks that read the published books now hold the build lock, and a build waits for
    nobody but is refused, naming them."""
    import os
    import subprocess
    import sys
    import time

    env = {**os.environ, "INDIKATORBOK_ROOT": str(tmp_path),
           "INDIKATORBOK_PROGRAMME": "pensionsmyndigheten"}
    (tmp_path / "_config.yml").write_text("title: x\n")
    shutil.copytree(paths.DATA / "programmes" / "pensionsmyndigheten",
                    tmp_path / "data" / "programmes" / "pensionsmyndigheten")
    reading = subprocess.Popen([sys.executable, "-m", "indikatorbok", "locked", "--",
                                sys.executable, "-c", "import time; time.sleep(30)"], env=env)
    try:
        lock = tmp_path / "_build" / "build.lock"
        for _ in range(100):  # until the reader holds the lock
            if lock.is_file() and "tests reading" in lock.read_text():
                break
            time.sleep(0.1)
        proc = subprocess.run([sys.executable, "-m", "indikatorbok", "build"], env=env,
                              capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 1
        assert "Another build is running in this checkout (tests reading the published " \
               "books" in " ".join(proc.stdout.split())
    finally:
        reading.terminate()
        reading.wait()


def test_a_sphinx_failure_is_said_in_the_error_format(tmp_path, monkeypatch):
    """Jupyter Book's warnings come back as the build's own error (the warnings, the log),
    and the next build renders from scratch."""
    import subprocess

    log = ("Running Sphinx v7\n/x/del2/indikator_1_1_1.md:3: WARNING: undefined label: 'x'\n"
           "Traceback (most recent call last):\n")
    monkeypatch.setattr(jupyterbook, "jupyter_book", lambda *a, **k: subprocess.CompletedProcess(
        a, 1, stdout=log, stderr=""))
    source, sphinx = tmp_path / "source", tmp_path / "work" / "sphinx"
    (source / "book").mkdir(parents=True)
    (source / "book" / "index.md").write_text("# x\n")
    sphinx.mkdir(parents=True)
    config = tmp_path / "_config.yml"
    config.write_text("title: x\n")
    with pytest.raises(editions.BuildError) as err:
        jupyterbook.render_html(source, sphinx, config, tmp_path / "_toc.yml", tmp_path / "html",
                                tmp_path / "rendered", "d", Console(quiet=True))
    said = str(err.value)
    assert said.startswith("Jupyter Book failed; the previous book is left as it was.")
    assert "indikator_1_1_1.md:3: WARNING: undefined label" in said
    assert "Traceback" not in said and "jupyter-book.log" in said
    assert not sphinx.exists()
