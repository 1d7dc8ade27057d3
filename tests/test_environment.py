"""environment.yml (conda) pins exactly what requirements.lock (pip/uv) pins."""

import re
import tomllib

import yaml

from indikatorbok import paths

CONDA_NAMES = {"duckdb": "python-duckdb"}


def lock_pins() -> dict[str, str]:
    text = (paths.ROOT / "requirements.lock").read_text()
    return {m[0].lower(): m[1] for m in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text, re.M)}


def test_conda_environment_matches_the_lock():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["dev"]
    names = [re.match(r"[A-Za-z0-9_.\-]+", d)[0].lower() for d in direct]
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = dict(d.split("==") for d in env["dependencies"] if "==" in d)
    pins = lock_pins()
    expected = {CONDA_NAMES.get(n, n): pins[n] for n in names}
    assert conda == expected
    assert "python=3.11" in env["dependencies"]


def test_the_project_is_the_one_the_command_runs_in(tmp_path):
    """A copied project (whose environment may still import the original's package) builds
    into its own folders: the root is found from the working directory first."""
    import os
    import subprocess
    import sys

    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "INDIKATORBOK_ROOT"}
    out = subprocess.run([sys.executable, "-c", "from indikatorbok import paths; "
                          "print(paths.ROOT)"], cwd=tmp_path / "book", env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == str(tmp_path.resolve())
