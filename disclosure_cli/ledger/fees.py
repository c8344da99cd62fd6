"""信息处理费 per application: the fee notice (amount computed by disc), its payment, and part 六's totals.

One method per application, never both (国办函〔2020〕109号 第三条): the table request_fee holds at
most one standing row per application, with either pieces (按件) or pages (按量). Amounts are stored
in 分 and summed exactly; the report gets Decimal 元.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from disclosure_cli import fees as tariff
from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.db import Ledger, now_iso
from disclosure_cli.ledger.fields import parse_date
from disclosure_cli.ledger.requests import number_of, resolve_request

_METHODS = {
    "item": tariff.BY_ITEM,
    "items": tariff.BY_ITEM,
    "piece": tariff.BY_ITEM,
    "按件": tariff.BY_ITEM,
    "按件计收": tariff.BY_ITEM,
    "page": tariff.BY_PAGE,
    "pages": tariff.BY_PAGE,
    "按量": tariff.BY_PAGE,
    "按量计收": tariff.BY_PAGE,
    "按页": tariff.BY_PAGE,
}


def resolve_method(value: str) -> str:
    m = _METHODS.get((value or "").strip().lower())
    if m is None:
        raise BadInput(f"收费方式（--method）「{value}」无法识别：应为 item（按件计收）或 pages（按量计收）")
    return m


@dataclass
class FeeNotice:
    request_id: int
    number: str
    method: str
    pieces: int | None
    pages: int | None
    amount_fen: int
    notice: str
    paid: str | None
    breakdown: list[str]
    applicant_known: bool = True  # 按件: False when the ledger has no applicant name (counted as a new applicant)

    @property
    def amount_yuan(self) -> Decimal:
        return Decimal(self.amount_fen) / 100


def applicant_month_count(ledger: Ledger, rid: int) -> tuple[int, bool]:
    """This application's place among its applicant's applications in its calendar month of receipt.

    The applicant is identified by the name in the personal data; without one (never given, or
    purged) the application counts as a new applicant's first. Returns (k, applicant known).
    """
    org_id, received = ledger.conn.execute("SELECT org_id, received FROM request WHERE id = ?", (rid,)).fetchone()
    row = ledger.conn.execute("SELECT trim(name) FROM request_personal WHERE request_id = ?", (rid,)).fetchone()
    name = row[0] if row else None
    if not name:
        return 1, False
    month = received[:7]
    k = ledger.conn.execute(
        "SELECT count(*) FROM request r JOIN request_personal p ON p.request_id = r.id"
        " WHERE r.org_id = ? AND r.voided_at IS NULL AND trim(p.name) = ?"
        " AND r.received BETWEEN ? AND ? AND (r.received < ? OR (r.received = ? AND r.id <= ?))",
        (org_id, name, f"{month}-01", f"{month}-31", received, received, rid),
    ).fetchone()[0]
    return int(k), True


MAX_PAGES = 1_000_000  # pages of one application: beyond this it is a typo


def record_notice(
    ledger: Ledger, ref: str | int, *, method: str, notice: str, pages: int | None = None, allow_future: bool = False,
    org: str | None = None,
) -> FeeNotice:
    """`disc request fee`: compute the fee and record that the 收费通知 went out on ``notice``."""
    m = resolve_method(method)
    when = parse_date(notice, "收费通知日期（--notice）", allow_future=allow_future)
    if m == tariff.BY_PAGE:
        if pages is None:
            raise BadInput("按量计收需要页数（--pages N）")
        if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= MAX_PAGES:
            shown = pages if not isinstance(pages, int) or pages < 10**12 else f"{str(pages)[:12]}…"
            raise BadInput(f"页数（--pages）应为 1 至 {MAX_PAGES:,} 的整数，而不是 {shown}")
    elif pages is not None:
        raise BadInput("按件计收不按页数计算：不要同时给出 --pages（同一申请只能选一种方式，第三条）")
    with ledger.write() as conn:
        rid = resolve_request(ledger, ref, org)
        year, seq, received, closed, voided = conn.execute(
            "SELECT year, seq, received, closed, voided_at FROM request WHERE id = ?", (rid,)
        ).fetchone()
        number = number_of(year, seq)
        if voided:
            raise BadInput(f"申请 {number} 已作废")
        if when < received:
            raise BadInput(f"收费通知日期 {when} 早于收到申请日期 {received}")
        if closed and when > closed:
            raise BadInput(f"收费通知日期 {when} 晚于申请 {number} 的办结日期 {closed}")
        old = conn.execute(
            "SELECT method, amount_fen, notice FROM request_fee WHERE request_id = ? AND voided_at IS NULL", (rid,)
        ).fetchone()
        if old is not None:
            raise BadInput(
                f"申请 {number} 已于 {old[2]} 发出收费通知（{tariff.METHOD_LABELS[old[0]]}，"
                f"{Decimal(old[1]) / 100}元）；每件申请只能按一种方式收费一次（第三条）"
            )
        known = True
        if m == tariff.BY_ITEM:
            k, known = applicant_month_count(ledger, rid)
            yuan = tariff.fee_by_item(k)
            breakdown = [
                f"同一申请人{received[:4]}年{int(received[5:7])}月第{k}件申请"
                + ("" if known else "（台账没有申请人姓名，按新申请人计）"),
                *tariff.item_fee_breakdown(k - 1, 1),
            ]
            pieces, pgs = k, None
            if yuan == 0:
                raise BadInput(
                    f"按件计收：申请 {number} 是该申请人本月第{k}件，"
                    f"{tariff.FREE_ITEMS}件以内不收费（第四条）"
                    + ("" if known else "；台账没有申请人姓名，只能按新申请人计")
                    + "，无需发出收费通知"
                )
        else:
            yuan = tariff.fee_by_pages(pages)  # type: ignore[arg-type]
            breakdown = tariff.page_fee_breakdown(pages)  # type: ignore[arg-type]
            pieces, pgs = None, pages
            if yuan == 0:
                raise BadInput(f"按量计收：{pages}页在免费的30页以内（第五条），无需发出收费通知")
        fen = yuan * 100
        cur = conn.execute(
            "INSERT INTO request_fee (request_id, method, pieces, pages, amount_fen, notice, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rid, m, pieces, pgs, fen, when, now_iso()),
        )
        ledger.log(
            "fee_notice",
            "request",
            rid,
            after={"fee_id": cur.lastrowid, "method": m, "pieces": pieces, "pages": pgs, "amount_fen": fen, "notice": when},
        )
    return FeeNotice(rid, number, m, pieces, pgs, fen, when, None, breakdown, known)


def record_paid(ledger: Ledger, ref: str | int, *, paid: str, allow_future: bool = False, org: str | None = None) -> FeeNotice:
    """`disc request fee-paid`: the day the applicant paid."""
    when = parse_date(paid, "缴费日期（--date）", allow_future=allow_future)
    with ledger.write() as conn:
        rid = resolve_request(ledger, ref, org)
        year, seq = conn.execute("SELECT year, seq FROM request WHERE id = ?", (rid,)).fetchone()
        number = number_of(year, seq)
        row = conn.execute(
            "SELECT id, method, pieces, pages, amount_fen, notice, paid FROM request_fee"
            " WHERE request_id = ? AND voided_at IS NULL",
            (rid,),
        ).fetchone()
        if row is None:
            raise BadInput(f"申请 {number} 没有登记收费通知（disc request fee {number} --method … --notice …）")
        fid, method, pieces, pages, fen, notice, old_paid = row
        if old_paid:
            raise BadInput(f"申请 {number} 的信息处理费已登记于 {old_paid} 缴纳")
        if when < notice:
            raise BadInput(f"缴费日期 {when} 早于收费通知日期 {notice}")
        conn.execute("UPDATE request_fee SET paid = ? WHERE id = ?", (when, fid))
        ledger.log("fee_paid", "request", rid, before={"paid": None}, after={"fee_id": fid, "paid": when})
    return FeeNotice(rid, number, method, pieces, pages, fen, notice, when, [])


def get_fee(ledger: Ledger, rid: int) -> dict | None:
    row = ledger.conn.execute(
        "SELECT method, pieces, pages, amount_fen, notice, paid FROM request_fee WHERE request_id = ? AND voided_at IS NULL",
        (rid,),
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("method", "pieces", "pages", "amount_fen", "notice", "paid"), row, strict=True))


@dataclass(frozen=True)
class FeeTotals:
    """What part 六 says of 信息处理费 for a year: applications charged (fee paid in the year), the
    amount (exact, in 分), fee notices issued in the year."""

    charged: int
    amount_fen: int
    notices: int

    @property
    def amount_yuan(self) -> Decimal:
        return Decimal(self.amount_fen) / 100


def summary(ledger: Ledger, year: int, ids: list[int]) -> FeeTotals:
    """Part 六's 信息处理费 of the year (see FeeTotals)."""
    org_in = ", ".join(str(int(i)) for i in ids)
    y0, y1 = f"{year}-01-01", f"{year}-12-31"
    base = (
        "FROM request_fee f JOIN request r ON r.id = f.request_id"
        f" WHERE f.voided_at IS NULL AND r.voided_at IS NULL AND r.org_id IN ({org_in})"
    )
    charged, fen = ledger.conn.execute(
        f"SELECT count(*), coalesce(sum(f.amount_fen), 0) {base} AND f.paid BETWEEN ? AND ?", (y0, y1)
    ).fetchone()
    notices = ledger.conn.execute(f"SELECT count(*) {base} AND f.notice BETWEEN ? AND ?", (y0, y1)).fetchone()[0]
    return FeeTotals(int(charged), int(fen), int(notices))


def payment_due(ledger: Ledger, notice: str | date) -> tuple[date, bool]:
    """Last day to pay a fee notified on ``notice`` (20 working days, 暂定 flag)."""
    from disclosure_cli.ledger.holidays import calendar

    d = notice if isinstance(notice, date) else date.fromisoformat(notice)
    return tariff.fee_payment_due(calendar(ledger), d)
