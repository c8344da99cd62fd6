"""Option sets every command shares (--db, --format, -o, --clerk) and the one place errors become exits."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

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
YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="年度，如 2023", show_default=False)]
OrgOpt = Annotated[str | None, typer.Option("--org", help="单位名称（默认：台账的本单位）", show_default=False)]


def state(ctx: typer.Context) -> dict[str, Any]:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    return root.obj


def open_ledger(ctx: typer.Context, db: str | None = None, clerk: str | None = None):
    """--db after the command wins over --db before it; the library finds $DISC_DB and the default."""
    from disclosure_cli.ledger.db import Ledger

    st = state(ctx)
    return Ledger.open(db or st.get("db"), clerk=clerk or st.get("clerk"))


def need_year(year: int | None) -> int:
    if year is None:
        raise typer.BadParameter("请用 --year 指定年度，如 --year 2023", param_hint="--year")
    if not 1990 <= year <= 2100:
        raise typer.BadParameter(f"年度 {year} 不合理", param_hint="--year")
    return year


def err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def info(message: str) -> None:
    """Human notes go to stderr so that stdout stays clean for pipes."""
    err(message)


def fail(exc: DiscError) -> None:
    err(f"错误：{exc}")
    raise typer.Exit(exc.exit_code)


def guarded(fn):
    """Turn the library's errors into a message on stderr and the documented exit code (1 or 2)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DiscError as exc:
            fail(exc)
        except KeyboardInterrupt:
            # Ctrl-C: the transaction has already been rolled back on the way out
            err("已中断：本次操作未完成，台账未作任何改动。")
            raise typer.Exit(130) from None

    return wrapper


def is_tty(stream: Any = None) -> bool:
    stream = stream or sys.stdin
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
