"""ceasefire.extract stays a pure step: it imports no storage, web or command-line code, and
its docstring examples run."""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pytest

import ceasefire.extract

ROOT = Path(ceasefire.extract.__file__).parent
FORBIDDEN = ("ceasefire.storage", "ceasefire.web", "ceasefire.cli", "ceasefire.workflows", "sqlalchemy", "fastapi")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_extraction_imports_nothing_from_storage_web_or_cli() -> None:
    offenders = {path.name: sorted(n for n in _imports(path) if n.startswith(FORBIDDEN)) for path in ROOT.glob("*.py")}
    assert not {k: v for k, v in offenders.items() if v}


@pytest.mark.parametrize("module", sorted(p.stem for p in ROOT.glob("*.py") if p.stem != "__init__"))
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"ceasefire.extract.{module}"), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
