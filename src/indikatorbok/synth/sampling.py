"""Sampling helpers for a programme's synthetic-data generators (``synth/*.py``), which
reach them as ``indikatorbok.api.sampling``: exact counts in random order, draws without
replacement, codes with given shares, identifiers and dates. Every draw comes from the
generator's ``rng``, so the data stay deterministic from the seed.

>>> rng = np.random.default_rng(1)
>>> sorted(shuffled(rng, {"a": 2, "b": 1}).tolist())
['a', 'a', 'b']
>>> picked = draw(rng, 10, 4)
>>> len(set(picked.tolist())), picked.tolist() == sorted(picked.tolist())
(4, True)
>>> identifiers("O", 2018, 2).tolist()
['O2018-00000001', 'O2018-00000002']
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indikatorbok.stats import calibrate


def shuffled(rng: np.random.Generator, counts: dict) -> np.ndarray:
    """Each key as many times as its count, in random order."""
    values = np.repeat(list(counts), list(counts.values()))
    rng.shuffle(values)
    return values


def exact(rng: np.random.Generator, n: int, shares: dict[str, float]) -> np.ndarray:
    """``n`` codes, each as many times as its share of ``n`` makes (the last takes the
    rest; :func:`indikatorbok.stats.calibrate`), in random order."""
    counts = calibrate(n, {k: 100 * v for k, v in list(shares.items())[:-1]}
                       | {list(shares)[-1]: None})
    return shuffled(rng, counts)


def draw(rng: np.random.Generator, pool: np.ndarray | int, k: int,
         weights: np.ndarray | None = None) -> np.ndarray:
    """``k`` items of ``pool`` (or of ``range(pool)``) without replacement, in order;
    with probability by ``weights`` when given."""
    size = pool if isinstance(pool, int) else len(pool)
    if k > size:
        raise ValueError(f"cannot draw {k} of {size}")
    p = None if weights is None else weights / weights.sum()
    return np.sort(rng.choice(pool, size=k, replace=False, p=p))


def draw_large(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """Indices of ``k`` of millions of items without replacement, with probability by
    ``weights``, in linear time (by random keys: Efraimidis and Spirakis)."""
    keys = rng.random(len(weights)) ** (1.0 / weights)
    return np.argpartition(-keys, k - 1)[:k] if k else np.array([], dtype=int)


def two_codes(rng: np.random.Generator, n: int, first: float,
              codes: tuple[str, str]) -> pd.Categorical:
    """``n`` values, the first code with probability ``first``, held as codes (registers
    have millions of rows)."""
    return pd.Categorical.from_codes((rng.random(n) >= first).astype(np.int8), list(codes))


def categories(rng: np.random.Generator, n: int, shares: dict[str, float]) -> pd.Categorical:
    """``n`` codes drawn with the given shares, held as codes."""
    return pd.Categorical.from_codes(rng.choice(len(shares), n, p=list(shares.values())),
                                     list(shares))


def identifiers(prefix: str, year: int, n: int) -> pd.arrays.ArrowStringArray:
    """``n`` identifiers such as ``O2018-00000001``, held by Arrow: millions of them as
    Python strings take gigabytes."""
    text = pa.large_string()
    numbers = pc.utf8_lpad(pa.array(np.arange(1, n + 1)).cast(text), 8, "0")
    return pd.arrays.ArrowStringArray(pc.binary_join_element_wise(
        pa.scalar(f"{prefix}{year}-", text), numbers, pa.scalar("", text)))


def dates(rng: np.random.Generator, year: int, n: int, until: dt.date | None = None
          ) -> np.ndarray:
    """Random days of ``year`` (up to ``until``)."""
    first = np.datetime64(f"{year}-01-01")
    last = np.datetime64(until or dt.date(year, 12, 31))
    days = int((last - first).astype(int)) + 1
    return first + rng.integers(0, days, n).astype("timedelta64[D]")
