"""Own words: the book's sentences must not repeat the report's.

A programme's source document (its report or plan) is fingerprinted once into its
``reference/report_fingerprint.txt.gz`` (hashes of every run of ``SHINGLE`` words; not the
text itself), and any text of the book can be checked against it. Question wordings,
response options and names (of indicators, goals, benefits) may be carried over, so they are
removed before checking.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

SHINGLE = 8
FINGERPRINT = "report_fingerprint.txt.gz"  # in a programme's reference folder


def words(text: str) -> list[str]:
    """Lower-case words, with line-end hyphenation ("merkostnads-\\nersättning") joined."""
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.findall(r"[a-zåäöé0-9]+", text.lower())


def shingles(text: str, size: int = SHINGLE) -> dict[str, str]:
    """Hash -> the words of every run of ``size`` consecutive words."""
    w = words(text)
    return {hashlib.blake2b(" ".join(w[i:i + size]).encode(), digest_size=6).hexdigest():
            " ".join(w[i:i + size]) for i in range(len(w) - size + 1)}


def write_fingerprint(report: Path, out: Path) -> int:
    """Fingerprint the report's text; returns the number of shingles."""
    hashes = sorted(shingles(report.read_text(encoding="utf-8")))
    data = ("\n".join(hashes) + "\n").encode("ascii")
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))  # byte-identical reruns
    return len(hashes)


@cache
def fingerprint(path: Path) -> frozenset[str]:
    with gzip.open(path, "rt", encoding="ascii") as f:
        return frozenset(line.strip() for line in f if line.strip())


def borrowed(text: str, fingerprint_file: Path, allowed: Iterable[str] = ()) -> list[str]:
    """Runs of words in ``text`` that also occur in the fingerprinted document, after
    removing ``allowed`` phrases (question wordings, options, names)."""
    for phrase in sorted(allowed, key=len, reverse=True):
        if phrase:
            text = re.sub(re.escape(phrase), " | ", text, flags=re.IGNORECASE)
    found = fingerprint(fingerprint_file)
    hits = []
    for part in text.split("|"):  # never join words across a removed phrase
        hits += [run for h, run in shingles(part).items() if h in found]
    return hits
