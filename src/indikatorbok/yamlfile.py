r"""The programme's and the editions' YAML files, read safely and checked against their
schemas: an error names the file, the line or the field, and what is expected.

A YAML alias (``*name``) repeats what an anchor (``&name``) marks (a contract's answer
scale written once, say); nested, a kilobyte of them expands to gigabytes ("billion
laughs"). Before anything is built from a file, its expansion is counted from the parser's
events, and a file whose aliases would grow it more than :data:`GROWTH` times is refused.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
>>> _ = path.write_text("a: &x [1, 2]\nb: *x\n")
>>> read_yaml(path)
{'a': [1, 2], 'b': [1, 2]}
>>> bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"] + [
...     f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
...     for p, n in zip("abcdefgh", "bcdefghi")]
>>> _ = path.write_text("\n".join(bomb))
>>> try:
...     read_yaml(path)
... except ProgrammeError as err:
...     print(str(err).split(": ", 1)[1][:48])
its aliases would expand it to more than 1 000 v
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from pydantic import AfterValidator

from indikatorbok import text

# A key of a mapping in a programme's files (a grouping, a category, a kind of step).
KEY = r"^[0-9A-Za-zÅÄÖåäö_][0-9A-Za-zÅÄÖåäö_-]*$"

# libyaml's parser (the same safe schema) reads a programme's files about ten times faster
# than PyYAML's own: every notebook kernel reads the catalog.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# How much aliases may grow a file: values after expansion per value written (and at least
# this many values in all, for small files).
GROWTH, LEAST = 20, 1000


class ProgrammeError(ValueError):
    """A programme's or an edition's file is missing, is not valid YAML, or breaks its
    rules."""


def read_yaml(path: Path) -> dict:
    """A YAML mapping from a programme's or an edition's file (empty when the file is);
    a clear error naming the file, line and problem when it is not valid."""
    content = path.read_text(encoding="utf-8")
    try:
        _expansion(path, content)
        raw = yaml.load(content, Loader=SAFE_LOADER)
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        line = f" on line {where.line + 1}" if where else ""
        raise ProgrammeError(f"{path}: not valid YAML{line} "
                             f"({getattr(err, 'problem', None) or err}). Check the "
                             f"indentation and quote texts that contain a colon.") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ProgrammeError(f"{path}: expected named fields (key: value), found "
                             f"{type(raw).__name__}.")
    return raw


def _expansion(path: Path, content: str) -> None:
    """Refuse a file whose aliases would expand it beyond reason (counted from the parser's
    events: a node's size is what it holds, an alias counts the size of its anchor's)."""
    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]  # open collections: their anchor and size so far
    written = 0
    for event in yaml.parse(content, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            stack[-1][1] += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            written += 1
            stack[-1][1] += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            written += 1
            stack.append([event.anchor, 1])
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
            stack[-1][1] += size
            if anchor:
                sizes[anchor] = size
        limit = max(GROWTH * written, LEAST)
        if stack[0][1] + sum(s for _, s in stack[1:]) > limit:
            raise ProgrammeError(f"{path}: its aliases would expand it to more than "
                                 f"{limit:,} values (from {written} written) "
                                 f"by line {event.start_mark.line + 1}; write the values out "
                                 f"instead of repeating them with &anchors and *aliases."
                                 .replace(",", " "))


def _plain(value: str) -> str:
    found = text.markup(value)
    if found:
        raise ValueError(f"must be plain text, without markup or hidden characters "
                         f"(found {', '.join(found)})")
    return value


# A title or a label readers see on every surface (pages, tables, charts, workbook, PDF):
# plain text, as analysts' texts are; markup in it would take effect somewhere.
Label = Annotated[str, AfterValidator(_plain)]

Model = TypeVar("Model")


def checked(path: Path, raw: dict, model: type[Model]) -> Model:
    """``raw`` (read from ``path``) checked against its schema (a pydantic model): each
    problem named by its field and what is expected."""
    from pydantic import ValidationError

    try:
        return model.model_validate(raw)
    except ValidationError as err:
        problems = [f"  - {'.'.join(str(p) for p in e['loc']) or '(the file)'}: "
                    f"{_expected(e)}" for e in err.errors()]
        raise ProgrammeError(f"{path}:\n" + "\n".join(problems)) from None


def _expected(error: dict) -> str:
    kind, given = error["type"], error.get("input")
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        return "is not a field of this file (check the spelling)"
    shown = repr(given)[:60]
    return f"{error['msg'].lower()}, got {shown}"
