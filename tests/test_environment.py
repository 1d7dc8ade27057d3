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
