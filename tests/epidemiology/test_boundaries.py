"""`epidemiology` never imports `articles`: articles refer to datasets."""

from __future__ import annotations

import ast
from pathlib import Path

import epidemiology


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_epidemiology_does_not_import_articles():
    package = Path(epidemiology.__file__).parent
    offenders = {
        str(path.relative_to(package)): sorted(
            name
            for name in imported_modules(path)
            if name == "articles" or name.startswith("articles.")
        )
        for path in package.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
    assert len(offenders) > 10  # the scan did find the package's modules


def test_the_rate_module_is_pure_python():
    from epidemiology import rates

    modules = imported_modules(Path(rates.__file__))
    assert not {name for name in modules if name.startswith(("django", "epidemiology"))}
