"""Work shared out over the machine's cores."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context


def workers() -> int:
    """Parallel processes, one per core (``INDIKATORBOK_WORKERS`` overrides)."""
    return max(1, int(os.environ.get("INDIKATORBOK_WORKERS", os.cpu_count() or 1)))


def forked(jobs: int) -> ProcessPoolExecutor:
    """A pool of forked processes for ``jobs`` tasks (no more than :func:`workers`): they
    start at once, with the modules already loaded."""
    return ProcessPoolExecutor(max(1, min(workers(), jobs)), mp_context=get_context("fork"))
