"""Reading the tabular files clerks really have: CSV/TSV in any of the encodings Chinese Windows
writes, JSON lines, and .xlsx — recognised by content, never altered silently (issue 9).

Rows come out as (line, values, error): `line` is the line (or Excel row) a clerk finds the row
on, `values` the cells as written, `error` a message naming what is wrong with that row (the
importer collects them and writes nothing). What the files do and what disc does:

* a quoted field that runs across line breaks and swallows what look like whole rows (a quote
  opened and never closed) is an error naming the line where the quote opened;
* a quote inside a field that is not a proper CSV quoted field (`"双减"政策解读`) is kept as written;
* a title row above the header, blank lines, trailing empty columns are accepted;
* .xls/.doc/.pdf, a ledger, a folder, a binary file are refused with what they are and what to do;
  UTF-8 (with or without BOM), UTF-16 and GB18030 are read; anything else names the line.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from disclosure_cli.errors import BadInput
from disclosure_cli.files import KIND_NAMES, detect_encoding, note_input, sniff, sniff_bytes
from disclosure_cli.vocab import normalize

HEADER_SEARCH_ROWS = 10  # a header is looked for this far down (title rows above it)
Row = tuple[int, list[Any] | None, str | None]


@dataclass
class Table:
    """An opened tabular file: its header (None for JSON records) and its rows as lists."""

    path: str
    kind: str  # csv | json | xlsx
    header: list[str] | None
    rows: Iterator[Row]
    tell: Any = lambda: 0
    closers: list[Any] = field(default_factory=list)
    spool: Path | None = None  # the temporary copy of stdin or a pipe: removed on close
    encoding: str = ""  # of a text file (utf-8-sig: it began with a BOM)

    def close(self) -> None:
        for c in self.closers:
            try:
                c.close()
            except Exception:  # closing what was opened, whatever it is
                pass
        if self.spool is not None:
            self.spool.unlink(missing_ok=True)


# --------------------------------------------------------------------------- opening
_REFUSED = {
    "dir": "{p} 是一个文件夹：请给出要导入的文件",
    "sqlite": "{p} 是一个 SQLite 数据库（台账），不是表格：合并另一本台账请用 disc merge {p}",
    "ole": "{p} 是旧版 Excel（.xls）或 Word（.doc）文件：请在 Excel/WPS 中另存为 .xlsx 或「CSV UTF-8」后再导入",
    "pdf": "{p} 是 PDF 文件，不是台账表格：请导入 Excel（.xlsx）或 CSV 文件",
    "docx": "{p} 是 Word 文档，不是台账表格：请导入 Excel（.xlsx）或 CSV 文件",
    "zip": "{p} 是压缩文件，不是台账表格：请先解压，或导入 Excel（.xlsx）或 CSV 文件",
    "binary": "{p} 不是文本文件（含有二进制内容）：请导入 Excel（.xlsx）、CSV 或 JSON lines 文件",
    "empty": "{p} 是空文件",
}


def _spool_stdin(source: IO[bytes] | None = None) -> IO[bytes]:
    """stdin, a pipe (`import <(cat a.csv)`) or a device cannot be re-read for encoding detection;
    spill it to a temporary file (flat memory)."""
    tmp = tempfile.NamedTemporaryFile(prefix="disc-stdin-", delete=False)
    shutil.copyfileobj(source or sys.stdin.buffer, tmp, 1 << 20)
    tmp.flush()
    tmp.seek(0)
    return tmp


def open_table(path: str, fmt: str | None = None, sheet: str | None = None, *, known: dict[str, tuple[str, ...]] | None = None) -> Table:
    """Open a CSV/TSV/JSON lines/xlsx file by what its content is (the name and --format only choose
    between the text formats). `known` header aliases map JSON keys to field names. stdin and pipes
    are read through a temporary copy, which Table.close removes."""
    spooled: list[Path] = []
    try:
        table = _open_table(path, fmt, sheet, known, spooled)
    except BaseException:
        for sp in spooled:
            sp.unlink(missing_ok=True)
        raise
    table.spool = spooled[0] if spooled else None
    return table


def _open_table(path: str, fmt: str | None, sheet: str | None, known: dict[str, tuple[str, ...]] | None, spooled: list[Path]) -> Table:
    fmt = (fmt or "").lower().lstrip(".") or None
    raw: IO[bytes]
    if path == "-" or sniff(path) == "stream":
        if path == "-":
            raw = _spool_stdin()
        else:
            note_input(Path(path))
            try:
                with open(path, "rb") as src:
                    raw = _spool_stdin(src)
            except OSError as e:
                raise BadInput(f"无法读取 {path}：{e.strerror}") from None
        spooled.append(Path(raw.name))
        kind = sniff_bytes(raw.read(4096))
        raw.seek(0)
        where = Path(raw.name)
        shown = "标准输入" if path == "-" else path
    else:
        where = Path(path)
        kind = sniff(where)
        shown = path
        if kind == "missing":
            raise BadInput(f"找不到文件 {path}")
        if kind in _REFUSED:
            raise BadInput(_REFUSED[kind].format(p=path))
        note_input(where)
        raw = where.open("rb")
    if kind in _REFUSED:
        raw.close()
        raise BadInput(_REFUSED[kind].format(p=shown))
    if kind == "xlsx":
        raw.close()
        from disclosure_cli.ledger.xlsx import xlsx_table

        return xlsx_table(str(where), sheet, shown)
    if sheet:
        raw.close()
        raise BadInput(f"--sheet 只适用于 Excel .xlsx 工作簿；{shown} 是{KIND_NAMES.get(kind, '文本')}")
    try:
        enc = detect_encoding(raw)
    except BaseException:
        raw.close()
        raise
    text = io.TextIOWrapper(raw, encoding=enc, newline="")
    suffix = Path(path).suffix.lower().lstrip(".") if path != "-" else ""
    if (fmt or suffix) in ("jsonl", "json", "ndjson") or (fmt is None and suffix not in ("csv", "tsv", "tab", "txt") and _starts_json(text)):
        return Table(path, "json", None, json_rows(text, known or {}), raw.tell, [text], encoding=enc)
    first = text.readline()
    text.seek(0)
    if fmt == "tsv" or (fmt is None and suffix in ("tsv", "tab")):
        delim = "\t"
    elif fmt == "csv" or suffix == "csv":
        delim = "\t" if "\t" in first and "," not in first else ","
    else:
        delim = "\t" if "\t" in first else ","

    def reopen() -> IO[str]:
        return io.TextIOWrapper(open(where, "rb"), encoding=enc, newline="")  # noqa: SIM115

    reader = CsvRows(text, delim, reopen)
    header = reader.read_header()
    return Table(path, "csv", header, iter(reader), raw.tell, [text, reader], encoding=enc)


def _starts_json(text: IO[str]) -> bool:
    pos = text.tell()
    head = text.read(64)
    text.seek(pos)
    s = head.lstrip("\ufeff \t\r\n")
    return s.startswith(("{", "["))


# --------------------------------------------------------------------------- CSV
def _filled(row: list[str]) -> int:
    return sum(1 for c in row if c.strip())


class CsvRows:
    """CSV/TSV rows with strict quoting and the line numbers a clerk sees in a text editor.

    Python's csv module, left lenient, silently drops the quotes of `"双减"政策解读` and lets an
    unclosed quote swallow the rest of the file into one field. Here it runs strict, and the rare
    row it rejects is read again from the file (a second handle reading forward) to tell a quote
    kept as written from a quote that opened and never closed.
    """

    def __init__(self, text: IO[str], delim: str, reopen: Any):
        self.text = text
        self.delim = delim
        self.reader = csv.reader(text, delimiter=delim, strict=True)
        self.reopen = reopen
        self._again: IO[str] | None = None
        self._again_line = 0
        self.width = 0
        self.blank_columns: list[int] = []
        self.pending: list[Row] = []

    def close(self) -> None:
        if self._again is not None:
            self._again.close()

    # ------------------------------------------------------------------ the raw text of a line
    def raw_lines(self, first: int, last: int) -> list[str]:
        """Physical lines first..last (1-based) as written; read forward only (rows come in order)."""
        if self._again is None or self._again_line >= first:
            if self._again is not None:
                self._again.close()
            self._again = self.reopen()
            self._again_line = 0
        out = []
        assert self._again is not None
        while self._again_line < last:
            ln = self._again.readline()
            if not ln:
                break
            self._again_line += 1
            if self._again_line >= first:
                out.append(ln)
        return out

    # ------------------------------------------------------------------ header
    def _next(self) -> Row | None:
        start = self.reader.line_num + 1
        try:
            row = next(self.reader)
        except StopIteration:
            return None
        except csv.Error as e:
            return self._recover(start, e)
        end = self.reader.line_num
        if end > start:
            swallowed = self._swallowed(row)
            if swallowed:
                return start, None, self._unclosed(start, end)
        return start, row, None

    def read_header(self) -> list[str]:
        """The header: the first row with two or more filled cells within the first lines; rows
        above it with one cell (a title such as 「2023年政务公开台账」) and blank lines are skipped."""
        seen = 0
        while True:
            got = self._next()
            if got is None:
                return []
            line, row, error = got
            if error is not None:
                raise BadInput(f"第 {line} 行（表头）：{error}")
            assert row is not None
            if not _filled(row):
                continue
            seen += 1
            if _filled(row) >= 2 or seen >= HEADER_SEARCH_ROWS:
                header = [c.strip().lstrip("\ufeff") for c in row]
                while header and not header[-1]:
                    header.pop()
                self.width = len(header)
                self.blank_columns = [i for i, h in enumerate(header) if not h]
                self.header_line = line
                return header

    # ------------------------------------------------------------------ rows
    def __iter__(self) -> Iterator[Row]:
        width = self.width
        blanks = self.blank_columns
        while True:
            got = self._next()
            if got is None:
                return
            line, row, error = got
            if row is None:
                yield got
                continue
            n = len(row)
            if not "".join(row).strip():
                continue  # a blank line, or one of only commas (one join: the hot path of a million rows)
            if n != width:
                if n > width and not any(c.strip() for c in row[width:]):
                    row = row[:width]  # trailing empty columns (Excel keeps the commas)
                else:
                    yield line, None, f"有 {n} 列，表头有 {width} 列（分隔符多余或缺少？）"
                    continue
            if blanks:
                stray = [i for i in blanks if row[i].strip()]
                if stray:
                    cols = "、".join(f"第 {i + 1} 列" for i in stray)
                    yield line, None, f"{cols}有内容但没有表头（请补上列名或删去这些内容）"
                    continue
            yield line, row, None

    # ------------------------------------------------------------------ quotes
    def _swallowed(self, row: list[str]) -> bool:
        """A field holding line breaks followed by what looks like whole rows: a quote that never
        closed where it should have. A line break inside a cell (Alt+Enter in Excel) is fine."""
        need = max(1, (self.width or len(row)) - 1)
        for cell in row:
            if "\n" in cell or "\r" in cell:
                for piece in cell.splitlines()[1:]:
                    if piece.count(self.delim) >= need:
                        return True
        return False

    def _unclosed(self, start: int, end: int | None) -> str:
        upto = f"第 {end} 行" if end else "文件末尾"
        first = self.raw_lines(start, start)
        quoted = ""
        if first:
            at = first[0].find('"')
            quoted = first[0][at : at + 20].rstrip("\r\n") if at >= 0 else ""
        span = f"（吞并了 {end - start} 行）" if end else ""
        return (
            f"引号没有配对：本行{f'「{quoted}…」' if quoted else ''}中的引号一直到{upto}才结束，"
            f"中间的内容被当作了一个单元格{span}。请检查本行的引号：单元格中的引号应写成两个（\"\"）"
        )

    def _recover(self, start: int, exc: csv.Error) -> Row:
        end = self.reader.line_num
        msg = str(exc)
        if "NUL" in msg:
            return start, None, "含有空字符（NUL）：文件可能不是文本文件或已损坏"
        if "end of data" in msg or "EOF" in msg:
            return start, None, self._unclosed(start, None)
        if end > start:
            return start, None, self._unclosed(start, end)
        lines = self.raw_lines(start, start)
        if lines:
            fields = split_literal(lines[0].rstrip("\r\n"), self.delim)
            if fields is not None:
                return start, fields, None
        return start, None, f"CSV 格式错误（{msg}）"


def split_literal(line: str, delim: str) -> list[str] | None:
    """One CSV line where a quote that does not make a proper quoted field is kept as written:
    `"双减"政策解读,x` → ['"双减"政策解读', 'x']. Proper quoted fields are unquoted as usual.
    None when a quoted field is left open (the caller reports the line)."""
    out: list[str] = []
    i, n = 0, len(line)
    while True:
        if i < n and line[i] == '"':
            # a proper quoted field ends with a lone quote followed by the delimiter or the line end
            j, buf, closed = i + 1, [], False
            while j < n:
                ch = line[j]
                if ch == '"':
                    if j + 1 < n and line[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    closed = True
                    j += 1
                    break
                buf.append(ch)
                j += 1
            if closed and (j == n or line[j] == delim):
                out.append("".join(buf))
                i = j
            else:
                k = line.find(delim, i + 1)
                k = n if k < 0 else k
                if not closed and line.count('"', i) % 2:
                    return None
                out.append(line[i:k])
                i = k
        else:
            k = line.find(delim, i)
            k = n if k < 0 else k
            out.append(line[i:k])
            i = k
        if i >= n:
            return out
        i += 1  # past the delimiter
        if i == n:
            out.append("")
            return out


# --------------------------------------------------------------------------- JSON
def json_rows(text: IO[str], known: dict[str, tuple[str, ...]]) -> Iterator[Row]:
    """JSON lines (or one JSON array, as `disc export --format json` writes): a header of every
    known field name at pseudo-row 0, then each record in that order — records may leave out
    optional keys, each is mapped on its own."""
    fields = list(known)
    lookup = {normalize(a): name for name, aliases in known.items() for a in aliases}
    yield 0, fields, None
    for line, rec in _json_records(text):
        if isinstance(rec, str):
            yield line, None, rec
            continue
        values: dict[str, Any] = {}
        problems = []
        for k, v in rec.items():
            name = lookup.get(normalize(str(k)))
            if name is None:
                problems.append(f"无法识别的字段「{k}」")
            elif name in values:
                problems.append(f"字段「{k}」与另一个字段都表示 {name}")
            elif isinstance(v, dict | list):
                problems.append(f"字段「{k}」的值不是文本或数字")
            else:
                values[name] = v
        if problems:
            yield line, None, "；".join(problems)
            continue
        yield line, [values.get(f) for f in fields], None


class _Record(dict):
    """A JSON object that remembers the keys it was given twice (json keeps the last silently)."""

    twice: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> _Record:
    rec = _Record()
    rec.twice = []
    for k, v in pairs:
        if k in rec:
            rec.twice.append(k)
        rec[k] = v
    return rec


def _checked(rec: Any, what: str) -> dict[str, Any] | str:
    if not isinstance(rec, dict):
        return what
    twice = getattr(rec, "twice", None)
    if twice:
        return "、".join(f"字段「{k}」出现了两次（不知以哪个为准）" for k in dict.fromkeys(twice))
    return rec


def _json_records(text: IO[str]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    first = text.read(1)
    while first and (first.isspace() or first == "\ufeff"):
        first = text.read(1)
    try:
        if first == "[":
            data = json.loads(first + text.read(), object_pairs_hook=_pairs)
            if not isinstance(data, list):
                raise BadInput("JSON 文件应为对象的数组或每行一个对象（JSON lines）")
            for i, rec in enumerate(data, start=1):
                yield i, _checked(rec, f"第 {i} 个元素不是 JSON 对象")
            return
        text.seek(0)
        for n, line in enumerate(text, start=1):
            s = line.strip().lstrip("\ufeff")
            if not s:
                continue
            try:
                rec = json.loads(s, object_pairs_hook=_pairs)
            except json.JSONDecodeError as e:
                yield n, f"JSON 格式错误（{e.msg}，第 {e.colno} 个字符）"
                continue
            yield n, _checked(rec, "不是 JSON 对象")
    except json.JSONDecodeError as e:
        raise BadInput(f"JSON 格式错误：第 {e.lineno} 行（{e.msg}）") from None
    except RecursionError:
        raise BadInput("JSON 嵌套过深，无法读取：请检查文件是否正确") from None


# --------------------------------------------------------------------------- headers
# columns an export carries for disc itself (its identity, voiding): accepted, never offered to a clerk
INTERNAL_COLUMNS = ("voided_at", "void_reason", "ledger", "id")


def map_headers(headers: Iterable[str], known: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map a file's headers to field names. An unknown header is an error (a typo would drop data);
    two headers meaning one field are an error naming both (one of them would be lost)."""
    lookup = {normalize(alias): name for name, aliases in known.items() for alias in aliases}
    mapping: dict[str, str] = {}
    by_field: dict[str, str] = {}
    unknown, twice = [], []
    for h in headers:
        if not h or h == "__error__":
            continue
        name = lookup.get(normalize(h.lstrip("\ufeff")))
        if name is None:  # 發布日期, 類別: a header in traditional characters (folded only on a miss)
            from disclosure_cli.text import fold

            name = {fold(k): v for k, v in lookup.items()}.get(fold(h.lstrip("\ufeff")))
        if name is None:
            unknown.append(h)
        elif name in by_field:
            label = known[name][2] if len(known[name]) > 2 else name
            twice.append(f"「{by_field[name]}」和「{h}」都表示{label}")
        else:
            mapping[h] = name
            by_field[name] = h
    if twice:
        raise BadInput("表头中有重复的列：" + "；".join(twice) + "。请删去其中一列后再导入")
    if unknown:
        raise BadInput(
            f"无法识别的列：{'、'.join(unknown)}。可用的列："
            + "、".join(f"{v[2] if len(v) > 2 else v[0]}/{k}" for k, v in known.items() if k not in INTERNAL_COLUMNS)
        )
    return mapping


def dict_rows(table: Table) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """The rows of a table as {header: value} (decision import and other small files)."""
    header = table.header
    for line, row, error in table.rows:
        if header is None and line == 0 and row is not None:
            header = row
            continue
        if error is not None or row is None:
            yield line, None, error
            continue
        yield line, dict(zip(header or [], row, strict=False)), None
