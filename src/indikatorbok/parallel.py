"""Work shared out over the machine's cores."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context


def workers() -> int:
    """Parallel processes, one per core (``INDIKATORBOK_WORKERS`` overrides)."""
    return max(1, int(os.environ.get("INDIKATORBOK_WORKERS", os.cpu_count() or 1)))


def processes(jobs: int) -> int:
    """How many processes work at once on ``jobs`` tasks: no more than :func:`workers`."""
    return max(1, min(workers(), jobs))


def forked(jobs: int) -> ProcessPoolExecutor:
    """A pool of forked processes for ``jobs`` tasks (:func:`processes` of them): they
    start at once, with the modules already loaded."""
    return ProcessPoolExecutor(processes(jobs), mp_context=get_context("fork"))
