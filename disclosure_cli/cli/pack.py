"""The evidence pack (issue 25): `disc request pack` and `disc case pack` write the zip a 复议机关 or a
court asks for (report/pack.py builds it)."""


from typing import TYPE_CHECKING, Annotated

import typer

from disclosure_cli.cli.common import DbOpt, OrgOpt, info, open_ledger, show_personal
from disclosure_cli.cli.records import case_app, request_app

if TYPE_CHECKING:
    from disclosure_cli.report.pack import Pack

PackOut = Annotated[str, typer.Option("--output", "-o", help="写入的 zip 文件，如 2024-003.zip")]
PersonalOpt = Annotated[
    bool, typer.Option("--include-personal", help="包含本申请的申请人（及第三方）的个人信息；其他申请人的信息始终遮盖")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="材料截止日期：未办结申请的状态按此日判断（默认：最后一笔记录的日期；不能更早）",
                 show_default=False),
]


def register(app: typer.Typer) -> None:
    request_app.command("pack")(request_pack)
    case_app.command("pack")(case_pack)


def _check_out(out: str) -> None:
    """-o is checked before anything is built: the guarded writer's checks, then the kind of file."""
    from pathlib import Path

    from disclosure_cli.errors import BadInput
    from disclosure_cli.files import check_output

    check_output(out)
    if Path(out).suffix.lower() != ".zip":
        raise BadInput(f"材料包是 zip 压缩文件：请给出以 .zip 结尾的文件名，如 -o {Path(out).stem or '材料'}.zip")


def _write(pack: "Pack", out: str, include_personal: bool) -> None:
    from disclosure_cli.report import pack as packs

    packs.write(pack, out)
    n = len(pack.files)
    said = "含本申请的个人信息" if include_personal else "个人信息已遮盖"
    info(f"已写入 {out}：{n} 个文件（{said}），材料截止 {pack.as_of.isoformat()}；同一台账再次生成，逐字节相同")


def request_pack(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="申请编号（2024-003）或 id")],
    out: PackOut,
    include_personal: PersonalOpt = False,
    as_of: AsOfOpt = None,
    org: OrgOpt = None,
    db: DbOpt = None,
) -> None:
    """把一件申请的全部材料写成一个 zip（复议机关、法院调取证据时用）。

    包括：申请记录和答复期限的逐步计算（同 disc request show）、办理步骤（补正、延长、暂停、收费、
    征求意见、说明理由、延迟答复）、每份文书原样的 docx 和 txt（作废的放在「文书/已作废」并注明）、
    送达记录、修改记录、记录数据（JSON），以及列出每个文件 SHA-256 的清单。个人信息默认遮盖。
    同一台账再次生成，zip 逐字节相同（时间取自台账的记录，不取生成时间）。

    示例：disc request pack 2024-003 -o 2024-003.zip
    """
    from disclosure_cli.report import pack as packs

    _check_out(out)
    ledger = open_ledger(ctx, db)
    if include_personal:
        show_personal()
    _write(packs.request_pack(ledger, ref, include_personal=include_personal, as_of=as_of, org=org), out, include_personal)


def case_pack(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument(help="案件编号")],
    out: PackOut,
    include_personal: PersonalOpt = False,
    as_of: AsOfOpt = None,
    db: DbOpt = None,
) -> None:
    """把一件复议诉讼案件的材料写成一个 zip（复议机关、法院调取证据时用）。

    包括：案件记录（收到副本、答复期限及其计算、提交答复、决定）和引起案件的申请的全部材料
    （同 disc request pack），附 SHA-256 清单。个人信息默认遮盖；同一台账再次生成，zip 逐字节相同。

    示例：disc case pack 2 -o 案件2.zip
    """
    from disclosure_cli.report import pack as packs

    _check_out(out)
    ledger = open_ledger(ctx, db)
    if include_personal:
        show_personal()
    _write(packs.case_pack(ledger, case_id, include_personal=include_personal, as_of=as_of), out, include_personal)
