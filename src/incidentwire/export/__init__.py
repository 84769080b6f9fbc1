"""Output formats, chosen by name. One module per format: adding a format is adding a module.

A format module declares `NAME` (what `--format` says), `HELP` (one line), and one or both of
    write_results(results: Iterable[ArticleResult], out: TextIO) -> None    # `extract` output
    write_incidents(incidents: Iterable[StoredIncident], out: TextIO) -> None   # stored incidents
Writers stream where the format allows it (jsonl, json, csv), so output starts at once.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any, Literal

Kind = Literal["results", "incidents"]


@cache
def _modules() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            found[module.NAME] = module
    return found


def formats(kind: Kind) -> list[str]:
    """Names of the formats that can write `kind` ("results" of extract, stored "incidents")."""
    return sorted(name for name, module in _modules().items() if hasattr(module, f"write_{kind}"))


def writer(name: str, kind: Kind) -> Callable[..., Any]:
    """The writer function of format `name`; ValueError listing the valid names otherwise."""
    module = _modules().get(name)
    if module is None or not hasattr(module, f"write_{kind}"):
        raise ValueError(f"unknown format {name!r} (choose from: {', '.join(formats(kind))})")
    return getattr(module, f"write_{kind}")


def describe(kind: Kind) -> str:
    """One line per format, for --help."""
    return "; ".join(f"{name}: {_modules()[name].HELP}" for name in formats(kind))


__all__ = ["describe", "formats", "writer"]
