"""Records an older ledger may hold that disc would no longer accept (issue 9): dates before the
first 条例 or after today, counts and amounts no clerk meant. `disc check` reports them
(L-IMPLAUSIBLE) so that they are corrected rather than silently counted."""

from __future__ import annotations

from typing import Any

from disclosure_cli import vocab
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.fields import FIRST_DAY, MAX_COUNT, MAX_YUAN

# table, what a clerk calls it, date columns, count column (or None), label column
_CHECKS = (
    ("item", "信息条目", ("published", "formed"), "count", "title"),
    ("decision", "行政决定", ("decided",), "count", "ref"),
    ("fee_receipt", vocab.T2_ROWS.label("fee"), ("received",), None, "note"),
    ("request", "申请", ("received", "closed"), None, "subject"),
    ("legal_case", "复议诉讼案件", ("filed", "decided"), None, "ref"),
    ("document", "文件", ("issued",), None, "title"),
)
MAX_LISTED = 20


def implausible(ledger: Ledger, ids: list[int], today: str) -> tuple[list[dict[str, Any]], int]:
    """(the first MAX_LISTED implausible records, how many there are in all)."""
    org_in = ", ".join(str(int(i)) for i in ids)
    found: list[dict[str, Any]] = []
    total = 0
    for table, what, dates, count, label in _CHECKS:
        conds = [f"({d} IS NOT NULL AND ({d} < :first OR {d} > :today))" for d in dates]
        if count:
            conds.append(f"{count} > {MAX_COUNT}")
        if table == "fee_receipt":
            conds.append(f"amount_fen > {MAX_YUAN * 100}")
        where = f"org_id IN ({org_in}) AND voided_at IS NULL AND ({' OR '.join(conds)})"
        args = {"first": FIRST_DAY, "today": today}
        n = ledger.conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()[0]
        total += n
        if not n or len(found) >= MAX_LISTED:
            continue
        cols = ", ".join(["id", *dates, *([count] if count else []), label])
        for row in ledger.conn.execute(f"SELECT {cols} FROM {table} WHERE {where} ORDER BY id LIMIT {MAX_LISTED}", args):
            rec = dict(zip(["id", *dates, *([count] if count else []), "label"], row, strict=True))
            problems = [
                f"{d}={rec[d]}" for d in dates if rec[d] is not None and (rec[d] < FIRST_DAY or rec[d] > today)
            ]
            if count and rec[count] is not None and rec[count] > MAX_COUNT:
                problems.append(f"{count}={rec[count]}")
            if table == "fee_receipt" and not problems:
                problems.append("amount 过大")
            found.append({"table": table, "what": what, "id": rec["id"], "label": rec["label"], "problems": problems})
            if len(found) >= MAX_LISTED:
                break
    return found, total


# --------------------------------------------------------------------------- rows rewritten from outside disc
def tampered(ledger: Ledger) -> list[dict[str, Any]]:
    """Change-log rows and frozen publications whose seal (migration 0008) no longer matches: what a
    tool other than disc rewrote. Whole ledger (the log is one for all units)."""
    from disclosure_cli.ledger.seal import PUBLICATION_FIELDS, altered_fields, seal_log

    conn = ledger.conn
    found: list[dict[str, Any]] = []
    bad_log = []
    expected = 1
    gaps: list[tuple[int, int]] = []
    for row in conn.execute(
        "SELECT id, at, clerk, action, entity, entity_id, before, after, reason, seal FROM change_log ORDER BY id"
    ):
        if row[0] != expected:
            gaps.append((expected, row[0] - 1))
        expected = row[0] + 1
        if row[9] != seal_log(*row[:9]):
            bad_log.append(row[0])
    if bad_log:
        shown = "、".join(str(i) for i in bad_log[:10]) + (f" 等 {len(bad_log)} 条" if len(bad_log) > 10 else "")
        found.append({"what": "修改记录", "where": f"修改记录 {bad_log[0]}", "detail": f"第 {shown} 条修改记录在 disc 之外被改写或插入"})
    if gaps:
        shown = "、".join(f"{a}–{b}" if a != b else str(a) for a, b in gaps[:5])
        found.append({"what": "修改记录", "where": "修改记录", "detail": f"修改记录缺了第 {shown} 条（在 disc 之外被删除）"})
    cols = ", ".join(f"p.{c}" for c in PUBLICATION_FIELDS)
    for row in conn.execute(
        f"SELECT p.id, o.name, {cols}, p.seal, p.origin_ledger IS NULL FROM publication p JOIN org o ON o.id = p.org_id ORDER BY p.id"
    ):
        pid, org, values, stored, own = row[0], row[1], row[2 : 2 + len(PUBLICATION_FIELDS)], row[-2], row[-1]
        fields = altered_fields(stored, tuple(values))
        if own and not fields:  # the counted records themselves, where they are (a unit's own ledger)
            from disclosure_cli.ledger.seal import records_digest

            joined = conn.execute(
                "SELECT group_concat(kind || char(31) || record_id || char(31) || state, char(30)) FROM"
                " (SELECT kind, record_id, state FROM publication_record WHERE publication_id = ? ORDER BY kind, record_id)",
                (pid,),
            ).fetchone()[0]
            if records_digest(joined) != values[-1]:
                fields = ["records"]
        if fields:
            names = {"cells": "单元格", "hashes": "文件哈希", "published": "发布日期", "url": "网址", "records": "计入的记录",
                     "records_digest": "计入的记录", "year": "年度", "rollup": "范围", "recorded_at": "登记时间", "clerk": "经办人"}
            what = "、".join(dict.fromkeys(names.get(f, f) for f in fields))
            found.append({"what": "发布记录", "where": f"{org} {values[0]} 年度报告发布记录 {pid}",
                          "detail": f"{org} {values[0]} 年度报告的发布记录（{values[2]} 发布）的{what}在 disc 之外被改写"})
    return found


# --------------------------------------------------------------------------- the same 文号 twice
DUPLICATE_REFS = (
    ("document", "number", "文件", "issued"),
    ("decision", "ref", "行政决定", "decided"),
    ("legal_case", "ref", "复议诉讼案件", "filed"),
)


def duplicate_refs(ledger: Ledger, ids: list[int], year: int | None = None) -> list[dict[str, Any]]:
    """Live records sharing one 文号 within a unit, not marked as a deliberate re-entry: each is
    counted again in 表二/表四. Spaces and full-width forms do not make two numbers differ."""
    from disclosure_cli.ledger.query import org_in

    out: list[dict[str, Any]] = []
    ledger.conn.create_function("ref_key", 1, ref_key, deterministic=True)
    for table, col, what, day in DUPLICATE_REFS:
        rows = ledger.conn.execute(
            f"SELECT org_id, {col}, group_concat(id, '、'), count(*), min({day}), max({day}) FROM {table}"
            f" WHERE voided_at IS NULL AND {org_in(ids)} AND {col} IS NOT NULL AND trim({col}) <> ''"
            f" AND duplicate_reason IS NULL GROUP BY org_id, ref_key({col}) HAVING count(*) > 1 ORDER BY min({day})"
        ).fetchall()
        for _org, ref, which, n, first, last in rows:
            if year is not None and not first[:4] <= str(year) <= last[:4]:
                continue
            out.append({"table": table, "what": what, "ref": ref, "ids": which, "n": n})
    return out


def ref_key(ref: str | None) -> str | None:
    """What makes two 文号 the same: full-width and half-width alike, no spaces, 〔〕[]［］() the same."""
    if ref is None:
        return None
    import unicodedata

    text = unicodedata.normalize("NFKC", ref)
    for a, b in (("〔", "["), ("〕", "]"), ("（", "("), ("）", ")"), ("【", "["), ("】", "]")):
        text = text.replace(a, b)
    return "".join(text.split()).upper()
