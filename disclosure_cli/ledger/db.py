"""Opening a ledger file: where it is, its schema version, upgrades, connection settings.

A ledger is one SQLite file. Clerks often keep it on a shared drive, so we keep the default
rollback journal (WAL breaks on network file systems), a generous busy timeout, and take the write
lock up front (BEGIN IMMEDIATE) so two clerks adding at the same moment both succeed.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from disclosure_cli.errors import BadInput, DiscError, LedgerMissing, LedgerTooNew

DEFAULT_FILE = "disclosure.db"
BUSY_TIMEOUT_S = 30.0
_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")


def resolve_path(db: str | os.PathLike[str] | None) -> Path:
    """--db, else $DISC_DB, else ./disclosure.db (README: 台账文件的位置)."""
    if db:
        return Path(db)
    env = os.environ.get("DISC_DB")
    if env:
        return Path(env)
    return Path(DEFAULT_FILE)


def migrations_dir() -> Path:
    """The numbered SQL files: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "migrations", here.parent / "migrations"):
        if candidate.is_dir():
            return candidate
    raise DiscError("找不到数据库迁移文件（migrations/），安装可能不完整")


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    path: Path

    def statements(self) -> Iterator[str]:
        """Split on complete statements (triggers contain semicolons, so not on ';')."""
        buf = ""
        for line in self.path.read_text(encoding="utf-8").splitlines(keepends=True):
            buf += line
            if sqlite3.complete_statement(buf):
                stmt = buf.strip()
                buf = ""
                if stmt and not all(s.strip().startswith("--") or not s.strip() for s in stmt.splitlines()):
                    yield stmt
        if buf.strip() and not all(s.strip().startswith("--") or not s.strip() for s in buf.splitlines()):
            raise DiscError(f"迁移文件 {self.path.name} 末尾有不完整的 SQL 语句")


def list_migrations() -> list[Migration]:
    found = []
    for p in migrations_dir().iterdir():
        m = _MIGRATION_NAME.match(p.name)
        if m:
            found.append(Migration(int(m.group(1)), p.stem, p))
    found.sort(key=lambda m: m.number)
    for i, m in enumerate(found, start=1):
        if m.number != i:
            raise DiscError(f"迁移文件编号不连续：缺少第 {i:04d} 号")
    return found


def latest_version() -> int:
    return len(list_migrations())


def connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so every write is one explicit transaction.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, path: Path | None = None) -> list[str]:
    """Apply pending migrations, each in one transaction; back the file up first. Returns names applied."""
    migrations = list_migrations()
    latest = len(migrations)
    current = schema_version(conn)
    if current > latest:
        raise LedgerTooNew(
            f"台账文件 {path} 的版本（{current}）比本程序支持的版本（{latest}）新，"
            "请升级 disc 后再打开（pip install -U disclosure_cli）。为保护数据，本程序不会改动它。"
        )
    if current == latest:
        return []
    if current > 0 and path is not None:
        backup = path.with_name(f"{path.name}.bak-v{current}")
        if not backup.exists():
            with sqlite3.connect(backup) as dst:
                conn.backup(dst)
            dst.close()
    applied = []
    for m in migrations[current:]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have upgraded the file while we waited for the lock
            if schema_version(conn) >= m.number:
                conn.execute("ROLLBACK")
                continue
            for stmt in m.statements():
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {m.number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(m.name)
    return applied


def now_iso() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds: the committed sample.db)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone(timedelta(hours=8))).isoformat(timespec="seconds")
    return datetime.now().astimezone().isoformat(timespec="seconds")


def current_clerk(clerk: str | None = None) -> str:
    """--clerk, else $DISC_CLERK, else the OS user: who made a change, for the change log."""
    if clerk:
        return clerk
    for var in ("DISC_CLERK", "LOGNAME", "USER", "USERNAME"):  # what getpass.getuser() reads, without its imports
        if os.environ.get(var):
            return os.environ[var]
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no user name on some service accounts
        return "unknown"


class Ledger:
    """An open ledger file. Library functions take one; the CLI opens it once per command."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clerk: str | None = None):
        self.conn = conn
        self.path = path
        self.clerk = current_clerk(clerk)
        self._meta: dict[str, str] | None = None

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, clerk: str | None = None) -> Ledger:
        path = resolve_path(db)
        if not path.exists():
            raise LedgerMissing(
                f"找不到台账文件 {path}。请先创建：disc init --org 单位名称"
                + ("" if db or os.environ.get("DISC_DB") else "（或用 --db 路径 / 环境变量 DISC_DB 指定已有台账）")
            )
        try:
            conn = connect(path)
            if schema_version(conn) == 0 and not _has_table(conn, "meta"):
                raise BadInput(f"{path} 不是 disc 台账文件（没有台账表结构）")
        except sqlite3.DatabaseError as e:
            raise BadInput(f"{path} 无法作为台账打开：{e}") from e
        try:
            migrate(conn, path)
        except sqlite3.DatabaseError as e:
            raise DiscError(f"升级台账 {path} 失败，文件仍是升级前的版本（已另存备份）：{e}") from e
        return cls(conn, path, clerk)

    @classmethod
    def create(cls, db: str | os.PathLike[str] | None, org: str, *, clerk: str | None = None) -> Ledger:
        """`disc init`: a new file at the latest schema, with the org and the default vocabularies."""
        from disclosure_cli import vocab

        org = (org or "").strip()
        if not org:
            raise BadInput("单位名称（--org）不能为空")
        path = resolve_path(db)
        if path.exists():
            raise BadInput(f"台账文件 {path} 已存在，不会覆盖")
        if path.parent and not path.parent.exists():
            raise BadInput(f"目录 {path.parent} 不存在")
        conn = connect(path)
        try:
            migrate(conn, None)
            ledger = cls(conn, path, clerk)
            with ledger.write():
                conn.execute("INSERT INTO org (name) VALUES (?)", (org,))
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("org", org), ("created", now_iso()), ("review_policy", "none")],
                )
                conn.executemany(
                    "INSERT INTO channel (code, label, aliases, position) VALUES (?, ?, ?, ?)",
                    [(t.code, t.label, "|".join(t.aliases), i) for i, t in enumerate(vocab.DEFAULT_CHANNELS)],
                )
                conn.executemany(
                    "INSERT INTO category (name, position) VALUES (?, ?)",
                    [(c, i) for i, c in enumerate(vocab.DEFAULT_CATEGORIES)],
                )
                ledger.log("init", "ledger", None, after={"org": org})
        except BaseException:
            conn.close()
            path.unlink(missing_ok=True)
            raise
        return ledger

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ transactions and the trail
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write = one transaction, taken with the write lock so concurrent clerks queue up."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def log(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        *,
        before: dict | None = None,
        after: dict | None = None,
        reason: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO change_log (at, clerk, action, entity, entity_id, before, after, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                now_iso(),
                self.clerk,
                action,
                entity,
                entity_id,
                None if before is None else json.dumps(before, ensure_ascii=False, default=str),
                None if after is None else json.dumps(after, ensure_ascii=False, default=str),
                reason,
            ),
        )

    # ------------------------------------------------------------------ meta and org
    def meta(self, key: str, default: str | None = None) -> str | None:
        if self._meta is None:
            self._meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        return self._meta.get(key, default)

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        self._meta = None

    @property
    def org(self) -> str:
        return self.meta("org") or ""

    def org_id(self, name: str | None = None) -> int:
        name = name or self.org
        row = self.conn.execute("SELECT id FROM org WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = [r[0] for r in self.conn.execute("SELECT name FROM org ORDER BY id")]
            from disclosure_cli.vocab import unknown_message

            raise BadInput(unknown_message("单位", name, known))
        return row[0]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None
