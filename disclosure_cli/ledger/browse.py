"""A copy of the ledger made to be looked at in a browser (`disc serve`): no personal data at all.

The copy is not the ledger with a table hidden: it is built in memory from the ledger, the
applicants' table (request_personal) and the change log are dropped, every occurrence of an
applicant's name, phone, id number or address that a clerk may have typed into free text (the
subject of an application, a pause reason, the report's prose…) is masked, and the result is
written with VACUUM INTO, which writes only live pages: the bytes of what was removed never reach
the served file. Then the copy gains what a clerk needs and SQL alone cannot give:

- labels beside codes (vocab_label, from vocab.py), and the views 主动公开信息, 申请, 复议诉讼 that
  show labels instead of codes, in Chinese columns;
- each application's answer deadline and status, worked out by the working-day engine
  (ledger/deadlines.py) as of one day and stored in request_deadline: a saved SQL query cannot
  count Chinese working days, so the overdue query reads that column;
- the saved queries (canned_queries): overdue applications, table 三 by unit, silent channels,
  items by month.

All SQL of the web view lives here; disclosure_cli.report.site turns it into a Datasette site.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput, DiscError
from disclosure_cli.ledger import personal
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.personal import MASK  # noqa: F401  (the served pages name it)

# Tables that never enter the copy: applicants' personal data, and the change log (its before/after
# JSON may hold anything a clerk ever typed; it is an audit trail, not something to browse).
DROPPED_TABLES = ("request_personal", "change_log", "purged_value", "record_correction_personal")

ITEMS_VIEW = "主动公开信息"
REQUESTS_VIEW = "申请"
CASES_VIEW = "复议诉讼"
VIEWS = (ITEMS_VIEW, REQUESTS_VIEW, CASES_VIEW)

# parameters of the saved queries, shown as the labels of their input boxes
P_YEAR = "年度"
P_UNIT = "单位"

Q_OVERDUE = "overdue"
Q_T3_BY_UNIT = "t3_by_unit"
Q_SILENT = "silent_channels"
Q_MONTHS = "items_by_month"


@dataclass
class BrowseCopy:
    """What make_copy wrote: the file, the day its deadlines are worked out for, and what it holds."""

    path: Path
    org: str
    as_of: date
    summary: dict[str, Any]
    channels: list[tuple[str, str]]
    masked_cells: int = 0  # free-text cells in which an applicant's personal data was masked
    queries: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)


# --------------------------------------------------------------------------- making the copy


def make_copy(ledger: Ledger, dest: str | Path, *, today: date | None = None) -> BrowseCopy:
    """Write the browsable copy of ``ledger`` to ``dest`` (which must not exist) and describe it."""
    dest = Path(dest)
    if dest.exists():
        raise BadInput(f"文件 {dest} 已存在，不会覆盖")
    as_of = today or date.today()
    statuses = _deadlines(ledger, as_of)
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        ledger.conn.backup(mem)
        mask = personal.masker(ledger)
        mem.execute("BEGIN")
        for (name,) in mem.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            mem.execute(f'DROP TRIGGER "{name}"')  # a read-only copy needs none of the ledger's guards
        for table in DROPPED_TABLES:
            mem.execute(f"DROP TABLE IF EXISTS {table}")
        # a consultation letter's addressee may be a private person; the salt of purged values goes too
        mem.execute("UPDATE letter SET addressee = NULL WHERE addressee IS NOT NULL")
        mem.execute("UPDATE request_event SET party = NULL WHERE party IS NOT NULL")
        mem.execute("DELETE FROM meta WHERE key = ?", (personal.SALT_KEY,))
        masked = personal.mask_everywhere(mem, mask)
        _add_labels(mem)
        _add_deadlines(mem, statuses, as_of)
        _add_silences(mem, ledger, as_of)
        channels = [(c, label) for c, label in mem.execute("SELECT code, label FROM channel ORDER BY position, code")]
        _add_views(mem)
        mem.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [("browse_as_of", as_of.isoformat()), ("browse_made", now_iso())],
        )
        queries = canned_queries(channels, as_of)
        for q in queries.values():  # a query that does not even compile must fail here, not in the browser
            mem.execute("EXPLAIN " + q["sql"], {P_YEAR: "", P_UNIT: ""})
        mem.execute("COMMIT")
        summary = ledger_summary(mem, as_of)
        mem.execute("VACUUM INTO ?", (str(dest),))
    except sqlite3.DatabaseError as e:
        dest.unlink(missing_ok=True)
        raise DiscError(f"无法生成浏览副本：{e}") from e
    finally:
        mem.close()
    _verify(dest)
    return BrowseCopy(dest, ledger.org, as_of, summary, channels, masked, queries)


def _verify(path: Path) -> None:
    """The written copy holds neither dropped table and no free page (nothing left of deleted rows)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        left = conn.execute(
            f"SELECT name FROM sqlite_master WHERE name IN ({', '.join('?' * len(DROPPED_TABLES))})", DROPPED_TABLES
        ).fetchall()
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        conn.close()
    if left or free:
        path.unlink(missing_ok=True)
        raise DiscError("浏览副本未能完全去除个人信息，已删除副本，不提供浏览")


# --------------------------------------------------------------------------- labels, deadlines, views


def _label_rows() -> list[tuple[str, str, str, int]]:
    rows: list[tuple[str, str, str, int]] = []
    for name, voc in (
        ("applicant_type", vocab.APPLICANT_TYPES),
        ("via", vocab.REQUEST_VIA),
        ("outcome", vocab.OUTCOMES),
        ("case_kind", vocab.CASE_KINDS),
        ("case_result", vocab.CASE_RESULTS),
        ("document_kind", vocab.DOCUMENT_KINDS),
        ("decision_kind", vocab.DECISION_KINDS),
    ):
        rows += [(name, t.code, t.label, i) for i, t in enumerate(voc)]
    # the result group of an outcome (（三）不予公开 …), for facets over the 21 outcomes
    for i, code in enumerate(vocab.OUTCOME_CODES):
        rows.append(("outcome_group", code, outcome_group(code), i))
    from disclosure_cli.ledger.deadlines import STATUS_LABELS

    rows += [("status", code, label, i) for i, (code, label) in enumerate(STATUS_LABELS.items())]
    return rows


def outcome_group(code: str) -> str:
    """（一）予以公开 … （六）其他处理: the group row of table 三 an outcome is counted under."""
    return vocab.T3_ROW_BY_CODE[code].level2.split("（区分")[0]


def _add_labels(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE vocab_label (vocab TEXT NOT NULL, code TEXT NOT NULL, label TEXT NOT NULL,"
        " position INTEGER NOT NULL, PRIMARY KEY (vocab, code))"
    )
    conn.executemany("INSERT INTO vocab_label VALUES (?, ?, ?, ?)", _label_rows())


def _deadlines(ledger: Ledger, as_of: date) -> list[tuple]:
    """(request id, due, provisional, status, working days left) for every live application."""
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.ledger.holidays import calendar

    cal = calendar(ledger)
    cache: dict[date, int] = {}
    out = []
    for st in deadlines.statuses(ledger, "voided_at IS NULL", today=as_of, calendar=cal):
        dl = st.deadline
        out.append(
            (
                st.id,
                dl.due.isoformat() if dl else None,
                int(dl.provisional) if dl else None,
                st.status,
                deadlines.workdays_left(cal, st, cache),
            )
        )
    return out


def _add_deadlines(conn: sqlite3.Connection, rows: list[tuple], as_of: date) -> None:
    conn.execute(
        "CREATE TABLE request_deadline (request_id INTEGER PRIMARY KEY REFERENCES request(id),"
        " due TEXT, provisional INTEGER, status TEXT NOT NULL, workdays_left INTEGER)"
    )
    conn.executemany("INSERT INTO request_deadline VALUES (?, ?, ?, ?, ?)", rows)


def _silence_label() -> str:
    from disclosure_cli.ledger.metrics import BY_CODE

    return BY_CODE["silent_days_max"].label


SILENCE_LABEL = _silence_label()


def _add_silences(conn: sqlite3.Connection, ledger: Ledger, as_of: date) -> None:
    """Each channel's longest silence per year, from the one definition (ledger/metrics.py)."""
    from disclosure_cli.ledger.metrics import channel_silences

    conn.execute(
        "CREATE TABLE channel_silence (year INTEGER NOT NULL, org_id INTEGER NOT NULL REFERENCES org(id),"
        " channel TEXT NOT NULL, days INTEGER NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL, to_end INTEGER NOT NULL,"
        " PRIMARY KEY (year, org_id, channel))"
    )
    ids = [r[0] for r in ledger.conn.execute("SELECT id FROM org")]
    years = [int(y) for (y,) in ledger.conn.execute(
        "SELECT DISTINCT substr(published, 1, 4) FROM item WHERE voided_at IS NULL AND published <= ?", (as_of.isoformat(),)
    )]
    rows = []
    for y in years:
        for (oid, ch), s in channel_silences(ledger, y, ids, as_of).items():
            rows.append((y, oid, ch, s.days, s.start.isoformat(), s.end.isoformat(), int(s.to_end)))
    conn.executemany("INSERT INTO channel_silence VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def _label(vocab_name: str, expr: str) -> str:
    return f"coalesce((SELECT label FROM vocab_label WHERE vocab = '{vocab_name}' AND code = {expr}), {expr})"


def view_sql() -> dict[str, str]:
    """The three views a clerk reads: labels instead of codes, Chinese column names, voided rows left out."""
    items = (
        f'CREATE VIEW "{ITEMS_VIEW}" AS SELECT i.id AS "编号", o.name AS "单位", i.published AS "发布日期",'
        ' substr(i.published, 1, 7) AS "月份", coalesce(c.label, i.channel) AS "渠道", i.category AS "类别",'
        ' i.title AS "标题", i.count AS "数量", i.url AS "网址", i.formed AS "信息形成日期",'
        ' i.drafter AS "起草", i.reviewer AS "审核", i.approver AS "签发", i.note AS "备注"'
        " FROM item i JOIN org o ON o.id = i.org_id LEFT JOIN channel c ON c.code = i.channel"
        " WHERE i.voided_at IS NULL"
    )
    requests = (
        f'CREATE VIEW "{REQUESTS_VIEW}" AS SELECT printf(\'%d-%03d\', r.year, r.seq) AS "申请编号",'
        ' o.name AS "单位", r.received AS "收到申请日期",'
        f' {_label("applicant_type", "r.applicant_type")} AS "申请人类型", r.subject AS "申请内容",'
        f' {_label("via", "r.via")} AS "申请方式",'
        f' {_label("outcome_group", "r.outcome")} AS "办理结果类别", {_label("outcome", "r.outcome")} AS "办理结果",'
        ' r.closed AS "办结日期", d.due AS "答复期限", CASE d.provisional WHEN 1 THEN \'暂定\' ELSE \'\' END AS "期限说明",'
        f' {_label("status", "d.status")} AS "状态", d.workdays_left AS "剩余工作日"'
        " FROM request r JOIN org o ON o.id = r.org_id LEFT JOIN request_deadline d ON d.request_id = r.id"
        " WHERE r.voided_at IS NULL"
    )
    cases = (
        f'CREATE VIEW "{CASES_VIEW}" AS SELECT k.id AS "编号", o.name AS "单位",'
        f' {_label("case_kind", "k.kind")} AS "类型", k.filed AS "立案日期", k.ref AS "案号",'
        f' coalesce({_label("case_result", "k.result")}, \'{vocab.T4_COLUMNS.label("pending")}\') AS "结果",'
        ' k.decided AS "审结日期"'
        " FROM legal_case k JOIN org o ON o.id = k.org_id WHERE k.voided_at IS NULL"
    )
    return {ITEMS_VIEW: items, REQUESTS_VIEW: requests, CASES_VIEW: cases}


def _add_views(conn: sqlite3.Connection) -> None:
    for sql in view_sql().values():
        conn.execute(sql)


# --------------------------------------------------------------------------- saved queries


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _year(table_expr: str) -> str:
    """The year asked for (:年度), else the latest year the ledger has records for."""
    return f"coalesce(nullif(trim(:年度), ''), ({table_expr}))"


def canned_queries(channels: list[tuple[str, str]], as_of: date) -> dict[str, dict[str, str]]:
    """name -> {title, description, sql}: the saved queries of the web view (parameters :年度, :单位; blank means all)."""
    from disclosure_cli.ledger.deadlines import STATUS_LABELS

    unit = "(nullif(trim(:单位), '') IS NULL OR o.name = trim(:单位))"
    item_year = _year("SELECT max(substr(month, 1, 4)) FROM item_total WHERE total > 0")

    overdue = (
        'SELECT printf(\'%d-%03d\', r.year, r.seq) AS "申请编号", o.name AS "单位", r.received AS "收到申请日期",'
        f' {_label("applicant_type", "r.applicant_type")} AS "申请人类型", r.subject AS "申请内容",'
        ' d.due AS "答复期限", CASE d.provisional WHEN 1 THEN \'暂定\' ELSE \'\' END AS "期限说明",'
        ' -d.workdays_left AS "已逾期工作日"'
        " FROM request r JOIN request_deadline d ON d.request_id = r.id JOIN org o ON o.id = r.org_id"
        f" WHERE r.voided_at IS NULL AND d.status = 'overdue' AND {unit}"
        " ORDER BY d.due, r.received, r.id"
    )

    groups = [
        ("granted", "outcome = 'granted'"),
        ("partial", "outcome = 'partial'"),
        ("withheld", "outcome LIKE 'withheld.%'"),
        ("unavailable", "outcome LIKE 'unavailable.%'"),
        ("not_processed", "outcome LIKE 'not_processed.%'"),
        ("other", "outcome LIKE 'other.%'"),
    ]
    group_label = {
        "granted": outcome_group("granted"),
        "partial": outcome_group("partial"),
        "withheld": outcome_group("withheld.state_secret"),
        "unavailable": outcome_group("unavailable.not_held"),
        "not_processed": outcome_group("not_processed.petition"),
        "other": outcome_group("other.other"),
    }
    t3_cols = [
        ("new", vocab.T3_ROW_BY_CODE["new"].label, "received BETWEEN y0 AND y1"),
        ("carried_over", vocab.T3_ROW_BY_CODE["carried_over"].label, "received < y0 AND (closed IS NULL OR closed >= y0)"),
        *[(g, group_label[g], f"closed BETWEEN y0 AND y1 AND {cond}") for g, cond in groups],
        ("total", vocab.G_TOTAL, "closed BETWEEN y0 AND y1"),
        ("carried_forward", vocab.T3_ROW_BY_CODE["carried_forward"].label, "received <= y1 AND (closed IS NULL OR closed > y1)"),
    ]
    sums = ", ".join(f"coalesce(sum({cond}), 0) AS {code}" for code, _, cond in t3_cols)
    shown = ", ".join(f"{code} AS {_q(label)}" for code, label, _ in t3_cols)
    totals = ", ".join(f"sum({code})" for code, _, _ in t3_cols)
    t3 = (
        f"WITH p AS (SELECT {_year('SELECT max(year) FROM request WHERE voided_at IS NULL')} AS y),"
        " b AS (SELECT y || '-01-01' AS y0, y || '-12-31' AS y1 FROM p),"
        f" per AS (SELECT org_id, {sums} FROM request, b WHERE voided_at IS NULL GROUP BY org_id),"
        " shown AS (SELECT o.name AS unit, o.id AS oid, per.* FROM per JOIN org o ON o.id = per.org_id"
        f"  WHERE {unit} AND new + carried_over + total + carried_forward > 0)"
        f' SELECT unit AS "单位", {shown} FROM (SELECT unit, oid, {", ".join(c for c, _, _ in t3_cols)} FROM shown'
        f" UNION ALL SELECT * FROM (SELECT '合计', NULL, {totals} FROM shown) WHERE EXISTS (SELECT 1 FROM shown))"
        " ORDER BY oid IS NULL, oid"
    )

    # the longest silence of each channel: computed by ledger/metrics.py when the copy was made (the
    # same figure as `disc units` and `disc check --assess`), stored in channel_silence
    silent = (
        f"WITH p AS (SELECT {item_year} AS y),"
        " posted AS (SELECT i.org_id, i.channel, sum(i.count) AS n, max(i.published) AS last FROM item i, p"
        "   WHERE i.voided_at IS NULL AND substr(i.published, 1, 4) = p.y GROUP BY 1, 2)"
        f' SELECT o.name AS "单位", coalesce(c.label, g.channel) AS "渠道", g.days AS "{SILENCE_LABEL}",'
        ' g.start AS "自", g.end AS "至", CASE WHEN g.to_end THEN \'此后未再发布\' ELSE \'\' END AS "说明",'
        ' coalesce(s.n, 0) AS "本年发布条数", s.last AS "最近发布日期"'
        " FROM channel_silence g JOIN p ON g.year = CAST(p.y AS INTEGER) JOIN org o ON o.id = g.org_id"
        " LEFT JOIN channel c ON c.code = g.channel"
        " LEFT JOIN posted s ON s.org_id = g.org_id AND s.channel = g.channel"
        f" WHERE {unit} ORDER BY g.days DESC, o.id, c.position"
    )

    cases = ", ".join(
        f"coalesce(sum(CASE WHEN c.channel = {_lit(code)} THEN c.n END), 0) AS {_q(label)}" for code, label in channels
    )
    months = (
        f"WITH p AS (SELECT {item_year} AS y),"
        " m(month) AS (SELECT (SELECT y FROM p) || '-01' UNION ALL"
        "  SELECT substr(month, 1, 5) || printf('%02d', CAST(substr(month, 6) AS INTEGER) + 1) FROM m"
        "  WHERE substr(month, 6) < '12'),"
        " c AS (SELECT t.month, t.channel, sum(t.total) AS n FROM item_total t JOIN org o ON o.id = t.org_id"
        f"  WHERE substr(t.month, 1, 4) = (SELECT y FROM p) AND {unit} GROUP BY 1, 2)"
        f' SELECT * FROM (SELECT m.month AS "月份", {cases}{", " if cases else ""}coalesce(sum(c.n), 0) AS "合计"'
        " FROM m LEFT JOIN c ON c.month = m.month GROUP BY m.month"
        f" UNION ALL SELECT '合计', {cases}{', ' if cases else ''}coalesce(sum(c.n), 0) FROM c)"
        ' ORDER BY "月份" = \'合计\', "月份"'
    )
    status = STATUS_LABELS["overdue"]
    return {
        Q_OVERDUE: {
            "title": f"{status}未答复的申请",
            "description": f"尚未答复、期限未暂停、已过答复期限的申请（按 {as_of.isoformat()} 以工作日计算，"
            "含节假日和调休；“暂定”表示期限所在年份的放假安排尚未公布）。可按单位筛选。",
            "sql": overdue,
        },
        Q_T3_BY_UNIT: {
            "title": "表三（按单位）",
            "description": "各单位某年度收到和处理政府信息公开申请情况（表三各行的“总计”列）。"
            "年度留空时取台账中最近的年度。",
            "sql": t3,
        },
        Q_SILENT: {
            "title": "沉默的渠道",
            "description": "各单位各渠道某年度最长一段没有发布信息的日子（含年初到第一次发布、"
            f"最后一次发布到年底或 {as_of.isoformat()}）。按天数从长到短。",
            "sql": silent,
        },
        Q_MONTHS: {
            "title": "各月信息条数",
            "description": "某年度各月各渠道主动公开信息条数（与 disc stats --by month 相同；单位留空时为全部单位之和）。",
            "sql": months,
        },
    }


# --------------------------------------------------------------------------- what the ledger is


def ledger_summary(conn: sqlite3.Connection, as_of: date) -> dict[str, Any]:
    """Unit, years and counts for the first page: what this ledger is, at a glance."""
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    years: set[int] = set()
    for table, col in (
        ("item", "published"),
        ("request", "received"),
        ("legal_case", "filed"),
        ("document", "issued"),
        ("decision", "decided"),
    ):
        years.update(
            int(y)
            for (y,) in conn.execute(
                f"SELECT DISTINCT substr({col}, 1, 4) FROM {table} WHERE voided_at IS NULL AND {col} IS NOT NULL"
            )
        )

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0] or 0)

    return {
        "org": meta.get("org", ""),
        "units": [name for (name,) in conn.execute("SELECT name FROM org ORDER BY id")],
        "years": sorted(years),
        "items": one("SELECT sum(count) FROM item WHERE voided_at IS NULL"),
        "item_records": one("SELECT count(*) FROM item WHERE voided_at IS NULL"),
        "requests": one("SELECT count(*) FROM request WHERE voided_at IS NULL"),
        "open_requests": one("SELECT count(*) FROM request WHERE voided_at IS NULL AND closed IS NULL"),
        "overdue": one("SELECT count(*) FROM request_deadline d JOIN request r ON r.id = d.request_id"
                       " WHERE r.voided_at IS NULL AND d.status = 'overdue'"),
        "cases": one("SELECT count(*) FROM legal_case WHERE voided_at IS NULL"),
        "documents": one("SELECT count(*) FROM document WHERE voided_at IS NULL"),
        "decisions": one("SELECT sum(count) FROM decision WHERE voided_at IS NULL"),
        "as_of": as_of.isoformat(),
    }
