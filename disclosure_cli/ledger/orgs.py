"""Orgs of a ledger as a tree: a 区 with its 街道 and departments below it, for roll-up reports.

A ledger starts with one org (its own, from `disc init`). More are added with a parent
(`disc org add 南街街道 --parent 惠农区`) or arrive with `disc merge`. `disc stats/report --org X
--rollup` add up X and everything below it (report.build.org_ids). The tree never has a cycle:
every change of a parent is checked here.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.fields import text_field


def find_org(conn: sqlite3.Connection, name: str, parent_id: int | None | bool = False) -> int | None:
    """A unit by name; parent_id (None: a top-level unit) narrows it to one place in the tree. By name
    alone, the unit only when exactly one has the name (two 南街街道 under two districts: None)."""
    if parent_id is not False:
        row = conn.execute(
            "SELECT id FROM org WHERE name = ? AND parent_id IS ?", (name, parent_id)
        ).fetchone()
        return None if row is None else int(row[0])
    rows = conn.execute("SELECT id FROM org WHERE name = ? LIMIT 2", (name,)).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None


def path_of(conn: sqlite3.Connection, org_id: int) -> str:
    """惠农区/南街街道: the unit's name after its parents' (how two units of one name are told apart)."""
    names = []
    seen: set[int] = set()
    cur: int | None = org_id
    while cur is not None and cur not in seen:
        seen.add(cur)
        row = conn.execute("SELECT name, parent_id FROM org WHERE id = ?", (cur,)).fetchone()
        if row is None:
            break
        names.append(row[0])
        cur = row[1]
    return "/".join(reversed(names))


def resolve_org(conn: sqlite3.Connection, name: str) -> int:
    """--org: a unit's name, or its path (惠农区/南街街道) where the name is not unique."""
    text = (name or "").strip()
    rows = [int(r[0]) for r in conn.execute("SELECT id FROM org WHERE name = ?", (text,))]
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        paths = "、".join(path_of(conn, i) for i in rows)
        raise BadInput(f"有 {len(rows)} 个单位都叫「{text}」：{paths}。请用带上级的写法指明，如 --org {path_of(conn, rows[0])}")
    if "/" in text:
        parent: int | None = None
        for part in (p.strip() for p in text.split("/")):
            row = conn.execute("SELECT id FROM org WHERE name = ? AND parent_id IS ?", (part, parent)).fetchone()
            if row is None:
                # the path may start below the top (南街 of 惠农区 written 惠农区/南街街道 under 石嘴山市)
                if parent is None:
                    cand = [int(r[0]) for r in conn.execute("SELECT id FROM org WHERE name = ?", (part,))]
                    if len(cand) == 1:
                        parent = cand[0]
                        continue
                break
            parent = int(row[0])
        else:
            if parent is not None:
                return parent
    known = [path_of(conn, int(r[0])) for r in conn.execute("SELECT id FROM org ORDER BY id")]
    from disclosure_cli.vocab import unknown_message

    raise BadInput(unknown_message("单位", text, known))


def descendants(conn: sqlite3.Connection, org_id: int) -> set[int]:
    """The org and every org below it."""
    rows = conn.execute(
        "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT org.id FROM org JOIN sub ON org.parent_id = sub.id)"
        " SELECT id FROM sub",
        (org_id,),
    )
    return {r[0] for r in rows}


def _name(conn: sqlite3.Connection, org_id: int | None) -> str | None:
    if org_id is None:
        return None
    row = conn.execute("SELECT name FROM org WHERE id = ?", (org_id,)).fetchone()
    return None if row is None else row[0]


def create_org(ledger: Ledger, name: str, parent_id: int | None) -> int:
    """Insert an org inside the caller's transaction (used by add_org and by merge)."""
    cur = ledger.conn.execute("INSERT INTO org (name, parent_id) VALUES (?, ?)", (name, parent_id))
    org_id = int(cur.lastrowid)
    ledger.log("add", "org", org_id, after={"name": name, "parent": _name(ledger.conn, parent_id)})
    return org_id


def check_parent(conn: sqlite3.Connection, org_id: int, parent_id: int | None) -> None:
    """A parent may not be the org itself or anything below it (that would make a cycle)."""
    if parent_id is None:
        return
    if parent_id in descendants(conn, org_id):
        child, parent = _name(conn, org_id), _name(conn, parent_id)
        if parent_id == org_id:
            raise BadInput(f"单位「{child}」不能做自己的上级")
        raise BadInput(f"「{parent}」在「{child}」之下，不能再做它的上级（会形成循环）")


def reparent(ledger: Ledger, org_id: int, parent_id: int | None) -> None:
    """Change a parent inside the caller's transaction, after the cycle check; logged."""
    check_parent(ledger.conn, org_id, parent_id)
    old = ledger.conn.execute("SELECT parent_id FROM org WHERE id = ?", (org_id,)).fetchone()[0]
    if old == parent_id:
        return
    ledger.conn.execute("UPDATE org SET parent_id = ? WHERE id = ?", (parent_id, org_id))
    ledger.log(
        "move",
        "org",
        org_id,
        before={"parent": _name(ledger.conn, old)},
        after={"parent": _name(ledger.conn, parent_id)},
    )


def _clean_name(name: str | None, what: str = "单位名称") -> str:
    value = text_field(name, what, required=True)
    assert value is not None
    return value


def add_org(ledger: Ledger, name: str, parent: str | None = None) -> int:
    """`disc org add NAME [--parent P]`: the parent must already be in the ledger."""
    name = _clean_name(name)
    with ledger.write() as conn:
        parent_id = ledger.org_id(_clean_name(parent, "上级单位（--parent）")) if parent is not None else None
        if find_org(conn, name, parent_id) is not None:
            where = f"「{path_of(conn, parent_id)}」下" if parent_id is not None else "最上一级"
            raise BadInput(f"单位「{name}」已存在（{where}；调整上级用 disc org move {name} --parent 上级单位）")
        elsewhere = [path_of(conn, int(r[0])) for r in conn.execute("SELECT id FROM org WHERE name = ?", (name,))]
        if elsewhere and parent is None:
            raise BadInput(
                f"单位「{name}」已存在（{'、'.join(elsewhere)}）。如确是另一个同名单位，请用 --parent 指明它的上级"
            )
        return create_org(ledger, name, parent_id)


def move_org(ledger: Ledger, name: str, parent: str | None) -> None:
    """`disc org move NAME --parent P` (or --top): put an org under another one, never in a cycle."""
    with ledger.write():
        org_id = ledger.org_id(_clean_name(name))
        parent_id = ledger.org_id(_clean_name(parent, "上级单位（--parent）")) if parent is not None else None
        reparent(ledger, org_id, parent_id)


def list_orgs(ledger: Ledger) -> list[dict[str, Any]]:
    """Every org in tree order (parents before children, siblings by id), with depth and parent name."""
    rows = ledger.conn.execute("SELECT id, name, parent_id FROM org ORDER BY id").fetchall()
    names = {i: n for i, n, _ in rows}
    children: dict[int | None, list[int]] = {}
    for i, _, p in rows:
        children.setdefault(p if p in names else None, []).append(i)
    counts = _record_counts(ledger.conn)
    own = ledger.org
    out: list[dict[str, Any]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for i in children.get(parent, []):
            if i in seen:  # a cycle written by another tool: show it once, do not loop
                continue
            seen.add(i)
            pid = next(p for j, _, p in rows if j == i)
            out.append(
                {
                    "id": i,
                    "name": names[i],
                    "parent": names.get(pid) if pid is not None else None,
                    "depth": depth,
                    "own": names[i] == own,
                    "items": counts.get(i, 0),
                }
            )
            walk(i, depth + 1)

    walk(None, 0)
    for i, n, p in rows:  # anything unreachable (a cycle made outside disc) still gets listed
        if i not in seen:
            out.append({"id": i, "name": n, "parent": names.get(p), "depth": 0, "own": n == own, "items": counts.get(i, 0)})
    return out


def _record_counts(conn: sqlite3.Connection) -> dict[int, int]:
    """Items per org (not voided), to show which orgs hold data."""
    return dict(conn.execute("SELECT org_id, sum(count) FROM item WHERE voided_at IS NULL GROUP BY org_id"))


def tree_text(orgs: list[dict[str, Any]]) -> str:
    """The tree as indented text for a terminal: ├─ / └─ connectors, own org marked."""
    lines = []
    for k, o in enumerate(orgs):
        depth = o["depth"]
        if depth == 0:
            prefix = ""
        else:
            # is this the last sibling? look ahead for another org at the same depth before a shallower one
            last = True
            for nxt in orgs[k + 1 :]:
                if nxt["depth"] < depth:
                    break
                if nxt["depth"] == depth:
                    last = False
                    break
            rails = ""
            for d in range(1, depth):
                rails += "│  " if _open_rail(orgs, k, d) else "   "
            prefix = rails + ("└─ " if last else "├─ ")
        mark = "（本单位）" if o["own"] else ""
        lines.append(f"{prefix}{o['name']}{mark}  [{o['id']}]  信息 {o['items']} 条")
    return "\n".join(lines) + "\n"


def _open_rail(orgs: list[dict[str, Any]], k: int, depth: int) -> bool:
    """Does the ancestor at `depth` of row k have a later sibling (so its vertical rail continues)?"""
    for nxt in orgs[k + 1 :]:
        if nxt["depth"] < depth:
            return False
        if nxt["depth"] == depth:
            return True
    return False


def unit_count(ledger: Ledger) -> int:
    """How many units the ledger holds (more than one: a district's, or one with units below)."""
    return int(ledger.conn.execute("SELECT count(*) FROM org").fetchone()[0])
