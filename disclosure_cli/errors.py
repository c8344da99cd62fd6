"""The library's own exceptions: the only thing the CLI layer catches and turns into exit codes."""

from __future__ import annotations


class DiscError(Exception):
    """An expected failure with a message for the clerk. Exit code 1."""

    exit_code = 1


class BadInput(DiscError):
    """Input the clerk can fix: a bad date, an unknown channel, a malformed row. Exit code 2."""

    exit_code = 2

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


class LedgerMissing(BadInput):
    """No ledger file where one was expected; the message says how to create one."""


class LedgerTooNew(DiscError):
    """The ledger was written by a newer disc; refusing to open it protects its data."""


class NotFound(BadInput):
    """An id that names no record."""


class DocumentRefused(DiscError):
    """A document too big or too deeply nested to read safely (a zip bomb, a 150 MB page):
    `disc lint` reports it as a READ-LIMIT finding and goes on with the other files."""
