"""Publishing is one step: a build killed at any stage leaves the previous edition current
and whole (or, once the link is swapped, the new one), the next build cleans up after it, and
two builds in one checkout never mix: the second is refused while the first runs."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indikatorbok import build

PROGRAMME = "pensionsmyndigheten"  # the smaller book: each case is a build
# Runs the command line with one step of the build replaced by a kill (SIGKILL: no cleanup,
# as when the machine or the user stops the process).
KILLER = """
import os, signal, sys
import importlib
from indikatorbok import cli
module, name = sys.argv.pop(1).rsplit(".", 1)
setattr(importlib.import_module(f"indikatorbok.{module}"), name,
        lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))
sys.exit(cli.main(sys.argv[1:]))
"""
# Runs the command line with the rendering delayed, so that a second build meets it running.
SLOW = """
import sys, time
from indikatorbok import build, cli
render = build.render
build.render = lambda *a, **k: (time.sleep(15), render(*a, **k))[1]
sys.exit(cli.main(sys.argv[1:]))
"""
# (step replaced by the kill, whether the new edition is current afterwards)
STAGES = [("execute.run", False), ("build.render", False), ("editions._link", False),
          ("editions._ensure_links", True)]


def _as_in_a_terminal() -> None:
    """Ctrl-C stops the build, as in a terminal (a shell's background job, such as a test
    run started with ``&``, passes SIGINT on as ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(root: Path, *args: str, kill_at: str | None = None, slow: bool = False,
        wait: bool = True):
    command = ([sys.executable, "-c", KILLER, kill_at] if kill_at
               else [sys.executable, "-c", SLOW] if slow
               else [sys.executable, "-m", "indikatorbok"])
    # A killed or slowed build builds again (else nothing changed, and nothing is built).
    again = ["--again"] if kill_at or slow else []
    proc = subprocess.Popen([*command, "build", "--programme", PROGRAMME, *again, *args],
                            cwd=root,
                            env={**os.environ, "INDIKATORBOK_ROOT": str(root)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, preexec_fn=_as_in_a_terminal)
    if not wait:
        return proc
    out, _ = proc.communicate(timeout=900)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # kernels a killed build left behind
    return proc.returncode, out


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = build.copy_project(tmp_path_factory.mktemp("project"), with_cache=True,
                              programmes=[PROGRAMME])
    code, out = run(root)
    assert code == 0, out
    return root


def current(root: Path) -> Path:
    return (root / "_build" / "current").resolve()


def assert_whole(root: Path) -> dict:
    """The current edition is complete and the links through it work."""
    folder = current(root)
    assert not folder.name.startswith(".tmp-")
    for part in ("html/index.html", "build.json", "data/edition/figures.csv",
                 "internal/book/index.md"):
        assert (folder / part).is_file(), part
    assert (root / "_build" / "html" / "index.html").is_file()
    return json.loads((root / "_build" / "build.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("stage", "new_is_current"), STAGES)
def test_a_build_killed_while_publishing_leaves_one_whole_edition(project, stage,
                                                                  new_is_current):
    before = current(project)
    code, out = run(project, kill_at=stage)
    assert code == -signal.SIGKILL, out
    assert (current(project) != before) == new_is_current
    assert_whole(project)
    code, out = run(project)  # the next build succeeds and removes what the kill left
    assert code == 0, out
    assert_whole(project)
    left = sorted(p.name for p in (project / "_build" / "editions").iterdir()
                  if p.name.startswith((f"{PROGRAMME}-", f".tmp-{PROGRAMME}-")))
    assert left == [current(project).name]


def test_two_builds_at_once_never_mix(project, tmp_path):
    other = tmp_path / "other data"  # another data folder (hard links: no copy)
    shutil.copytree(project / "data" / "synthetic" / PROGRAMME, other, copy_function=os.link)
    first = run(project, slow=True, wait=False)
    lock = project / "_build" / "build.lock"
    deadline = time.monotonic() + 120
    while "build of" not in (lock.read_text(encoding="utf-8") if lock.is_file() else ""):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.1)
    code, out = run(project, "--data", str(other))
    assert code == 1 and "Another build is running in this checkout (build of " in out, out
    first_out, _ = first.communicate(timeout=900)
    assert first.returncode == 0, first_out
    summary = assert_whole(project)
    assert summary["data_dir"] == f"data/synthetic/{PROGRAMME}"


def test_ctrl_c_stops_the_build_and_its_notebooks(project):
    """Ctrl-C while notebooks run: the workers and their kernels stop, nothing is published
    and the command ends (well before the notebooks could have finished)."""
    before = current(project)
    shutil.rmtree(project / "_build" / "cache" / "notebooks")  # every notebook runs
    proc = run(project, "--again", wait=False)
    lines = []
    while not any(line.startswith("✓") and "indikator_" in line for line in lines):
        line = proc.stdout.readline()
        assert line or proc.poll() is None, "".join(lines)
        lines.append(line)
    os.killpg(proc.pid, signal.SIGINT)  # as the terminal sends it: to the whole group
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, "".join(lines) + out
    assert "Nothing was published" in out
    assert current(project) == before
    time.sleep(1)
    assert running_in(project) == []  # no worker or kernel left behind


def running_in(folder: Path) -> list[str]:
    """Processes whose working directory is inside ``folder`` (Linux)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and Path(os.readlink(proc / "cwd")).is_relative_to(folder):
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found
