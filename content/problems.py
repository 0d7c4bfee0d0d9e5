"""Problems found while loading content: one line each, naming the file and the place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    file: Path
    message: str
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        place = str(self.file)
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{place}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
