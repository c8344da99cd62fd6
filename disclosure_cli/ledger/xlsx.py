""".xlsx ledgers for `disc import`: a clerk's existing Excel sheet read as the CSV reader reads a file.

Rows come out as (Excel row number, {header: value}) so that error messages name the row the clerk
sees in Excel. The workbook is opened read-only (streamed: memory stays flat on big sheets) and with
cached formula results, not formula text. Excel gives dates as datetime and every number as float;
both are turned into what a clerk would have typed (2023-05-06, 3) so the same validation applies.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from disclosure_cli.errors import BadInput

# A title row above the header ("2023年政务公开台账", often merged across) has a single filled cell;
# the header is the first row with two or more, looked for this far down.
HEADER_SEARCH_ROWS = 10


def cell_text(value: Any) -> Any:
    """One cell as the importer expects it: ISO date text, int for whole numbers, '' for empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return repr(value)
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def sheet_names(path: str | Path) -> list[str]:
    wb = _open(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _open(path: str | Path):
    from openpyxl import load_workbook

    p = Path(path)
    if not p.exists():
        raise BadInput(f"找不到文件 {path}")
    try:
        return load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise BadInput(f"{p.name} 不是有效的 .xlsx 文件（{e}）。旧版 .xls 请在 Excel/WPS 中另存为 .xlsx") from None
    except Exception as e:  # openpyxl's InvalidFileException and friends
        raise BadInput(f"{p.name} 无法作为 .xlsx 读取（{e}）") from None


def _pick_sheet(wb, sheet: str | None):
    names = list(wb.sheetnames)
    if not names:
        raise BadInput("工作簿中没有工作表")
    if sheet is None or sheet == "":
        return wb[names[0]]
    if sheet in names:
        return wb[sheet]
    folded = {n.strip(): n for n in names}
    if sheet.strip() in folded:
        return wb[folded[sheet.strip()]]
    raise BadInput(f"工作表「{sheet}」不存在；此文件的工作表：{'、'.join(names)}")


def xlsx_rows(path: str | Path, sheet: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a sheet (the first, or `sheet`) as (row number, {header: value}); empty rows skipped.

    The workbook is opened (and the sheet checked) right away, so a missing sheet is an error before
    any row is read; rows then stream.
    """
    wb = _open(path)
    try:
        ws = _pick_sheet(wb, sheet)
        # Files written by WPS or other tools often carry a wrong <dimension>; read what is there.
        ws.reset_dimensions()
    except BaseException:
        wb.close()
        raise
    return _rows(wb, ws)


def _rows(wb, ws) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        header: list[str] | None = None
        first_filled: tuple[int, tuple] | None = None
        pending: list[tuple[int, tuple]] = []  # rows read while looking for the header
        for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if header is None:
                filled = sum(not _blank(v) for v in values)
                if not filled:
                    continue
                if first_filled is None:
                    first_filled = (n, values)
                if filled >= 2:
                    header_row = n
                    header = _header(values, n)
                    continue
                pending.append((n, values))
                if n - first_filled[0] + 1 >= HEADER_SEARCH_ROWS:
                    # no row with two cells: the first filled row is the header after all
                    header_row = first_filled[0]
                    header = _header(first_filled[1], header_row)
                    for m, vals in pending[1:]:
                        yield from _record(m, vals, header)
                    pending = []
                continue
            yield from _record(n, values, header)
        if header is None and first_filled is not None:
            header = _header(first_filled[1], first_filled[0])
            for m, vals in pending[1:]:
                yield from _record(m, vals, header)
    finally:
        wb.close()


def _header(values: tuple, row: int) -> list[str]:
    names = ["" if _blank(v) else str(cell_text(v)).strip() for v in values]
    while names and not names[-1]:
        names.pop()
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise BadInput(f"第 {row} 行（表头）：列名「{name}」重复")
        seen.add(name)
    return names


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _record(n: int, values: tuple, header: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    if all(_blank(v) for v in values):
        return
    rec: dict[str, Any] = {}
    stray = []
    for i, v in enumerate(values):
        if i < len(header) and header[i]:
            rec[header[i]] = cell_text(v)
        elif not _blank(v):
            stray.append(_column_letter(i))
    for h in header:
        if h:
            rec.setdefault(h, "")
    if stray:
        rec["__error__"] = f"第 {'、'.join(stray)} 列有内容但没有表头（请补上列名或删去这些内容）"
    yield n, rec
