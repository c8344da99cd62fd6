"""Regular expressions compiled when first used, not at import.

A new process compiles every module-level pattern again (re's cache lives in the process), and
`disc add` starts dozens of times a day: a pattern only a report or an error needs should cost
nothing to a clerk who adds an item (bench/bench_cli.py measures the start-up).
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands in for re.compile(pattern, flags) until a method is first called on it."""

    __slots__ = ("_pattern", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


def lazy(pattern: str, flags: int = 0) -> Any:
    """re.compile, deferred (typed as Any: it answers every method of re.Pattern)."""
    return LazyPattern(pattern, flags)
