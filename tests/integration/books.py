"""The published books the integration tests read: each programme's latest edition."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indikatorbok import editions, paths, programme


@dataclass(frozen=True)
class Book:
    """One programme's published edition, its programme and the data it was built from."""

    folder: editions.Folder
    programme: programme.Programme
    summary: dict = field(compare=False)  # the build's record (not hashable)

    @property
    def html(self) -> Path:
        return self.folder.html

    @property
    def data(self) -> Path:
        return paths.resolve(self.summary.get("data_dir"), self.programme.synthetic_data)

    def __str__(self) -> str:
        return self.programme.name


def published() -> list[Book]:
    books = []
    for name in programme.names():
        folder = editions.published(name)
        if folder and (folder.html / "index.html").is_file():
            books.append(Book(folder, programme.load(name), editions.summary(folder)))
    return books


BOOKS = published()
