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
# A ledger at least this old is not one disc wrote: dates before the first 条例 (2008-05-01) are typos.
current_path: Path | None = None  # the ledger this command opened, for messages of the error boundary
# What this command has committed so far, one line each (「新增主动公开信息 编号 17」): after Ctrl-C the
# error boundary says what is in the ledger, never 「未作任何改动」 after a commit (issue 19).
committed: list[str] = []

_ACTIONS = {
    "add": "新增", "edit": "修改", "void": "作废", "close": "办结", "reopen": "重新打开", "import": "导入",
    "repeal": "登记废止", "extend": "延长期限", "correction": "登记补正", "pause": "登记暂停",
    "pause_end": "结束暂停", "fee_notice": "登记收费通知", "fee_paid": "登记缴费", "letter": "出具文书",
    "purge_personal": "清除个人信息", "publish": "登记发布", "merge": "合并", "move": "调整上级",
    "init": "新建", "narrative": "保存正文", "reidentify": "更换标识", "letter_settings": "设置文书", "letter_template": "设置文书模板",
}
_ENTITIES = {
    "item": "主动公开信息", "request": "申请", "document": "文件", "decision": "决定", "fee": "收费",
    "legal_case": "复议诉讼案件", "category": "类别", "channel": "渠道", "org": "单位", "holiday": "节假日",
    "narrative": "报告正文", "publication": "年度报告发布", "letter": "文书", "ledger": "台账", "delivery": "送达记录",
}


def action_label(action: str) -> str:
    """A change log action as a clerk says it (新增, 作废 …); the code where there is no word for it."""
    return _ACTIONS.get(action, action)


def entity_label(entity: str) -> str:
    return _ENTITIES.get(entity, entity)


def describe_change(action: str, entity: str, entity_id: int | None, after: dict | None) -> str:
    """One change-log entry in the clerk's words: 「新增申请 2024-003」, 「导入主动公开信息 1200 条」."""
    what = f"{_ACTIONS.get(action, action)}{_ENTITIES.get(entity, entity)}"
    after = after or {}
    if action == "import" and isinstance(after.get("rows"), int):
        return f"{what} {after['rows']} 条"
    ref = after.get("number") or after.get("ref") or (f"编号 {entity_id}" if entity_id is not None else "")
    return f"{what} {ref}".rstrip()


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C while a commit and its bookkeeping run, then deliver it: the clerk is never told
    that nothing was written when the COMMIT had already happened."""
    import signal

    held: list[int] = []
    try:
        old = signal.signal(signal.SIGINT, lambda sig, frame: held.append(sig))
    except (ValueError, OSError):  # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if held:
        if callable(old):
            old(signal.SIGINT, None)
        elif old == signal.SIG_DFL:
            raise KeyboardInterrupt


def busy_timeout() -> float:
    """Seconds to wait for another clerk's write (DISC_BUSY_TIMEOUT overrides, e.g. in tests)."""
    try:
        return max(0.0, float(os.environ.get("DISC_BUSY_TIMEOUT", BUSY_TIMEOUT_S)))
    except ValueError:
        return BUSY_TIMEOUT_S


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

    def directives(self) -> set[str]:
        """The `-- disc: …` lines at the head of the file."""
        found = set()
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("-- disc: "):
                    break
                found.add(line.removeprefix("-- disc: ").strip())
        return found

    def rebuilds_tables(self) -> bool:
        """Foreign keys off around the file (a table rebuilt: SQLite's 12-step procedure)."""
        return "foreign keys off" in self.directives()

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


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so every write is one explicit transaction.
    timeout = busy_timeout()
    if readonly:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    else:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def verify_copy(path: Path, version: int, counts: dict[str, int]) -> str | None:
    """Why the file at `path` is not a faithful copy of a ledger at `version` with these row counts
    (None: it is). A backup is trusted only when this says nothing."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as e:
        return f"无法打开（{e}）"
    try:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            return "完整性检查未通过"
        if schema_version(conn) != version:
            return f"版本是 {schema_version(conn)}，不是 {version}"
        if _table_counts(conn) != counts:
            return "记录数与台账不一致"
        return None
    except sqlite3.Error as e:
        return f"无法读取（{e}）"
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.bak-v{version}")


def make_backup(conn: sqlite3.Connection, path: Path) -> Path:
    """A verified copy of the ledger beside it, `台账.db.bak-vN`, before an upgrade from version N.

    Written with SQLite's backup API into a temporary file, checked (integrity, version, row counts),
    flushed to disk and only then renamed into place. An existing backup is kept only if it verifies.
    Raises DiscError when no good backup can be made: the upgrade must not start then.
    """
    version = schema_version(conn)
    counts = _table_counts(conn)
    final = backup_path(path, version)
    if final.exists() and verify_copy(final, version, counts) is None:
        return final
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    try:
        try:
            dst = sqlite3.connect(tmp)
            try:
                conn.backup(dst)
            finally:
                dst.close()
            why = verify_copy(tmp, version, counts)
            if why is not None:
                raise DiscError(f"备份文件校验未通过：{why}")
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        except (OSError, sqlite3.Error) as e:
            raise DiscError(f"无法写入备份 {final}（{_reason(e)}）") from None
    except DiscError as e:
        raise DiscError(
            f"升级台账前未能做好备份：{e}。升级没有进行，台账 {path} 仍是原来的版本 {version}，未作任何改动。"
            "请腾出磁盘空间或换到可写的位置后重试"
        ) from None
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass
    return final


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno in (28, 122):  # ENOSPC, EDQUOT
        return "磁盘已满"
    text = str(exc)
    if "full" in text:
        return "磁盘已满"
    return getattr(exc, "strerror", None) or text


def migrate(conn: sqlite3.Connection, path: Path | None = None) -> list[str]:
    """Apply pending migrations, each in one transaction; back the file up first (a verified copy,
    see make_backup: without one the upgrade does not start). Returns the names applied."""
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
        make_backup(conn, path)
    from disclosure_cli.ledger import seal

    seal.register(conn)  # migration 0008 seals the rows written before it
    applied = []
    for m in migrations[current:]:
        fk_off = m.rebuilds_tables()
        if fk_off:  # SQLite's procedure for rebuilding a table: foreign keys off around the transaction
            conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have upgraded the file while we waited for the lock
            if schema_version(conn) >= m.number:
                conn.execute("ROLLBACK")
                continue
            for stmt in m.statements():
                conn.execute(stmt)
            if "checks from vocab" in m.directives():
                from disclosure_cli.ledger import checks

                checks.sync(conn)
            if fk_off:
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DiscError(f"迁移 {m.name} 后有 {len(broken)} 处引用失效（如表 {broken[0][0]}），升级已撤销")
            conn.execute(f"PRAGMA user_version = {m.number}")
            with uninterrupted():
                conn.execute("COMMIT")
                applied.append(m.name)
                if path is not None:
                    committed.append(f"台账结构升级到第 {m.number} 版")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            if fk_off:
                conn.execute("PRAGMA foreign_keys = ON")
    return applied


# --------------------------------------------------------------------------- damage and faults
def corrupt_message(path: Path | None, detail: str = "") -> str:
    import glob

    where = f"台账文件 {path} " if path else "台账文件"
    detail = "；".join(x.strip() for x in detail.replace("*** in database main ***", "").splitlines() if x.strip())
    if len(detail) > 160:
        detail = detail[:160] + "…"
    backups = []
    if path is not None:
        folder = path.parent if str(path.parent) else Path(".")
        backups = sorted(folder.glob(f"{glob.escape(path.name)}.bak-v*"))
    have = "、".join(str(b) for b in backups[-2:]) if backups else ""
    return (
        f"{where}已损坏{f'（{detail}）' if detail else ''}：为免损坏扩大，disc 不再读写它。"
        + (f"请用备份替换它（同一文件夹下有 {have}），" if have else "请用您最近的备份副本替换它，")
        + "或请技术人员用 sqlite3 的 .recover 命令抢救数据"
    )


def sqlite_error(exc: sqlite3.Error, path: Path | None = None) -> DiscError:
    """What a SQLite error means for the clerk, as a DiscError with a message that says what to do."""
    path = path or current_path
    ledger = f"台账 {path} " if path else "台账"  # 「台账 a.db 是…」, 「台账是…」
    ledger_file = f"台账文件 {path} " if path else "台账文件"
    text = str(exc)
    low = text.lower()
    if isinstance(exc, sqlite3.IntegrityError):
        return BadInput(f"台账拒绝了这项写入（不符合台账的约束：{text}），台账未作任何改动")
    if "locked" in low or "busy" in low:
        return DiscError(
            f"另一个 disc（或其他程序，如正在进行的导入）正在写入{ledger.rstrip()}，等待 {busy_timeout():g} 秒后仍未结束：台账没有损坏，"
            "请等对方完成后再试，本次操作未写入任何内容"
        )
    if "readonly" in low or "read-only" in low:
        return DiscError(
            f"{ledger_file}是只读的（文件或其所在文件夹不可写），不能写入；"
            "请把它复制到可写的位置，或请管理员开放写权限"
        )
    if "full" in low:
        return DiscError(f"磁盘已满：{ledger}的本次写入已全部撤销，未作任何改动。请腾出空间后重试")
    if "malformed" in low or "not a database" in low or "encrypted" in low or "corrupt" in low:
        return DiscError(corrupt_message(path, "SQLite 报告：" + text))
    if "no such table" in low or "no such column" in low:
        return DiscError(
            f"{ledger_file}的结构不完整（{text}）：它可能被其他工具改动过。请用备份替换，或联系技术人员"
        )
    if "unable to open" in low:
        return DiscError(f"无法打开{ledger_file.rstrip()}（所在文件夹不存在或没有权限）")
    if "i/o" in low:
        return DiscError(
            f"读写{ledger_file}时发生磁盘错误（{text}，常见原因：磁盘已满、超出配额或文件大小限制）；本次写入已撤销，台账未作改动"
        )
    return DiscError(f"{ledger}出错：{text}")


def _header_problem(path: Path) -> str | None:
    """Cheap checks of the 100-byte SQLite header: a truncated or overwritten file shows here."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as e:
        return f"无法读取（{e.strerror}）"
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return None  # not a SQLite file at all: the caller says so
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "文件头中的页面大小无效"
    if size % page_size:
        return "文件长度不是页面大小的整数倍（文件可能被截断）"
    pages = int.from_bytes(head[28:32], "big")
    valid = head[92:96] == head[24:28]
    if valid and pages and pages * page_size > size:
        return f"文件被截断（应有 {pages * page_size} 字节，实有 {size} 字节）"
    return None


# --------------------------------------------------------------------------- verified stamps
def _stamp_file(path: Path) -> Path | None:
    import zlib  # not hashlib: loading OpenSSL costs a clerk's `disc add` a few ms

    from disclosure_cli.files import state_dir

    try:
        name = str(path.resolve()).encode("utf-8", "surrogatepass")
        key = f"{zlib.crc32(name):08x}{zlib.adler32(name):08x}{len(name):04x}"
    except OSError:
        return None
    return state_dir() / "verified" / key


def _stat_key(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    # ctime too: a tool that changes the bytes and then restores the modification time (os.utime,
    # touch -r) cannot restore the inode's change time, so every open notices (issue 19)
    return f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def is_stamped(path: Path) -> bool:
    """Was this file, exactly as it is now, last seen sound by disc (checked or written by it)?
    The stamp is the file's identity, size, modification and change times: any change by another program
    (a copy, a repair tool, a damaged download) makes disc check the whole file again."""
    sf = _stamp_file(path)
    key = _stat_key(path)
    if sf is None or key is None:
        return False
    try:
        return sf.read_text(encoding="ascii") == key
    except (OSError, UnicodeDecodeError):
        return False


def stamp(path: Path) -> None:
    sf = _stamp_file(path)
    key = _stat_key(path)
    if sf is None or key is None:
        return
    try:
        sf.parent.mkdir(parents=True, exist_ok=True)
        tmp = sf.with_name(f"{sf.name}.{os.getpid()}.tmp")
        tmp.write_text(key, encoding="ascii")
        os.replace(tmp, sf)
    except OSError:
        pass  # no state folder: the next command checks the file again, nothing worse


def integrity_problems(path: Path, limit: int = 20) -> list[str]:
    """SQLite's full integrity check of a ledger file, on a connection of its own (so that `disc
    check` can run it beside its rules on the other core). Empty when the file is sound."""
    try:
        conn = connect(path, readonly=True)
    except sqlite3.Error as e:
        return [str(e)]
    try:
        rows = conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
    except sqlite3.DatabaseError as e:
        return [str(e)]
    finally:
        conn.close()
    return [] if rows == [("ok",)] else [r[0] for r in rows]


def _looks_damaged(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in ("malformed", "not a database", "corrupt", "encrypted"))


def quick_check(conn: sqlite3.Connection, path: Path | None) -> None:
    """SQLite's quick_check; DiscError naming the damage if it fails."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as e:
        if isinstance(e, sqlite3.OperationalError) and not _looks_damaged(str(e)):
            raise sqlite_error(e, path) from None  # a lock held by a long import is not damage
        raise DiscError(corrupt_message(path, "SQLite 报告：" + str(e))) from None
    if rows != [("ok",)]:
        said = [ln.strip() for r in rows for ln in str(r[0]).splitlines() if ln.strip() and not ln.startswith("***")]
        raise DiscError(corrupt_message(path, "SQLite 完整性检查：" + "；".join(said[:3] or ["无结果"])))


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
    """An open ledger file. Library functions take one; the CLI opens it once per command.

    readonly: the file cannot be written here (read-only media, or an old ledger read through a
    migrated copy in memory); every write is refused with a message. notices: what the clerk
    should be told about the opening (an upgrade and where its backup is).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, clerk: str | None = None, *, readonly: bool = False):
        self.conn = conn
        self.path = path
        self.clerk = current_clerk(clerk)
        self.readonly = readonly
        self.notices: list[str] = []
        self._meta: dict[str, str] | None = None
        self._logged: list[str] = []  # this transaction's changes, described (see `committed`)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, clerk: str | None = None, readonly: bool = False) -> Ledger:
        """Open a ledger: checked for damage, upgraded to this disc's schema after a verified backup.

        readonly=True never writes the file (an input of `disc merge`, last year's ledger for lint):
        an old schema is then upgraded in a copy in memory. A file on read-only media is opened so too.
        """
        global current_path
        from disclosure_cli.files import KIND_NAMES, note_input, sniff

        path = resolve_path(db)
        kind = sniff(path)
        if kind == "missing":
            raise LedgerMissing(
                f"找不到台账文件 {path}。请先创建：disc init --org 单位名称"
                + ("" if db or os.environ.get("DISC_DB") else "（或用 --db 路径 / 环境变量 DISC_DB 指定已有台账）")
            )
        if kind == "dir":
            raise BadInput(f"{path} 是一个文件夹，不是台账文件；请用 --db 给出台账文件（.db）的路径")
        if kind == "empty":
            raise BadInput(f"{path} 是空文件，不是 disc 台账；新建台账请用 disc init --org 单位名称 --db 新文件名")
        if kind != "sqlite":
            raise BadInput(f"{path} 不是 disc 台账文件（它是{KIND_NAMES.get(kind, kind)}）")
        note_input(path)
        current_path = path
        problem = _header_problem(path)
        if problem:
            raise DiscError(corrupt_message(path, problem))
        writable = os.access(path, os.W_OK) and os.access(path.parent if str(path.parent) else Path("."), os.W_OK)
        try:
            conn = connect(path, readonly=readonly or not writable)
            if not is_stamped(path):
                quick_check(conn, path)
                stamp(path)
            version = schema_version(conn)
            if version == 0 and not _has_table(conn, "meta"):
                raise BadInput(f"{path} 不是 disc 台账文件（没有台账表结构）")
            pending = version < latest_version()
            if version > latest_version():
                migrate(conn, path)  # raises LedgerTooNew
            if pending and (readonly or not writable):
                conn = _migrated_copy(conn, path)
                led = cls(conn, path, clerk, readonly=True)
                if not readonly:
                    led.notices.append(
                        f"台账文件 {path} 是旧版本（{version}），所在位置只读，未升级原文件：本次在内存中的升级副本上只读运行"
                    )
                return led
            if pending:
                backup = make_backup(conn, path)
                try:
                    applied = migrate(conn, path)
                except sqlite3.Error as e:
                    try:
                        now = schema_version(conn)
                    except sqlite3.Error:
                        now = None
                    where = (
                        f"文件仍是升级前的版本 {version}" if now == version
                        else f"此前的各步已完成，文件现在是版本 {now}（仍可由本程序再次打开继续升级）" if now is not None
                        else "文件现在的版本无法读出"
                    )
                    raise DiscError(
                        f"升级台账 {path} 失败（{_reason(e)}）：失败的这一步已撤销，{where}；"
                        f"升级前的备份在 {backup}。腾出空间或解决上述问题后重新运行即可"
                    ) from e
                stamp(path)
                led = cls(conn, path, clerk)
                if applied:
                    led.notices.append(
                        f"台账已由版本 {version} 升级到 {latest_version()}；升级前的备份：{backup}"
                        "（备份中含申请人个人信息，请妥善保管，不需要时删除；disc request purge-personal 也会清除其中的个人信息）"
                    )
                return led
        except sqlite3.DatabaseError as e:
            raise sqlite_error(e, path) from None
        return cls(conn, path, clerk, readonly=readonly or not writable)

    @classmethod
    def create(cls, db: str | os.PathLike[str] | None, org: str, *, clerk: str | None = None) -> Ledger:
        """`disc init`: a new file at the latest schema, with the org and the default vocabularies."""
        global current_path
        from disclosure_cli import vocab
        from disclosure_cli.ledger.fields import text_field

        org = text_field(org, "单位名称（--org）", required=True) or ""
        path = resolve_path(db)
        if path.is_dir():
            raise BadInput(f"{path} 是一个文件夹：请给出新台账的文件名，如 --db {path / DEFAULT_FILE}")
        if path.exists():
            raise BadInput(f"台账文件 {path} 已存在，不会覆盖")
        if str(path.parent) and not path.parent.exists():
            raise BadInput(f"目录 {path.parent} 不存在")
        current_path = path
        try:
            conn = connect(path)
        except sqlite3.Error as e:
            raise sqlite_error(e, path) from None
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
                    "INSERT INTO channel (code, label, aliases, position, kind) VALUES (?, ?, ?, ?, ?)",
                    [(t.code, t.label, "|".join(t.aliases), i, vocab.DEFAULT_CHANNEL_KINDS.get(t.code, "other"))
                     for i, t in enumerate(vocab.DEFAULT_CHANNELS)],
                )
                conn.executemany(
                    "INSERT INTO category (name, position) VALUES (?, ?)",
                    [(c, i) for i, c in enumerate(vocab.DEFAULT_CATEGORIES)],
                )
                ledger.log("init", "ledger", None, after={"org": org})
        except BaseException as e:
            conn.close()
            path.unlink(missing_ok=True)
            Path(f"{path}-journal").unlink(missing_ok=True)
            if isinstance(e, sqlite3.Error):
                raise sqlite_error(e, path) from None
            raise
        from disclosure_cli.files import note_input

        note_input(path)
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
        """One write = one transaction, taken with the write lock so concurrent clerks queue up.

        Any failure rolls everything back; SQLite's own errors (locked, read-only, disk full) become
        a DiscError that says so. A committed write leaves the file stamped as sound (is_stamped).
        """
        if self.readonly:
            raise DiscError(
                f"台账文件 {self.path} 是只读打开的（文件或所在文件夹不可写，或是只读的旧版本副本），不能写入；"
                "请把它复制到可写的位置后再操作"
            )
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise sqlite_error(e, self.path) from None
        self._logged: list[str] = []
        try:
            yield self.conn
            with uninterrupted():
                self.conn.execute("COMMIT")
                committed.extend(self._logged or [f"写入台账 {self.path.name}"])
        except BaseException as e:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite may already have rolled back (disk full, I/O error)
            if isinstance(e, sqlite3.Error):
                raise sqlite_error(e, self.path) from None
            raise
        self._meta = None
        stamp(self.path)

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
        from disclosure_cli.ledger.seal import seal_log

        self._logged.append(describe_change(action, entity, entity_id, after))
        row = (
            self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM change_log").fetchone()[0],
            now_iso(),
            self.clerk,
            action,
            entity,
            entity_id,
            None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            None if after is None else json.dumps(after, ensure_ascii=False, default=str),
            reason,
        )
        self.conn.execute(
            "INSERT INTO change_log (id, at, clerk, action, entity, entity_id, before, after, reason, seal)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, seal_log(*row)),
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
        """The id of a unit by its name, or by its path when two units share a name (惠农区/南街街道)."""
        from disclosure_cli.ledger.orgs import resolve_org

        return resolve_org(self.conn, name or self.org)


def _migrated_copy(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """An old ledger read without touching its file: copied into memory and upgraded there."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.backup(mem)
    finally:
        conn.close()
    mem.execute("PRAGMA foreign_keys = ON")
    migrate(mem, None)
    return mem


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None
