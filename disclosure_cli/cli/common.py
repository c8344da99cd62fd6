"""Option sets every command shares (--db, --format, -o, --clerk) and the one place errors become exits
(`boundary`)."""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from disclosure_cli.entry import INTERRUPTED, interrupted_message  # noqa: F401  (one wording, also before start-up)
from disclosure_cli.errors import DiscError

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="台账文件路径（默认：环境变量 DISC_DB，否则 ./disclosure.db）", show_default=False),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", help="输出格式：table|csv|tsv|json|md（终端默认 table，管道默认 csv）", show_default=False),
]
OutOpt = Annotated[str | None, typer.Option("--output", "-o", help="写入文件（按扩展名判断格式）", show_default=False)]
ClerkOpt = Annotated[
    str | None, typer.Option("--clerk", help="经办人（默认：环境变量 DISC_CLERK，否则系统用户名）", show_default=False)
]
RollupOpt = Annotated[bool, typer.Option("--rollup", help="汇总本单位及其下属全部单位")]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="年度，如 2023", show_default=False)]
OrgOpt = Annotated[str | None, typer.Option("--org", help="单位名称（默认：台账的本单位）", show_default=False)]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        help=f"最多显示多少行（终端表格默认 {200}，0 为全部；CSV/JSON 默认全部）",
        show_default=False,
    ),
]
TERMINAL_ROWS = 200  # a table on a terminal shows this many rows unless --limit says otherwise
AllowFutureOpt = Annotated[
    bool, typer.Option("--allow-future", help="允许晚于今天的日期（默认拒绝：多半是输入错误）")
]


def state(ctx: typer.Context) -> dict[str, Any]:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    return root.obj


def open_ledger(ctx: typer.Context, db: str | None = None, clerk: str | None = None):
    """--db after the command wins over --db before it; the library finds $DISC_DB and the default."""
    from disclosure_cli import output
    from disclosure_cli.ledger.db import Ledger

    st = state(ctx)
    ledger = Ledger.open(db or st.get("db"), clerk=clerk or st.get("clerk"))
    for note in ledger.notices:
        info(note)
    output.set_masker(lambda: _ledger_masker(ledger))  # every output of this command masks personal data
    return ledger


def _ledger_masker(ledger: Any) -> Any:
    from disclosure_cli.ledger import personal

    return personal.masker(ledger)


def show_personal() -> None:
    """The command was asked for personal data (--include-personal): print it unmasked."""
    from disclosure_cli import output

    output.set_masker(None)


def guard_output(out: str | None, *inputs: str) -> None:
    """Check -o before any work is done (the same checks the writer makes at the end), so that a
    write into the ledger, a device or a missing folder is refused before anything is changed.
    inputs: files the command will read later (they must not be overwritten either)."""
    if not out or out == "-":
        return
    from disclosure_cli.files import check_output, note_input

    for path in inputs:
        note_input(path)
    check_output(out)


def need_year(year: int | None) -> int:
    from datetime import date

    if year is None:
        raise typer.BadParameter("请用 --year 指定年度，如 --year 2023", param_hint="--year")
    if not 2008 <= year <= date.today().year + 1:
        raise typer.BadParameter(
            f"年度 {year} 不合理（应在 2008 至 {date.today().year + 1} 之间）", param_hint="--year"
        )
    return year


def parse_today(value: str | None):
    """--today: a date to judge deadlines by (any plausible date, the future included)."""
    from datetime import date

    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger.fields import parse_date

    if not value:
        return date.today()
    day = date.fromisoformat(parse_date(value, "今天（--today）", allow_future=True))
    if day.year > date.today().year + 5:  # deadlines are counted in working days from there: 9999-12-31 overflows
        raise BadInput(f"今天（--today）{day.isoformat()} 太远：最晚可设到 {date.today().year + 5} 年底")
    return day


def err(message: str) -> None:
    """A note or an error on stderr, folded on a terminal to its width (COLUMNS, else the terminal's):
    a long Chinese line left to the terminal breaks anywhere, 「，」 first on a line included."""
    import shutil

    text = message.rstrip("\n")
    cols = shutil.get_terminal_size((0, 0)).columns if is_tty(sys.stderr) else 0  # a log file keeps its lines
    if cols >= 20:
        from disclosure_cli.text import display_width, wrap_line

        text = "\n".join(folded for line in text.split("\n")
                         for folded in (wrap_line(line, cols) if display_width(line) > cols else [line]))
    sys.stderr.write(text + "\n")


def on_screen(text: str) -> str:
    """Prose for stdout folded to the terminal's width, each step's continuation under its own text
    (「  3. 」): a long Chinese line left to the terminal breaks anywhere. A pipe or a file keeps its lines."""
    import re
    import shutil

    cols = shutil.get_terminal_size((0, 0)).columns if is_tty(sys.stdout) else 0
    if cols < 20:
        return text
    from disclosure_cli.text import display_width, wrap_line

    out: list[str] = []
    for line in text.split("\n"):
        if display_width(line) <= cols:
            out.append(line)
            continue
        lead = re.match(r"\s*(?:\d+[.、]\s*|[-·•]\s*)?", line).group(0)  # type: ignore[union-attr]
        out += wrap_line(line[len(lead):], cols, lead, " " * display_width(lead))
    return "\n".join(out)


def info(message: str) -> None:
    """Human notes go to stderr so that stdout stays clean for pipes."""
    err(message)


def boundary(run: Any) -> Any:
    """The one place where what went wrong becomes a Chinese message and an exit code.

    The library's own errors carry their code (1 or 2); SQLite and OS errors that an ordinary day
    brings (a lock held, a read-only file, a full disk, a damaged file) are named; Ctrl-C is 130;
    anything unexpected is one line on the terminal and a log file with the traceback (no personal
    data), never a raw traceback (issue 9).
    """
    import sqlite3

    from disclosure_cli import files, output
    from disclosure_cli.ledger import db as ledger_db

    files.begin_command()
    output.set_masker(None)
    ledger_db.current_path = None
    ledger_db.committed.clear()
    try:
        return run()
    except (typer.Exit, typer.TyperException):  # typer's own exits and usage errors (its vendored click)
        raise
    except (typer.Abort, KeyboardInterrupt, EOFError):
        err(interrupted_message(ledger_db.committed))
        raise typer.Exit(130) from None
    except DiscError as exc:
        err(f"错误：{exc}")
        raise typer.Exit(exc.exit_code) from None
    except sqlite3.Error as exc:
        mapped = ledger_db.sqlite_error(exc)
        err(f"错误：{mapped}")
        raise typer.Exit(mapped.exit_code) from None
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:
        err(f"错误：{os_message(exc)}")
        raise typer.Exit(1) from None
    except SyntaxError as exc:  # xml.etree's ParseError: a damaged or hostile XML inside an office file
        err(f"错误：文件中的 XML 无法解析（{exc}）：文件可能已损坏，请在 Excel/Word/WPS 中打开并另存后再试")
        raise typer.Exit(2) from None
    except RecursionError:
        err("错误：输入的内容嵌套过深（JSON 或网页结构层层嵌套），无法处理；请检查文件是否正确")
        raise typer.Exit(2) from None
    except MemoryError:
        err("错误：内存不足，无法完成本次操作（输入文件可能过大）；台账未作改动")
        raise typer.Exit(1) from None
    except OverflowError:
        err("错误：数值超出范围（整数过大）；请检查输入的数字")
        raise typer.Exit(2) from None
    except UnicodeError as exc:
        kind = "编码" if isinstance(exc, UnicodeEncodeError) else "解码"
        err(f"错误：文本中有无法处理的字符（{kind}失败）；请检查输入是否含有乱码或无效字符，或改用 --encoding gb18030")
        raise typer.Exit(2) from None
    except Exception as exc:  # the last line of defence
        log = crash_log(exc)
        where = f"详细信息已记入 {log}（不含申请人个人信息），请把该文件发给技术支持" if log else "未能写入日志文件"
        err(f"错误：disc 遇到了意外问题（{type(exc).__name__}），本次操作未完成，未完成的写入已撤销。{where}")
        raise typer.Exit(1) from None
    finally:
        files.end_command()
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        warn_replaced()


def os_message(exc: OSError) -> str:
    from disclosure_cli.files import write_error

    name = exc.filename or ""
    if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1), errno.EROFS):
        return str(write_error(Path(str(name or "文件")), exc))
    if isinstance(exc, PermissionError):
        return f"没有权限访问 {name}：请检查文件或文件夹的权限"
    if isinstance(exc, FileNotFoundError):
        return f"找不到 {name}"
    if isinstance(exc, IsADirectoryError):
        return f"{name} 是一个文件夹，请给出文件"
    return f"{name + '：' if name else ''}{exc.strerror or exc}"


def _quiet_stdout() -> None:
    """The reader of a pipe went away (disc list | head): stop writing, say nothing."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


_DIGITS = re.compile(r"\d{6,}")


def crash_log(exc: BaseException) -> Path | None:
    """Write the traceback of an unexpected error to a log file; return its path.

    What goes in: versions, the command words (not option values: a name or phone number may be
    one), and each frame's file, line and code — no local variables; the exception's message with
    runs of six or more digits masked (phone and ID numbers).
    """
    import platform
    import time
    import traceback

    from disclosure_cli import __version__
    from disclosure_cli.files import state_dir

    # command words only (request add): an option's value may be a name or a phone number
    words = [a for a in sys.argv[1:] if re.fullmatch(r"[a-z][a-z-]{1,20}", a)][:2]
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [
        f"disc {__version__} · Python {platform.python_version()} · {platform.platform()}",
        f"时间：{time.strftime('%Y-%m-%d %H:%M:%S')}",
        f"命令：disc {' '.join(words)}",
        "",
        "Traceback (most recent call last):",
        *(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n    {_DIGITS.sub("######", f.line or "")}' for f in frames),
        f"{type(exc).__name__}: {_DIGITS.sub('######', str(exc))}",
    ]
    try:
        folder = state_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    except OSError:
        return None


def configure_streams(encoding: str | None = None) -> None:
    """Output into a pipe or a file is UTF-8 whatever the console's code page (GBK on Chinese
    Windows), or the encoding asked for; writing to a console never fails on a character."""
    import codecs

    from disclosure_cli import output

    enc = encoding or os.environ.get("DISC_ENCODING") or None
    if enc:
        try:
            enc = codecs.lookup(enc).name
        except LookupError:
            raise typer.BadParameter(f"不认识的编码「{enc}」（可用 utf-8、gb18030 等）", param_hint="--encoding") from None
    output.ENCODING = enc or "utf-8"
    codecs.register_error("disc-replace", _count_replaced)
    _replaced[0] = 0
    for stream, is_out in ((sys.stdout, True), (sys.stderr, False)):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if is_out and not is_tty(stream):
                reconfigure(encoding=enc or "utf-8", errors="disc-replace")
            else:
                reconfigure(errors="replace")
        except (ValueError, OSError, LookupError):
            pass


_replaced = [0]  # characters the output encoding could not hold, replaced by ? (said at the end)


def _count_replaced(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    n = exc.end - exc.start
    _replaced[0] += n
    return "?" * n, exc.end


def warn_replaced() -> None:
    """After a command: say how many characters an encoding like GBK could not hold (they became ?)."""
    from disclosure_cli import output

    if _replaced[0]:
        err(
            f"注意：输出中有 {_replaced[0]} 个字符无法用 {output.ENCODING} 编码表示，已替换为「?」。"
            "要原样保留，请改用 --encoding gb18030 或 utf-8"
        )
        _replaced[0] = 0


def screen_limit(fmt: str, out: str | None, limit: int | None) -> int | None:
    """How many rows a listing prints: machine formats and files everything unless --limit; a table
    on a terminal the first TERMINAL_ROWS (answering at once on 100,000 rows), 0 meaning all."""
    if limit is not None:
        if limit < 0 or limit > 10**9:
            raise typer.BadParameter(f"--limit 应为 0 或正整数，而不是 {limit}", param_hint="--limit")
        return limit or None
    if fmt == "table" and not out and is_tty(sys.stdout):
        return TERMINAL_ROWS
    return None


def more_note(shown: int, total: int) -> None:
    if total > shown:
        info(f"只显示了前 {shown} 条（共 {total} 条）：--limit 0 显示全部，或 --format csv -o 文件 导出全部")


def is_tty(stream: Any = None) -> bool:
    stream = stream or sys.stdin
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
