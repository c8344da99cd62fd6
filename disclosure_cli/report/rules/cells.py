"""Cells: CELL-VALUE, and what the reader could not read (READ-*)."""

from __future__ import annotations

from decimal import Decimal

from disclosure_cli import vocab
from disclosure_cli.report.model import TABLE_CELLS
from disclosure_cli.report.readers.evidence import MissingIdentity, ScannedPages, ShortRow, of_type
from disclosure_cli.report.rules.base import (
    SINGLE_OTHER_ROW,
    Context,
    _col_label,
    _is_count_cell,
    _n,
    _row_label,
)
from disclosure_cli.text import parse_cell


def cells(ctx: Context) -> None:
    for t in ("t2", "t3", "t4"):
        unread: list[tuple[str, str]] = []
        for row, col in TABLE_CELLS[t]:
            value = ctx.v(t, row, col)
            label = vocab.cell_label(t, row, col)
            where = dict(table=t, row=row, column=col, where=label)
            if value is None:
                printed = ctx.r.raw.get((t, row, col))
                if printed is not None:
                    shown = printed.strip()
                    what = "为空白" if not shown else f"填写为「{shown}」"
                    ctx.add("CELL-VALUE", f"{label}{what}，应填写数字（没有发生也应填 0）", actual=printed, **where)
                elif t in ctx.r.tables_found and not ctx._absent_by_layout(t, row, col):
                    unread.append((row, col))
                continue
            if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
                ctx.add("CELL-VALUE", f"{label}的值「{value}」不是数字", actual=str(value), **where)
                continue
            if value < 0:
                ctx.add("CELL-VALUE", f"{label}为 {_n(value)}，不能为负数", actual=value, **where)
            elif _is_count_cell(t, col) and value != int(value):
                ctx.add("CELL-VALUE", f"{label}为 {_n(value)}，件数应为整数", actual=value, **where)
        if t == "t3" and ctx.single_other:
            _single_other_cells(ctx)
        if unread:
            _unread(ctx, t, unread)
    _reader_evidence(ctx)


def _single_other_cells(ctx: Context) -> None:
    for col in vocab.T3_COLUMNS.codes:
        printed = ctx.r.raw.get(("t3", SINGLE_OTHER_ROW, col))
        if printed is None or parse_cell(printed, money=False) is not None:
            continue
        label = f"表三「{vocab.G_OTHER}」×「{vocab.T3_COLUMNS.label(col)}」"
        what = "为空白" if not printed.strip() else f"填写为「{printed.strip()}」"
        ctx.add(
            "CELL-VALUE",
            f"{label}{what}，应填写数字（没有发生也应填 0）",
            table="t3",
            row=SINGLE_OTHER_ROW,
            column=col,
            where=label,
            actual=printed,
        )


def _reader_evidence(ctx: Context) -> None:
    for e in ctx.r.evidence:
        if isinstance(e, ScannedPages):
            pages = ",".join(str(n) for n in e.pages)
            ctx.add(
                "READ-SCANNED",
                f"第 {pages} 页没有文字层（可能是扫描件），这些页上的内容未读取、未作推断",
                where=f"第 {pages} 页",
                actual=pages,
            )
        elif isinstance(e, MissingIdentity) and e.what == "org":
            ctx.add("READ-IDENTITY", "未能从文档中读出单位名称（标题中通常有）", where="标题")
        elif isinstance(e, MissingIdentity) and e.what == "year":
            ctx.add("READ-IDENTITY", "未能从文档中读出报告年度，年份一致性未核对", where="标题")


def _unread(ctx: Context, table: str, cells: list[tuple[str, str]]) -> None:
    total = len(TABLE_CELLS[table])
    name = vocab.TABLE_LABELS[table]
    if len(cells) == total:
        where = f"{name}全部 {total} 个单元格"
    else:
        by_row: dict[str, list[str]] = {}
        for row, col in cells:
            by_row.setdefault(row, []).append(col)
        groups: dict[tuple[str, ...], list[str]] = {}
        for row, cols in by_row.items():
            groups.setdefault(tuple(cols), []).append(row)
        pieces = []
        for cols, rows in groups.items():
            rows_text = "、".join(f"「{_row_label(table, r)}」" for r in rows)
            cols_text = "、".join(f"「{_col_label(table, c)}」" for c in cols)
            pieces.append(f"{rows_text} × {cols_text}")
        where = "；".join(pieces)
    why = ""
    short = [e for e in of_type(ctx.r, ShortRow) if e.table == table]
    if short:
        e = short[0]
        row = _row_label(table, e.row) if table != "t4" else name
        at = f"（{e.where}）" if e.where else ""
        why = (f"：「{row}」一行{at}印有 {len(e.figures)} 个数字，少于应有的 {e.columns} 格，"
               "看不出哪一格空着，该行不作推断")
    ctx.add(
        "READ-UNREAD",
        f"{name}有 {len(cells)} 个单元格未能读出（未作推断，涉及的勾稽关系未核对）{why}",
        table=table,
        where=where,
        actual=len(cells),
    )

# ------------------------------------------------------------------ arithmetic
