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


def open_table(path: str, fmt: str | None = None, sheet: str | None = None) -> tuple[Iterator[tuple[int, dict[str, Any]]], Callable[[], int], IO]:
    """Rows of a CSV/TSV/JSON-lines file as (line number, {header: value}), plus a bytes-read probe."""
    if path == "-":
        raw = _spool_stdin()
    else:
        p = Path(path)
        if not p.exists():
            raise BadInput(f"找不到文件 {path}")
        raw = p.open("rb")
    enc = detect_encoding(raw)
    fmt = (fmt or Path(path).suffix.lstrip(".") or "csv").lower()
    if fmt in ("xlsx", "xlsm"):
        raw.close()
        from disclosure_cli.ledger.xlsx import xlsx_rows  # issue 6

        return xlsx_rows(path, sheet), lambda: 0, io.BytesIO()
    text = io.TextIOWrapper(raw, encoding=enc, newline="")
    if fmt in ("jsonl", "json", "ndjson"):
        return _json_rows(text), raw.tell, text
    first = text.readline()
    text.seek(0)
    delim = "\t" if fmt == "tsv" or (fmt not in ("csv",) and "\t" in first) else ","
    if fmt == "csv" and "\t" in first and "," not in first:
        delim = "\t"
    return _csv_rows(text, delim), raw.tell, text


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
    rows, tell, fh = open_table(path, fmt, sheet)
    vocab = Vocab.load(ledger.conn)
    org_id = ledger.org_id(org)
    res = ImportResult(dry_run=dry_run)
    mapping: dict[str, str] | None = None
    cols = ["org_id", *ITEM_FIELDS, "voided_at", "void_reason"]
    sql = f"INSERT INTO item ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    batch: list[tuple] = []
    conn = ledger.conn

    def fail(line: int, msg: str) -> None:
        res.error_count += 1
        if len(res.errors) < MAX_SHOWN:
            res.errors.append(f"第 {line} 行：{msg}")

    with _dry_run_ok(), ledger.write():
        try:
            for line, rec in rows:
                if mapping is None:
                    mapping = map_headers(rec.keys(), ITEM_HEADERS)
                    missing = [f for f in ("channel", "category", "title") if f not in mapping.values()]
                    if missing:
                        raise BadInput("缺少必需的列：" + "、".join(f"{ITEM_HEADERS[f][2]}/{f}" for f in missing))
                if "__error__" in rec:
                    fail(line, rec["__error__"])
                    continue
                fields = {mapping[k]: undefuse(v) for k, v in rec.items() if k in mapping}
                if not fields.get("published"):
                    fail(line, "发布日期（published）：不能为空")
                    continue
                try:
                    item = clean_item(fields, vocab)
                except BadInput as e:
                    for p in e.problems or [str(e)]:
                        fail(line, p)
                    continue
                voided = (fields.get("voided_at") or None, fields.get("void_reason") or None)
                if (voided[0] is None) != (voided[1] is None):
                    fail(line, "作废时间与作废原因须同时填写")
                    continue
                res.rows += 1
                res.items += item["count"]
                if not res.error_count:
                    batch.append((org_id, *(item[f] for f in ITEM_FIELDS), *voided))
                    if len(batch) >= BATCH:
                        conn.executemany(sql, batch)
                        batch.clear()
                        if progress:
                            progress(res.rows, tell())
                else:
                    batch.clear()  # nothing more will be written; keep validating for the report
            if mapping is None:
                raise BadInput(f"{path} 没有数据行")
            if res.error_count:
                raise BadInput(import_error_message(res), res.errors)
            if batch:
                conn.executemany(sql, batch)
            if progress:
                progress(res.rows, tell())
            ledger.log("import", "item", None, after={"file": Path(path).name, "rows": res.rows, "items": res.items})
            if dry_run:
                raise _DryRun()  # rolls the transaction back
        finally:
            fh.close()
    return res


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
