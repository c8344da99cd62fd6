"""`disc demo` (issue 24): build a demonstration ledger to explore, and say what to try next."""


import sys
from typing import Annotated

import typer

from disclosure_cli.cli.common import state


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="演示台账的文件名（默认：当前文件夹下的 demo.db；已存在的文件不会被覆盖）", show_default=False),
    ] = None,
) -> None:
    """新建一本演示台账：虚构的示例区青山街道 2023 年全年记录，另有同属示例区的绿水、白云两个街道。

    演示台账的每条记录都经由 disc 自己的登记功能写入，与经办人登记的一样经过检查：各渠道逐月的
    主动公开信息，跨春节、国庆的申请（补正、延期、征求第三方意见、信息处理费，各种办理结果，一件结转
    下年度），各类答复书和告知书，行政复议和行政诉讼案件，行政规范性文件及解读，行政许可和处罚决定，
    年度报告正文。人名、单位名均为虚构。每次生成的内容都相同。不读取 DISC_DB：只写 --db 或 demo.db。

    示例：disc demo；disc demo --db 演示.db
    """
    from disclosure_cli.report import demo as builder

    path = db or state(ctx).get("db") or builder.DEFAULT_FILE
    summary = builder.build(path)
    sys.stdout.write(builder.summary_text(summary))
