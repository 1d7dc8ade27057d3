"""Shared fixtures: freshly generated synthetic data and small inline frames."""

from __future__ import annotations

from pathlib import Path

import pytest

from indikatorbok import synth


@pytest.fixture(scope="session")
def synthetic_dir(tmp_path_factory) -> Path:
    """The default synthetic data, generated once per session (about a second)."""
    out = tmp_path_factory.mktemp("synthetic") / "data"
    synth.generate(out, synth.default_years())
    return out
