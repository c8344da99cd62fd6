"""`disc serve`: the ledger as a web page (Datasette), read-only, on this computer only."""


from typing import Annotated

import typer

from disclosure_cli.cli.common import DbOpt, info, open_ledger


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", "-p", help="端口（默认 8001；0 表示任选一个空闲端口）")] = 8001,
    open_browser: Annotated[bool, typer.Option("--open", help="启动后在浏览器中打开")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="以此日期为“今天”计算答复期限和逾期（默认今天）", show_default=False)
    ] = None,
    db: DbOpt = None,
) -> None:
    """在浏览器中查看台账：主动公开信息、申请、复议诉讼，可筛选、导出 CSV，并有常用查询（逾期申请、
    表三按单位、沉默的渠道、各月信息条数）。

    只读，只有本机能访问（127.0.0.1）。提供的是台账的副本，其中没有申请人个人信息和修改记录。
    需要另行安装：pip install 'disclosure_cli[web]'

    示例：disc serve --open；disc --db 惠农区.db serve --port 8002
    """
    from datetime import date

    from disclosure_cli.errors import BadInput
    from disclosure_cli.ledger.fields import parse_date
    from disclosure_cli.report import site

    site.require_web()  # before anything is copied: say how to install first
    if not 0 <= port <= 65535:
        raise BadInput(f"端口（--port）应在 0 至 65535 之间，而不是 {port}")
    as_of = date.fromisoformat(parse_date(today, "今天（--today）")) if today else None
    site.serve(open_ledger(ctx, db), port=port, open_browser=open_browser, today=as_of, say=info)
