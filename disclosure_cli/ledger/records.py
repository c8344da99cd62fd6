"""Records behind table 二 (documents, decisions, 行政事业性收费) and table 四 (cases), and the prose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput, NotFound
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.fields import (
    check_id,
    fen_to_yuan,
    parse_count,
    parse_date,
    parse_yuan,
    text_field,
)


def _get(ledger: Ledger, table: str, record_id: int, what: str) -> dict[str, Any]:
    check_id(record_id, what)
    cur = ledger.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {record_id} 的{what}")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


_REF_COLUMNS = {"document": ("number", "文件", "doc"), "decision": ("ref", "行政决定", "decision"),
                "legal_case": ("ref", "复议诉讼案件", "case")}


def same_ref(ledger: Ledger, table: str, org_id: int, ref: str | None) -> list[int]:
    """Live records of the unit carrying this 文号 already (spelt with any width, spacing or bracket)."""
    from disclosure_cli.ledger.audit import ref_key

    if not ref or table not in _REF_COLUMNS:
        return []
    col = _REF_COLUMNS[table][0]
    ledger.conn.create_function("ref_key", 1, ref_key, deterministic=True)
    return [r[0] for r in ledger.conn.execute(
        f"SELECT id FROM {table} WHERE org_id = ? AND voided_at IS NULL AND ref_key({col}) = ? ORDER BY id",
        (org_id, ref_key(ref)),
    )]


def _duplicate_refused(table: str, ref: str, ids: list[int]) -> BadInput:
    col, what, kind = _REF_COLUMNS[table]
    return BadInput(
        f"文号「{ref}」已登记为{what} {'、'.join(map(str, ids))}：同一文号再登记一次会在表格中重复计数。"
        f"若确是另一件（如同一文书对多个当事人），请加 --duplicate-reason 原因；查看已有记录：disc {kind} list"
    )


def _insert(ledger: Ledger, table: str, values: dict[str, Any], entity: str, duplicate_reason: str | None = None) -> int:
    if duplicate_reason is not None:
        values["duplicate_reason"] = text_field(duplicate_reason, "重复登记的原因（--duplicate-reason）", required=True)
    cols = list(values)
    with ledger.write() as conn:
        if table in _REF_COLUMNS and duplicate_reason is None:
            ref = values.get(_REF_COLUMNS[table][0])
            already = same_ref(ledger, table, values["org_id"], ref)
            if already:
                raise _duplicate_refused(table, ref, already)
        cur = conn.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", tuple(values.values())
        )
        rid = int(cur.lastrowid)
        ledger.log("add", entity, rid, after={k: v for k, v in values.items() if k != "org_id"})
    return rid


def void_record(ledger: Ledger, table: str, record_id: int, reason: str, what: str) -> list[str]:
    """Take a record out of the statistics but keep it, with the reason, in the trail. Returns what the
    clerk should know: an application's letters already issued stay issued (they were sent)."""
    if not (reason or "").strip():
        raise BadInput("作废原因（--reason）不能为空")
    with ledger.write() as conn:
        rec = _get(ledger, table, record_id, what)
        if rec.get("voided_at"):
            raise BadInput(f"{what} {record_id} 已于 {rec['voided_at']} 作废")
        at = now_iso()
        conn.execute(f"UPDATE {table} SET voided_at = ?, void_reason = ? WHERE id = ?", (at, reason.strip(), record_id))
        ledger.log("void", table, record_id, before={"voided_at": None}, after={"voided_at": at}, reason=reason.strip())
    if table != "request":
        return []
    issued = [n for (n,) in ledger.conn.execute(
        "SELECT number FROM letter WHERE request_id = ? AND voided_at IS NULL ORDER BY id", (record_id,))]
    if not issued:
        return []
    return [f"注意：该申请已出具的 {len(issued)} 份文书（{'、'.join(issued)}）不随申请作废，仍在 disc request letters 中；"
            "已送出的文书以送出的为准"]


# --------------------------------------------------------------------------- 表二 documents
def add_document(
    ledger: Ledger,
    *,
    kind: str,
    title: str,
    issued: str,
    number: str | None = None,
    repealed: str | None = None,
    org: str | None = None,
    allow_future: bool = False,
    interpretation: str | None = None,
    duplicate_reason: str | None = None,
) -> int:
    values = {
        "org_id": ledger.org_id(org),
        "kind": vocab.DOCUMENT_KINDS.resolve(kind, "文件类型（--kind）"),
        "number": text_field(number, "文号"),
        "title": text_field(title, "标题（--title）", required=True),
        "issued": parse_date(issued, "制发日期（--issued）", allow_future=allow_future),
        "repealed": parse_date(repealed, "废止日期（--repealed）", required=False, allow_future=allow_future),
    }
    if interpretation is not None:
        values["interpretation"] = text_field(interpretation, "解读链接（--interpretation）")
    if values["repealed"] and values["repealed"] < values["issued"]:
        raise BadInput(f"废止日期 {values['repealed']} 早于制发日期 {values['issued']}")
    return _insert(ledger, "document", values, "document", duplicate_reason)


def repeal_document(ledger: Ledger, doc_id: int, date: str, *, allow_future: bool = False) -> None:
    when = parse_date(date, "废止日期（--date）", allow_future=allow_future)
    with ledger.write() as conn:
        doc = _get(ledger, "document", doc_id, "文件")
        if doc["repealed"]:
            raise BadInput(f"文件 {doc_id} 已于 {doc['repealed']} 废止")
        if when < doc["issued"]:
            raise BadInput(f"废止日期 {when} 早于制发日期 {doc['issued']}")
        conn.execute("UPDATE document SET repealed = ? WHERE id = ?", (when, doc_id))
        ledger.log("repeal", "document", doc_id, before={"repealed": None}, after={"repealed": when})


def list_documents(ledger: Ledger, *, org: str | None = None, include_void: bool = False) -> list[dict[str, Any]]:
    sql = "SELECT id, kind, number, title, issued, repealed, interpretation, voided_at FROM document WHERE org_id = ?"
    if not include_void:
        sql += " AND voided_at IS NULL"
    cur = ledger.conn.execute(sql + " ORDER BY issued, id", (ledger.org_id(org),))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


# --------------------------------------------------------------------------- 表二 decisions
def clean_decision(raw: dict[str, Any], *, allow_future: bool = False) -> dict[str, Any]:
    problems = []
    out: dict[str, Any] = {}
    for name, fn in (
        ("kind", lambda: vocab.DECISION_KINDS.resolve(text_field(raw.get("kind"), "类型", required=True) or "", "决定类型")),
        ("decided", lambda: parse_date(raw.get("decided"), "决定日期", allow_future=allow_future)),
        ("count", lambda: parse_count(raw.get("count"), "数量")),
        ("ref", lambda: text_field(raw.get("ref"), "文号")),
    ):
        try:
            out[name] = fn()
        except BadInput as e:
            problems.append(f"{name}：{e}")
    if problems:
        raise BadInput("；".join(problems), problems)
    return out


def add_decision(
    ledger: Ledger,
    *,
    kind: str,
    date: str,
    count: int | str = 1,
    ref: str | None = None,
    org: str | None = None,
    allow_future: bool = False,
    duplicate_reason: str | None = None,
) -> int:
    values = clean_decision({"kind": kind, "decided": date, "count": count, "ref": ref}, allow_future=allow_future)
    return _insert(ledger, "decision", {"org_id": ledger.org_id(org), **values}, "decision", duplicate_reason)


DECISION_HEADERS: dict[str, tuple[str, ...]] = {
    "kind": ("kind", "类型", "决定类型", "种类"),
    "decided": ("decided", "date", "决定日期", "日期", "作出日期"),
    "count": ("count", "数量", "件数"),
    "ref": ("ref", "文号", "决定书文号", "编号"),
}


def import_decisions(
    ledger: Ledger,
    path: str,
    *,
    fmt: str | None = None,
    dry_run: bool = False,
    org: str | None = None,
    allow_future: bool = False,
    duplicate_reason: str | None = None,
) -> int:
    """Decisions come in bulk from enforcement systems: the same all-or-nothing rules as items. A
    文号 already in the ledger, or twice in the file, refuses the file (naming the lines) unless
    duplicate_reason says why they are distinct decisions."""
    from disclosure_cli.ledger.audit import ref_key
    from disclosure_cli.ledger.importer import ImportResult, import_error_message
    from disclosure_cli.ledger.tabular import dict_rows, map_headers, open_table

    table = open_table(path, fmt, known=DECISION_HEADERS)
    org_id = ledger.org_id(org)
    res = ImportResult(dry_run=dry_run)
    clean: list[tuple] = []
    seen_refs: dict[str, int] = {}
    mapping = map_headers(table.header, DECISION_HEADERS) if table.header is not None else None
    try:
        for line, rec, error in dict_rows(table):
            if error is not None or rec is None:
                res.fail(line, error or "无法读取")
                continue
            if mapping is None:
                mapping = {k: k for k in DECISION_HEADERS}  # JSON records arrive keyed by field name
            try:
                d = clean_decision(
                    {mapping[k]: v for k, v in rec.items() if k in mapping}, allow_future=allow_future
                )
            except BadInput as e:
                res.fail_all(line, e)
                continue
            res.rows += 1
            if d["ref"] and duplicate_reason is None:
                key = ref_key(d["ref"])
                if key in seen_refs:
                    res.fail(line, f"文号「{d['ref']}」与第 {seen_refs[key]} 行相同（同一决定会重复计数）")
                    continue
                seen_refs[key] = line
                already = same_ref(ledger, "decision", org_id, d["ref"])
                if already:
                    res.fail(line, f"文号「{d['ref']}」已登记为行政决定 {'、'.join(map(str, already))}")
                    continue
            if not res.error_count:
                clean.append((org_id, d["kind"], d["decided"], d["count"], d["ref"]))
    finally:
        table.close()
    if res.error_count and any("文号" in e for e in res.errors):
        res.errors.append("若确是不同的决定（如同一文书对多个当事人），请加 --duplicate-reason 原因 再导入")
    if res.error_count:
        raise BadInput(import_error_message(res), res.errors)
    if not res.rows:
        raise BadInput(f"{path} 没有数据行")
    if not dry_run:
        with ledger.write() as conn:
            reason = text_field(duplicate_reason, "重复登记的原因（--duplicate-reason）") if duplicate_reason else None
            conn.executemany(
                "INSERT INTO decision (org_id, kind, decided, count, ref, duplicate_reason) VALUES (?, ?, ?, ?, ?, ?)",
                [(*c, reason) for c in clean],
            )
            ledger.log("import", "decision", None, after={"file": Path(path).name, "rows": res.rows})
    return res.rows


# --------------------------------------------------------------------------- 表二 行政事业性收费
def add_fee(
    ledger: Ledger, *, date: str, amount: str, note: str | None = None, org: str | None = None, allow_future: bool = False
) -> int:
    values = {
        "org_id": ledger.org_id(org),
        "received": parse_date(date, "收费日期（--date）", allow_future=allow_future),
        "amount_fen": parse_yuan(amount, "金额（--amount，单位：元）"),
        "note": text_field(note, "备注"),
    }
    return _insert(ledger, "fee_receipt", values, "fee_receipt")


def list_fees(ledger: Ledger, *, year: int | None = None, org: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT id, received, amount_fen, note FROM fee_receipt WHERE org_id = ? AND voided_at IS NULL"
    args: list[Any] = [ledger.org_id(org)]
    if year:
        sql += " AND received BETWEEN ? AND ?"
        args += [f"{year}-01-01", f"{year}-12-31"]
    return [
        {"id": i, "date": d, "amount_yuan": fen_to_yuan(f), "note": n}
        for i, d, f, n in ledger.conn.execute(sql + " ORDER BY received, id", args)
    ]


# --------------------------------------------------------------------------- 表四 cases
def add_case(
    ledger: Ledger, *, kind: str, filed: str, ref: str | None = None, org: str | None = None, allow_future: bool = False,
    duplicate_reason: str | None = None, request: str | None = None, served: str | None = None,
) -> int:
    from disclosure_cli.ledger import cases

    org_id = ledger.org_id(org)
    values: dict[str, Any] = {
        "org_id": org_id,
        "kind": vocab.CASE_KINDS.resolve(kind, "案件类型（--kind）"),
        "filed": parse_date(filed, "立案/申请日期（--filed）", allow_future=allow_future),
        "ref": text_field(ref, "案号"),
    }
    rid = cases.request_of(ledger, request, org_id)
    if rid is not None:
        values["request_id"] = rid
    if served is not None:
        values["served"] = parse_date(served, "收到副本日期（--served）", allow_future=allow_future)
        if values["served"] < values["filed"]:
            raise BadInput(f"收到副本日期 {values['served']} 早于申请复议或起诉的日期 {values['filed']}")
    return _insert(ledger, "legal_case", values, "legal_case", duplicate_reason)


def close_case(ledger: Ledger, case_id: int, *, result: str | None = None, date: str, allow_future: bool = False,
               decision: str | None = None, reason: str | None = None) -> str:
    from disclosure_cli.ledger import cases

    return cases.close(ledger, case_id, day=date, decision=decision, result=result, reason=reason, allow_future=allow_future)


def list_cases(ledger: Ledger, *, org: str | None = None) -> list[dict[str, Any]]:
    from disclosure_cli.ledger import cases

    return cases.cases(ledger, [ledger.org_id(org)])


# --------------------------------------------------------------------------- prose
PART_NUMERALS = {n for n, _ in vocab.PARTS}
_ARABIC_PARTS = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六"}


def resolve_part(part: str) -> str:
    p = (part or "").strip().rstrip("、")
    p = _ARABIC_PARTS.get(p, p)
    if p not in PART_NUMERALS:
        raise BadInput(f"部分「{part}」无法识别：应为 一 至 六（或 1–6）")
    return p


def set_narrative(ledger: Ledger, *, year: int, part: str, text: str, org: str | None = None) -> None:
    """Store a part's prose. Its placeholders are checked by the caller that knows the report
    (report.narrative.store, what `disc narrative set` calls)."""
    from disclosure_cli.ledger.fields import bad_character

    p = resolve_part(part)
    if not text.strip():
        raise BadInput("正文为空")
    bad = bad_character(text)
    if bad:
        raise BadInput(f"正文含有{bad}，请删去后重新保存")
    org_id = ledger.org_id(org)
    with ledger.write() as conn:
        old = conn.execute("SELECT text FROM narrative WHERE org_id=? AND year=? AND part=?", (org_id, year, p)).fetchone()
        conn.execute(
            "INSERT INTO narrative (org_id, year, part, text, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(org_id, year, part) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            (org_id, year, p, text, now_iso()),
        )
        ledger.log(
            "narrative",
            "narrative",
            None,
            before=None if old is None else {"year": year, "part": p, "text": old[0]},
            after={"year": year, "part": p, "text": text},
        )


def get_narratives(ledger: Ledger, year: int, org: str | None = None) -> dict[str, str]:
    rows = ledger.conn.execute("SELECT part, text FROM narrative WHERE org_id = ? AND year = ?", (ledger.org_id(org), year))
    return dict(rows)
