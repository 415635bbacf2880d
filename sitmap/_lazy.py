"""Public names that load their module on first use (PEP 562), for packages whose modules
are slow to import."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` for ``package`` that imports ``modules[name]`` when
    ``name`` is first used and keeps the value in the package. The returned function raises
    AttributeError for a name not in ``modules``."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the PEP 562 hook's own name
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(modules[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
