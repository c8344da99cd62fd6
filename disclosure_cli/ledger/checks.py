"""CHECK lists kept from vocab's design cards (issue 25).

A kind of letter is specified once, in vocab.LETTER_SPECS; the ledger's `CHECK (kind IN (…))` on the
letter table must list the same codes. SQLite cannot alter a CHECK constraint, so a table whose
list differs is rebuilt — by sqlite-utils' table.transform (its SQL: the new table with every other
constraint, comment, column and index kept, the rows copied, the old table dropped), with the one
list replaced and the table's triggers put back, which transform does not carry. A migration asks
for this with the line `-- disc: checks from vocab`; it runs inside the migration's transaction.
sqlite-utils is imported here only: `disc add` never pays for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from disclosure_cli import vocab
from disclosure_cli.errors import DiscError

# (table, column) → the codes its CHECK must list, from the cards
LISTS: dict[tuple[str, str], Callable[[], list[str]]] = {
    ("letter", "kind"): lambda: vocab.LETTER_KINDS.codes,
    ("request_event", "kind"): lambda: list(vocab.REQUEST_EVENT_KINDS),
    ("delivery", "method"): lambda: vocab.DELIVERY.codes,
}


def _in_list(column: str, codes: list[str]) -> str:
    return f"{column} IN ({', '.join(repr(c) for c in codes)})"


def listed(conn: sqlite3.Connection, table: str, column: str) -> list[str] | None:
    """The codes the table's CHECK on this column lists now (None: no such list)."""
    import sqlite_utils

    for check in sqlite_utils.Database(conn).table(table).checks:
        if check.column == column and check.options is not None:
            return list(check.options)
    return None


def sync(conn: sqlite3.Connection) -> list[str]:
    """Bring every listed CHECK to its card's codes; returns the tables rebuilt. Rows that a new list
    would refuse stop the migration (nothing is dropped silently)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    rebuilt = []
    for (table, column), codes_of in LISTS.items():
        codes = codes_of()
        t = db.table(table)
        check = next((c for c in t.checks if c.column == column and c.options is not None), None)
        if check is None:
            raise DiscError(f"台账的 {table}.{column} 没有取值清单约束，无法按设计卡更新")
        if list(check.options) == codes:
            continue
        stray = conn.execute(
            f"SELECT DISTINCT {column} FROM {table} WHERE {column} NOT IN ({', '.join('?' * len(codes))})", codes
        ).fetchall()
        if stray:
            raise DiscError(f"台账的 {table}.{column} 中有新清单没有的值：{'、'.join(str(s[0]) for s in stray)}，升级已撤销")
        triggers = [sql for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name", (table,))]
        sqls = t.transform_sql()
        create = sqls[0]
        if create.count(check.check) != 1:
            raise DiscError(f"重建 {table} 时找不到原取值清单约束，升级已撤销")
        sqls[0] = create.replace(check.check, _in_list(column, codes))
        for sql in [*sqls, *triggers]:
            conn.execute(sql)
        rebuilt.append(table)
    return rebuilt
