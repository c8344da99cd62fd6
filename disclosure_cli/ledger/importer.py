"""`disc import` and `disc export`: tabular files in and out, all-or-nothing, in flat memory.

Rows are validated and inserted inside one transaction as the file streams past; any error rolls
the whole transaction back, so a bad row 900,000 (or Ctrl-C, or a killed process) leaves the ledger
exactly as it was, and memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.items import ITEM_FIELDS, Vocab, clean_item
from disclosure_cli.vocab import normalize

MAX_SHOWN = 20
BATCH = 5000

# Header spellings, Chinese and English, folded by vocab.normalize.
ITEM_HEADERS: dict[str, tuple[str, ...]] = {
    "published": ("published", "date", "发布日期", "日期", "发布时间", "公开日期"),
    "channel": ("channel", "渠道", "发布渠道", "公开渠道", "平台"),
    "category": ("category", "类别", "分类", "栏目", "信息类别"),
    "title": ("title", "标题", "信息标题", "名称", "信息名称"),
    "url": ("url", "链接", "网址", "地址"),
    "count": ("count", "数量", "次数", "条数"),
    "formed": ("formed", "信息形成日期", "形成日期", "形成或变更日期"),
    "drafter": ("drafter", "起草人", "拟稿人", "起草"),
    "reviewer": ("reviewer", "审核人", "审核"),
    "approver": ("approver", "签发人", "签发", "审批人"),
    "note": ("note", "备注", "说明"),
    "voided_at": ("voided_at", "作废时间"),
    "void_reason": ("void_reason", "作废原因"),
    "id": ("id", "编号", "序号"),
}
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportResult:
    rows: int = 0
    items: int = 0  # sum of counts
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    dry_run: bool = False

    def fail(self, line: int, msg: str) -> None:
        """Count every error; keep the first MAX_SHOWN for the message."""
        self.error_count += 1
        if len(self.errors) < MAX_SHOWN:
            self.errors.append(f"第 {line} 行：{msg}")

    def fail_all(self, line: int, exc: BadInput) -> None:
        for problem in exc.problems or [str(exc)]:
            self.fail(line, problem)


# --------------------------------------------------------------------------- reading files
def _spool_stdin() -> IO[bytes]:
    """stdin cannot be re-read for encoding detection; spill it to a temporary file (flat memory)."""
    tmp = tempfile.TemporaryFile()
    shutil.copyfileobj(sys.stdin.buffer, tmp, 1 << 20)
    tmp.seek(0)
    return tmp


def detect_encoding(fh: IO[bytes]) -> str:
    """utf-8-sig for a BOM, utf-8 when the whole file decodes, else GB18030 (Excel on Chinese Windows)."""
    start = fh.tell()
    head = fh.read(3)
    if head == codecs.BOM_UTF8:
        fh.seek(start)
        return "utf-8-sig"
    fh.seek(start)
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fh.read(1 << 20):
            dec.decode(chunk)
        dec.decode(b"", final=True)
        enc = "utf-8"
    except UnicodeDecodeError:
        enc = "gb18030"
    fh.seek(start)
    return enc


@dataclass
class Source:
    """An opened input file: its kind, and for text files the decoded stream and the CSV delimiter."""

    path: str
    kind: str  # csv | json | xlsx
    text: IO[str] | None = None
    delimiter: str = ","
    tell: Callable[[], int] = lambda: 0

    def close(self) -> None:
        if self.text is not None:
            self.text.close()


def open_source(path: str, fmt: str | None = None) -> Source:
    """Open stdin or a file, detect its encoding (UTF-8, BOM, GB18030) and its kind."""
    fmt = (fmt or Path(path).suffix.lstrip(".") or "csv").lower()
    if fmt in ("xlsx", "xlsm"):
        if path == "-" or not Path(path).exists():
            raise BadInput(f"找不到文件 {path}" if path != "-" else ".xlsx 不能从标准输入读入")
        return Source(path, "xlsx")
    if path == "-":
        raw = _spool_stdin()
    else:
        p = Path(path)
        if not p.exists():
            raise BadInput(f"找不到文件 {path}")
        raw = p.open("rb")
    enc = detect_encoding(raw)
    text = io.TextIOWrapper(raw, encoding=enc, newline="")
    if fmt in ("jsonl", "json", "ndjson"):
        return Source(path, "json", text, tell=raw.tell)
    first = text.readline()
    text.seek(0)
    delim = "\t" if fmt == "tsv" or (fmt not in ("csv",) and "\t" in first) else ","
    if fmt == "csv" and "\t" in first and "," not in first:
        delim = "\t"
    return Source(path, "csv", text, delim, raw.tell)


def open_table(path: str, fmt: str | None = None, sheet: str | None = None) -> tuple[Iterator[tuple[int, dict[str, Any]]], Callable[[], int], IO]:
    """Rows of a CSV/TSV/JSON-lines/xlsx file as (line number, {header: value}), plus a bytes-read probe."""
    src = open_source(path, fmt)
    if src.kind == "xlsx":
        from disclosure_cli.ledger.xlsx import xlsx_rows  # issue 6

        return xlsx_rows(path, sheet), src.tell, io.BytesIO()
    assert src.text is not None
    if src.kind == "json":
        return _json_rows(src.text), src.tell, src.text
    return _csv_rows(src.text, src.delimiter), src.tell, src.text


def _csv_rows(text: IO[str], delim: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(text, delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        raise BadInput(f"第 1 行：表头无法解析（{e}）") from None
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield reader.line_num, {"__error__": f"CSV 格式错误（{e}）"}
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            yield reader.line_num, {"__error__": f"有 {len(row)} 列，表头有 {width} 列（引号不配对或分隔符多余？）", **dict(zip(header, row, strict=False))}
            continue
        yield reader.line_num, dict(zip(header, row, strict=True))


def _json_rows(text: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    first = text.read(1)
    while first and first.isspace():
        first = text.read(1)
    if first == "[":  # a JSON array (what `disc export --format json` writes)
        rest = first + text.read()
        try:
            data = json.loads(rest)
        except json.JSONDecodeError as e:
            raise BadInput(f"JSON 格式错误：第 {e.lineno} 行（{e.msg}）") from None
        for i, rec in enumerate(data, start=1):
            yield i, rec if isinstance(rec, dict) else {"__error__": "不是 JSON 对象"}
        return
    text.seek(0)
    for n, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield n, {"__error__": f"JSON 格式错误（{e.msg}）"}
            continue
        yield n, rec if isinstance(rec, dict) else {"__error__": "不是 JSON 对象"}


def map_headers(headers: Iterable[str], known: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map a file's headers to field names; unknown headers are an error (a typo would drop data)."""
    lookup = {normalize(alias): name for name, aliases in known.items() for alias in aliases}
    mapping, unknown = {}, []
    for h in headers:
        if h == "__error__":
            continue
        name = lookup.get(normalize(h.lstrip("\ufeff")))
        if name is None:
            unknown.append(h)
        else:
            mapping[h] = name
    if unknown:
        raise BadInput(
            f"无法识别的列：{'、'.join(unknown)}。可用的列：" + "、".join(f"{v[2] if len(v) > 2 else v[0]}/{k}" for k, v in known.items())
        )
    return mapping


def undefuse(value: Any) -> Any:
    """Undo export --excel's defusing ('=…) so an export imports back to the same items."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_CHARS:
        return value[1:]
    return value


# --------------------------------------------------------------------------- import
def open_rows(
    path: str, fmt: str | None = None, sheet: str | None = None
) -> tuple[Iterator[tuple[int, list[Any] | None, str | None]], Callable[[], int], IO, list[str] | None]:
    """Rows as lists in header order, (line, values, error); CSV without a dict per row (the hot path).

    The header is read from the first row; for JSON records it is the first record's keys.
    """
    src = open_source(path, fmt)
    if src.kind != "csv":
        rows, tell, fh = open_table(path, fmt, sheet) if src.kind == "xlsx" else (_json_rows(src.text), src.tell, src.text)
        return _dict_rows_as_lists(rows), tell, fh, None  # type: ignore[arg-type]
    assert src.text is not None
    tell, fh = src.tell, src.text
    reader = csv.reader(src.text, delimiter=src.delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return iter(()), tell, fh, []
    except csv.Error as e:
        raise BadInput(f"第 1 行：表头无法解析（{e}）") from None
    width = len(header)

    def gen() -> Iterator[tuple[int, list[Any] | None, str | None]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield reader.line_num, None, f"CSV 格式错误（{e}）"
                continue
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                yield reader.line_num, None, f"有 {len(row)} 列，表头有 {width} 列（引号不配对或分隔符多余？）"
                continue
            yield reader.line_num, row, None

    return gen(), tell, fh, header


def _dict_rows_as_lists(rows: Iterator[tuple[int, dict[str, Any]]]) -> Iterator[tuple[int, list[Any] | None, str | None]]:
    header: list[str] | None = None
    for line, rec in rows:
        if header is None:
            header = [k for k in rec if k != "__error__"]
            yield 0, header, None  # the header travels as a pseudo-row numbered 0
        if "__error__" in rec:
            yield line, None, rec["__error__"]
            continue
        extra = [k for k in rec if k not in header]
        if extra:
            yield line, None, f"多出的字段：{'、'.join(extra)}"
            continue
        yield line, [rec.get(h) for h in header], None


class _FastItems:
    """Validate a row with cached lookups; any doubt goes to clean_item, which names the problem."""

    def __init__(self, fields: list[str], vocab: Vocab):
        self.fields = fields
        self.vocab = vocab
        self.pos = {f: i for i, f in enumerate(fields)}
        self.dates: dict[Any, str] = {}
        self.channels: dict[Any, str] = {}
        self.categories: dict[Any, str] = {}

    def _date(self, value: Any) -> str | None:
        hit = self.dates.get(value)
        if hit is None:
            if value is None or value == "":
                return None
            from disclosure_cli.ledger.fields import parse_date

            hit = self.dates[value] = parse_date(value, "日期")  # type: ignore[assignment]
        return hit

    def compile(self) -> None:
        """One converter per column, chosen once: the per-row loop only calls them."""
        vocab = self.vocab

        def cached(cache: dict[Any, Any], resolve: Callable[[Any], Any]) -> Callable[[Any], Any]:
            def conv(v: Any) -> Any:
                hit = cache.get(v)
                if hit is None:
                    hit = cache[v] = resolve(v)
                return hit

            return conv

        def published(v: Any) -> str:
            if v is None or v == "":
                raise ValueError
            return self._date(v)  # type: ignore[return-value]

        def count(v: Any) -> int:
            if v is None or v == "" or v == "1" or v == 1:
                return 1
            if isinstance(v, str) and v.isdigit() and v[0] != "0":
                return int(v)
            raise ValueError

        def title(v: Any) -> str:
            if v.__class__ is str:
                if v[:1] == "'":
                    v = undefuse(v)
                v = v.strip()
            else:
                v = "" if v is None else str(v)
            if not v:
                raise ValueError
            return v

        def text(v: Any) -> str | None:
            if v.__class__ is str:
                if not v:
                    return None
                if v[0] == "'":
                    v = undefuse(v)
                return v.strip() or None
            return None if v is None else str(v)

        convs = {
            "published": published,
            "formed": self._date,
            "channel": cached(self.channels, lambda v: vocab.channel(str(v).strip())),
            "category": cached(self.categories, lambda v: vocab.category(str(v).strip())),
            "count": count,
            "title": title,
            "voided_at": lambda v: v or None,
        }
        self.plan = [(self.pos[f], convs.get(f, text)) for f in self.fields]
        self.formed_at = self.fields.index("formed") if "formed" in self.fields else None
        has_v, has_r = "voided_at" in self.fields, "void_reason" in self.fields
        if has_v != has_r:
            raise BadInput("作废时间（voided_at）与作废原因（void_reason）两列须同时出现")
        self.void_at = (self.fields.index("voided_at"), self.fields.index("void_reason")) if has_v else None

    def clean(self, row: list[Any]) -> tuple[Any, ...]:
        """Converted values for the columns present; raises BadInput/ValueError/… on any doubt."""
        out = tuple([conv(row[i]) for i, conv in self.plan])
        f = self.formed_at
        if f is not None and out[f] is not None and out[f] > out[0]:
            raise ValueError
        if self.void_at is not None and (out[self.void_at[0]] is None) != (out[self.void_at[1]] is None):
            raise ValueError
        return out


def import_items(
    ledger: Ledger,
    path: str,
    *,
    fmt: str | None = None,
    dry_run: bool = False,
    org: str | None = None,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    rows, tell, fh, header = open_rows(path, fmt, sheet)
    vocab = Vocab.load(ledger.conn)
    org_id = ledger.org_id(org)
    res = ImportResult(dry_run=dry_run)
    conn = ledger.conn
    batch: list[tuple] = []
    fast: _FastItems | None = None
    sql = ""
    by_field: dict[str, int] = {}

    fail = res.fail
    def start(head: list[str]) -> None:
        nonlocal fast, sql, by_field
        mapping = map_headers(head, ITEM_HEADERS)
        missing = [f for f in ("channel", "category", "title") if f not in mapping.values()]
        if missing:
            raise BadInput("缺少必需的列：" + "、".join(f"{ITEM_HEADERS[f][2]}/{f}" for f in missing))
        by_field = {name: head.index(h) for h, name in mapping.items() if name != "id"}
        order = [f for f in (*ITEM_FIELDS, "voided_at", "void_reason") if f in by_field]
        if "published" not in by_field:
            raise BadInput(f"缺少必需的列：{ITEM_HEADERS['published'][2]}/published")
        fast = _FastItems(order, vocab)
        fast.pos = {f: by_field[f] for f in order}
        fast.compile()
        # only the columns the file has: fewer values to bind per row (import speed, bench/)
        sql = f"INSERT INTO item (org_id, {', '.join(order)}) VALUES ({', '.join('?' * (len(order) + 1))})"

    def slow(line: int, row: list[Any]) -> tuple | None:
        """The detailed path: every problem of the row, named by field."""
        fields = {f: undefuse(row[i]) for f, i in by_field.items()}
        if not fields.get("published"):
            fail(line, "发布日期（published）：不能为空")
            return None
        try:
            item = clean_item(fields, vocab)
        except BadInput as e:
            res.fail_all(line, e)
            return None
        voided = (fields.get("voided_at") or None, fields.get("void_reason") or None)
        if (voided[0] is None) != (voided[1] is None):
            fail(line, "作废时间与作废原因须同时填写")
            return None
        item.update(voided_at=voided[0], void_reason=voided[1])
        return tuple(item[f] for f in fast.fields)  # type: ignore[union-attr]

    # a larger page cache for the index inserts of a big file (32 MB at most, memory stays flat)
    conn.execute("PRAGMA cache_size = -32768")
    # Foreign keys are checked here, not by SQLite row by row (about 2 µs a row on a million rows):
    # every channel and category is resolved against the ledger's vocabulary read inside the same
    # write transaction, and org_id was looked up above. CHECK constraints stay on.
    conn.execute("PRAGMA foreign_keys = OFF")
    totals: _Totals | None = None
    with _dry_run_ok(), _foreign_keys_back_on(conn), ledger.write():
        vocab = Vocab.load(conn)
        if header is not None:
            start(header)
        try:
            for line, row, error in rows:
                if fast is None:
                    if line == 0 and row is not None:  # header of JSON / xlsx records
                        start(row)
                        continue
                    raise BadInput(f"{path} 没有表头")
                if error is not None:
                    fail(line, error)
                    continue
                try:
                    values = fast.clean(row)  # type: ignore[arg-type]
                except (BadInput, ValueError, KeyError, TypeError):
                    values = slow(line, row)  # type: ignore[arg-type]
                    if values is None:
                        continue
                res.rows += 1
                res.items += values[fast.fields.index("count")] if "count" in fast.pos else 1
                if not res.error_count:
                    if totals is None:
                        totals = _Totals(conn, fast.fields, org_id)
                    totals.add(values)
                    batch.append((org_id, *values))
                    if len(batch) >= BATCH:
                        conn.executemany(sql, batch)
                        batch.clear()
                        if progress:
                            progress(res.rows, tell())
                else:
                    batch.clear()  # nothing more will be written; keep validating for the report
            if fast is None or res.rows + res.error_count == 0:
                raise BadInput(f"{path} 没有数据行")
            if res.error_count:
                raise BadInput(import_error_message(res), res.errors)
            if batch:
                conn.executemany(sql, batch)
            if totals is not None:
                totals.finish()
            if progress:
                progress(res.rows, tell())
            ledger.log("import", "item", None, after={"file": Path(path).name, "rows": res.rows, "items": res.items})
            if dry_run:
                raise _DryRun()  # rolls the transaction back
        finally:
            fh.close()
    return res


class _Totals:
    """item_total for a bulk insert: the per-row trigger is dropped inside the import's transaction,
    the imported rows are added up in Python as they stream past, and the sums are written and the
    trigger put back before the commit. A trigger per row, or a GROUP BY over a million new rows,
    costs seconds; a dict update costs a fraction of a microsecond. DDL is transactional in SQLite,
    so a failed or killed import restores the trigger with everything else.
    """

    def __init__(self, conn: Any, fields: list[str], org_id: int):
        self.conn = conn
        self.org_id = org_id
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'item_total_insert'").fetchone()
        self.trigger = row[0] if row else None
        if self.trigger:
            conn.execute("DROP TRIGGER item_total_insert")
        at = fields.index
        self.pub, self.ch, self.cat = at("published"), at("channel"), at("category")
        self.count = at("count") if "count" in fields else None
        self.void = at("voided_at") if "voided_at" in fields else None
        self.signs = [at(f) for f in ("drafter", "reviewer", "approver") if f in fields]
        self.all_signs = len(self.signs) == 3
        self.sums: dict[tuple[str, str, str], list[int]] = {}

    def add(self, values: tuple[Any, ...]) -> None:
        if self.void is not None and values[self.void] is not None:
            return
        key = (values[self.pub][:7], values[self.ch], values[self.cat])
        acc = self.sums.get(key)
        if acc is None:
            acc = self.sums[key] = [0, 0]
        acc[0] += 1 if self.count is None else values[self.count]
        if not self.all_signs:
            acc[1] += 1
        else:
            d, r, a = self.signs
            if values[d] is None or values[r] is None or values[a] is None:
                acc[1] += 1

    def finish(self) -> None:
        if self.trigger is None:
            return
        self.conn.executemany(
            "INSERT INTO item_total (org_id, month, channel, category, total, unsigned) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET total = total + excluded.total, unsigned = unsigned + excluded.unsigned",
            [(self.org_id, *k, t, u) for k, (t, u) in self.sums.items()],
        )
        self.conn.execute(self.trigger)


@contextmanager
def _foreign_keys_back_on(conn: Any) -> Iterator[None]:
    try:
        yield
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


class _DryRun(BaseException):
    """Raised inside the transaction to roll a --dry-run back after full validation."""


@contextmanager
def _dry_run_ok() -> Iterator[None]:
    try:
        yield
    except _DryRun:
        pass


def import_error_message(res: ImportResult) -> str:
    msg = f"导入失败，台账未作任何改动：共 {res.error_count} 处错误"
    lines = [msg, *res.errors]
    if res.error_count > len(res.errors):
        lines.append(f"……另有 {res.error_count - len(res.errors)} 处错误未列出")
    return "\n".join(lines)


# --------------------------------------------------------------------------- export
EXPORT_COLUMNS = ["id", *ITEM_FIELDS, "voided_at", "void_reason"]


def defuse(value: Any) -> Any:
    """Excel runs a text cell starting with = + - @ as a formula (CSV injection): prefix a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_CHARS):
        return "'" + value
    return value


def iter_export(ledger: Ledger, *, year: int | None = None, org: str | None = None) -> Iterator[dict[str, Any]]:
    where, args = ["org_id = ?"], [ledger.org_id(org)]
    if year is not None:
        where.append("published BETWEEN ? AND ?")
        args += [f"{year}-01-01", f"{year}-12-31"]
    sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM item WHERE {' AND '.join(where)} ORDER BY id"
    for row in ledger.conn.execute(sql, args):
        yield dict(zip(EXPORT_COLUMNS, row, strict=True))


def write_export(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str, *, excel: bool = False) -> int:
    n = 0
    if excel and fmt in ("csv", "tsv"):
        out.write("\ufeff")
    if fmt in ("csv", "tsv"):
        w = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\r\n" if excel else "\n")
        w.writerow(EXPORT_COLUMNS)
        for rec in rows:
            w.writerow(["" if rec[c] is None else (defuse(rec[c]) if excel else rec[c]) for c in EXPORT_COLUMNS])
            n += 1
    elif fmt == "jsonl":
        for rec in rows:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        out.write("[")
        for rec in rows:
            out.write(("," if n else "") + "\n" + json.dumps(rec, ensure_ascii=False))
            n += 1
        out.write("\n]\n")
    else:
        raise BadInput(f"导出格式「{fmt}」不支持（可用 csv、tsv、json、jsonl）")
    return n
