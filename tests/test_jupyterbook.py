"""Jupyter Book as the build runs it: incrementally, a retitled page named anew in every
page's menu, its compiled templates kept; forked from a prepared server (the preview's) as
it runs as a process."""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from indikatorbok import jupyterbook


def small_book(root, extensions):
    """Three pages in a book, each listing the others in its menu."""
    source = root / "book"
    source.mkdir()
    for name, title in (("intro", "Början"), ("a", "Första kapitlet"), ("b", "Andra kapitlet")):
        (source / f"{name}.md").write_text(f"# {title}\n\nText.\n", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: a\n"
                                   "- file: b\n", encoding="utf-8")
    (root / "_config.yml").write_text(
        f"title: Bok\nexecute:\n  execute_notebooks: 'off'\n"
        f"sphinx:\n  extra_extensions: {extensions}\n", encoding="utf-8")
    return source


def render(root, source) -> None:
    proc = jupyterbook.jupyter_book(source, root / "_config.yml", root / "_toc.yml",
                                    root / "out", "html", "-W", "-n")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("extensions", [["indikatorbok.menus"], []])
def test_a_retitled_page_is_named_anew_in_every_menu(tmp_path, extensions):
    source = small_book(tmp_path, extensions)
    render(tmp_path, source)
    page = source / "a.md"
    page.write_text("# Första kapitlet, omskrivet\n\nText.\n", encoding="utf-8")
    os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)  # newer than its last reading
    render(tmp_path, source)
    html = tmp_path / "out" / "_build" / "html"
    menus = {p: "Första kapitlet, omskrivet" in (html / p).read_text(encoding="utf-8")
             for p in ("intro.html", "a.html", "b.html")}
    if extensions:
        assert all(menus.values()), menus
    else:  # Sphinx alone writes the page and the one listing it; b's menu keeps the old title
        assert menus == {"intro.html": True, "a.html": True, "b.html": False}


def test_the_compiled_templates_are_kept_and_give_the_same_pages(tmp_path):
    source = small_book(tmp_path, ["indikatorbok.templatecache"])
    render(tmp_path, source)
    html = tmp_path / "out" / "_build" / "html"
    pages = {p.name: p.read_bytes() for p in html.glob("*.html")}
    kept = {p: p.stat().st_mtime_ns for p in (tmp_path / "out" / "_build" / "templates").iterdir()}
    assert len(kept) > 5
    shutil.rmtree(html)  # every page written again, from the kept templates
    render(tmp_path, source)
    assert {p.name: p.read_bytes() for p in html.glob("*.html")} == pages
    assert {p: p.stat().st_mtime_ns for p in kept} == kept  # none compiled again


def test_jupyter_book_forked_from_a_prepared_server_runs_as_alone(tmp_path):
    """Its exit code and output as a process of its own gives them, and the hashing of
    ``PYTHONHASHSEED=0`` (a set written in the same order)."""
    small_book(tmp_path, [])
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from indikatorbok import forkedkernels, jupyterbook

        forkedkernels.prepare(*jupyterbook.PRELOAD)
        assert forkedkernels.prepared(jupyterbook.PRELOAD[0])
        root = Path({str(tmp_path)!r})
        args = (root / "book", root / "_config.yml", root / "_toc.yml", root / "out", "html",
                "-W", "-n")
        ok = jupyterbook.jupyter_book(*args)
        (root / "book" / "b.md").write_text("# Andra\\n\\n[Trasig](ingen-sida.md)\\n")
        broken = jupyterbook.jupyter_book(*args)
        print(ok.returncode, broken.returncode, "build succeeded" in ok.stdout,
              "ingen-sida" in broken.stdout, forkedkernels.run(exec, (
            f"from pathlib import Path; Path({{str(root / 'seed')!r}})"
            ".write_text(str(hash('indikatorbok')))")))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "1", "True", "True", "0"]
    alone = subprocess.run([sys.executable, "-c", "print(hash('indikatorbok'))"],
                           capture_output=True, text=True, env={**os.environ,
                                                                "PYTHONHASHSEED": "0"})
    assert (tmp_path / "seed").read_text() == alone.stdout.strip()
    assert (tmp_path / "out" / "_build" / "html" / "a.html").is_file()


def test_sphinx_starts_afresh_when_the_installed_libraries_changed(tmp_path):
    """Pages read by an older parser or extension stayed in the kept environment: after an
    upgrade, an incremental build's pages differed from a clean build's."""
    kept = tmp_path / "sphinx"
    jupyterbook.kept_for(kept, "myst-nb==1.4.0")
    (kept / "_build" / ".doctrees").mkdir(parents=True)
    (kept / "_build" / ".doctrees" / "environment.pickle").write_bytes(b"read by 1.4.0")
    jupyterbook.kept_for(kept, "myst-nb==1.4.0")
    assert (kept / "_build" / ".doctrees" / "environment.pickle").is_file()
    jupyterbook.kept_for(kept, "myst-nb==1.5.0")
    assert [p.name for p in kept.iterdir()] == ["libraries.digest"]
