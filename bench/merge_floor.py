"""The raw SQL floor of bench_merge.py, run as its own process: nothing imported but sqlite3.

    python bench/merge_floor.py bare TARGET.db UNIT.db...     # plain tables of a new file
    python bench/merge_floor.py ledger DISTRICT.db UNIT.db... # the district ledger's own tables
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path


def merged_tables(conn: sqlite3.Connection, schema: str) -> list[str]:
    """Tables with origin columns in `schema`, parents before children (the order disc merges them)."""
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT m.name FROM {schema}.sqlite_master m WHERE m.type = 'table' AND EXISTS"
            f" (SELECT 1 FROM pragma_table_info(m.name, '{schema}') p WHERE p.name = 'origin_ledger') ORDER BY m.name"
        )
    ]
    refs = {n: {r[2] for r in conn.execute(f"SELECT * FROM pragma_foreign_key_list('{n}', '{schema}')")} for n in names}
    out: list[str] = []

    def visit(n: str) -> None:
        if n in out:
            return
        for r in refs[n]:
            if r in refs and r != n:
                visit(r)
        out.append(n)

    for n in names:
        visit(n)
    return out


def floor_bare(target: str, units: list[str]) -> None:
    """Every row of every merged table of each unit into plain tables of a new file."""
    Path(target).unlink(missing_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)
    made: set[str] = set()
    for k, u in enumerate(units):
        conn.execute("ATTACH DATABASE ? AS u", (u,))
        conn.execute("BEGIN")
        for t in merged_tables(conn, "u"):
            if t not in made:
                conn.execute(f"CREATE TABLE {t} AS SELECT {k} AS unit, * FROM u.{t} WHERE 0")
                made.add(t)
            conn.execute(f"INSERT INTO {t} SELECT {k}, * FROM u.{t}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE u")
    conn.close()


def floor_ledger(target: str, units: list[str]) -> None:
    """The same rows into the district ledger's own tables: a new org per unit, ids shifted."""
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    for u in units:
        conn.execute("ATTACH DATABASE ? AS u", (u,))
        conn.execute("BEGIN IMMEDIATE")
        org = conn.execute("SELECT value FROM u.meta WHERE key = 'org'").fetchone()[0]
        org_id = conn.execute("INSERT INTO org (name) VALUES (?)", (org,)).lastrowid
        shift: dict[str, int] = {}
        for t in merged_tables(conn, "u"):
            cols = [r[1] for r in conn.execute(f"PRAGMA main.table_info({t})")]
            pk = [r[1] for r in conn.execute(f"PRAGMA main.table_info({t})") if r[5]]
            refs = {r[3]: r[2] for r in conn.execute(f"PRAGMA main.foreign_key_list({t})")}
            if pk == ["id"]:
                shift[t] = conn.execute(f"SELECT coalesce(max(id), 0) FROM main.{t}").fetchone()[0]
            exprs = []
            for c in cols:
                if c == "org_id":
                    exprs.append(str(org_id))
                elif c == "id" and t in shift:
                    exprs.append(f"id + {shift[t]}")
                elif c in refs and refs[c] in shift:
                    exprs.append(f"{c} + {shift[refs[c]]}")
                else:
                    exprs.append(c)
            conn.execute(f"INSERT INTO main.{t} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM u.{t}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE u")
    conn.close()


if __name__ == "__main__":
    mode, target, *units = sys.argv[1:]
    {"bare": floor_bare, "ledger": floor_ledger}[mode](target, units)
