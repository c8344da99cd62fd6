"""`disc deadline`: the what-if calculator (issue 25). The same engine as a recorded application's
deadline (workdays.compute_deadline) and a case's answer (ledger/cases.py), on dates typed in and the
calendar library's holidays, without a ledger."""

from __future__ import annotations

from datetime import date

from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.fields import parse_date
from disclosure_cli.workdays import Pause, WorkCalendar, compute_deadline, fmt_date


def _day(text: str | None, what: str) -> date | None:
    return date.fromisoformat(parse_date(text, what, required=False, allow_future=True)) if text else None


def _pause(text: str) -> Pause:
    a, sep, b = text.partition("..")
    if not sep:
        raise BadInput(f"--pause「{text}」应写作 开始日..结束日，如 2024-10-08..2024-10-15")
    start, end = _day(a.strip(), "暂停开始日（--pause）"), _day(b.strip(), "暂停结束日（--pause）")
    if start is None or end is None or end < start:
        raise BadInput(f"--pause「{text}」的结束日早于开始日")
    return Pause(start, end, "不计入期限的时间")


def request_deadline(received: str | None, correction_sent: str | None, correction_received: str | None,
                     extension: int, pauses: list[str]) -> tuple[str, list[str]]:
    got = _day(received, "收到申请之日（--received）")
    if got is None:
        raise BadInput("请给出 --received 收到申请之日（或用 --case 和 --served 算复议、诉讼的答复期限）")
    dl = compute_deadline(
        WorkCalendar(), got,
        correction_sent=_day(correction_sent, "发出补正通知之日（--correction-sent）"),
        correction_received=_day(correction_received, "收到补正之日（--correction-received）"),
        extension_days=extension, extension_approved_by="（假设已经批准）" if extension else None,
        pauses=[_pause(p) for p in pauses], today=None, explain=True,
    )
    return fmt_date(dl.due) + ("（暂定）" if dl.provisional else ""), dl.steps


def case_answer(kind: str, served: str | None) -> tuple[str, list[str]]:
    from disclosure_cli.ledger.cases import answer_due

    if kind not in ("review", "suit"):
        raise BadInput(f"--case 应为 review（行政复议）或 suit（行政诉讼），而不是「{kind}」")
    got = _day(served, "收到副本之日（--served）")
    if got is None:
        raise BadInput("请给出 --served 收到复议申请书或起诉状副本之日")
    a = answer_due(WorkCalendar(), kind, got)
    return fmt_date(a.due) + ("（暂定）" if a.provisional else ""), a.steps
