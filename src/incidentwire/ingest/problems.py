"""What went wrong while reading, reported instead of raised, so one bad file never costs a run."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from typing import BinaryIO, Literal, TextIO

Level = Literal["error", "warning"]

log = logging.getLogger("incidentwire.ingest")


@dataclass
class ReadProblem:
    """One problem with the input. `error`: something was not read; `warning`: read, but changed."""

    path: str
    line: int | None
    message: str
    article_id: str | None = None
    level: Level = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class ReadOptions:
    """How to read. `published` is the date for articles that carry none (plain text, dateless records)."""

    published: str | None = None
    max_chars: int = 1_000_000
    stdin: TextIO | BinaryIO | None = None  # None: sys.stdin.buffer, looked up when `-` is read

    def stdin_stream(self) -> TextIO | BinaryIO:
        return self.stdin if self.stdin is not None else sys.stdin.buffer


@dataclass
class Report:
    """Collects problems into the caller's list (and the log), and counts them per file."""

    problems: list[ReadProblem] = field(default_factory=list)

    def add(self, problem: ReadProblem) -> None:
        self.problems.append(problem)
        log.debug("%s: %s", problem.level, problem)

    def error(self, path: str, line: int | None, message: str, article_id: str | None = None) -> None:
        self.add(ReadProblem(path, line, message, article_id, "error"))

    def warning(self, path: str, line: int | None, message: str, article_id: str | None = None) -> None:
        self.add(ReadProblem(path, line, message, article_id, "warning"))

    def __len__(self) -> int:
        return len(self.problems)
