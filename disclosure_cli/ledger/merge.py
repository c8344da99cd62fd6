"""`disc merge UNIT.db...`: bring the ledgers of units (街道, departments) into a district's ledger.

Each unit's orgs land under their names (created when missing; a unit's top org goes under
--parent, or by default under this ledger's own unit when it has a single top-level unit), with
every record the roll-up needs: items, documents, decisions, fee receipts, applications with their
personal data and lifecycle rows, cases, the report's prose, the publications of annual reports,
and the channels and categories the items use.

Identity (migration 0004): every ledger has meta('uuid'); a merged record keeps origin_ledger and
origin_id (where it was first recorded, even after several merges) and origin_hash, a digest of its
values as last merged. So a record already merged is found again, never added twice, and compared:

    unit unchanged since the last merge         → skipped (a local edit here stands)
    unit changed, this copy not edited here     → updated
    both changed, to the same values            → nothing to do
    both changed, differently                   → a conflict: reported, not overwritten

The tables merged are found from the schema (every table with origin columns, parents before
children, references mapped through the org, vocabulary and id maps), so a later migration that
adds origin columns to a new table gets merged without code here. All of one merge is one
transaction; conflicts do not stop the rest, they make the command exit 1.

How (issue 15): the input files are only read. Each is copied with SQLite's backup API from a
read-only connection into a private temporary file (an older schema is upgraded there, never in
place) and its tables are loaded into TEMP tables; then, inside the one write transaction, every
table of every unit is merged with a few set-based statements: references are mapped by joins
on a TEMP id map, records already here are found by joins on the origin index, new records go in
with one INSERT … SELECT, and digests are computed in SQL (json_object of the compared columns,
hashed by a registered function). Only the records that need a decision (changed on either side,
conflicts, references that cannot be mapped, rows the schema refuses) come back to Python, one by
one, as before. Digests written before issue 15 (plain 32-digit hex, from `digest`) are still
understood and are replaced by the new form the first time such a record is compared.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput, DiscError, LedgerTooNew
from disclosure_cli.ledger.db import BUSY_TIMEOUT_S, Ledger, latest_version, migrate, now_iso, schema_version
from disclosure_cli.ledger.orgs import check_parent, create_org, find_org, reparent

ORIGIN_COLUMNS = ("origin_ledger", "origin_id", "origin_hash")
VOCAB_TABLES = ("org", "channel", "category")
# Columns left out of the comparison: a request's phone number is re-issued when the target already
# uses it; a narrative's timestamp differs whenever two clerks save the same words.
IGNORED = {"request": ("seq",), "narrative": ("updated_at",)}
PERSONAL_TABLES = {"request_personal"}
PERSONAL_SHOWN = {"request_id", "purged_at"}
HIDDEN = "（个人信息，不显示）"
ON_CONFLICT = ("report", "keep", "take")
# origin_hash written since issue 15: "2:" + 32 hex digits; before, 32 hex digits (see `digest`)
HASH_PREFIX = "2:"
HASH_FUNCTION = "disc_merge_hash"

TABLE_NAMES = {
    "item": "信息条目",
    "document": "规章/规范性文件",
    "decision": "行政决定",
    "fee_receipt": vocab.T2_ROWS.label("fee"),
    "request": "依申请公开申请",
    "request_personal": "申请人信息",
    "legal_case": "复议诉讼案件",
    "narrative": "报告正文",
    "request_correction": "补正",
    "request_extension": "延期",
    "request_pause": "中止计时",
    "request_fee": "信息处理费",
}


# --------------------------------------------------------------------------- results
@dataclass
class Conflict:
    """The same record changed differently in the unit and here (or a unit record that cannot be written)."""

    file: str
    table: str
    record: str  # how a clerk finds it here: "item 12「标题」"
    unit_record: str  # and in the unit's ledger
    field: str
    unit_value: Any
    target_value: Any
    resolved: str = ""  # "" (reported) | keep | take

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "table": self.table,
            "record": self.record,
            "unit_record": self.unit_record,
            "field": self.field,
            "unit_value": self.unit_value,
            "target_value": self.target_value,
            "resolved": self.resolved,
        }


@dataclass
class UnitResult:
    file: str
    uuid: str
    org: str
    orgs_created: list[str] = field(default_factory=list)
    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """What the change log keeps: counts and where, never a record's values."""
        return {
            "file": self.file,
            "ledger": self.uuid,
            "org": self.org,
            "orgs_created": self.orgs_created,
            "added": dict(self.added),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "conflicts": [{"table": c.table, "record": c.record, "field": c.field, "resolved": c.resolved} for c in self.conflicts],
        }


@dataclass
class MergeResult:
    units: list[UnitResult] = field(default_factory=list)
    dry_run: bool = False

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for u in self.units for c in u.conflicts]

    @property
    def open_conflicts(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.resolved]


# --------------------------------------------------------------------------- schema
@dataclass
class TableInfo:
    name: str
    columns: list[str]
    pk: list[str]
    auto_id: bool  # a single INTEGER PRIMARY KEY the target assigns (not a reference)
    fks: dict[str, str]  # column -> referenced table
    compare: list[str]  # hashed and compared
    carry: list[str]  # copied along, not compared (IGNORED)
    hashed: list[str] = field(default_factory=list)  # compare by name: independent of column order in the file
    notnull: set[str] = field(default_factory=set)  # declared NOT NULL

    @property
    def rowid_key(self) -> str | None:
        """The column that is the rowid (id, or request_personal.request_id), if any."""
        return self.pk[0] if len(self.pk) == 1 and not self.composite else None

    @property
    def composite(self) -> bool:
        return len(self.pk) != 1


def table_info(conn: sqlite3.Connection, name: str) -> TableInfo:
    cols = conn.execute(f"PRAGMA table_info({name})").fetchall()
    columns = [c[1] for c in cols]
    pk = [c[1] for c in sorted((c for c in cols if c[5]), key=lambda c: c[5])]
    fks = {r[3]: r[2] for r in conn.execute(f"PRAGMA foreign_key_list({name})")}
    int_pk = len(pk) == 1 and next(c[2] for c in cols if c[1] == pk[0]).upper() == "INTEGER"
    auto_id = int_pk and pk[0] not in fks
    ignored = IGNORED.get(name, ())
    compare = [c for c in columns if c not in ORIGIN_COLUMNS and not (auto_id and c == pk[0]) and c not in ignored]
    carry = [c for c in columns if c in ignored]
    return TableInfo(name, columns, pk, auto_id, fks, compare, carry, sorted(compare), {c[1] for c in cols if c[3]})


def merged_tables(conn: sqlite3.Connection) -> list[TableInfo]:
    """Every table with origin columns, parents before children."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'"
            " AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'origin_ledger') ORDER BY m.name"
        )
        if r[0] not in VOCAB_TABLES  # units by identity and place (_map_orgs), vocabularies by code and name
    ]
    infos = {n: table_info(conn, n) for n in names}
    for info in infos.values():
        for col, ref in info.fks.items():
            if ref not in infos and ref not in VOCAB_TABLES:
                raise DiscError(f"合并不支持表 {info.name}：列 {col} 引用的表 {ref} 不参与合并")
            if ref == info.name:
                # a row could refer to a row of the same unit merged in the same statement
                raise DiscError(f"合并不支持表 {info.name}：列 {col} 引用本表（自引用）")
    ordered: list[TableInfo] = []
    done: set[str] = set()

    def visit(n: str, trail: tuple[str, ...] = ()) -> None:
        if n in done:
            return
        if n in trail:
            raise DiscError(f"合并无法排序：表之间循环引用（{' → '.join((*trail, n))}）")
        for ref in infos[n].fks.values():
            if ref in infos and ref != n:
                visit(ref, (*trail, n))
        done.add(n)
        ordered.append(infos[n])

    for n in names:
        visit(n)
    return ordered


def digest(info: TableInfo, values: dict[str, Any]) -> str:
    """The digest written before issue 15 (still read: a ledger merged by an older disc holds it).
    Types count (1 and '1' differ); NULLs are left out, so a later migration that adds a column does
    not make every record look changed."""
    text = repr([(c, values[c]) for c in info.hashed if values[c] is not None])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _hash_bytes(data: bytes) -> str:
    """The SQL function behind hash_sql: given bytes (CAST … AS BLOB), so no text is decoded."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def hash_sql(info: TableInfo, values: dict[str, str], *, blobs: bool = True) -> str:
    """SQL for the digest of a record: its compared columns by name and value, in JSON (which keeps
    types apart: 1 and "1" differ), without the NULLs, so that a later migration that adds a column
    does not make every record look changed; hashed. The columns declared NOT NULL go into one
    json_object, each other one is added only when it holds a value. `values` maps each column to
    the SQL expression of its value; blobs=False when the rows are known to hold no BLOB (JSON
    refuses BLOBs; they are spelt out as hex)."""

    def value(c: str) -> str:
        v = values[c]
        return f"CASE WHEN typeof({v}) = 'blob' THEN json_object('blob', hex({v})) ELSE {v} END" if blobs else v

    fixed = ", ".join(f"'{c}', {value(c)}" for c in info.hashed if c in info.notnull)
    parts = [f"json_object({fixed})"]
    parts += [f"CASE WHEN {values[c]} IS NULL THEN '' ELSE ',\"{c}\":' || json_quote({value(c)}) END" for c in info.hashed if c not in info.notnull]
    return f"('{HASH_PREFIX}' || {HASH_FUNCTION}(CAST({' || '.join(parts)} AS BLOB)))"


# --------------------------------------------------------------------------- reading the input files
@dataclass
class _Unit:
    """One input file, read: its identity, and its tables loaded into this connection's TEMP schema."""

    path: Path
    uuid: str
    org: str
    stage: dict[str, str] = field(default_factory=dict)  # table → TEMP table holding the unit's rows

    @property
    def file(self) -> str:
        return self.path.name


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write the file, whatever the permissions (also for root, also on
    read-only media): SQLite's mode=ro."""
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)


def _open_input(path_text: str, latest: int) -> tuple[sqlite3.Connection, dict[str, str], int]:
    """The input's read-only connection, its meta and schema version, or a clear refusal."""
    path = Path(path_text)
    if not path.exists():
        raise BadInput(f"找不到单位台账文件 {path_text}")
    if not path.is_file():
        raise BadInput(f"{path_text} 不是文件，请给出单位台账文件（.db）")
    try:
        src = _read_only(path)
    except sqlite3.DatabaseError as e:
        raise BadInput(f"{path_text} 无法作为台账打开：{_why(e)}") from e
    try:
        version = schema_version(src)
        has_meta = src.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if not has_meta:
            raise BadInput(f"{path_text} 不是 disc 台账文件（没有台账表结构）")
        if version > latest:
            raise LedgerTooNew(
                f"单位台账 {path_text} 的版本（{version}）比本程序支持的版本（{latest}）新，请升级 disc 后再合并"
                "（pip install -U disclosure_cli）"
            )
        meta = dict(src.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError as e:
        src.close()
        raise BadInput(f"{path_text} 无法作为台账打开：{_why(e)}") from e
    except BaseException:
        src.close()
        raise
    if not meta.get("uuid"):
        src.close()
        raise BadInput(
            f"单位台账 {path_text} 是旧版本（第 {version} 版）的台账，还没有台账标识，合并不会改动输入文件，"
            "因此无法给它的记录定下来源。请该单位先用新版 disc 打开一次（如 disc --db 该文件 org list，"
            "会自动升级并另存备份；只读介质上的文件请先复制到可写的文件夹），再交来合并"
        )
    return src, meta, version


def _stage(
    conn: sqlite3.Connection, src: sqlite3.Connection, version: int, latest: int, unit: _Unit, k: int, tmpdir: str, tables: set[str]
) -> None:
    """Load the input's tables into TEMP tables of `conn`, reading the file without ever writing it.

    An input at this disc's schema is attached read-only (SQLite's mode=ro) where this SQLite reads
    URI file names; otherwise, and for an older schema, it is first copied with the backup API from
    the read-only connection into a private temporary file, which is upgraded if need be.

    Why TEMP tables: SQLite cannot detach a file read inside a transaction, nor attach more than
    ten, so the units' rows must be on this connection before the one write transaction begins."""
    import os

    copy: Path | None = None
    keeper: sqlite3.Connection | None = None  # holds an in-memory staging copy alive until it is read
    where = unit.path.resolve().as_uri() + "?mode=ro"
    if version != latest or not _uri_names(conn):
        # The copy to upgrade lives in memory, never on disk: a merge killed halfway leaves no full
        # copy of a unit (applicants' ID numbers included) in a temp folder purge never looks at.
        if _uri_names(conn):
            where = f"file:disc-merge-{os.getpid()}-{k}?mode=memory&cache=shared"
        else:  # pragma: no cover - an SQLite built without URI names: a private file, removed after
            copy = Path(tmpdir) / f"unit{k}.db"
            where = str(copy)
        try:
            keeper = sqlite3.connect(where, uri=copy is None, isolation_level=None)
            keeper.execute("PRAGMA journal_mode = MEMORY")
            keeper.execute("PRAGMA synchronous = OFF")
            src.backup(keeper)
            if version < latest:
                migrate(keeper, None)
        except sqlite3.DatabaseError as e:
            if keeper is not None:
                keeper.close()
            if copy is not None:
                copy.unlink(missing_ok=True)
            raise BadInput(f"{unit.path} 无法作为台账读取：{e}") from e
    try:
        try:
            conn.execute("ATTACH DATABASE ? AS merge_unit", (where,))
        except sqlite3.DatabaseError as e:
            raise BadInput(f"{unit.path} 无法作为台账读取：{e}") from e
        try:
            conn.execute("BEGIN")  # one read transaction: a consistent snapshot of the unit
            try:
                present = {r[0] for r in conn.execute("SELECT name FROM merge_unit.sqlite_master WHERE type = 'table'")}
                for t in sorted(tables & present):
                    name = f"merge_u{k}_{t}"
                    conn.execute(f"DROP TABLE IF EXISTS temp.{_q(name)}")
                    cols, pk = _stage_columns(conn, t)
                    names = ", ".join(_q(c) for c, _ in cols)
                    conn.execute(f"CREATE TEMP TABLE {_q(name)} ({', '.join(['merge_row INTEGER PRIMARY KEY', *(f'{_q(c)} {d}' for c, d in cols)])})")
                    if cols:  # (none in common: reported as missing columns when the table is merged)
                        conn.execute(f"INSERT INTO temp.{_q(name)} ({names}) SELECT {names} FROM merge_unit.{_q(t)} ORDER BY {pk}")
                    unit.stage[t] = name
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as e:
            raise BadInput(f"{unit.path} 无法作为台账读取：{e}") from e
        finally:
            conn.execute("DETACH DATABASE merge_unit")
    finally:
        if keeper is not None:
            keeper.close()
        if copy is not None:
            copy.unlink(missing_ok=True)


def _stage_columns(conn: sqlite3.Connection, table: str) -> tuple[list[tuple[str, str]], str]:
    """The columns of the staged copy of a unit table: this ledger's (names and declared types, no
    constraints; nothing of the unit's own schema text goes into SQL), those the unit has; and the
    key order. The staged copy numbers its rows 1, 2, 3 … in key order (merge_row, its rowid), so
    the unit's rows are read in key order without sorting and new ids follow from the row number."""
    theirs = {r[1] for r in conn.execute(f"PRAGMA merge_unit.table_info({_q(table)})")}
    cols = [c for c in conn.execute(f"PRAGMA main.table_info({_q(table)})") if c[1] in theirs]
    pk = [c[1] for c in sorted((c for c in cols if c[5]), key=lambda c: c[5])]
    return [(c[1], c[2]) for c in cols], ", ".join(_q(c) for c in pk) or "rowid"


_URI_NAMES: dict[str, bool] = {}


def _uri_names(conn: sqlite3.Connection) -> bool:
    """Does ATTACH read 'file:…?mode=ro' as a URI here? Only when SQLite was built with
    SQLITE_USE_URI (the ledger's connection is opened without the URI flag)."""
    if "ok" not in _URI_NAMES:
        _URI_NAMES["ok"] = any(r[0] in ("USE_URI", "USE_URI=1") for r in conn.execute("PRAGMA compile_options"))
    return _URI_NAMES["ok"]


@contextmanager
def _workspace(conn: sqlite3.Connection) -> Iterator[None]:
    """The TEMP tables and the SQL function of one merge, gone afterwards."""
    conn.create_function(HASH_FUNCTION, 1, _hash_bytes, deterministic=True)
    conn.execute("DROP TABLE IF EXISTS temp.merge_map")
    conn.execute("DROP TABLE IF EXISTS temp.merge_new")
    # unit key → key here, per table (and 'request.seq': a re-issued application number)
    conn.execute("CREATE TEMP TABLE merge_map (tbl TEXT NOT NULL, u NOT NULL, t NOT NULL, PRIMARY KEY (tbl, u)) WITHOUT ROWID")
    # the new records of the table being merged: row of the staged table, unit key, key here, seq here
    conn.execute("CREATE TEMP TABLE merge_new (srow INTEGER PRIMARY KEY, u, t, seq)")
    try:
        yield
    finally:
        names = [r[0] for r in conn.execute("SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name GLOB 'merge_*'")]
        for n in names:
            conn.execute(f"DROP TABLE temp.{_q(n)}")
        conn.create_function(HASH_FUNCTION, 1, None)


# --------------------------------------------------------------------------- merging
def merge_ledgers(
    ledger: Ledger,
    paths: list[str],
    *,
    parent: str | None = None,
    top: bool = False,
    on_conflict: str = "report",
    dry_run: bool = False,
) -> MergeResult:
    """Merge unit ledgers into `ledger` in one transaction. Conflicts are returned, not raised.

    parent: the org the units' top orgs go under; by default this ledger's single top-level org
    when it has exactly one (else none); top=True: none. on_conflict: report (leave this ledger's
    value and report), keep (keep this ledger's value and accept it as resolved), take (overwrite
    with the unit's value). The unit files are only read, never upgraded or written.
    """
    if on_conflict not in ON_CONFLICT:
        raise BadInput(f"--on-conflict「{on_conflict}」不支持，可用：{'、'.join(ON_CONFLICT)}")
    if not paths:
        raise BadInput("请给出要合并的单位台账文件，如 disc merge 南街街道.db 北街街道.db")
    if parent is not None and top:
        raise BadInput("--parent 与 --top 只能选一个")
    target_uuid = ledger.meta("uuid")
    if not target_uuid:
        raise DiscError(f"台账 {ledger.path} 没有标识（meta uuid），无法合并")
    conn = ledger.conn
    result = MergeResult(dry_run=dry_run)
    tables = merged_tables(conn)
    wanted = {t.name for t in tables} | set(VOCAB_TABLES)
    latest = latest_version()
    with tempfile.TemporaryDirectory(prefix="disc-merge-") as tmpdir, _workspace(conn):
        units: list[_Unit] = []
        seen: dict[str, str] = {}
        seen_org: dict[str, str] = {}
        for k, p in enumerate(paths):
            src, meta, version = _open_input(p, latest)
            try:
                uuid = meta.get("uuid") or ""
                if uuid == target_uuid:
                    raise BadInput(
                        f"{p} 与当前台账 {ledger.path} 是同一本台账（标识相同；可能是复制出来的文件），不能合并到自身"
                    )
                if uuid in seen:
                    if (meta.get("org") or "") == seen_org[uuid]:
                        raise BadInput(f"{p} 与 {seen[uuid]} 是同一本台账（标识相同），请只给一次")
                    raise BadInput(
                        f"{p}（单位：{meta.get('org')}）与 {seen[uuid]}（单位：{seen_org[uuid]}）标识相同：两本台账是从同一个文件"
                        f"复制出来的（如区里下发的模板）。请先给其中一本换一个新标识（台账内容不变）：disc --db {p} reidentify，再合并"
                    )
                seen[uuid] = p
                seen_org[uuid] = meta.get("org") or ""
                unit = _Unit(Path(p), uuid, meta.get("org") or "")
                _stage(conn, src, version, latest, unit, k, tmpdir, wanted)
            finally:
                src.close()
            units.append(unit)
        if parent is not None:
            parent_id: int | None = ledger.org_id(parent)
            default_parent = False
        else:
            parent_id = None if top else _single_top(conn)
            default_parent = parent_id is not None
        try:
            with ledger.write():
                for unit in units:
                    result.units.append(_merge_unit(ledger, unit, tables, parent_id, default_parent, on_conflict, target_uuid))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    return result


class _DryRun(Exception):
    """Raised inside the transaction to roll a --dry-run back after the whole merge was computed."""


def _single_top(conn: sqlite3.Connection) -> int | None:
    """This ledger's only top-level org (issue 13: merged units go under it), not counting the units
    of ledgers merged before (an older disc left them at the top, beside it: they move under it)."""
    tops = conn.execute(
        "SELECT id FROM org WHERE parent_id IS NULL AND name NOT IN (SELECT org FROM merge_source) LIMIT 2"
    ).fetchall()
    return tops[0][0] if len(tops) == 1 else None


def _merge_unit(
    ledger: Ledger,
    unit: _Unit,
    tables: list[TableInfo],
    parent_id: int | None,
    default_parent: bool,
    on_conflict: str,
    target_uuid: str,
) -> UnitResult:
    conn = ledger.conn
    res = UnitResult(file=unit.file, uuid=unit.uuid, org=unit.org)
    _check_source(ledger, unit)
    _check_rows(conn, unit, tables)
    conn.execute("DELETE FROM temp.merge_map")
    maps = {
        "org": _map_orgs(ledger, unit, parent_id, default_parent, res),
        "channel": _map_channels(ledger, unit, res),
        "category": _map_categories(ledger, unit, res),
    }
    conn.executemany(
        "INSERT INTO temp.merge_map (tbl, u, t) VALUES (?, ?, ?)", [(t, u, v) for t, m in maps.items() for u, v in m.items()]
    )
    referenced = {ref for info in tables for ref in info.fks.values()}
    for info in tables:
        stage = unit.stage.get(info.name)
        if stage is None:
            continue
        unit_cols = {r[1] for r in conn.execute(f"PRAGMA temp.table_info({_q(stage)})")}
        missing = [c for c in info.columns if c not in unit_cols]
        if missing:
            raise DiscError(f"{unit.file} 的表 {info.name} 缺少列 {'、'.join(missing)}（台账版本不一致）")
        _TableMerge(ledger, unit, info, stage, res, on_conflict, target_uuid, info.name in referenced, maps).run()
    now = now_iso()
    conn.execute(
        "INSERT INTO merge_source (uuid, org, file, first_merged, last_merged) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(uuid) DO UPDATE SET file = excluded.file, last_merged = excluded.last_merged, merges = merges + 1",
        (unit.uuid, unit.org, unit.file, now, now),
    )
    ledger.log("merge", "ledger", None, after=res.summary(), reason=f"合并单位台账 {unit.file}")
    return res


# what a unit's rows must satisfy to be merged: what disc itself accepts on input (issue 21; a row
# edited in the sqlite3 shell can hold a count of 2^63−1 or a terminal's control sequences)
_BOUNDED = {"count": "数量", "amount_fen": "金额（分）"}
_CONTROL = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)))
_TABLE_NAMES = {"item": "主动公开信息", "request": "申请", "decision": "行政决定", "document": "文件", "legal_case": "复议诉讼案件",
                "fee_receipt": vocab.T2_ROWS.label("fee"), "narrative": "报告正文", "letter": "文书", "request_event": "申请办理步骤"}


def _check_rows(conn: sqlite3.Connection, unit: _Unit, tables: list[TableInfo]) -> None:
    """Refuse a unit whose rows disc would refuse on input, naming unit, table and row."""
    from disclosure_cli.ledger.fields import MAX_COUNT, MAX_YUAN

    limits = {"count": MAX_COUNT, "amount_fen": MAX_YUAN * 100}
    conn.create_function("disc_has_control", 1, lambda v: isinstance(v, str) and any(c in _CONTROL for c in v),
                         deterministic=True)
    problems: list[str] = []
    for info in tables:
        stage = unit.stage.get(info.name)
        if stage is None:
            continue
        cols = [r[1] for r in conn.execute(f"PRAGMA temp.table_info({_q(stage)})")]
        key = "id" if "id" in cols else "merge_row"
        what = _TABLE_NAMES.get(info.name, info.name)
        for col, label in _BOUNDED.items():
            if col in cols:
                for rid, v in conn.execute(
                    f"SELECT {key}, {_q(col)} FROM temp.{_q(stage)} WHERE typeof({_q(col)}) NOT IN ('integer', 'null')"
                    f" OR {_q(col)} < 0 OR {_q(col)} > ? LIMIT 10", (limits[col],)
                ):
                    problems.append(f"{what} 编号 {rid} 的{label}为 {v}，超出合理范围（0 至 {limits[col]}）")
        text_cols = [c for c in cols if c not in ("merge_row", "id", *_BOUNDED)]
        if text_cols:
            cond = " OR ".join(f"disc_has_control({_q(c)})" for c in text_cols)
            for row in conn.execute(f"SELECT {key}, {', '.join(_q(c) for c in text_cols)} FROM temp.{_q(stage)} WHERE {cond} LIMIT 10"):
                bad = [c for c, v in zip(text_cols, row[1:], strict=True) if isinstance(v, str) and any(ch in _CONTROL for ch in v)]
                problems.append(f"{what} 编号 {row[0]} 的 {'、'.join(bad)} 含有控制字符（可能是在数据库工具中改写的）")
    if problems:
        raise BadInput(
            f"单位台账 {unit.file}（{unit.org}）中有 disc 不会接受的记录，本次不合并（本台账未作改动）：\n"
            + "\n".join(f"  - {p}" for p in problems[:20])
            + (f"\n  另有 {len(problems) - 20} 处" if len(problems) > 20 else "")
            + "\n请该单位更正这些记录（disc edit / disc void）后再交来",
            problems,
        )


def _check_source(ledger: Ledger, unit: _Unit) -> None:
    """A copied ledger file keeps its uuid: the same identity with another org is refused, not mixed up."""
    row = ledger.conn.execute("SELECT org, file FROM merge_source WHERE uuid = ?", (unit.uuid,)).fetchone()
    if row is not None and row[0] != unit.org:
        raise BadInput(
            f"{unit.file}（单位：{unit.org}）与之前合并过的 {row[1]}（单位：{row[0]}）标识相同：两本台账是从同一个文件"
            f"复制出来的（如区里下发的模板）。为免把一个单位的记录并到另一个单位，本次不合并。请先给这本台账换一个新标识"
            f"（台账内容不变）：disc --db {unit.path} reidentify，然后再合并"
        )


# --------------------------------------------------------------------------- orgs and vocabularies
def _map_orgs(ledger: Ledger, unit: _Unit, parent_id: int | None, default_parent: bool, res: UnitResult) -> dict[int, int]:
    """Unit org id → this ledger's org id, by identity, then by place in the tree — never by name
    alone (issue 21): two 南街街道 of two districts stay two units when both districts are merged into
    the city. An org's identity is where it was first recorded: (origin ledger, id there), carried
    through every merge. Missing orgs are created under their mapped parent, with that identity."""
    conn = ledger.conn
    stage = unit.stage.get("org")
    cols = {r[1] for r in conn.execute(f"PRAGMA temp.table_info({_q(stage)})")} if stage else set()
    has_origin = {"origin_ledger", "origin_id"} <= cols
    sql = (f"SELECT id, name, parent_id, {'origin_ledger, origin_id' if has_origin else 'NULL, NULL'}"
           f" FROM temp.{_q(stage)} ORDER BY id") if stage else None
    rows = conn.execute(sql).fetchall() if sql else []
    by_id = {i: (n, p, (ol or unit.uuid, oi if ol else i)) for i, n, p, ol, oi in rows}
    mapping: dict[int, int] = {}
    placed_by_default: list[str] = []

    def by_identity(ident: tuple[str, int]) -> int | None:
        row = conn.execute("SELECT id FROM org WHERE origin_ledger = ? AND origin_id = ?", ident).fetchone()
        if row is None and ident[0] == ledger.meta("uuid"):  # one of this ledger's own orgs, come back
            row = conn.execute("SELECT id FROM org WHERE id = ? AND origin_ledger IS NULL", (ident[1],)).fetchone()
        return None if row is None else int(row[0])

    def place(uid: int, trail: tuple[int, ...] = ()) -> int:
        if uid in mapping:
            return mapping[uid]
        name, uparent, ident = by_id[uid]
        desired = parent_id
        top = True
        if uparent is not None and uparent in by_id and uparent not in trail:
            desired = place(uparent, (*trail, uid))
            top = False
        tid = by_identity(ident)
        if tid is None:
            # the same name at the same place: the unit a clerk added by hand before the first merge,
            # or merged by an older disc (no identity yet); it takes this identity from now on
            tid = find_org(conn, name, desired)
            if tid is None and top and desired is not None:
                legacy = find_org(conn, name, None)  # an older disc left merged units at the top
                tid = legacy if legacy is not None and _identity(conn, legacy) is None else None
            if tid is not None and _identity(conn, tid) not in (None, ident):
                tid = None  # another unit of that name and place: a namesake, not this one
            if tid is not None and _identity(conn, tid) is None and ident[0] != ledger.meta("uuid"):
                conn.execute("UPDATE org SET origin_ledger = ?, origin_id = ? WHERE id = ?", (*ident, tid))
        if tid is None:
            if find_org(conn, name, desired) is not None:
                raise BadInput(
                    f"{unit.file}：单位「{name}」与本台账「{_path(conn, desired)}」下已有的同名单位不是同一个单位"
                    "（台账标识不同）。请先用 disc org move 调整其中一个的上级，或更名后再合并"
                )
            tid = create_org(ledger, name, desired)
            if ident[0] != ledger.meta("uuid"):
                conn.execute("UPDATE org SET origin_ledger = ?, origin_id = ? WHERE id = ?", (*ident, tid))
            res.orgs_created.append(name)
            if top and default_parent and desired is not None:
                placed_by_default.append(name)
        else:
            current = conn.execute("SELECT parent_id FROM org WHERE id = ?", (tid,)).fetchone()[0]
            if desired is not None and current is None and desired != tid:
                try:
                    check_parent(conn, tid, desired)
                except BadInput as e:
                    res.notes.append(f"单位「{name}」未挂到上级下：{e}")
                else:
                    reparent(ledger, tid, desired)
                    res.notes.append(f"单位「{name}」已挂到「{_org_name(conn, desired)}」之下")
            elif desired is not None and current is not None and current != desired:
                res.notes.append(
                    f"单位「{name}」在本台账中的上级是「{_org_name(conn, current)}」，保持不变"
                    f"（未改为「{_org_name(conn, desired)}」；如需调整：disc org move）"
                )
        mapping[uid] = tid
        return tid

    for uid in by_id:
        place(uid)
    if placed_by_default and parent_id is not None:
        res.notes.append(
            f"单位「{'、'.join(placed_by_default)}」挂到「{_org_name(conn, parent_id)}」之下（本台账唯一的最上一级单位；"
            "另挂用 --parent，不挂用 --top）"
        )
    return mapping


def _identity(conn: sqlite3.Connection, org_id: int) -> tuple[str, int] | None:
    row = conn.execute("SELECT origin_ledger, origin_id FROM org WHERE id = ?", (org_id,)).fetchone()
    return None if row is None or row[0] is None else (row[0], int(row[1]))


def _path(conn: sqlite3.Connection, org_id: int | None) -> str:
    from disclosure_cli.ledger.orgs import path_of

    return "最上一级" if org_id is None else path_of(conn, org_id)


def _org_name(conn: sqlite3.Connection, org_id: int) -> str:
    return conn.execute("SELECT name FROM org WHERE id = ?", (org_id,)).fetchone()[0]


def _map_channels(ledger: Ledger, unit: _Unit, res: UnitResult) -> dict[str, str]:
    """Unit channel code → ours: the same code, else the same label or alias, else added to ours."""
    from disclosure_cli.ledger.items import Vocab
    from disclosure_cli.vocab import normalize

    conn = ledger.conn
    ours = dict(conn.execute("SELECT code, label FROM channel"))
    vocab = Vocab.load(conn)
    mapping: dict[str, str] = {}
    has_kind = "channel" in unit.stage and "kind" in {
        r[1] for r in conn.execute(f"PRAGMA temp.table_info({_q(unit.stage['channel'])})")}
    used = _staged_rows(
        conn,
        unit,
        ("channel", "item"),
        f"SELECT c.code, c.label, c.aliases, {'c.kind' if has_kind else 'NULL'} FROM temp.{{channel}} c"
        " WHERE c.code IN (SELECT DISTINCT channel FROM temp.{item}) ORDER BY c.position, c.code",
    )
    from disclosure_cli.vocab import DEFAULT_CHANNEL_KINDS

    for code, label, aliases, kind in used:
        if code in ours:
            mapping[code] = code
            if ours[code] != label:
                res.notes.append(f"渠道 {code}：单位台账名为「{label}」，本台账名为「{ours[code]}」，按代码合并")
            continue
        hit = vocab._channel_keys.get(normalize(label))
        if hit is not None:
            mapping[code] = hit
            res.notes.append(f"渠道 {code}（{label}）并入本台账的渠道 {hit}（{ours[hit]}）")
            continue
        keep = [a for a in aliases.split("|") if a and normalize(a) not in vocab._channel_keys]
        pos = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM channel").fetchone()[0]
        conn.execute(
            "INSERT INTO channel (code, label, aliases, position, kind) VALUES (?, ?, ?, ?, ?)",
            (code, label, "|".join(keep), pos, kind or DEFAULT_CHANNEL_KINDS.get(code, "other")),
        )
        ledger.log("add", "channel", None, after={"code": code, "label": label, "aliases": keep}, reason=f"合并自 {unit.file}")
        res.notes.append(f"新增渠道 {code}（{label}）")
        ours[code] = label
        vocab = Vocab.load(conn)
        mapping[code] = code
    return mapping


def _map_categories(ledger: Ledger, unit: _Unit, res: UnitResult) -> dict[str, str]:
    """Unit category → ours: the same name, else one of our aliases, else added to ours."""
    from disclosure_cli.ledger.items import Vocab
    from disclosure_cli.vocab import normalize

    conn = ledger.conn
    ours = {r[0] for r in conn.execute("SELECT name FROM category")}
    vocab = Vocab.load(conn)
    mapping: dict[str, str] = {}
    used = _staged_rows(
        conn,
        unit,
        ("category", "item"),
        "SELECT name, aliases FROM temp.{category} WHERE name IN (SELECT DISTINCT category FROM temp.{item}) ORDER BY position, name",
    )
    for name, aliases in used:
        if name in ours:
            mapping[name] = name
            continue
        hit = vocab._category_keys.get(normalize(name))
        if hit is not None:
            mapping[name] = hit
            res.notes.append(f"类别「{name}」并入本台账的类别「{hit}」")
            continue
        keep = [a for a in aliases.split("|") if a and normalize(a) not in vocab._category_keys]
        pos = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM category").fetchone()[0]
        conn.execute("INSERT INTO category (name, aliases, position) VALUES (?, ?, ?)", (name, "|".join(keep), pos))
        ledger.log("add", "category", None, after={"name": name, "aliases": keep}, reason=f"合并自 {unit.file}")
        res.notes.append(f"新增类别「{name}」")
        ours.add(name)
        vocab = Vocab.load(conn)
        mapping[name] = name
    return mapping


def _staged_rows(conn: sqlite3.Connection, unit: _Unit, needed: tuple[str, ...], sql: str) -> list[tuple]:
    if any(t not in unit.stage for t in needed):
        return []
    return conn.execute(sql.format(**{t: _q(unit.stage[t]) for t in needed})).fetchall()


# --------------------------------------------------------------------------- records
class _TableMerge:
    """One table of one unit, merged with set-based SQL over its staged rows.

    Every staged row is exactly one of: `own` (one of this ledger's records that came back through
    the unit: already here), `unmapped` (refers to a record that could not be merged: reported),
    `found` (merged before: compared by digest, and only the rows whose digest differs are decided
    one by one in Python), or new (inserted together; if the schema refuses the batch, row by row so
    that only the offending rows are reported)."""

    def __init__(
        self,
        ledger: Ledger,
        unit: _Unit,
        info: TableInfo,
        stage: str,
        res: UnitResult,
        on_conflict: str,
        target_uuid: str,
        referenced: bool,
        vocab: dict[str, dict[Any, Any]],
    ):
        self.ledger, self.conn, self.unit, self.info, self.res = ledger, ledger.conn, unit, info, res
        self.referenced = referenced and info.rowid_key is not None  # other tables refer to its rows: keep an id map
        self.on_conflict, self.target_uuid = on_conflict, target_uuid
        self.t = info.name
        self.key = info.rowid_key
        self.params = {"unit": unit.uuid, "target": target_uuid, "tbl": info.name}
        self.conflicts: list[tuple[tuple, Conflict]] = []  # sorted by the unit row's key, as the rows come
        T, S = _q(info.name), f"temp.{_q(stage)}"
        self.T = T
        q = _q
        # the value of every column here: references through the map, the rest as in the unit
        self.mapped: dict[str, str] = {}
        joins: list[str] = []  # the maps, then (lookups) where our copies are
        unmapped: list[str] = []
        for c in (*info.compare, *info.carry):
            ref = info.fks.get(c)
            if ref is None:
                self.mapped[c] = f"s.{q(c)}"
                continue
            case = _case(f"s.{q(c)}", vocab.get(ref))
            if case is not None:  # a few orgs, channels, categories: spelt out, no lookup per row
                self.mapped[c] = case
                unmapped.append(f"(s.{q(c)} IS NOT NULL AND {case} IS NULL)")
                continue
            m = q(f"m_{c}")
            joins.append(f"LEFT JOIN temp.merge_map {m} ON {m}.tbl = '{ref}' AND {m}.u = s.{q(c)}")
            self.mapped[c] = f"{m}.t"
            unmapped.append(f"(s.{q(c)} IS NOT NULL AND {m}.u IS NULL)")
        has_origin = "s.origin_ledger IS NOT NULL AND s.origin_id IS NOT NULL"
        self.il = f"(CASE WHEN {has_origin} THEN s.origin_ledger ELSE :unit END)"
        own_id = "NULL" if info.composite else f"s.{q(info.pk[0])}"
        self.ii = f"(CASE WHEN {has_origin} THEN s.origin_id ELSE {own_id} END)"
        self.map_joins = " ".join(joins)
        # where our copy is: by origin; for a natural key (narrative, request_personal) also by that key
        lookups: list[str] = []
        if not info.composite:
            joins.append(f"LEFT JOIN main.{T} t1 ON t1.origin_ledger = {self.il} AND t1.origin_id = {self.ii}")
            lookups.append("t1")
        if not info.auto_id:
            on = " AND ".join(f"t2.{q(c)} = {self.mapped[c]}" for c in info.pk)
            joins.append(f"LEFT JOIN main.{T} t2 ON {on}")
            lookups.append("t2")
        self.found = "(" + " OR ".join(f"{a}.{q(info.pk[0])} IS NOT NULL" for a in lookups) + ")"

        def pick(col: str) -> str:
            if len(lookups) == 1:
                return f"{lookups[0]}.{q(col)}"
            return f"(CASE WHEN t1.{q(info.pk[0])} IS NOT NULL THEN t1.{q(col)} ELSE t2.{q(col)} END)"

        self.tkeys = [pick(c) for c in info.pk]
        self.stored = pick("origin_hash")
        if self.key:
            self.own = (
                f"({self.il} = :target AND {self.ii} IS NOT NULL"
                f" AND EXISTS (SELECT 1 FROM main.{T} o WHERE o.{q(self.key)} = {self.ii}))"
            )
        else:
            self.own = "0"
        self.unmapped = "(" + " OR ".join(unmapped) + ")" if unmapped else "0"
        self.S = S
        self.joins = " ".join(joins)
        self.order = "s.rowid"  # the staged rows are numbered in the unit's key order
        self.blobs = False  # set when a staged row holds a BLOB (json_object refuses it)
        self.raw = ", ".join(f"s.{q(c)}" for c in info.columns)
        self.cols_mapped = [*info.compare, *info.carry]

    @property
    def hash(self) -> str:
        """SQL for the digest of a staged row's values as they will be here."""
        return hash_sql(self.info, self.mapped, blobs=self.blobs)

    def _has_blobs(self) -> bool:
        cols = [c for c in self.info.hashed if c not in self.info.fks]
        if not cols:
            return False
        cond = " OR ".join(f"typeof({_q(c)}) = 'blob'" for c in cols)
        return self.conn.execute(f"SELECT 1 FROM {self.S} WHERE {cond} LIMIT 1").fetchone() is not None

    def _hashing(self, run: Callable[[], Any]) -> Any:
        """Run a statement that computes digests. json_object refuses a BLOB (only another tool writes
        one): if a staged row holds one, run it again with BLOBs spelt out (as the digest of our copy
        always does). Checked only then: looking first would cost a pass over every table."""
        try:
            return run()
        except sqlite3.OperationalError:
            if self.blobs or not self._has_blobs():
                raise
            self.blobs = True
            return run()

    def sql(self, select: str, where: str, order: bool = False, lookups: bool = True) -> str:
        joins = self.joins if lookups else self.map_joins
        return f"SELECT {select} FROM {self.S} s {joins} WHERE {where}" + (f" ORDER BY {self.order}" if order else "")

    # ------------------------------------------------------------------ the steps
    def run(self) -> None:
        """own → unmapped → found (decided) → new, each step skipped when it can have no rows."""
        res, t, conn, q = self.res, self.t, self.conn, _q
        total = conn.execute(f"SELECT count(*) FROM {self.S}").fetchone()[0]
        if not total:
            return
        origins = {r[0] for r in conn.execute(f"SELECT DISTINCT origin_ledger FROM {self.S} WHERE origin_ledger IS NOT NULL AND origin_id IS NOT NULL")}
        own = self.own if (self.key and self.target_uuid in origins) else "0"
        # can any row have a copy here? (a first merge of a unit: no, and the lookups are skipped)
        lookups = not self.info.auto_id or any(
            conn.execute(f"SELECT 1 FROM main.{self.T} WHERE origin_ledger = ? LIMIT 1", (o,)).fetchone()
            for o in sorted(origins | {self.unit.uuid})
        )
        found = self.found if lookups else "0"
        live = f"NOT {self.unmapped}" if own == "0" else f"NOT {own} AND NOT {self.unmapped}"
        # a first merge where every reference maps: all rows go in at once, ids in staged row order
        if own == "0" and found == "0" and self._insert_new(live, False, "s.rowid", expect=total):
            self._finish()
            return
        n_own = 0
        if own != "0":
            n_own = conn.execute(f"SELECT count(*) FROM {self.S} s WHERE {own}", self.params).fetchone()[0]
            if n_own and self.referenced:
                conn.execute(f"INSERT INTO temp.merge_map (tbl, u, t) SELECT :tbl, s.{q(self.key)}, {self.ii} FROM {self.S} s WHERE {own}", self.params)
            if n_own:
                res.unchanged[t] += n_own

        # one pass: how many rows were merged before, how many of those differ, and where the new ones are
        def differ() -> str:
            return f"({self.stored} IS NULL OR {self.stored} NOT GLOB '{HASH_PREFIX}*' OR {self.stored} <> {self.hash})"

        def counts() -> str:
            if found == "0":
                return "0, 0, count(*), min(s.rowid), max(s.rowid)"
            return (
                f"sum({found}), coalesce(sum(CASE WHEN {found} THEN {differ()} END), 0), sum(NOT {found}),"
                f" min(CASE WHEN NOT {found} THEN s.rowid END), max(CASE WHEN NOT {found} THEN s.rowid END)"
            )

        n_found, n_differ, n_new, lo, hi = self._hashing(
            lambda: conn.execute(self.sql(counts(), live, lookups=found != "0"), self.params).fetchone()
        )
        n_found, n_new = n_found or 0, n_new or 0
        if total > n_own + n_found + n_new:  # some rows refer to records that could not be merged
            self._unmapped(own)
        if n_found:
            if self.referenced:
                conn.execute(f"INSERT INTO temp.merge_map (tbl, u, t) {self.sql(f':tbl, s.{q(self.key)}, {self.tkeys[0]}', f'{live} AND {found}')}", self.params)
            if n_found - n_differ:
                res.unchanged[t] += n_found - n_differ
            if n_differ:

                def select() -> str:
                    return ", ".join([self.raw, *(self.mapped[c] for c in self.cols_mapped), self.il, self.ii, *self.tkeys, self.stored, self.hash])

                rows = self._hashing(lambda: conn.execute(self.sql(select(), f"{live} AND {found} AND {differ()}", order=True), self.params).fetchall())
                n, m = len(self.info.columns), len(self.cols_mapped)
                for r in rows:
                    row = dict(zip(self.info.columns, r[:n], strict=True))
                    mapped = dict(zip(self.cols_mapped, r[n : n + m], strict=True))
                    ident = (r[n + m], r[n + m + 1])
                    tkeys = tuple(r[n + m + 2 : n + m + 2 + len(self.info.pk)])
                    self._decide(row, mapped, ident, tkeys, r[-2], r[-1])
        if n_new:
            # new ids in key order: the staged row number when the new rows are a run of consecutive rows
            rank = f"(s.rowid - {int(lo) - 1})" if hi - lo + 1 == n_new else f"row_number() OVER (ORDER BY {self.order})"
            self._insert_new(live if found == "0" else f"{live} AND NOT {found}", found != "0", rank)
        self._finish()

    def _finish(self) -> None:
        self.conflicts.sort(key=lambda kc: kc[0])
        self.res.conflicts.extend(c for _, c in self.conflicts)

    def _unmapped(self, own: str) -> None:
        if self.unmapped == "0":
            return
        where = f"NOT {own} AND {self.unmapped}" if own != "0" else self.unmapped
        for values in self.conn.execute(self.sql(self.raw, where, order=True, lookups=False), self.params).fetchall():
            self._report_unmapped(dict(zip(self.info.columns, values, strict=True)))

    def _conflict(self, row: dict[str, Any], c: Conflict) -> None:
        self.conflicts.append((tuple(_sortable(row[k]) for k in self.info.pk), c))

    def _report_unmapped(self, row: dict[str, Any]) -> None:
        for c in self.cols_mapped:
            ref = self.info.fks.get(c)
            if ref is None or row[c] is None:
                continue
            if self.conn.execute("SELECT 1 FROM temp.merge_map WHERE tbl = ? AND u = ?", (ref, row[c])).fetchone() is None:
                label = _label(self.t, row, self.key)
                self._conflict(row, Conflict(self.res.file, self.t, "（未合并）", label, c, f"引用的 {ref} {row[c]} 未能合并", None))
                return

    def _decide(self, row: dict[str, Any], mapped: dict[str, Any], ident: tuple, tkeys: tuple, stored: str | None, h_new: str) -> None:
        """One record merged before whose digest differs: the rules of the module docstring."""
        info, conn, res, t, key = self.info, self.conn, self.res, self.t, self.key
        file = res.file
        legacy = stored is not None and not stored.startswith(HASH_PREFIX)
        h_unit = digest(info, mapped) if legacy else h_new
        if h_unit == stored:  # unchanged since a merge by an older disc: only the digest is renewed
            conn.execute(f"UPDATE main.{self.T} SET origin_hash = ? WHERE {_where(info)}", (h_new, *tkeys))
            res.unchanged[t] += 1
            return
        target = _fetch(conn, info, tkeys)
        h_target = digest(info, target) if legacy else _target_hash(conn, info, tkeys)
        if h_target == h_unit:
            # both sides hold the same values (e.g. the same correction made twice): just note the merge
            conn.execute(
                f"UPDATE {t} SET origin_hash = ?, origin_ledger = coalesce(origin_ledger, ?), origin_id = coalesce(origin_id, ?)"
                f" WHERE {_where(info)}",
                (h_new, ident[0], ident[1], *tkeys),
            )
            res.unchanged[t] += 1
            return
        if h_target == stored:  # changed in the unit, not here: take the unit's values
            if self._savepoint(row, _update, self.ledger, info, target, mapped, row, ident, h_new, "merge", file):
                res.updated[t] += 1
            return
        # changed here since the last merge (or never merged and different): a conflict
        fields = [c for c in info.compare if mapped[c] != target[c]]
        resolved = "" if self.on_conflict == "report" else self.on_conflict
        here, there = _label(t, target, key), _label(t, row, key)
        for c in fields:
            self._conflict(row, Conflict(file, t, here, there, c, _shown(t, c, mapped[c]), _shown(t, c, target[c]), resolved))
        if self.on_conflict == "take":
            if self._savepoint(row, _update, self.ledger, info, target, mapped, row, ident, h_new, "merge_take", file):
                res.updated[t] += 1
        elif self.on_conflict == "keep":
            conn.execute(f"UPDATE {t} SET origin_hash = ? WHERE {_where(info)}", (h_new, *tkeys))
            self.ledger.log(
                "merge_keep",
                t,
                tkeys[0] if key else None,
                after={"fields": fields},
                reason=f"合并 {file} 时保留本台账的值",
            )

    def _savepoint(self, row: dict[str, Any], fn, *args: Any) -> bool:
        """One record's write; if the schema refuses it (a constraint, a trigger), report it and go on."""
        conn = self.conn
        conn.execute("SAVEPOINT merge_record")
        try:
            fn(*args)
        except sqlite3.DatabaseError as e:
            conn.execute("ROLLBACK TO merge_record")
            conn.execute("RELEASE merge_record")
            label = _label(self.t, row, self.key)
            self._conflict(row, Conflict(self.res.file, self.t, "（未合并）", label, "", f"无法写入：{e}", None))
            return False
        conn.execute("RELEASE merge_record")
        return True

    # ------------------------------------------------------------------ new records
    def _insert_new(self, where: str, lookups: bool, rank: str, expect: int | None = None) -> bool:
        """Insert the rows `where` selects, ids given here in unit key order (`rank`: 1, 2, 3 … over
        them). A table other tables refer to (request) first lists them with their new keys (its
        children are mapped through that list; application numbers are settled there).

        expect: insert only if exactly that many rows are selected and the schema takes them all at
        once; else write nothing and return False (the caller then counts and reports first)."""
        info, conn, t, q = self.info, self.conn, self.t, _q
        if info.auto_id:
            base = conn.execute(f"SELECT coalesce(max({q(info.pk[0])}), 0) FROM main.{self.T}").fetchone()[0]
            target_key = f"{int(base)} + {rank}"
        elif self.key:
            target_key = self.mapped[self.key]
        else:
            target_key = "NULL"
        unit_key = f"s.{q(self.key)}" if self.key else "NULL"
        cols = ([info.pk[0]] if info.auto_id else []) + info.compare + info.carry + list(ORIGIN_COLUMNS)
        into = f"INSERT INTO main.{self.T} ({', '.join(q(c) for c in cols)})"
        # SQLite gives the rowid itself only for a composite key (narrative): then insert in key order
        order = f" ORDER BY {self.order}" if not info.auto_id and not self.key else ""
        listed = f"INSERT INTO temp.merge_new (srow, u, t) {self.sql(f's.rowid, {unit_key}, {target_key}', where, order=True, lookups=lookups)}"

        def values(head: list[str]) -> str:  # built when run: the digest's SQL changes if BLOBs turn up
            v = head + [self.mapped[c] for c in info.compare]
            v += ["coalesce(n.seq, s.seq)" if (t == "request" and c == "seq") else self.mapped[c] for c in info.carry]
            return ", ".join([*v, self.il, self.ii, self.hash])

        def by_row() -> str:
            head = ["n.t"] if info.auto_id else []
            return f"{into} SELECT {values(head)} FROM temp.merge_new n JOIN {self.S} s ON s.rowid = n.srow {self.map_joins}"

        def direct() -> str:
            return f"{into} {self.sql(values([target_key] if info.auto_id else []), where, lookups=lookups)}{order}"

        conn.execute("DELETE FROM temp.merge_new")
        if not self.referenced and t != "request":
            # the common case: one statement straight from the staged rows
            conn.execute("SAVEPOINT merge_batch")
            try:
                cur = self._hashing(lambda: conn.execute(direct(), self.params))
                ok = expect is None or cur.rowcount == expect
            except sqlite3.DatabaseError:
                ok = False
            if ok:
                conn.execute("RELEASE merge_batch")
                if cur.rowcount > 0:
                    self.res.added[t] += cur.rowcount
                return True
            conn.execute("ROLLBACK TO merge_batch")
            conn.execute("RELEASE merge_batch")
            if expect is not None:
                return False
            conn.execute(listed, self.params)
            self._insert_one_by_one(by_row)
            return True
        n = conn.execute(listed, self.params).rowcount
        if expect is not None and n != expect:
            conn.execute("DELETE FROM temp.merge_new")
            return False
        if n <= 0:
            return True
        if t == "request":
            self._renumber()
        conn.execute("SAVEPOINT merge_batch")
        try:
            cur = self._hashing(lambda: conn.execute(f"{by_row()} WHERE 1{order}", self.params))
        except sqlite3.DatabaseError:
            conn.execute("ROLLBACK TO merge_batch")
            conn.execute("RELEASE merge_batch")
            self._insert_one_by_one(by_row)
        else:
            conn.execute("RELEASE merge_batch")
            self.res.added[t] += cur.rowcount
        if self.key:
            conn.execute("INSERT INTO temp.merge_map (tbl, u, t) SELECT :tbl, u, t FROM temp.merge_new", self.params)
        return True

    def _insert_one_by_one(self, insert: Callable[[], str]) -> None:
        """The schema refused the batch (a unique index, a trigger): write each row on its own so that
        only the rows it refuses are reported (and their children, finding no parent, too)."""
        conn = self.conn
        order = conn.execute(f"SELECT n.srow, {self.raw} FROM temp.merge_new n JOIN {self.S} s ON s.rowid = n.srow ORDER BY {self.order}")
        for srow, *values in order.fetchall():
            row = dict(zip(self.info.columns, values, strict=True))
            params = {**self.params, "srow": srow}
            if self._savepoint(row, self._hashing, lambda p=params: conn.execute(insert() + " WHERE n.srow = :srow", p)):
                self.res.added[self.t] += 1
            else:
                conn.execute("DELETE FROM temp.merge_new WHERE srow = ?", (srow,))

    def _renumber(self) -> None:
        """Keep the unit's application number when it is free here, else the next one (in unit id
        order, as the numbers were given): only the org/years where a new number is taken here."""
        conn, res = self.conn, self.res
        org, seq = self.mapped["org_id"], "s.seq"
        clash = conn.execute(
            f"SELECT DISTINCT {org}, s.year FROM temp.merge_new n JOIN {self.S} s ON s.rowid = n.srow {self.map_joins}"
            f" WHERE EXISTS (SELECT 1 FROM main.request r WHERE r.org_id = {org} AND r.year = s.year AND r.seq = {seq})",
            self.params,
        ).fetchall()
        if not clash:
            return
        groups = {(o, y): None for o, y in clash}
        taken: dict[tuple[int, int], set[int]] = {}
        top: dict[tuple[int, int], int] = {}
        for o, y in groups:
            seqs = {r[0] for r in conn.execute("SELECT seq FROM request WHERE org_id = ? AND year = ?", (o, y))}
            taken[(o, y)], top[(o, y)] = seqs, max(seqs, default=0)
        rows = conn.execute(
            f"SELECT n.srow, {org}, s.year, s.seq FROM temp.merge_new n JOIN {self.S} s ON s.rowid = n.srow {self.map_joins}"
            f" ORDER BY {self.order}",
            self.params,
        ).fetchall()
        for srow, o, y, preferred in rows:
            g = (o, y)
            if g not in groups:
                continue
            new = preferred if preferred not in taken[g] else top[g] + 1
            taken[g].add(new)
            top[g] = max(top[g], new)
            if new != preferred:
                conn.execute("UPDATE temp.merge_new SET seq = ? WHERE srow = ?", (new, srow))
                res.notes.append(f"申请 {y}-{preferred:03d}（{res.org}）在本台账中改编为 {y}-{new:03d}（原编号已被占用）")


def _case(column: str, mapping: dict[Any, Any] | None) -> str | None:
    """A small map as SQL (CASE column WHEN 1 THEN 7 … END), or None to look it up in merge_map."""
    if mapping is None or len(mapping) > 32:
        return None
    parts = []
    for k, v in mapping.items():
        lk, lv = _literal(k), _literal(v)
        if lk is None or lv is None:
            return None
        parts.append(f"WHEN {lk} THEN {lv}")
    return f"(CASE {column} {' '.join(parts)} END)" if parts else "NULL"


def _literal(v: Any) -> str | None:
    if type(v) is int:
        return str(v)
    if type(v) is str and "\x00" not in v:
        return "'" + v.replace("'", "''") + "'"
    return None


def _sortable(v: Any) -> tuple:
    """Row keys of mixed types sort (None first, then numbers, then text) like SQLite's ORDER BY."""
    if v is None:
        return (0, 0)
    if isinstance(v, (int, float)):
        return (1, v)
    if isinstance(v, str):
        return (2, v)
    return (3, bytes(v))


def _target_hash(conn: sqlite3.Connection, info: TableInfo, keys: tuple) -> str:
    """The digest of our copy as it is now, by the same SQL as the unit's rows."""
    expr = hash_sql(info, {c: _q(c) for c in info.hashed})
    return conn.execute(f"SELECT {expr} FROM main.{_q(info.name)} WHERE {_where(info)}", keys).fetchone()[0]


def _fetch(conn: sqlite3.Connection, info: TableInfo, keys: tuple) -> dict[str, Any]:
    row = conn.execute(f"SELECT {', '.join(info.columns)} FROM {info.name} WHERE {_where(info)}", keys).fetchone()
    return dict(zip(info.columns, row, strict=True))


def _where(info: TableInfo) -> str:
    return " AND ".join(f"{c} = ?" for c in info.pk)


def _key_values(info: TableInfo, row: dict[str, Any]) -> tuple:
    return tuple(row[c] for c in info.pk)


def _update(
    ledger: Ledger,
    info: TableInfo,
    target: dict[str, Any],
    mapped: dict[str, Any],
    row: dict[str, Any],
    ident: tuple[str | None, Any],
    h_unit: str,
    action: str,
    file: str,
) -> None:
    conn = ledger.conn
    t = info.name
    changed = {c: mapped[c] for c in (*info.compare, *info.carry) if c != "seq" and mapped[c] != target[c]}
    if t == "request":
        if changed.get("year", target["year"]) != target["year"] or changed.get("org_id", target["org_id"]) != target["org_id"]:
            changed["seq"] = _free_seq(conn, mapped["org_id"], mapped["year"], row["seq"], target["id"])
        if "outcome" in changed and target["outcome"] is not None and mapped["outcome"] is not None:
            # an outcome is changed only by reopening first (the schema's rule); the log says both
            conn.execute("UPDATE request SET outcome = NULL, closed = NULL WHERE id = ?", (target["id"],))
            changed["closed"] = mapped["closed"]
    sets = {**changed, "origin_hash": h_unit}
    if target["origin_ledger"] is None:
        sets.update(origin_ledger=ident[0], origin_id=ident[1])
    conn.execute(
        f"UPDATE {t} SET {', '.join(f'{c} = ?' for c in sets)} WHERE {_where(info)}",
        (*sets.values(), *_key_values(info, target)),
    )
    key = info.rowid_key
    ledger.log(
        action,
        t,
        target[key] if key else None,
        before={c: _logged(t, c, target.get(c)) for c in changed},
        after={c: _logged(t, c, v) for c, v in changed.items()},
        reason=f"合并自 {file}",
    )


def _free_seq(conn: sqlite3.Connection, org_id: int, year: int, preferred: int, self_id: int | None) -> int:
    """Keep the unit's application number when it is free here, else the next one."""
    taken = conn.execute(
        "SELECT 1 FROM request WHERE org_id = ? AND year = ? AND seq = ? AND id IS NOT ?", (org_id, year, preferred, self_id)
    ).fetchone()
    if not taken:
        return preferred
    return conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM request WHERE org_id = ? AND year = ?", (org_id, year)).fetchone()[0]


# --------------------------------------------------------------------------- labels, masking
def _shown(table: str, column: str, value: Any) -> Any:
    if table in PERSONAL_TABLES and column not in PERSONAL_SHOWN and value is not None:
        return HIDDEN
    return value


def _logged(table: str, column: str, value: Any) -> Any:
    """The change log never holds personal data: a changed personal field is logged as changed only."""
    if table in PERSONAL_TABLES and column not in PERSONAL_SHOWN:
        return "（已更新）" if value is not None else None
    return value


def _describe(table: str, row: dict[str, Any]) -> str:
    if table == "item":
        return f"「{row.get('title')}」"
    if table == "request" and row.get("seq") is not None:
        return f"（{row['year']}-{row['seq']:03d}）"
    if table == "document":
        return f"「{row.get('title')}」"
    if table in ("decision", "legal_case"):
        return f"（{row.get('ref') or row.get('decided') or row.get('filed')}）"
    if table == "fee_receipt":
        return f"（{row.get('received')}）"
    if table == "narrative":
        return f"（{row.get('year')}年 第{row.get('part')}部分）"
    return ""


def _label(table: str, row: dict[str, Any], key: str | None) -> str:
    """「信息条目 12「标题」」: the record's kind, its id in that ledger, and what a clerk recognises it by."""
    name = TABLE_NAMES.get(table, table)
    ident = f"{name} {row[key]}" if key else name
    return f"{ident}{_describe(table, row)}"


def reidentify(ledger: Ledger) -> tuple[str, str]:
    """`disc reidentify`: a new identity for a ledger copied from another (a district's template file
    handed to every unit): its own records stay as they are, a district then tells it apart. Refused
    for a ledger that has itself merged units (their records name this identity as their target)."""
    import uuid as uuidlib

    old = ledger.meta("uuid") or ""
    with ledger.write() as conn:
        merged = conn.execute("SELECT count(*) FROM merge_source").fetchone()[0]
        if merged:
            raise BadInput("这本台账已合并过下级单位的台账，不能更换标识；复制出来的是单位台账时，请在那本台账上运行")
        new = uuidlib.uuid4().hex
        ledger.set_meta("uuid", new)
        ledger.log("reidentify", "ledger", None, before={"uuid": old}, after={"uuid": new})
    return old, new


def _why(e: Exception) -> str:
    """SQLite's reason in the clerk's words."""
    text = str(e)
    if "not a database" in text:
        return "不是 SQLite 数据库文件（请给出单位的台账 .db 文件，不是报告或表格）"
    if "locked" in text:
        return "文件正被其他程序使用，请稍后再试"
    return "文件已损坏或无法读取"
