"""`disc import` and `disc export`: tabular files in and out, all-or-nothing, in flat memory.

Rows are validated and inserted inside one transaction as the file streams past; any error rolls
the whole transaction back, so a bad row 900,000 (or Ctrl-C, or a killed process) leaves the ledger
exactly as it was, and memory does not grow with the file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from disclosure_cli.errors import BadInput
from disclosure_cli.ledger import tabular
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.fields import MAX_COUNT, MAX_ID, MAX_TEXT, parse_timestamp
from disclosure_cli.ledger.items import ITEM_FIELDS, Vocab, clean_item
from disclosure_cli.personal import MASK

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
    "ledger": ("ledger", "台账"),  # the exporting ledger's identity (meta uuid)
}
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportResult:
    rows: int = 0  # rows imported (or, with --dry-run, that would be)
    items: int = 0  # sum of counts
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    dry_run: bool = False
    matched: int = 0  # rows exported from this ledger whose items are already here, unchanged
    duplicates: int = 0  # rows identical to items already in the ledger, skipped
    duplicate_lines: list[int] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)  # lines repeating an earlier row of the same file
    masked_lines: list[int] = field(default_factory=list)  # imported titles holding ＊＊＊ (an export's masking)
    new_categories: dict[str, int] = field(default_factory=dict)  # name -> first line

    def fail(self, line: int, msg: str) -> None:
        """Count every error; keep the first MAX_SHOWN for the message."""
        self.error_count += 1
        if len(self.errors) < MAX_SHOWN:
            self.errors.append(f"第 {line} 行：{msg}")

    def fail_all(self, line: int, exc: BadInput) -> None:
        for problem in exc.problems or [str(exc)]:
            self.fail(line, problem)


# --------------------------------------------------------------------------- reading files
# (tabular.py reads the files; these names stay importable from here for callers of old)
open_table = tabular.open_table
map_headers = tabular.map_headers


def undefuse(value: Any) -> Any:
    """Undo export --excel's defusing ('=… and ''…) so an export imports back to the same items."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in _DEFUSED:
        return value[1:]
    return value


_DEFUSED = (*FORMULA_CHARS, "'")  # after the quote defuse() adds: a formula character, or the clerk's own quote


def _keep(value: Any) -> Any:
    return value


class _FastItems:
    """Validate a row with cached lookups; any doubt goes to clean_item, which names the problem."""

    def __init__(self, fields: list[str], vocab: Vocab, allow_future: bool = False):
        self.fields = fields
        self.vocab = vocab
        self.allow_future = allow_future
        self.pos = {f: i for i, f in enumerate(fields)}
        self.undo: Callable[[Any], Any] = _keep  # undefuse for a file made by `disc export --excel`
        self.dates: dict[Any, str] = {}
        self.channels: dict[Any, str] = {}
        self.categories: dict[Any, str] = {}

    def _date(self, value: Any) -> str | None:
        hit = self.dates.get(value)
        if hit is None:
            if value is None or value == "":
                return None
            from disclosure_cli.ledger.fields import parse_date

            hit = self.dates[value] = parse_date(value, "日期", allow_future=self.allow_future)  # type: ignore[assignment]
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
            if v is None or v == "" or v == "1" or (v.__class__ is int and v == 1):
                return 1
            if isinstance(v, str) and v.isdigit() and v[0] != "0" and len(v) <= 5:
                n = int(v)
                if n <= MAX_COUNT:
                    return n
            raise ValueError

        undo = self.undo

        def title(v: Any) -> str:
            if v.__class__ is str:
                if v[:1] == "'":
                    v = undo(v)
                v = v.strip()
                # control characters, lone surrogates, odd spaces: the slow path names them
                if not v.isprintable() or len(v) > MAX_TEXT:
                    raise ValueError
            else:
                raise ValueError
            if not v:
                raise ValueError
            return v

        def text(v: Any) -> str | None:
            if v.__class__ is str:
                if not v:
                    return None
                if v[0] == "'":
                    v = undo(v)
                if not v.isprintable() or len(v) > MAX_TEXT:
                    raise ValueError
                return v.strip() or None
            if v is None:
                return None
            raise ValueError

        convs = {
            "published": published,
            "formed": self._date,
            "channel": cached(self.channels, lambda v: vocab.channel(str(v).strip())),
            "category": cached(self.categories, lambda v: vocab.category(str(v).strip())),
            "count": count,
            "title": title,
            "voided_at": lambda v: parse_timestamp(v, "作废时间（voided_at）") if v else None,
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


class _Seen:
    """What the ledger already holds, so importing the same rows twice adds nothing (issue 9).

    Rows exported from this ledger carry its identity and their id: such a row is matched with its
    item by id. Any other row identical to an item already there (same date, channel, category,
    title, link and count) is a duplicate. The items of one date are read once, when the first row
    of that date comes by, before this import has added any of that date: rows repeated inside the
    file itself are not duplicates of each other.
    """

    KEY = ("channel", "category", "title", "url", "count")

    def __init__(self, conn: Any, org_id: int, fields: list[str], uuid: str | None, ledger: Ledger | None = None):
        self.conn = conn
        self.ledger = ledger
        self.org_id = org_id
        self.uuid = uuid
        self.mask: Any = None  # built on the first exported row that differs
        self.in_file: set[int] = set()
        self.masked_by_date: dict[str, set[tuple]] = {}
        self.empty = conn.execute("SELECT 1 FROM item WHERE org_id = ? LIMIT 1", (org_id,)).fetchone() is None
        self.by_date: dict[str, set[tuple]] = {}
        self.at = {f: fields.index(f) for f in ("published", *self.KEY) if f in fields}
        self.void = fields.index("voided_at") if "voided_at" in fields else None

    def key(self, values: tuple[Any, ...]) -> tuple:
        at = self.at
        return tuple(
            (values[at[f]] if f in at else (1 if f == "count" else None)) for f in self.KEY
        )

    def duplicate(self, values: tuple[Any, ...]) -> bool:
        if self.empty or (self.void is not None and values[self.void] is not None):
            return False
        day = values[self.at["published"]]
        known = self.by_date.get(day)
        if known is None:
            known = self.by_date[day] = {
                tuple(r)
                for r in self.conn.execute(
                    "SELECT channel, category, title, url, count FROM item"
                    " WHERE org_id = ? AND published = ? AND voided_at IS NULL",
                    (self.org_id, day),
                )
            }
        key = self.key(values)
        if key in known:
            return True
        title = key[self.KEY.index("title")]
        if isinstance(title, str) and MASK in title:  # a title as an export masked it: the item it came from
            masked = self._masked_keys(day, known)
            return key in masked
        return False

    def _masker(self) -> Any:
        """The one masker the export used, built on the first row that needs it."""
        if self.mask is None:
            from disclosure_cli.ledger.personal import masker

            self.mask = masker(self.ledger)
        return self.mask

    def _masked_keys(self, day: str, known: set[tuple]) -> set[tuple]:
        got = self.masked_by_date.get(day)
        if got is None:
            mask = self._masker()
            got = self.masked_by_date[day] = {tuple(mask.mask(v) if isinstance(v, str) else v for v in k) for k in known}
        return got

    def repeated(self, values: tuple[Any, ...]) -> bool:
        """Whether an earlier row of this file is the very same item: both are imported (two posts may
        be alike), and the clerk is told. Only a hash of each row is kept: a million-row import stays
        within its memory budget (bench/, peak RSS < 150 MB)."""
        seen = self.in_file
        n = len(seen)
        seen.add(hash(values))  # the whole cleaned row: the same in every field
        return len(seen) == n

    def same_item(self, item_id: Any, values: tuple[Any, ...], fields: list[str]) -> bool | None:
        """A row exported from this ledger: True when its item is there unchanged, False when the
        item differs, None when there is no such item (then it is imported as new)."""
        try:
            iid = int(item_id)
        except (TypeError, ValueError):
            return None
        if not 0 < iid <= MAX_ID:
            return None
        cols = ", ".join(fields)
        row = self.conn.execute(f"SELECT {cols} FROM item WHERE id = ? AND org_id = ?", (iid, self.org_id)).fetchone()
        if row is None:
            return None
        if tuple(row) == tuple(values):
            return True
        # an export masks personal values (a name in a title): the row is the item as exported, unchanged
        mask = self._masker()
        return bool(mask) and tuple(mask.mask(v) if isinstance(v, str) else v for v in row) == tuple(values)


def import_items(
    ledger: Ledger,
    path: str,
    *,
    fmt: str | None = None,
    dry_run: bool = False,
    org: str | None = None,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    allow_future: bool = False,
    allow_duplicates: bool = False,
    add_categories: bool = False,
) -> ImportResult:
    """Import items from a file, all or nothing (see the module docstring and tabular.py).

    Rows already in the ledger (matched by this ledger's id, or identical) are skipped and counted
    unless allow_duplicates; categories new to the ledger refuse the file with their list, or are
    added with add_categories.
    """
    table = tabular.open_table(path, fmt, sheet, known=ITEM_HEADERS)
    rows, tell, header = table.rows, table.tell, table.header
    org_id = ledger.org_id(org)
    res = ImportResult(dry_run=dry_run)
    conn = ledger.conn
    batch: list[tuple] = []
    fast: _FastItems | None = None
    seen: _Seen | None = None
    sql = ""
    by_field: dict[str, int] = {}
    new_categories: dict[str, int] = {}  # name -> first line
    own_uuid = ledger.meta("uuid")
    ledger_at: int | None = None
    id_at: int | None = None
    title_at: int | None = None  # in a cleaned row's values

    fail = res.fail

    def start(head: list[str]) -> None:
        nonlocal fast, sql, by_field, seen, ledger_at, id_at, title_at
        mapping = map_headers(head, ITEM_HEADERS)
        missing = [f for f in ("channel", "category", "title") if f not in mapping.values()]
        if missing:
            raise BadInput("缺少必需的列：" + "、".join(f"{ITEM_HEADERS[f][2]}/{f}" for f in missing))
        positions = {name: head.index(h) for h, name in mapping.items()}
        ledger_at, id_at = positions.get("ledger"), positions.get("id")
        by_field = {name: i for name, i in positions.items() if name not in ("id", "ledger")}
        order = [f for f in (*ITEM_FIELDS, "voided_at", "void_reason") if f in by_field]
        if "published" not in by_field:
            raise BadInput(f"缺少必需的列：{ITEM_HEADERS['published'][2]}/published")
        fast = _FastItems(order, vocab, allow_future)
        title_at = order.index("title")
        # only disc's own --excel export carries defused cells ('=…): its BOM and its exact header say so;
        # anywhere else a leading quote is the clerk's own text and is kept
        if table.encoding == "utf-8-sig" and [h.strip() for h in head] == EXPORT_COLUMNS:
            fast.undo = undefuse
        fast.pos = {f: by_field[f] for f in order}
        fast.compile()
        seen = _Seen(conn, org_id, order, own_uuid, ledger)
        # only the columns the file has: fewer values to bind per row (import speed, bench/)
        sql = f"INSERT INTO item (org_id, {', '.join(order)}) VALUES ({', '.join('?' * (len(order) + 1))})"

    def slow(line: int, row: list[Any]) -> tuple | None:
        """The detailed path: every problem of the row, named by field."""
        fields = {f: fast.undo(row[i]) for f, i in by_field.items()}  # type: ignore[union-attr]
        for f, v in fields.items():
            if v is not None and not isinstance(v, str | int | float):
                fail(line, f"{f}：值不是文本或数字")
                return None
        if not fields.get("published"):
            fail(line, "发布日期（published）：不能为空")
            return None
        category = str(fields.get("category") or "").strip()
        new = bool(category) and vocab.find_category(category) is None
        if new:
            if add_categories:
                vocab.add_category(conn, category)
                ledger.log("add", "category", None, after={"name": category, "by": "import"})
                new = False
            else:
                new_categories.setdefault(category, line)
                fields["category"] = vocab.categories[0] if vocab.categories else category
        try:
            item = clean_item(fields, vocab, allow_future=allow_future)
        except BadInput as e:
            res.fail_all(line, e)
            return None
        if new:
            item["category"] = category  # the file is refused; the message lists the categories once
        voided = (fields.get("voided_at") or None, fields.get("void_reason") or None)
        if (voided[0] is None) != (voided[1] is None):
            fail(line, "作废时间与作废原因须同时填写")
            return None
        if voided[0] is not None:
            try:
                voided = (parse_timestamp(voided[0], "作废时间（voided_at）"), voided[1])
            except BadInput as e:
                fail(line, str(e))
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
    try:
        with _dry_run_ok(), _foreign_keys_back_on(conn), ledger.write():
            vocab = Vocab.load(conn)
            if header is not None:
                if not header:
                    raise BadInput(f"{path} 没有表头")
                start(header)
            for line, row, error in rows:
                if fast is None:
                    if line == 0 and row is not None:  # header of JSON records
                        start(row)
                        continue
                    raise BadInput(f"{path} 没有表头")
                if error is not None:
                    fail(line, error)
                    continue
                try:
                    values = fast.clean(row)  # type: ignore[arg-type]
                except (BadInput, ValueError, KeyError, TypeError, AttributeError):
                    values = slow(line, row)  # type: ignore[arg-type]
                    if values is None:
                        continue
                assert seen is not None
                if ledger_at is not None and id_at is not None and own_uuid and row[ledger_at] == own_uuid:  # type: ignore[index]
                    same = seen.same_item(row[id_at], values, fast.fields)  # type: ignore[index]
                    if same is True:
                        res.matched += 1
                        continue
                    if same is False:
                        fail(
                            line,
                            f"编号 {row[id_at]} 的信息已在台账中，但内容与台账不同：如要修改请用 disc edit {row[id_at]}；"  # type: ignore[index]
                            "如要作为新的一条导入，请删去 id 列",
                        )
                        continue
                if not allow_duplicates and seen.duplicate(values):
                    res.duplicates += 1
                    if len(res.duplicate_lines) < MAX_SHOWN:
                        res.duplicate_lines.append(line)
                    continue
                if MASK in values[title_at] and len(res.masked_lines) < MAX_SHOWN:  # type: ignore[index,operator]
                    res.masked_lines.append(line)
                if seen.repeated(values) and len(res.repeated) < MAX_SHOWN:
                    res.repeated.append(line)
                res.rows += 1
                res.items += values[fast.fields.index("count")] if "count" in fast.pos else 1
                if not res.error_count and not new_categories:
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
            if fast is None or res.rows + res.error_count + res.matched + res.duplicates == 0:
                raise BadInput(f"{path} 没有数据行")
            if new_categories:
                res.new_categories = dict(new_categories)
            if res.error_count or res.new_categories:
                raise BadInput(import_error_message(res), res.errors)
            if batch:
                conn.executemany(sql, batch)
            if totals is not None:
                totals.finish()
            if progress:
                progress(res.rows, tell())
            ledger.log(
                "import",
                "item",
                None,
                after={
                    "file": Path(path).name,
                    "rows": res.rows,
                    "items": res.items,
                    **({"already_there": res.matched} if res.matched else {}),
                    **({"duplicates_skipped": res.duplicates} if res.duplicates else {}),
                },
            )
            if dry_run:
                raise _DryRun()  # rolls the transaction back
    finally:
        table.close()  # and its temporary copy of stdin or a pipe
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
    lines = []
    if res.new_categories:
        names = "、".join(res.new_categories)
        lines.append(
            f"导入失败，台账未作任何改动：文件中有 {len(res.new_categories)} 个台账还没有的类别：{names}。"
            "核对无误后，加 --add-categories 再导入一次，即新增这些类别并导入"
            "（也可以逐个 disc categories add 类别名称，或把文件中的类别改成已有的类别）"
        )
    if res.error_count:
        lines.append(("另外" if lines else "导入失败，台账未作任何改动：") + f"共 {res.error_count} 处错误")
        lines += res.errors
        if res.error_count > len(res.errors):
            lines.append(f"……另有 {res.error_count - len(res.errors)} 处错误未列出")
    return "\n".join(lines)


# --------------------------------------------------------------------------- export
EXPORT_COLUMNS = ["id", *ITEM_FIELDS, "voided_at", "void_reason", "ledger"]


def defuse(value: Any) -> Any:
    """Excel runs a text cell starting with = + - @ as a formula (CSV injection): prefix a quote. A
    text that itself starts with a quote and such a character gets one more, so that undefuse gives
    back exactly what was written ('=… stays '=…)."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_CHARS) or (len(value) > 1 and value[0] == "'" and value[1] in _DEFUSED)
    ):
        return "'" + value
    return value


def iter_export(ledger: Ledger, *, year: int | None = None, org: str | None = None) -> Iterator[dict[str, Any]]:
    """Every item with its id and the ledger's identity: imported back here, a row is matched with
    its item instead of being added again (issue 9); in another ledger the id means nothing."""
    where, args = ["org_id = ?"], [ledger.org_id(org)]
    if year is not None:
        where.append("published BETWEEN ? AND ?")
        args += [f"{year}-01-01", f"{year}-12-31"]
    cols = EXPORT_COLUMNS[:-1]
    uuid = ledger.meta("uuid") or ""
    sql = f"SELECT {', '.join(cols)} FROM item WHERE {' AND '.join(where)} ORDER BY id"
    for row in ledger.conn.execute(sql, args):
        rec = dict(zip(cols, row, strict=True))
        rec["ledger"] = uuid
        yield rec


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
