"""The layering of the packages, held over the import graph (every import statement, in functions too).

Bottom to top: the contract (``worldfarm``) imports nothing above it; ``servers``, ``registry`` and
``client`` build on the contract only (the client and the registry reach servers over HTTP and MCP);
the ``generator`` may also use the servers' public API (to run its gate); the web ``console`` reads a
worker, a registry and bench runs through their public APIs; the command line (``cli``) sits on top
and may use everything. Nothing imports ``tests``, and only ``tests`` may import ``bench``.
Across packages only the public API is imported: a package's ``__init__`` (or a public subpackage or
test double), and the contract's modules. Inside a package, a module never imports one of its own package's modules
from inside a function: that is a cycle dodged, not removed (only ``cli`` imports lazily, to keep
``worldfarm --help`` fast).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MAY_IMPORT: dict[str, set[str]] = {
    "worldfarm": set(),
    "servers": {"worldfarm"},
    "registry": {"worldfarm"},
    "client": {"worldfarm"},
    "generator": {"worldfarm", "servers"},
    "console": {"worldfarm", "servers", "registry", "client"},
    "cli": {"worldfarm", "servers", "registry", "client", "generator", "console"},
    "bench": {"worldfarm", "servers", "registry", "client", "generator", "console", "cli"},
    "examples": {"worldfarm", "client"},
}
OURS = {*MAY_IMPORT, "tests"}
PUBLIC_MODULES = {"generator.llm", "generator.awm", "cli.launcher", "generator.llm.scripted"}
"""Public subpackages, and the scripted model shipped for the pipeline's tests and benchmark."""
LAZY_IMPORTS_ALLOWED = {"cli"}
"""Only the command line imports lazily, to keep ``worldfarm --help`` fast."""


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str
    in_function: bool

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line} imports {self.module}"


def imports_of(package: str) -> list[Import]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        found += _walk(path, tree, in_function=False)
    return found


def _walk(path: Path, node: ast.AST, in_function: bool) -> list[Import]:
    found = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import):
            found += [Import(path, child.lineno, alias.name, in_function) for alias in child.names]
        elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
            found.append(Import(path, child.lineno, child.module, in_function))
        nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        found += _walk(path, child, nested)
    return found


def _is_public(module: str) -> bool:
    top = module.split(".")[0]
    if top == "worldfarm":
        return not any(part.startswith("_") for part in module.split("."))
    return module == top or module in PUBLIC_MODULES


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_a_package_imports_only_the_layers_below_it(package: str) -> None:
    wrong = [
        str(found)
        for found in imports_of(package)
        if (top := found.module.split(".")[0]) in OURS and top != package and top not in MAY_IMPORT[package]
    ]
    assert wrong == []


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_across_packages_only_the_public_api_is_imported(package: str) -> None:
    private = [
        str(found)
        for found in imports_of(package)
        if (top := found.module.split(".")[0]) in MAY_IMPORT and top != package and not _is_public(found.module)
    ]
    assert private == []


@pytest.mark.parametrize("package", sorted(set(MAY_IMPORT) - LAZY_IMPORTS_ALLOWED))
def test_no_module_imports_its_own_package_inside_a_function(package: str) -> None:
    hidden = [str(found) for found in imports_of(package) if found.in_function and found.module.startswith(package)]
    assert hidden == []


def test_the_rules_see_every_import_even_inside_functions(tmp_path: Path) -> None:
    source = "import os\nfrom servers import Worker\n\ndef f():\n    from client.episode import Episode\n"
    found = _walk(tmp_path / "m.py", ast.parse(source), in_function=False)
    assert [(i.module, i.in_function) for i in found] == [
        ("os", False),
        ("servers", False),
        ("client.episode", True),
    ]
    assert not _is_public("client.episode")
    assert _is_public("worldfarm.settings")
    assert not _is_public("worldfarm._model")
