"""The row-by-row `disc merge` as it was before issue 15 (commit 89b5dde), kept verbatim as the
oracle for tests/test_merge_sql.py: the set-based merge must give the same records, counts,
conflicts and change log on random unit ledgers. Not used by disc itself.

Original module docstring follows.

`disc merge UNIT.db...`: bring the ledgers of units (街道, departments) into a district's ledger.

Each unit's orgs land under their names (created when missing, a unit's top org optionally under
--parent), with every record the roll-up needs: items, documents, decisions, fee receipts,
applications with their personal data and lifecycle rows, cases, the report's prose, and the
channels and categories the items use.

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
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_cli.errors import BadInput, DiscError
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.orgs import check_parent, create_org, reparent

ORIGIN_COLUMNS = ("origin_ledger", "origin_id", "origin_hash")
VOCAB_TABLES = ("org", "channel", "category")
# Columns left out of the comparison: a request's phone number is re-issued when the target already
# uses it; a narrative's timestamp differs whenever two clerks save the same words.
IGNORED = {"request": ("seq",), "narrative": ("updated_at",)}
PERSONAL_TABLES = {"request_personal"}
PERSONAL_SHOWN = {"request_id", "purged_at"}
HIDDEN = "（个人信息，不显示）"
ON_CONFLICT = ("report", "keep", "take")

TABLE_NAMES = {
    "item": "信息条目",
    "document": "规章/规范性文件",
    "decision": "行政决定",
    "fee_receipt": "行政事业性收费",
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
    return TableInfo(name, columns, pk, auto_id, fks, compare, carry, sorted(compare))


def merged_tables(conn: sqlite3.Connection) -> list[TableInfo]:
    """Every table with origin columns, parents before children."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table'"
            " AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'origin_ledger') ORDER BY m.name"
        )
        if r[0] not in VOCAB_TABLES
    ]
    infos = {n: table_info(conn, n) for n in names}
    for info in infos.values():
        for col, ref in info.fks.items():
            if ref not in infos and ref not in VOCAB_TABLES:
                raise DiscError(f"合并不支持表 {info.name}：列 {col} 引用的表 {ref} 不参与合并")
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
    """A stable fingerprint of a record's compared values. Types count (1 and '1' differ); NULLs are
    left out, so a later migration that adds a column does not make every record look changed."""
    text = repr([(c, values[c]) for c in info.hashed if values[c] is not None])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


# --------------------------------------------------------------------------- merging
class _Unmapped(Exception):
    def __init__(self, column: str, ref: str, value: Any):
        super().__init__(f"{column} → {ref} {value}")
        self.column, self.ref, self.value = column, ref, value


def merge_ledgers(
    ledger: Ledger,
    paths: list[str],
    *,
    parent: str | None = None,
    on_conflict: str = "report",
    dry_run: bool = False,
) -> MergeResult:
    """Merge unit ledgers into `ledger` in one transaction. Conflicts are returned, not raised.

    on_conflict: report (leave this ledger's value and report), keep (keep this ledger's value and
    accept it as resolved), take (overwrite with the unit's value). The unit files are only read
    (opening them upgrades an older schema in place, after a backup, as any disc command does).
    """
    if on_conflict not in ON_CONFLICT:
        raise BadInput(f"--on-conflict「{on_conflict}」不支持，可用：{'、'.join(ON_CONFLICT)}")
    if not paths:
        raise BadInput("请给出要合并的单位台账文件，如 disc merge 南街街道.db 北街街道.db")
    target_uuid = ledger.meta("uuid")
    if not target_uuid:
        raise DiscError(f"台账 {ledger.path} 没有标识（meta uuid），无法合并")
    units: list[Ledger] = []
    result = MergeResult(dry_run=dry_run)
    try:
        seen: dict[str, str] = {}
        for p in paths:
            if not Path(p).exists():
                raise BadInput(f"找不到单位台账文件 {p}")
            unit = Ledger.open(p, clerk=ledger.clerk)
            units.append(unit)
            uuid = unit.meta("uuid") or ""
            if uuid == target_uuid:
                raise BadInput(
                    f"{p} 与当前台账 {ledger.path} 是同一本台账（标识相同；可能是复制出来的文件），不能合并到自身"
                )
            if uuid in seen:
                raise BadInput(f"{p} 与 {seen[uuid]} 是同一本台账（标识相同），请只给一次")
            seen[uuid] = p
        parent_id = ledger.org_id(parent) if parent is not None else None
        tables = merged_tables(ledger.conn)
        try:
            with ledger.write():
                for unit in units:
                    result.units.append(_merge_unit(ledger, unit, tables, parent_id, on_conflict, target_uuid))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    finally:
        for u in units:
            u.close()
    return result


class _DryRun(Exception):
    """Raised inside the transaction to roll a --dry-run back after the whole merge was computed."""


def _merge_unit(
    ledger: Ledger, unit: Ledger, tables: list[TableInfo], parent_id: int | None, on_conflict: str, target_uuid: str
) -> UnitResult:
    conn = ledger.conn
    uuid = unit.meta("uuid") or ""
    file = unit.path.name
    res = UnitResult(file=file, uuid=uuid, org=unit.org)
    _check_source(ledger, unit, uuid, file)
    maps: dict[str, dict[Any, Any]] = {
        "org": _map_orgs(ledger, unit, parent_id, res),
        "channel": _map_channels(ledger, unit, res),
        "category": _map_categories(ledger, unit, res),
    }
    for info in tables:
        unit_cols = {r[1] for r in unit.conn.execute(f"PRAGMA table_info({info.name})")}
        if not unit_cols:
            continue
        missing = [c for c in info.columns if c not in unit_cols]
        if missing:
            raise DiscError(f"{file} 的表 {info.name} 缺少列 {'、'.join(missing)}（台账版本不一致）")
        maps[info.name] = {}
        _merge_table(ledger, unit, info, maps, res, on_conflict, target_uuid)
    now = now_iso()
    conn.execute(
        "INSERT INTO merge_source (uuid, org, file, first_merged, last_merged) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(uuid) DO UPDATE SET file = excluded.file, last_merged = excluded.last_merged, merges = merges + 1",
        (uuid, unit.org, file, now, now),
    )
    ledger.log("merge", "ledger", None, after=res.summary(), reason=f"合并单位台账 {file}")
    return res


def _check_source(ledger: Ledger, unit: Ledger, uuid: str, file: str) -> None:
    """A copied ledger file keeps its uuid: the same identity with another org is refused, not mixed up."""
    row = ledger.conn.execute("SELECT org, file FROM merge_source WHERE uuid = ?", (uuid,)).fetchone()
    if row is not None and row[0] != unit.org:
        raise BadInput(
            f"{file}（单位：{unit.org}）与之前合并过的 {row[1]}（单位：{row[0]}）标识相同，"
            "可能是复制同一个台账文件后各自使用。为免记录混淆，本次不合并；请让该单位用 disc init 新建台账后再导入其记录"
        )


# --------------------------------------------------------------------------- orgs and vocabularies
def _map_orgs(ledger: Ledger, unit: Ledger, parent_id: int | None, res: UnitResult) -> dict[int, int]:
    """Unit org id → this ledger's org id: by identity (origin ledger and id, carried through every
    merge), then by name at the same place in the tree (issue 21), one org at a time; missing orgs
    are created under the mapped parent and take the identity."""
    conn = ledger.conn
    cols = {r[1] for r in unit.conn.execute("PRAGMA table_info(org)")}
    origin = "origin_ledger, origin_id" if {"origin_ledger", "origin_id"} <= cols else "NULL, NULL"
    uuid = unit.meta("uuid") or ""
    own = ledger.meta("uuid")
    rows = unit.conn.execute(f"SELECT id, name, parent_id, {origin} FROM org ORDER BY id").fetchall()
    by_id = {i: (n, p, (ol or uuid, oi if ol else i)) for i, n, p, ol, oi in rows}
    mapping: dict[int, int] = {}

    def identity_of(org_id: int) -> tuple[str, int] | None:
        row = conn.execute("SELECT origin_ledger, origin_id FROM org WHERE id = ?", (org_id,)).fetchone()
        return None if row[0] is None else (row[0], row[1])

    def named(name: str, parent: int | None) -> int | None:
        row = conn.execute("SELECT id FROM org WHERE name = ? AND parent_id IS ?", (name, parent)).fetchone()
        return None if row is None else row[0]

    def place(uid: int, trail: tuple[int, ...] = ()) -> int:
        if uid in mapping:
            return mapping[uid]
        name, uparent, ident = by_id[uid]
        desired, top = parent_id, True
        if uparent is not None and uparent in by_id and uparent not in trail:
            desired, top = place(uparent, (*trail, uid)), False
        row = conn.execute("SELECT id FROM org WHERE origin_ledger = ? AND origin_id = ?", ident).fetchone()
        if row is None and ident[0] == own:
            row = conn.execute("SELECT id FROM org WHERE id = ? AND origin_ledger IS NULL", (ident[1],)).fetchone()
        tid = None if row is None else row[0]
        if tid is None:
            tid = named(name, desired)
            if tid is None and top and desired is not None:
                legacy = named(name, None)
                tid = legacy if legacy is not None and identity_of(legacy) is None else None
            if tid is not None and identity_of(tid) not in (None, ident):
                tid = None
            if tid is not None and identity_of(tid) is None and ident[0] != own:
                conn.execute("UPDATE org SET origin_ledger = ?, origin_id = ? WHERE id = ?", (*ident, tid))
        if tid is None:
            tid = create_org(ledger, name, desired)
            if ident[0] != own:
                conn.execute("UPDATE org SET origin_ledger = ?, origin_id = ? WHERE id = ?", (*ident, tid))
            res.orgs_created.append(name)
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
    return mapping


def _org_name(conn: sqlite3.Connection, org_id: int) -> str:
    return conn.execute("SELECT name FROM org WHERE id = ?", (org_id,)).fetchone()[0]


def _map_channels(ledger: Ledger, unit: Ledger, res: UnitResult) -> dict[str, str]:
    """Unit channel code → ours: the same code, else the same label or alias, else added to ours."""
    from disclosure_cli.ledger.items import Vocab
    from disclosure_cli.vocab import normalize

    conn = ledger.conn
    ours = dict(conn.execute("SELECT code, label FROM channel"))
    vocab = Vocab.load(conn)
    mapping: dict[str, str] = {}
    kind_col = "c.kind" if "kind" in {r[1] for r in unit.conn.execute("PRAGMA table_info(channel)")} else "NULL"
    used = unit.conn.execute(
        f"SELECT c.code, c.label, c.aliases, {kind_col} FROM channel c WHERE c.code IN (SELECT DISTINCT channel FROM item)"
        " ORDER BY c.position, c.code"
    ).fetchall()
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
            (code, label, "|".join(keep), pos, kind or {"portal": "website", "wechat": "new_media", "board": "board"}.get(code, "other")),
        )
        ledger.log("add", "channel", None, after={"code": code, "label": label, "aliases": keep}, reason=f"合并自 {unit.path.name}")
        res.notes.append(f"新增渠道 {code}（{label}）")
        ours[code] = label
        vocab = Vocab.load(conn)
        mapping[code] = code
    return mapping


def _map_categories(ledger: Ledger, unit: Ledger, res: UnitResult) -> dict[str, str]:
    """Unit category → ours: the same name, else one of our aliases, else added to ours."""
    from disclosure_cli.ledger.items import Vocab
    from disclosure_cli.vocab import normalize

    conn = ledger.conn
    ours = {r[0] for r in conn.execute("SELECT name FROM category")}
    vocab = Vocab.load(conn)
    mapping: dict[str, str] = {}
    used = unit.conn.execute(
        "SELECT name, aliases FROM category WHERE name IN (SELECT DISTINCT category FROM item) ORDER BY position, name"
    ).fetchall()
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
        ledger.log("add", "category", None, after={"name": name, "aliases": keep}, reason=f"合并自 {unit.path.name}")
        res.notes.append(f"新增类别「{name}」")
        ours.add(name)
        vocab = Vocab.load(conn)
        mapping[name] = name
    return mapping


# --------------------------------------------------------------------------- records
def _merge_table(
    ledger: Ledger,
    unit: Ledger,
    info: TableInfo,
    maps: dict[str, dict[Any, Any]],
    res: UnitResult,
    on_conflict: str,
    target_uuid: str,
) -> None:
    conn = ledger.conn
    t = info.name
    key = info.rowid_key
    unit_uuid = unit.meta("uuid")
    file = unit.path.name
    # applications are numbered one at a time (_free_seq reads what is already written); the rest in batches
    batch = None if t == "request" else _Batch(conn, info, maps, res)
    cur = unit.conn.execute(f"SELECT {', '.join(info.columns)} FROM {t} ORDER BY {', '.join(info.pk)}")
    for values in cur:
        row = dict(zip(info.columns, values, strict=True))
        # where the record was first written: its own origin if it came to the unit by a merge
        if row.get("origin_ledger") and row.get("origin_id") is not None:
            ident = (row["origin_ledger"], row["origin_id"])
        else:
            ident = (unit_uuid, None if info.composite else row[key])
        if key and ident[0] == target_uuid and ident[1] is not None:
            # one of our own records that travelled to the unit and back: it is already here
            if conn.execute(f"SELECT 1 FROM {t} WHERE {key} = ?", (ident[1],)).fetchone():
                maps[t][row[key]] = ident[1]
                res.unchanged[t] += 1
                continue
        try:
            mapped = _map_values(info, row, maps)
        except _Unmapped as e:
            res.conflicts.append(
                Conflict(res.file, t, "（未合并）", _label(t, row, key), e.column, f"引用的 {e.ref} {e.value} 未能合并", None)
            )
            continue
        h_unit = digest(info, mapped)
        found = _find(conn, info, ident, mapped)
        if found is None:
            if batch is None:
                _savepoint(conn, res, t, row, key, _insert, ledger, info, row, mapped, ident, h_unit, maps, res)
            else:
                batch.add(row, mapped, ident, h_unit)
            continue
        tkeys, stored = found
        if key:
            maps[t][row[key]] = tkeys[0]
        if h_unit == stored:  # the unit has not changed it since the last merge
            res.unchanged[t] += 1
            continue
        target = _fetch(conn, info, tkeys)
        h_target = digest(info, target)
        if h_target == h_unit:
            # both sides hold the same values (e.g. the same correction made twice): just note the merge
            conn.execute(
                f"UPDATE {t} SET origin_hash = ?, origin_ledger = coalesce(origin_ledger, ?), origin_id = coalesce(origin_id, ?)"
                f" WHERE {_where(info)}",
                (h_unit, ident[0], ident[1], *tkeys),
            )
            res.unchanged[t] += 1
            continue
        if h_target == stored:  # changed in the unit, not here: take the unit's values
            if _savepoint(conn, res, t, row, key, _update, ledger, info, target, mapped, row, ident, h_unit, "merge", file):
                res.updated[t] += 1
            continue
        # changed here since the last merge (or never merged and different): a conflict
        fields = [c for c in info.compare if mapped[c] != target[c]]
        resolved = "" if on_conflict == "report" else on_conflict
        here, there = _label(t, target, key), _label(t, row, key)
        for c in fields:
            res.conflicts.append(Conflict(res.file, t, here, there, c, _shown(t, c, mapped[c]), _shown(t, c, target[c]), resolved))
        if on_conflict == "take":
            if _savepoint(conn, res, t, row, key, _update, ledger, info, target, mapped, row, ident, h_unit, "merge_take", file):
                res.updated[t] += 1
        elif on_conflict == "keep":
            conn.execute(f"UPDATE {t} SET origin_hash = ? WHERE {_where(info)}", (h_unit, *tkeys))
            ledger.log(
                "merge_keep",
                t,
                tkeys[0] if key else None,
                after={"fields": fields},
                reason=f"合并 {file} 时保留本台账的值",
            )
    if batch is not None:
        batch.flush()


def _map_values(info: TableInfo, row: dict[str, Any], maps: dict[str, dict[Any, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in (*info.compare, *info.carry):
        v = row[c]
        ref = info.fks.get(c)
        if ref is not None and v is not None:
            table_map = maps.get(ref)
            if table_map is None or v not in table_map:
                raise _Unmapped(c, ref, v)
            v = table_map[v]
        out[c] = v
    return out


def _find(
    conn: sqlite3.Connection, info: TableInfo, ident: tuple[str | None, Any], mapped: dict[str, Any]
) -> tuple[tuple, str | None] | None:
    """Our copy's key and origin_hash: by origin; for a natural key (narrative, request_personal) also by that key."""
    keys = ", ".join(info.pk)
    row = None
    if not info.composite and ident[1] is not None:
        row = conn.execute(
            f"SELECT {keys}, origin_hash FROM {info.name} WHERE origin_ledger = ? AND origin_id = ?", ident
        ).fetchone()
    if row is None and not info.auto_id:
        row = conn.execute(
            f"SELECT {keys}, origin_hash FROM {info.name} WHERE {_where(info)}", tuple(mapped[c] for c in info.pk)
        ).fetchone()
    return None if row is None else (tuple(row[:-1]), row[-1])


def _fetch(conn: sqlite3.Connection, info: TableInfo, keys: tuple) -> dict[str, Any]:
    row = conn.execute(f"SELECT {', '.join(info.columns)} FROM {info.name} WHERE {_where(info)}", keys).fetchone()
    return dict(zip(info.columns, row, strict=True))


def _where(info: TableInfo) -> str:
    return " AND ".join(f"{c} = ?" for c in info.pk)


def _key_values(info: TableInfo, row: dict[str, Any]) -> tuple:
    return tuple(row[c] for c in info.pk)


def _savepoint(
    conn: sqlite3.Connection, res: UnitResult, table: str, row: dict[str, Any], key: str | None, fn, *args: Any
) -> bool:
    """One record's write; if the schema refuses it (a constraint, a trigger), report it and go on."""
    conn.execute("SAVEPOINT merge_record")
    try:
        fn(*args)
    except sqlite3.DatabaseError as e:
        conn.execute("ROLLBACK TO merge_record")
        conn.execute("RELEASE merge_record")
        res.conflicts.append(Conflict(res.file, table, "（未合并）", _label(table, row, key), "", f"无法写入：{e}", None))
        return False
    conn.execute("RELEASE merge_record")
    return True


class _Batch:
    """New records of one table, written many to a statement with ids given here (children need them
    at once); a batch the schema refuses is retried row by row so only the offending rows are reported."""

    SIZE = 2000

    def __init__(self, conn: sqlite3.Connection, info: TableInfo, maps: dict[str, dict[Any, Any]], res: UnitResult):
        self.conn, self.info, self.maps, self.res = conn, info, maps, res
        self.key = info.rowid_key
        self.cols = ([info.pk[0]] if info.auto_id else []) + info.compare + info.carry + list(ORIGIN_COLUMNS)
        self.sql = f"INSERT INTO {info.name} ({', '.join(self.cols)}) VALUES ({', '.join('?' * len(self.cols))})"
        self.rows: list[tuple[dict[str, Any], tuple]] = []
        self.next_id = 0
        if info.auto_id:
            self.next_id = conn.execute(f"SELECT coalesce(max({info.pk[0]}), 0) FROM {info.name}").fetchone()[0]

    def add(self, row: dict[str, Any], mapped: dict[str, Any], ident: tuple[str | None, Any], h_unit: str) -> None:
        info = self.info
        head: list[Any] = []
        if info.auto_id:
            self.next_id += 1
            head.append(self.next_id)
            self.maps[info.name][row[self.key]] = self.next_id
        elif self.key:
            self.maps[info.name][row[self.key]] = mapped[self.key]
        values = (*head, *(mapped[c] for c in info.compare), *(mapped[c] for c in info.carry), ident[0], ident[1], h_unit)
        self.rows.append((row, values))
        if len(self.rows) >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        t, conn = self.info.name, self.conn
        conn.execute("SAVEPOINT merge_batch")
        try:
            conn.executemany(self.sql, [v for _, v in self.rows])
        except sqlite3.DatabaseError:
            conn.execute("ROLLBACK TO merge_batch")
            conn.execute("RELEASE merge_batch")
            for row, values in self.rows:
                if _savepoint(conn, self.res, t, row, self.key, conn.execute, self.sql, values):
                    self.res.added[t] += 1
                elif self.key:
                    self.maps[t].pop(row[self.key], None)  # its children will be reported, not misattached
        else:
            conn.execute("RELEASE merge_batch")
            self.res.added[t] += len(self.rows)
        self.rows.clear()


def _insert(
    ledger: Ledger,
    info: TableInfo,
    row: dict[str, Any],
    mapped: dict[str, Any],
    ident: tuple[str | None, Any],
    h_unit: str,
    maps: dict[str, dict[Any, Any]],
    res: UnitResult,
) -> None:
    conn = ledger.conn
    t = info.name
    values = dict(mapped)
    if t == "request":
        values["seq"] = _free_seq(conn, values["org_id"], values["year"], row["seq"], None)
        if values["seq"] != row["seq"]:
            res.notes.append(
                f"申请 {row['year']}-{row['seq']:03d}（{res.org}）在本台账中改编为 {values['year']}-{values['seq']:03d}（原编号已被占用）"
            )
    values.update(origin_ledger=ident[0], origin_id=ident[1], origin_hash=h_unit)
    cols = list(values)
    cur = conn.execute(f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", tuple(values.values()))
    key = info.rowid_key
    if key:
        maps[t][row[key]] = int(cur.lastrowid) if info.auto_id else values[key]
    res.added[t] += 1


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
