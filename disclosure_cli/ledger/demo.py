"""The ledger side of `disc demo` (issue 24): how a demonstration ledger is written, not what is in it.

The demonstration ledger (report/demo.py) is built record by record through the same library
functions the clerk's commands call, a few hundred small transactions. Two things here are the
ledger's own business and so live in this layer:

* ``quick_writes``: every transaction of a ledger normally waits for the disk (SQLite's
  synchronous=FULL), about 20 ms each; a file that is made in one go and thrown away whole if
  anything fails does not need that, so the build runs with synchronous=OFF and restores it after.
* ``fix_identity``: a ledger's identity (meta uuid) is random; the demonstration fixes it, as
  scripts/build_sample.py does for sample.db, so that two builds give the same export.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from disclosure_cli.ledger.db import Ledger


@contextmanager
def quick_writes(ledger: Ledger) -> Iterator[None]:
    """Commits that do not wait for the disk, for the duration of a build (restored afterwards)."""
    before = int(ledger.conn.execute("PRAGMA synchronous").fetchone()[0])
    ledger.conn.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        ledger.conn.execute(f"PRAGMA synchronous = {before}")


def fix_identity(ledger: Ledger, uuid: str) -> None:
    """A fixed identity instead of the random one (reproducible builds, like sample.db)."""
    with ledger.write():
        ledger.set_meta("uuid", uuid)


def discard(path: Path) -> None:
    """Remove a half-built ledger file and its journal (only ever one the build itself created). What
    the build had committed is gone with it: an interruption must not report it as saved (db.committed)."""
    from disclosure_cli.ledger import db

    for p in (path, Path(f"{path}-journal")):
        p.unlink(missing_ok=True)
    db.committed.clear()
