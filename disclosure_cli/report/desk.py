"""The reviewer's desk (issue 13): every number explained by its records, units side by side, a
published report frozen and compared — with the ledger and with what a website shows.

All of it is computed from the ledger by the same counting rules as the report (ledger/tally.py);
nothing here is typed in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.ledger import desk as facts
from disclosure_cli.ledger import tally
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report import build
from disclosure_cli.report.model import AnnualReport, Finding

STATUTORY = ("t2", "t3", "t4")


# --------------------------------------------------------------------------- explain
@dataclass
class Explanation:
    """One cell and the records behind it: their counts add up to the cell."""

    year: int
    org: str
    table: str
    row: str
    column: str
    label: str
    value: Any
    records: list[tally.Record]

    orgs: dict[int, str] = field(default_factory=dict)
    below: Any = None  # the same cell over the units below, when this one is the unit's own and they hold records
    rollup_command: str = ""

    @property
    def total(self) -> Any:
        s = sum((Decimal(str(r.count)) for r in self.records), Decimal(0))
        return int(s) if s == s.to_integral_value() else s

    @property
    def balanced(self) -> bool:
        """The records add up to the cell — to the cell's printed precision (万元 to 2 places)."""
        cell = Decimal(str(self.value or 0))
        total = Decimal(str(self.total))
        if cell.as_tuple().exponent < 0:
            total = total.quantize(cell, rounding="ROUND_HALF_UP")
        return total == cell

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"org": self.orgs.get(r.org_id, ""), "kind": r.kind, "id": r.id, "ref": r.ref, "date": r.day, "text": r.text,
             "count": r.count}
            for r in self.records
        ]


def _resolve_cell(ledger: Ledger, table: str, row: str, column: str) -> tuple[str, str, str]:
    """Codes for what a clerk typed: a code, an official label or an alias (表三「予以公开」)."""
    table = {"表二": "t2", "表三": "t3", "表四": "t4", "信息": "items"}.get(table.strip(), table.strip().lower())
    if table not in vocab.TABLES:
        raise BadInput(vocab.unknown_message("表格（--table）", table, list(vocab.TABLES)))
    row, column = row.strip(), column.strip()
    if table == "items":
        from disclosure_cli.ledger.items import Vocab

        v = Vocab.load(ledger.conn)
        if row not in ("total", "合计"):
            row = v.channel(row)
        else:
            row = "total"
        if column not in ("total", "合计"):
            column = v.category(column)
        else:
            column = "total"
        return table, row, column
    if table == "t2":
        return table, vocab.T2_ROWS.find(row) or row, vocab.T2_COLUMNS.find(column) or column
    if table == "t4":
        return table, vocab.T4_ROWS.find(row) or row, vocab.T4_COLUMNS.find(column) or column
    if row not in vocab.T3_ROW_CODES:
        by_label = {r.label: r.code for r in vocab.T3_ROWS} | {r.level2: r.code for r in vocab.T3_ROWS if r.level2 and not r.level3}
        found = vocab.OUTCOMES.find(row) or by_label.get(row)
        if found is None:  # 「本年新收」 for 「一、本年新收政府信息公开申请数量」: one row whose label holds it
            hits = [r.code for r in vocab.T3_ROWS if row and row in r.label]
            found = hits[0] if len(hits) == 1 else None
        row = found or row
    return table, row, vocab.T3_COLUMNS.find(column) or column


def explain(
    ledger: Ledger, year: int, table: str, row: str, column: str, *, org: str | None = None, rollup: bool = False
) -> Explanation:
    """`disc explain`: the records one cell of the year's report counts (BadInput for a cell the
    table does not have, naming the rows or columns it has)."""
    table, row, column = _resolve_cell(ledger, table, row, column)
    ids = build.org_ids(ledger, org, rollup)
    records = tally.records_behind(ledger, year, ids, table, row, column)
    rep = build.build_report(ledger, year, org=org, rollup=rollup, statutory=table != "items", with_items=table == "items")
    if table == "items":
        value = next((v for r, c, v in rep.items.long_rows() if (r, c) == (row, column)), 0)
        label = items_label(ledger, row, column)
    else:
        value = rep.cell(table, row, column)
        label = vocab.cell_label(table, row, column)
    ex = Explanation(year, org or ledger.org, table, row, column, label, value, records, facts.org_names(ledger))
    if not rollup:
        below = build.org_ids(ledger, org, True)
        if len(below) > 1:
            under = tally.records_behind(ledger, year, below, table, row, column)
            total = sum((Decimal(str(r.count)) for r in under), Decimal(0)) - Decimal(str(ex.total))
            if total:
                ex.below = int(total) if total == total.to_integral_value() else total
                ex.rollup_command = explain_command(table, row, column, year, scope_options(org, True))
    return ex


def items_label(ledger: Ledger, channel: str, category: str) -> str:
    """How a person names a cell of the items tally: 主动公开信息「微信公众号」×「合计」."""
    ch = "合计" if channel == "total" else facts.channel_labels(ledger).get(channel, channel)
    return f"主动公开信息「{ch}」×「{'合计' if category == 'total' else category}」"


def scope_options(org: str | None = None, rollup: bool = False) -> str:
    """The options that name a report's scope in a command a message suggests."""
    parts = []
    if org:
        parts.append(f"--org {_quote(org)}")
    if rollup:
        parts.append("--rollup")
    return "".join(" " + p for p in parts)


def _quote(text: str) -> str:
    return text if text and all(not c.isspace() and c not in "\"'$`;&|<>()" for c in text) else "'" + text.replace("'", "'\\''") + "'"


def explain_command(table: str | None, row: str | None, column: str | None, year: int, scope: str = "") -> str:
    """The command that explains a cell, for a finding that points at one."""
    return f"disc explain --year {year} --table {table} --row {_quote(str(row))} --column {_quote(str(column))}{scope}"


# --------------------------------------------------------------------------- units side by side
# The columns are the metric dictionary (ledger/metrics.py), with one items_<channel> per channel of
# the ledger: every figure is defined and computed once.


def unit_columns(ledger: Ledger) -> list[tuple[str, str]]:
    from disclosure_cli.ledger import metrics

    return [("org", "单位"), ("parent", "上级单位"),
            *((m.code, m.label) for m in metrics.dictionary(facts.channel_labels(ledger)))]


def unit_views(ledger: Ledger) -> list[tuple[str, list[str]]]:
    """The table view in three parts, each within 80 columns, the unit's name in each."""
    channels = [f"items_{c}" for c in facts.channel_labels(ledger)]
    return [
        ("主动公开", ["org", "items", *channels, "silent_days_max", "items_change"]),
        ("依申请公开", ["org", "requests_new", "requests_closed", "on_time_rate", "substantive_rate", "overdue", "extended",
                   "corrections", "requests_change"]),
        ("复议诉讼与零报告", ["org", "cases", "corrected_rate", "review_corrected_rate", "dispute_rate",
                        "correction_conversion_rate", "cases_change", "zero_report"]),
    ]


def unit_rows(ledger: Ledger, year: int, *, parent: str | None = None, today: date | None = None) -> list[dict[str, Any]]:
    """`disc units`: one row per unit below `parent` (every unit of the ledger without one), each on
    its own records. A unit with no records of its own that has units below it is not one of them:
    it is the total row (over itself and every unit below it), last, never ranked."""
    from disclosure_cli.ledger import metrics
    from disclosure_cli.ledger.orgs import descendants

    today = today or date.today()
    units = facts.units_below(ledger, parent)
    if not units:
        raise BadInput(f"「{parent}」下没有下级单位；先用 disc merge 合并下级单位的台账，或 disc org add 新增")
    ids = [u.id for u in units]
    has_children = {u.id for u in units if len(descendants(ledger.conn, u.id)) > 1}
    own = set(tally.orgs_with_records(ledger, ids))
    totals = [u for u in units if u.id in has_children and u.id not in own]
    ranked = [u for u in units if u not in totals]
    scope = {u.id: [u.id] for u in ranked}
    scope.update({u.id: sorted(descendants(ledger.conn, u.id)) for u in totals})
    figs = metrics.unit_figures(ledger, year, [u.id for u in (*ranked, *totals)], today=today, scope=scope)
    from disclosure_cli.ledger.rubric import load

    minimum = load(ledger.path)["rates.min_sample"]  # the district's rubric may set its own
    rows = []
    for u in (*ranked, *totals):
        f = figs[u.id]
        row: dict[str, Any] = {"org": u.name, "parent": u.parent or "", **f.values}
        row["_total"] = u in totals
        row["_unrated"] = [c for c, n in f.samples.items() if metrics.BY_CODE[c].min_sample and n < minimum]
        rows.append(row)
    return rows


def quartile_marks(rows: list[dict[str, Any]]) -> dict[tuple[int, str], str]:
    """(row index, column) → ▲ (best quarter of the units) or ▼ (worst), for the metrics with a
    better direction; only among ranked units (not a total row, not a rate on too few cases), with
    at least four of them and values that differ."""
    from disclosure_cli.ledger import metrics

    marks: dict[tuple[int, str], str] = {}
    ranked = [i for i, r in enumerate(rows) if not r.get("_total")]
    if len(ranked) < 4:
        return marks
    cols = {k for r in rows for k in r if not k.startswith("_")}
    for col in sorted(cols):
        if col in metrics.BY_CODE:
            m = metrics.BY_CODE[col]
        elif col.startswith(metrics.CHANNEL_PREFIX):
            m = metrics.channel_metric(col[len(metrics.CHANNEL_PREFIX):], col)
        else:
            m = None
        if m is None or m.better is None:
            continue
        higher_better = m.better == "higher"
        use = [i for i in ranked if rows[i].get(col) is not None and col not in rows[i].get("_unrated", [])]
        values = sorted(rows[i][col] for i in use)
        if len(values) < 4 or values[0] == values[-1]:
            continue
        q1, q3 = _quantile(values, 0.25), _quantile(values, 0.75)
        for i in use:
            v = rows[i][col]
            top, bottom = v >= q3 and v > values[0], v <= q1 and v < values[-1]
            if top:
                marks[(i, col)] = "▲" if higher_better else "▼"
            elif bottom:
                marks[(i, col)] = "▼" if higher_better else "▲"
    return marks


def _quantile(values: list[float], q: float) -> float:
    pos = (len(values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def unit_display(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The rows as a person reads them: rates in % (「样本不足」 below the metric's minimum), 是/否,
    signed changes, quartile marks; the total row named as such."""
    marks = quartile_marks(rows)
    out = []
    for i, r in enumerate(rows):
        d: dict[str, Any] = {}
        for col, _ in columns:
            v = r.get(col)
            if col.endswith("_rate"):
                text = "—" if v is None else f"{v * 100:.1f}%" + ("（样本少）" if col in r.get("_unrated", []) else "")
            elif col == "zero_report":
                text = "是" if v else ""
            elif col.endswith("_change"):
                text = "" if v is None else f"{v:+d}"
            elif v is None:
                text = "—"
            else:
                text = v
            if (i, col) in marks:
                text = f"{text}{marks[(i, col)]}"
            d[col] = text
        if r.get("_total"):
            d["org"] = f"{r['org']}（合计）"
        out.append(d)
    return out


# --------------------------------------------------------------------------- publish
PUBLISH_FORMATS = ("txt", "md", "html", "json", "docx", "xlsx")


@dataclass
class Published:
    id: int
    year: int
    org: str
    published: str
    hashes: dict[str, str]
    files: list[Path] = field(default_factory=list)
    cells: int = 0
    findings: list[Finding] = field(default_factory=list)
    todo: bool = False  # the text still holds 【待填写】


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def frozen_cells(report: AnnualReport) -> list[tuple[str, str, str, Any]]:
    """The cells a publication freezes: the items tally and tables 二, 三, 四 (JSON numbers)."""
    from disclosure_cli.report.model import json_number

    return [
        (r["table"], r["row"], r["column"], json_number(r["value"]) if isinstance(r["value"], Decimal) else r["value"])
        for r in report.long_rows(("items", *STATUTORY))
    ]


def publish(
    ledger: Ledger,
    year: int,
    published: str,
    *,
    url: str | None = None,
    org: str | None = None,
    rollup: bool = False,
    replace: bool = False,
    out_dir: str | Path | None = None,
    today: str | None = None,
) -> Published:
    """`disc report publish`: render the report in every format (成文日期 = the publication day
    unless the narrative says otherwise), keep the hash of each file, freeze its cells and the
    records they counted. With out_dir the files are written there — the very files to put online."""
    import tempfile

    from disclosure_cli.files import atomic_write
    from disclosure_cli.ledger.fields import parse_date
    from disclosure_cli.report import office, render
    from disclosure_cli.report.ledger_checks import check_ledger

    day = parse_date(published, "发布日期（--date）", allow_future=True)
    now = today or date.today().isoformat()
    if day > now:
        raise BadInput(f"发布日期 {day} 晚于今天（{now}）：请在报告上网之后再登记发布")
    if day[:4] < str(year + 1):
        raise BadInput(f"发布日期 {day} 早于报告年度 {year} 结束；年度报告应在次年发布")
    ids = build.org_ids(ledger, org, rollup)
    facts.check_can_publish(ledger, org_id=ids[0], year=year, rollup=rollup, replace=replace)  # before any file is written
    rep = build.build_full_report(ledger, year, org=org, rollup=rollup)
    rep.signed = rep.signed or day
    outputs: dict[str, bytes] = {}
    for fmt in ("txt", "md", "html", "json"):
        outputs[fmt] = render.render(rep, fmt).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="disc-publish-") as tmp:
        for fmt, writer in (("docx", office.write_docx), ("xlsx", office.write_xlsx)):
            p = Path(tmp) / f"report.{fmt}"
            writer(rep, str(p))
            outputs[fmt] = p.read_bytes()
    hashes = {fmt: _sha256(data) for fmt, data in outputs.items()}
    files: list[Path] = []
    if out_dir is not None:
        from disclosure_cli.files import check_output, make_out_dir

        folder = make_out_dir(out_dir)
        targets = {fmt: folder / f"{rep.org}{year}年政府信息公开工作年度报告.{fmt}" for fmt in outputs}
        for target in targets.values():  # every target checked before the first is written
            check_output(target)
        for fmt, data in outputs.items():
            atomic_write(targets[fmt], data)
            files.append(targets[fmt])
    findings = [f for f in check_ledger(ledger, year, org=org, today=today) if f.severity == "E"] if not rollup else []
    todo = vocab.TODO_MARK in outputs["txt"].decode("utf-8")
    cells = frozen_cells(rep)
    pid = facts.store_publication(
        ledger, org_id=ids[0], year=year, rollup=rollup, published=day, url=(url or "").strip() or None,
        cells=cells, hashes=hashes, ids=ids, replace=replace,
    )
    return Published(pid, year, rep.org, day, hashes, files, len(cells), findings, todo)


def publication_rows(ledger: Ledger, year: int | None = None, *, include_void: bool = False) -> list[dict[str, Any]]:
    """`disc report published`: the standing publications (include_void: the replaced ones too)."""
    return [
        {
            "id": p.id, "org": p.org, "year": p.year, "scope": "rollup" if p.rollup else "own", "published": p.published,
            "url": p.url or "", "recorded_at": p.recorded_at, "sha256_docx": p.hashes.get("docx", ""),
            "replaced_at": p.voided_at or "",
        }
        for p in facts.publications(ledger, year, include_void=include_void)
    ]


def explain_target(year: int, finding: Finding, org: str | None = None) -> str:
    """The `disc explain` command for a finding that points at one cell of the ledger's tables
    (a finding on a roll-up says so in its scope)."""
    if finding.table not in vocab.TABLES or not finding.row or not finding.column:
        return ""
    return explain_command(finding.table, finding.row, finding.column, year, finding.scope or scope_options(org))


# --------------------------------------------------------------------------- changed after publication
@dataclass
class CellChange:
    table: str
    row: str
    column: str
    published: Any
    now: Any


@dataclass
class RecordChange:
    kind: str
    id: int
    what: str  # added | changed | voided | moved (now outside the year)
    text: str
    before: str | None = None  # its counted fields as published, and now (ledger/desk.py _STATES)
    after: str | None = None


@dataclass
class SincePublication:
    publication: facts.Publication
    cells: list[CellChange]
    records: list[RecordChange]


RECORD_NAMES = {"item": "信息", "document": "文件", "decision": "决定", "fee": "收费", "request": "申请", "case": "案件"}
CHANGE_NAMES = {"added": "新增", "changed": "修改", "voided": "作废", "moved": "改到其他年度"}


def since_publication(ledger: Ledger, year: int, ids: list[int]) -> list[SincePublication]:
    """For each standing publication of the year by these units: the cells that differ now and
    the records added, changed or voided since (by their counted fields)."""
    out = []
    for pub in facts.publications(ledger, year, ids):
        scope = tally.org_ids(ledger, pub.org, pub.rollup)
        rep = build.build_report(ledger, year, org=pub.org, rollup=pub.rollup)
        now = {(t, r, c): v for t, r, c, v in frozen_cells(rep)}
        cells = []
        for key in dict.fromkeys([*pub.cells, *now]):
            before, after = pub.cells.get(key, 0), now.get(key, 0)
            if str(before) != str(after):
                cells.append(CellChange(*key, before, after))
        records: list[RecordChange] = []
        then = facts.frozen_states(ledger, pub.id) if cells else {}
        if then:  # a publication merged from a unit's ledger carries its cells, not its records
            current = facts.record_states(ledger, year, scope)
            keys = sorted(set(then) | set(current))
            titles = facts.record_titles(ledger, keys)
            for key in keys:
                a, b = then.get(key), current.get(key)
                if a == b:
                    continue
                if a is None:
                    what = "added"
                elif b is None:
                    what = "voided" if facts.record_voided(ledger, *key) else "moved"
                else:
                    what = "changed"
                records.append(RecordChange(key[0], key[1], what, titles.get(key, ""), a, b))
        out.append(SincePublication(pub, cells, records))
    return out


def records_for_cell(change: CellChange, records: list[RecordChange]) -> list[RecordChange]:
    """The changed records of a changed cell's table; for the items tally, those whose channel and
    category (as published or now) are the cell's."""
    mine = [r for r in records if facts.KIND_TABLES[r.kind] == change.table]
    if change.table != "items":
        return mine

    def in_cell(state: str | None) -> bool:
        if state is None:
            return False
        _, channel, category, _ = state.split("|", 3)
        return change.row in ("total", channel) and change.column in ("total", category)

    return [r for r in mine if in_cell(r.before) or in_cell(r.after)] or mine


# --------------------------------------------------------------------------- a document against the ledger
def document_against_ledger(
    doc: AnnualReport, ledger: Ledger, year: int | None = None, *, org: str | None = None, rollup: bool = False,
) -> list[Finding]:
    """`disc lint FILE --against-ledger`: every cell of tables 二, 三, 四 as the document prints it
    against the ledger now (V-LEDGER) and against the version frozen at publication (V-PUBLISHED).
    """
    y = year or doc.year
    if not y:
        raise BadInput("文档中没有读出报告年度；请用 --year 指定")
    mine = org or ledger.org
    if doc.org and not (doc.org in mine or mine in doc.org):
        raise BadInput(
            f"文档是「{doc.org}」的报告，而台账（--org）的单位是「{mine}」；请用 --org 指定文档所属的单位"
        )
    if year is not None and doc.year is not None and doc.year != year:
        raise BadInput(f"文档是 {doc.year} 年度的报告，而 --year 为 {year}")
    rep = build.build_report(ledger, y, org=org, rollup=rollup, with_items=False)
    ids = build.org_ids(ledger, org, rollup)
    pubs = [p for p in facts.publications(ledger, y, ids[:1]) if p.rollup == rollup]
    pub = pubs[0] if pubs else None
    findings: list[Finding] = []
    for table in STATUTORY:
        for (row, col), now in rep.table(table).items():
            if (table, row, col) not in _doc_cells(doc, table):
                continue
            printed = doc.cell(table, row, col)
            if printed is None:
                continue  # unread or not a number: the document's own rules say so
            label = vocab.cell_label(table, row, col)
            if pub is not None:
                frozen = pub.cells.get((table, row, col))
                if frozen is not None and not _same(printed, frozen):
                    findings.append(Finding(
                        "V-PUBLISHED", "E",
                        f"{label}：文档为 {_fmt(printed)}，{pub.published} 登记发布的版本为 {_fmt(frozen)}（网站上的不是发布的版本）",
                        table=table, row=row, column=col, where=label, expected=frozen, actual=printed,
                    ))
            if not _same(printed, now):
                findings.append(Finding(
                    "V-LEDGER", "W",
                    f"{label}：文档为 {_fmt(printed)}，台账现为 {_fmt(now)}；查看记录："
                    f"{explain_command(table, row, col, y, scope_options(org, rollup))}",
                    table=table, row=row, column=col, where=label, expected=now, actual=printed,
                ))
    return findings


def published_file(ledger: Ledger, path: str | Path, year: int, *, org: str | None = None) -> tuple[str, str, bool] | None:
    """(format, publication day, rolled up) when the file is byte for byte one that was published
    by the unit, in either scope."""
    ids = build.org_ids(ledger, org)
    digest = _sha256(Path(path).read_bytes())
    for pub in facts.publications(ledger, year, ids[:1]):
        for fmt, h in pub.hashes.items():
            if h == digest:
                return fmt, pub.published, pub.rollup
    return None


def match_unit(ledger: Ledger, doc: AnnualReport, path: str | Path, year: int) -> tuple[str, bool, str]:
    """Which unit of a district's ledger a document is (issue 21): (the unit's path for --org, rolled
    up, how it was told). By the hash of a published file first, then by the unit's name in the
    document's title (with its parents' names where two units share one); BadInput when the
    document names no unit of the ledger, or names two equally."""
    from disclosure_cli.ledger.orgs import path_of

    digest = _sha256(Path(path).read_bytes())
    all_ids = sorted(facts.org_names(ledger))
    for pub in facts.publications(ledger, year, all_ids):
        if digest in pub.hashes.values():
            return path_of(ledger.conn, pub.org_id), pub.rollup, f"与 {pub.published} 登记发布的文件逐字节相同"
    named = (doc.org or "").strip()
    if not named:
        raise BadInput(f"{path}：文档中没有读出单位名称，无法确定是哪个单位的报告；请用 --org 指定")
    scored: list[tuple[int, int, str]] = []
    for oid in all_ids:
        parts = path_of(ledger.conn, oid).split("/")
        if parts[-1] not in named and named not in parts[-1]:
            continue
        score = sum(len(p) for p in parts if p in named) + (1000 if parts[-1] == named or named.endswith(parts[-1]) else 0)
        scored.append((score, oid, "/".join(parts)))
    if not scored:
        raise BadInput(f"{path}：文档是「{named}」的报告，台账中没有这个单位；请用 --org 指定，或先合并该单位的台账")
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        both = "、".join(p for _, _, p in scored[:3])
        raise BadInput(f"{path}：文档「{named}」可能是 {both} 中的任何一个；请用 --org 指定")
    return scored[0][2], False, f"按文档中的单位名称「{named}」"


def _doc_cells(doc: AnnualReport, table: str) -> dict[tuple[str, str, str], Any]:
    return {(table, r, c): v for (r, c), v in doc.table(table).items()}


def _same(printed: Any, exact: Any) -> bool:
    """The printed figure equals the exact one at the precision it was printed with: a fee of
    1,234.50 元 is 0.123450 万元, printed as 0.12 (issue 19: 「文档为 0.12，台账现为 0.12」)."""
    try:
        p, e = Decimal(str(printed)), Decimal(str(exact))
        if p == e:
            return True
        exp = p.as_tuple().exponent
        if isinstance(exp, int) and exp < 0 and e.as_tuple().exponent < exp:  # type: ignore[operator]
            # 四舍五入 as disc prints it; other tools round half to even or cut the digits off
            unit = Decimal(1).scaleb(exp)
            return any(e.quantize(unit, rounding=r) == p for r in ("ROUND_HALF_UP", "ROUND_HALF_EVEN", "ROUND_DOWN"))
        return False
    except ArithmeticError:
        return str(printed) == str(exact)


def _fmt(v: Any) -> str:
    from disclosure_cli.report.model import format_number

    return format_number(v) if isinstance(v, (int, Decimal)) else str(v)
