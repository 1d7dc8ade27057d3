"""The engine's layers (written down once, in docs/architecture.md) hold over its import graph:
no module imports one of a higher layer, no imports form a circle (counting those inside
functions and those for type checking), and a module imports the package inside a function
only to defer a slow third-party import."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from indikatorbok import paths

PACKAGE = Path(__file__).parents[1] / "src" / "indikatorbok"
DOC = paths.ROOT / "docs" / "architecture.md"
# (importer, imported): the slow third-party import each one defers.
DEFERRED = {
    ("execute", "kernels"): "Papermill's kernel engine, only in the process that runs notebooks",
    ("api", "synth"): "the synthetic-data generator, for the programmes' generators only",
}


def layers() -> dict[str, int]:
    """Each module's layer, from the table in docs/architecture.md."""
    found = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        row = re.match(r"\| (\d+) [^|]+\| ([^|]+) \|", line)
        if row:
            for module in re.findall(r"`([\w.*]+)`", row.group(2)):
                found[module] = int(row.group(1))
    return found


def package_imports(tree: ast.Module) -> list[tuple[str, bool]]:
    """The package's modules a file imports (as written), each with whether the import is
    inside a function or a type-checking block."""
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            written = [node.module] if node.module != "indikatorbok" else \
                [f"indikatorbok.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            written = [a.name for a in node.names]
        else:
            continue
        found += [(w, id(node) not in top) for w in written
                  if w == "indikatorbok" or w.startswith("indikatorbok.")]
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "indikatorbok"


def imports() -> list[tuple[str, str, bool]]:
    """(importer, imported, inside a function or a type-checking block) for every import of
    one of the package's modules by another."""
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        for written, local in package_imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = written.removeprefix("indikatorbok.") if written != "indikatorbok" \
                else written
            while target not in modules:  # a name imported from a module
                target = target.rpartition(".")[0] or "indikatorbok"
            if target != importer:
                found.append((importer, target, local))
    return list(dict.fromkeys(found))


def layer_of(module: str, table: dict[str, int]) -> int:
    if module in table:
        return table[module]
    return table[f"{module.rsplit('.', 1)[0]}.*"]


def test_every_module_has_a_layer():
    table = layers()
    missing = [module_name(p) for p in PACKAGE.rglob("*.py")
               if module_name(p) not in table
               and f"{module_name(p).rsplit('.', 1)[0]}.*" not in table]
    assert not missing, f"add these modules to the table in {DOC.name}: {sorted(missing)}"


def test_no_module_imports_a_higher_layer():
    table = layers()
    upward = [f"{a} (layer {layer_of(a, table)}) imports {b} (layer {layer_of(b, table)})"
              for a, b, _ in imports() if layer_of(b, table) > layer_of(a, table)]
    assert not upward, "\n".join(upward)


def circle(edges: list[tuple[str, str]]) -> list[str]:
    """A circle of imports (its modules, the first repeated at the end), or none."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as err:
        return err.args[1]
    return []


def test_no_imports_form_a_circle():
    assert circle([(a, b) for a, b, _ in imports()]) == []


def test_a_module_imports_the_package_inside_a_function_only_to_defer_a_slow_import():
    inside = {(a, b) for a, b, local in imports() if local}
    assert inside <= set(DEFERRED), sorted(inside - set(DEFERRED))


@pytest.mark.parametrize(("edges", "found"), [
    ([("a", "b"), ("b", "c")], set()),
    ([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")], {"a", "b", "c"}),
])
def test_the_circle_check_finds_a_circle(edges, found):
    assert set(circle(edges)) == found


def test_the_layer_table_is_read():
    table = layers()
    assert table["paths"] == 1 and table["builders.*"] == 4 and table["build"] == 7
    assert set(table.values()) == set(range(1, 8))


def test_a_programmes_own_code_imports_only_the_public_surface():
    third = Path(__file__).parent / "integration" / "exempelverket"  # made from the README
    files = sorted([*(paths.DATA / "programmes").glob("*/**/*.py"), *third.glob("**/*.py")])
    assert sum(f.parent.name == "kinds" for f in files) >= 6
    other = [f"{f.relative_to(paths.ROOT)}: {written}" for f in files
             for written, _ in package_imports(ast.parse(f.read_text(encoding="utf-8")))
             if written != "indikatorbok.api"]
    assert not other, "\n".join(other)


def test_the_public_surface_holds_what_it_names():
    from indikatorbok import api

    assert all(getattr(api, name) is not None for name in api.__all__)
    with pytest.raises(AttributeError):
        api.build  # noqa: B018 (the engine's internals are not on the surface)


def test_a_builder_takes_what_a_kind_is_written_with_from_the_kit():
    """One import block: the framework's and the leaves' names come from ``kit``, and
    ``api`` offers the programmes' kinds the same objects."""
    from indikatorbok import api, kit

    framework = {"indikatorbok.indicators", "indikatorbok.result"}
    direct = [f"{path.name}: {written}"
              for path in sorted((PACKAGE / "builders").glob("*.py"))
              if path.name != "__init__.py"  # the registry makes analyses and Combined
              for written, _ in package_imports(ast.parse(path.read_text(encoding="utf-8")))
              if written in framework]
    assert not direct, "\n".join(direct)
    assert all(getattr(api, name) is getattr(kit, name)
               for name in api.__all__ if hasattr(kit, name))
