"""Seals over the rows nobody may rewrite: the change log and the frozen publications (issue 19).

The triggers of the schema stop UPDATE, DELETE and INSERT OR REPLACE; a seal catches what gets past
them (a trigger dropped in the sqlite3 shell, a file edited byte by byte): `disc check` recomputes
every seal and names the row, and for a publication the field, that no longer matches. The same
functions are registered in SQL (migration 0008 seals the rows written before it; merge copies them).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

_KEY = b"disc-seal-v1"
PUBLICATION_FIELDS = ("year", "rollup", "published", "url", "cells", "hashes", "recorded_at", "clerk", "records_digest")


def _h(text: str) -> str:
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Python builds
        from hashlib import blake2b
    return blake2b(text.encode("utf-8", "surrogatepass"), key=_KEY, digest_size=16).hexdigest()


def _canon(values: tuple[Any, ...]) -> str:
    return "\x1f".join("\x00" if v is None else f"{type(v).__name__}:{v}" for v in values)


def seal_log(id: int, at: str, clerk: str, action: str, entity: str, entity_id: int | None, before: str | None,
             after: str | None, reason: str | None) -> str:
    return _h(_canon((id, at, clerk, action, entity, entity_id, before, after, reason)))


def records_digest(joined: str | None) -> str:
    """Of a publication's counted records, as `kind␟id␟state` joined by ␞ in (kind, id) order."""
    return _h(joined or "")


def seal_publication(*values: Any) -> str:
    """One hash per field, so that `check` can say which field of a frozen publication was altered."""
    return json.dumps({f: _h(_canon((v,))) for f, v in zip(PUBLICATION_FIELDS, values, strict=True)}, sort_keys=True)


def altered_fields(seal: str | None, values: tuple[Any, ...]) -> list[str]:
    """The fields whose value no longer matches the seal ([] when all do; all of them without a seal)."""
    try:
        stored = json.loads(seal or "")
    except (ValueError, TypeError):
        return list(PUBLICATION_FIELDS)
    fresh = json.loads(seal_publication(*values))
    return [f for f in PUBLICATION_FIELDS if stored.get(f) != fresh[f]]


def register(conn: sqlite3.Connection) -> None:
    conn.create_function("disc_seal_log", 9, seal_log, deterministic=True)
    conn.create_function("disc_records_digest", 1, records_digest, deterministic=True)
    conn.create_function("disc_seal_publication", len(PUBLICATION_FIELDS), seal_publication, deterministic=True)
