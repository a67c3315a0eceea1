"""The domain core imports no storage, web, database or geometry library: it is plain Python."""

from __future__ import annotations

import ast
from pathlib import Path

import ceasefire.domain

FORBIDDEN = (
    "sqlalchemy",
    "psycopg",
    "fastapi",
    "starlette",
    "shapely",
    "ceasefire.storage",
    "ceasefire.web",
    "ceasefire.cli",
    "ceasefire.workflows",
    "requests",
    "httpx",
    "duckdb",
    "pandas",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_modules_import_nothing_from_the_edges() -> None:
    root = Path(ceasefire.domain.__file__).parent
    offenders = {
        f"{p.name}: {name}"
        for p in root.glob("*.py")
        for name in _imports(p)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    }
    assert not offenders


def test_only_storage_speaks_sql() -> None:
    src = Path(ceasefire.domain.__file__).parents[1]
    offenders = {
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if "storage" not in p.parts and any(n == "sqlalchemy" or n.startswith("sqlalchemy.") for n in _imports(p))
    }
    assert not offenders
