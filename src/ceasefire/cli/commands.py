"""The list of command modules. A new command group adds its module here."""

from __future__ import annotations

from types import ModuleType

MODULES: list[ModuleType] = []
