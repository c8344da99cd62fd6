""".xlsx ledgers for `disc import`: a clerk's existing Excel sheet read as the CSV reader reads a file.

Rows come out as (Excel row number, {header: value}) so that error messages name the row the clerk
sees in Excel. The workbook is opened read-only (streamed: memory stays flat on big sheets) and with
cached formula results, not formula text. Excel gives dates as datetime and every number as float;
both are turned into what a clerk would have typed (2023-05-06, 3) so the same validation applies.
"""

from __future__ import annotations

import re
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


# what a formula that failed leaves in a cell (openpyxl gives them as text)
EXCEL_ERRORS = frozenset({"#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA", "#SPILL!", "#CALC!"})


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def sheet_names(path: str | Path) -> list[str]:
    wb = _open(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _open(path: str | Path, data_only: bool = True):
    from openpyxl import load_workbook

    p = Path(path)
    if not p.exists():
        raise BadInput(f"找不到文件 {path}")
    from disclosure_cli.files import xml_declarations

    part = xml_declarations(p)
    if part:
        raise BadInput(f"{p.name} 的 {part} 中有 DTD 或实体声明（Excel 不会写这些，文件可能被篡改过），为安全起见不读取")
    # a file handle, not the name: openpyxl judges a name by its extension, disc by the content
    fh = p.open("rb")
    try:
        wb = load_workbook(fh, read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        fh.close()
        raise BadInput(f"{p.name} 不是有效的 .xlsx 文件（{e}）。旧版 .xls 请在 Excel/WPS 中另存为 .xlsx") from None
    except Exception as e:  # openpyxl's InvalidFileException and friends
        fh.close()
        raise BadInput(f"{p.name} 无法作为 .xlsx 读取（{e}）") from None
    return _Closing(wb, fh)


class _Closing:
    """A read-only workbook and the file it streams from, closed together."""

    def __init__(self, wb, fh):
        self.wb, self.fh = wb, fh

    def __getattr__(self, name):
        return getattr(self.wb, name)

    def __getitem__(self, name):
        return self.wb[name]

    def close(self) -> None:
        try:
            self.wb.close()
        finally:
            self.fh.close()


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
    any row is read; rows then stream. A row with a problem carries it under "__error__".
    """
    table = xlsx_table(path, sheet)
    header = table.header or []

    def gen() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for n, values, error in table.rows:
                if error is not None:
                    yield n, {"__error__": error}
                    continue
                yield n, dict(zip(header, values or [], strict=False))
        finally:
            table.close()

    return gen()


def xlsx_table(path: str | Path, sheet: str | None = None, shown: str | None = None):
    """The sheet as a tabular.Table: header, then rows as lists in header order.

    A formula cell whose value Excel never stored (the file was written by a program, not saved by
    Excel) would read as empty: it is an error naming the cell. To tell, a second copy of the sheet
    is read with formulas, in step with the values (only where a value is missing is it looked at).
    """
    from disclosure_cli.ledger.tabular import Table

    wb = _open(path)
    try:
        ws = _pick_sheet(wb, sheet)
        # Files written by WPS or other tools often carry a wrong <dimension>; read what is there.
        ws.reset_dimensions()
    except BaseException:
        wb.close()
        raise
    formulas = _open(path, data_only=False)
    fs = formulas[ws.title]
    fs.reset_dimensions()
    values = ws.iter_rows(values_only=True)
    texts = fs.iter_rows(values_only=True)
    numbered = _numbered(values, texts)
    header, first_row = _find_header(numbered)
    table = Table(str(path), "xlsx", header, iter(()), lambda: 0, [wb, formulas])
    table.rows = _list_rows(numbered, header, first_row, _merged_down(path, ws))
    return table


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def _merged_down(path: str | Path, ws: Any) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) → the top cell of the merged cell it lies in, for cells merged down a column:
    a clerk merges 渠道 over the rows of one channel, and Excel shows its value on every one of them
    (read-only openpyxl does not say which cells are merged, so the sheet's XML is read for it)."""
    where = getattr(ws, "_worksheet_path", None)
    if not where:
        return {}
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read(where)
    except (KeyError, OSError, zipfile.BadZipFile):
        return {}
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for m in _MERGE.finditer(xml):
        c1, r1, c2, r2 = _column_number(m.group(1)), int(m.group(2)), _column_number(m.group(3)), int(m.group(4))
        if c1 != c2 or not 0 < r2 - r1 <= 100_000:
            continue  # across columns (a title), or absurd
        for r in range(r1 + 1, r2 + 1):
            out[(r, c1)] = (r1, c1)
    return out


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def _numbered(values: Iterator[tuple], texts: Iterator[tuple]) -> Iterator[tuple[int, tuple, tuple]]:
    for n, (vals, forms) in enumerate(zip(values, texts, strict=False), start=1):
        yield n, vals, forms


def _find_header(rows: Iterator[tuple[int, tuple, tuple]]) -> tuple[list[str], list[tuple[int, tuple, tuple]]]:
    """A title row above the header ("2023年政务公开台账", often merged across) has a single filled
    cell; the header is the first row with two or more, looked for this far down."""
    first_filled: tuple[int, tuple, tuple] | None = None
    pending: list[tuple[int, tuple, tuple]] = []
    for item in rows:
        n, values, _ = item
        filled = sum(not _blank(v) for v in values)
        if not filled:
            continue
        if first_filled is None:
            first_filled = item
        if filled >= 2:
            return _header(values, n), []
        pending.append(item)
        if n - first_filled[0] + 1 >= HEADER_SEARCH_ROWS:
            break
    if first_filled is None:
        return [], []
    # no row with two cells: the first filled row is the header after all
    return _header(first_filled[1], first_filled[0]), pending[1:]


def _list_rows(
    rows: Iterator[tuple[int, tuple, tuple]], header: list[str], first: list[tuple[int, tuple, tuple]],
    merged: dict[tuple[int, int], tuple[int, int]] | None = None,
) -> Iterator[tuple[int, list[Any] | None, str | None]]:
    import itertools

    width = len(header)
    merged = merged or {}
    tops = set(merged.values())
    top_values: dict[tuple[int, int], Any] = {}
    for n, values, forms in itertools.chain(first, rows):
        if merged:
            for i, v in enumerate(values):
                if (n, i + 1) in tops:
                    top_values[(n, i + 1)] = v
            if any((n, i + 1) in merged for i in range(len(values))):
                values = tuple(top_values.get(merged[(n, i + 1)]) if _blank(v) and (n, i + 1) in merged else v
                               for i, v in enumerate(values))
        if all(_blank(v) for v in values) and not any(isinstance(f, str) and f.startswith("=") for f in forms):
            continue
        stray, missing, errors = [], [], []
        out: list[Any] = []
        for i in range(max(width, len(values))):
            v = values[i] if i < len(values) else None
            f = forms[i] if i < len(forms) else None
            if v is None and isinstance(f, str) and f.startswith("="):
                missing.append(f"{_column_letter(i)}{n}")
            if isinstance(v, str) and v in EXCEL_ERRORS:
                errors.append(f"{_column_letter(i)}{n}（{v}）")
            if i < width and header[i]:
                out.append(cell_text(v))
            elif i < width:
                out.append("")
                if not _blank(v):
                    stray.append(_column_letter(i))
            elif not _blank(v):
                stray.append(_column_letter(i))
        if errors:
            yield n, None, f"单元格 {'、'.join(errors)} 是 Excel 的错误值（公式出错），不是数据：请在 Excel/WPS 中改正后再导入"
            continue
        if missing:
            cells = "、".join(missing)
            yield n, None, f"单元格 {cells} 是公式，但文件中没有保存它的计算结果（文件不是由 Excel 保存的）：请在 Excel/WPS 中打开并保存一次，或把公式换成数值"
            continue
        if stray:
            yield n, None, f"第 {'、'.join(stray)} 列有内容但没有表头（请补上列名或删去这些内容）"
            continue
        yield n, out, None


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
