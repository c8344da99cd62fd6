"""The personal data a ledger holds or held, for the one masker (disclosure_cli/personal.py).

Values still held: every applicant's name, phone, ID number and address, and the addressee of a
consultation letter (a third party, who may be a private person). Values purged: their salted
hashes (migration 0008), so that `purge-personal` cannot make a name visible again where it was typed.
"""

from __future__ import annotations

import sqlite3

from disclosure_cli.ledger.db import Ledger
from disclosure_cli.personal import MIN_MASKED, Masker, digest, fold_value

PERSONAL_COLUMNS = ("name", "phone", "id_number", "address")
SALT_KEY = "personal_salt"


def held_values(conn: sqlite3.Connection, *, except_request: int | None = None) -> list[str]:
    """Every personal value the ledger holds; except_request: leave that applicant's own out (a
    letter to the applicant names the applicant)."""
    out: set[str] = set()
    if _has(conn, "request_personal"):
        args: tuple = ()
        where = ""
        if except_request is not None:
            where, args = " WHERE request_id <> ?", (except_request,)
        for row in conn.execute(f"SELECT {', '.join(PERSONAL_COLUMNS)} FROM request_personal{where}", args):
            out.update(str(v).strip() for v in row if v is not None and len(str(v).strip()) >= MIN_MASKED)
    others = [("letter", "SELECT DISTINCT addressee FROM letter WHERE addressee IS NOT NULL")]
    others += [("request_event", "SELECT DISTINCT party FROM request_event WHERE party IS NOT NULL")]
    others += [("record_correction_personal",
                f"SELECT {' || char(31) || '.join(f'coalesce({c}, {chr(39)}{chr(39)})' for c in PERSONAL_COLUMNS)}"
                " FROM record_correction_personal")]
    for table, sql in others:
        if _has(conn, table):
            for (v,) in conn.execute(sql):
                for part in str(v).split("\x1f"):
                    if len(part.strip()) >= MIN_MASKED:
                        out.add(part.strip())
    return sorted(out)


def salt(ledger: Ledger, *, create: bool = False) -> bytes:
    """The ledger's own salt for the hashes of purged values (made on the first purge)."""
    value = ledger.meta(SALT_KEY)
    if value is None and create:
        import os

        value = os.urandom(16).hex()
        ledger.set_meta(SALT_KEY, value)
    return bytes.fromhex(value) if value else b""


def masker(ledger: Ledger, *, except_request: int | None = None, keep: tuple[str, ...] = ()) -> Masker:
    """The masker for any output of this ledger that does not ask for personal data. except_request:
    that applicant's own values are not masked (a letter to the applicant); keep: nor these (the
    third party a consultation letter is addressed to)."""
    conn = ledger.conn
    hashed: list[tuple[int, bytes]] = []
    if _has(conn, "purged_value"):
        hashed = [(n, bytes(d)) for n, d in conn.execute("SELECT length, digest FROM purged_value")]
    kept = {k.strip() for k in keep if k}
    values = [v for v in held_values(conn, except_request=except_request) if v not in kept]
    return Masker(values, hashed, salt(ledger) if hashed else b"")


def remember_purged(ledger: Ledger, values: list[str]) -> int:
    """Keep the salted hashes of values about to be erased (inside the purge's transaction)."""
    key = salt(ledger, create=True)
    rows = {(len(f), digest(f, key)) for f in (fold_value(v) for v in values if v) if len(f) >= MIN_MASKED}
    ledger.conn.executemany("INSERT OR IGNORE INTO purged_value (length, digest) VALUES (?, ?)", sorted(rows))
    return len(rows)


def _has(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is not None


def mask_everywhere(conn: sqlite3.Connection, mask: Masker, skip: tuple[str, ...] = ()) -> int:
    """Mask personal values in every text cell of every table but ``skip``; returns how many cells
    changed. One call per row over its text cells joined by U+001F (in no value), then cell by cell
    only for the few rows that hold something: a million rows take seconds, not minutes."""
    if not mask:
        return 0
    conn.create_function("disc_personal_hit", 1, mask.hit, deterministic=True)
    changed = 0
    tables = [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if r[0] not in skip
    ]
    for table in tables:
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        cols = [c[1] for c in info]
        pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
        ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        keys = pk if "WITHOUT ROWID" in (ddl or "").upper() else ["rowid"]
        col_sql = ", ".join(f'"{c}"' for c in cols)
        key_sql = ", ".join(k if k == "rowid" else f'"{k}"' for k in keys)
        joined = " || char(31) || ".join(f"""coalesce(CASE WHEN typeof("{c}") = 'text' THEN "{c}" END, '')""" for c in cols)
        updates: list[tuple[dict[str, str], tuple]] = []
        for row in conn.execute(f'SELECT {key_sql}, {col_sql} FROM "{table}" WHERE disc_personal_hit({joined})'):
            key, vals = row[: len(keys)], row[len(keys) :]
            new = {c: mask.mask(v) for c, v in zip(cols, vals, strict=True) if isinstance(v, str) and mask.hit(v)}
            if new:
                updates.append((new, key))
        for new, key in updates:
            sets = ", ".join(f'"{c}" = ?' for c in new)
            where = " AND ".join(f"{k} = ?" if k == "rowid" else f'"{k}" = ?' for k in keys)
            conn.execute(f'UPDATE "{table}" SET {sets} WHERE {where}', (*new.values(), *key))
            changed += len(new)
    return changed
