"""Training rows per dataset, kept on disk between runs of a training script (`--rows-dir`), so
trying another regularisation or threshold does not rebuild every candidate from the parses."""

from __future__ import annotations

import pickle
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def rows_by_dataset(names: Iterable[str], build: Callable[[str], list[Any]], *, rows_dir: Path | None,
                    key: str, what: str = "rows") -> list[Any]:
    """`build(name)` for each dataset, or its rows saved under `rows_dir/{key}{name}.pkl` by an
    earlier run; `key` names the script and its options (a different limit is a different file)."""
    started = time.time()
    rows: list[Any] = []
    for name in names:
        kept = rows_dir / f"{key}{name}.pkl" if rows_dir else None
        if kept and kept.exists():
            rows += pickle.loads(kept.read_bytes())
            continue
        part = build(name)
        if kept:
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_bytes(pickle.dumps(part))
        rows += part
        print(f"{name}: {len(part)} {what}, {time.time() - started:.0f} s", file=sys.stderr)
    return rows
