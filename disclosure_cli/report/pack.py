"""The evidence pack (issue 25): one zip holding what a 复议机关 or a court asks of an application or a
case — the application as recorded, every letter as issued (docx and txt; voided ones marked, apart),
the deadline derivation of `disc request show`, the steps, the delivery records, the change log, the
case record with its answer deadline — and a manifest of SHA-256 hashes.

The same ledger gives the same zip, byte for byte, whoever builds it and whenever: a court may ask
for it twice, and a clerk asked "is this what you sent?" rebuilds it and compares. So nothing in it
comes from the clock, the time zone, the umask or the clerk running it. Dates are the ledger's own:
every entry of the zip carries the time of the file's latest record, every part of a letter's docx
(and its core properties) the time the letter was issued; a pending application's status is judged
on the latest record's day unless the clerk names a later one (--as-of). Entries are sorted, their
permissions fixed, JSON keys sorted. What the bytes still depend on is the software: this version
of disc, chinesecalendar (the working days of the derivation), python-docx, and zlib, whose deflate
output may differ between implementations — the hashes of the txt and json files hold anywhere,
those of the docx files (zips themselves) where zlib compresses alike.

Personal data: masked everywhere by the project's one masker unless asked (--include-personal), and
even then only this application's own applicant and third parties are shown: another applicant's
name typed into a subject or a note stays ＊＊＊ (ledger.evidence.file_masker).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from disclosure_cli import __version__, vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.ledger import evidence
from disclosure_cli.ledger.db import Ledger, describe_change
from disclosure_cli.ledger.evidence import RequestFile
from disclosure_cli.ledger.letters import StoredLetter
from disclosure_cli.workdays import fmt_date

MANIFEST = "manifest.json"
LISTING = "清单.txt"
LETTERS = "文书"
VOIDED = "已作废"
CHINA = timezone(timedelta(hours=8))  # a time recorded without its offset (older ledgers): Beijing time
FILE_MODE = 0o100644  # a regular file, rw-r--r--, whoever's umask built it
_UNSAFE = str.maketrans({c: "_" for c in '\\/:*?"<>|\0\t\r\n'})  # never in a file name on Windows


@dataclass(frozen=True)
class Pack:
    """The files of a pack (paths under ``root``), and the ledger time every zip entry carries."""

    root: str
    files: dict[str, bytes]
    stamp: datetime
    as_of: date

    def zip_bytes(self) -> bytes:
        return fixed_zip(((f"{self.root}/{p}", data) for p, data in self.files.items()), self.stamp, sort=True)


def write(pack: Pack, out: str | Path) -> None:
    """The zip to ``out`` through the one guarded writer (whole or not at all; never over the ledger)."""
    from disclosure_cli.files import atomic_write

    atomic_write(out, pack.zip_bytes())


def fixed_zip(entries: Iterable[tuple[str, bytes]], stamp: datetime, *, sort: bool) -> bytes:
    """A zip whose bytes depend only on its entries: one timestamp, fixed permissions and system,
    one compression level; sorted unless the order matters (a docx lists its content types first).
    A docx inside is stored as it is: it is compressed already, and deflating it again costs time
    for nothing."""
    items = sorted(entries) if sort else list(entries)
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=when)
            info.create_system = 3  # Unix: the permissions below are read as such everywhere
            info.external_attr = FILE_MODE << 16
            if name.endswith(".docx"):
                z.writestr(info, data, compress_type=zipfile.ZIP_STORED)
            else:
                z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buf.getvalue()


# --------------------------------------------------------------------------- times of the ledger
def moment(text: str | None) -> datetime | None:
    """A time the ledger recorded (ISO 8601), aware; None for nothing or what is not a time."""
    if not text:
        return None
    try:
        t = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return t if t.tzinfo is not None else t.replace(tzinfo=CHINA)


def _times(rf: RequestFile) -> list[str | None]:
    """Every time recorded about one application: the log, the steps, the letters, the deliveries."""
    out: list[str | None] = [e["at"] for e in rf.log]
    for rows in (rf.corrections, rf.extensions, rf.pauses, rf.fees, rf.events, rf.deliveries):
        out += [r.get("recorded_at") for r in rows] + [r.get("voided_at") for r in rows]
    out += [lt.issued_at for lt in rf.letters] + [lt.voided_at for lt in rf.letters]
    out.append(rf.request.get("voided_at"))
    out.append(rf.request.get("purged_at"))
    return out


def latest(times: Iterable[str | None], fallback: date) -> datetime:
    """The latest recorded time, on the clock it was recorded on; else the fallback day at midnight."""
    found = [t for t in (moment(x) for x in times) if t is not None]
    return max(found) if found else datetime(fallback.year, fallback.month, fallback.day, tzinfo=CHINA)


def _as_of(stamp: datetime, given: str | None) -> date:
    """The day the pack reflects: the latest record's, or a later day the clerk names."""
    if given is None:
        return stamp.date()
    from disclosure_cli.ledger.fields import parse_date

    day = date.fromisoformat(parse_date(given, "材料截止日期（--as-of）", allow_future=True))
    if day < stamp.date():
        raise BadInput(
            f"材料截止日期 {day.isoformat()} 早于本案卷最后一笔记录（{stamp.isoformat()}）：材料包含台账的全部记录，"
            f"不能写成更早的日期。请给出 {stamp.date().isoformat()} 或以后的日期，或去掉 --as-of"
        )
    return day


# --------------------------------------------------------------------------- masking
def _mask_all(mask: Callable[[Any], Any], value: Any) -> Any:
    """Every string inside a JSON-like value, masked."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: _mask_all(mask, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mask_all(mask, v) for v in value]
    return value


def _text(lines: list[str], mask: Callable[[Any], Any]) -> bytes:
    return (mask("\n".join(lines)) + "\n").encode("utf-8")


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode("utf-8")


def _void_note(voided_at: str | None, reason: str | None) -> str:
    if not voided_at:
        return ""
    return f"【已作废：{voided_at}，原因：{reason or '未说明'}】"


# --------------------------------------------------------------------------- an application's files
def _letter_name(i: int, lt: StoredLetter) -> str:
    number = (lt.number or "未编号").translate(_UNSAFE)
    return f"{i:02d}-{number}-{vocab.LETTER_KINDS.label(lt.kind)}"


def _letter_folder(lt: StoredLetter) -> str:
    return f"{LETTERS}/{VOIDED}" if lt.voided_at else LETTERS


def _printable(ledger: Ledger, lt: StoredLetter, mask: Callable[[Any], Any], include_personal: bool) -> Any:
    """The letter as issued (report.letters.view), then masked for the pack: without personal data a
    letter to the applicant is addressed to 「申请人」 with no address, as after purge-personal."""
    from disclosure_cli.report import letters

    letter = letters.view(ledger, lt)
    if lt.content.get("to") == "applicant" and not include_personal:
        salutation, address = f"{letters.APPLICANT}：", None
    else:
        salutation, address = mask(letter.salutation), mask(letter.address)
    return replace(letter, salutation=salutation, address=address, body=[mask(b) for b in letter.body],
                   remedies=[mask(r) for r in letter.remedies], contact=mask(letter.contact))


def letter_docx(letter: Any, issued_at: str | None, void_note: str = "") -> bytes:
    """A letter's docx, the same bytes every time: its core properties dated when it was issued (not
    when the pack is built), its parts written with that time."""
    from disclosure_cli.report import letters, office

    doc = letters.docx_document(letter)
    if void_note:
        p = doc.paragraphs[0].insert_paragraph_before()
        office._docx_run(p, office.clean_text(void_note), office.BODY_FONT, office.BODY_PT, bold=True)
    when = moment(issued_at) or datetime(letter.date.year, letter.date.month, letter.date.day, tzinfo=CHINA)
    cp = doc.core_properties
    utc = when.astimezone(UTC).replace(tzinfo=None)  # python-docx writes the value as UTC (…Z)
    cp.created = cp.modified = utc
    cp.last_modified_by = ""
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    return fixed_zip(parts, when, sort=False)


def _step_lines(rf: RequestFile) -> list[str]:
    from disclosure_cli.fees import METHOD_LABELS
    from disclosure_cli.ledger.steps import EVENT_LABELS, POSITIONS

    lines = [f"申请 {rf.number} 的办理步骤（台账记录，作废的也列出并注明）", ""]

    def section(title: str, rows: list[dict[str, Any]], say: Callable[[dict[str, Any]], str]) -> None:
        lines.append(title)
        if not rows:
            lines.append("  （无）")
        for r in rows:
            recorded = f"（登记于 {r['recorded_at']}{'，经办人 ' + r['clerk'] if r.get('clerk') else ''}）"
            lines.append(f"  - {say(r)}{recorded}{_void_note(r.get('voided_at'), r.get('void_reason'))}")
        lines.append("")

    def day(text: str | None) -> str:
        return fmt_date(date.fromisoformat(text)) if text else ""

    def correction(r: dict[str, Any]) -> str:
        parts = [f"{day(r['sent'])}发出补正通知"] if r["sent"] else []
        parts.append(f"{day(r['received'])}收到补正" if r["received"] else "尚未收到补正")
        return "；".join(parts)

    def extension(r: dict[str, Any]) -> str:
        said = f"延长{r['days']}个工作日，{r['approved_by']}同意"
        said += f"，{day(r['decided'])}批准" if r["decided"] else "，未登记批准日期"
        return said + (f"；批准晚于答复期限的原因：{r['late_reason']}" if r["late_reason"] else "")

    def pause(r: dict[str, Any]) -> str:
        return f"{day(r['start_day'])}至{day(r['end_day']) if r['end_day'] else '尚未结束'}（{r['reason']}）"

    def fee(r: dict[str, Any]) -> str:
        from disclosure_cli.report.applications import _yuan

        qty = f"本月第{r['pieces']}件" if r["method"] == "item" else f"{r['pages']}页"
        paid = f"{day(r['paid'])}缴纳" if r["paid"] else "尚未缴纳"
        return f"{METHOD_LABELS[r['method']]}，{qty}，{_yuan(r['amount_fen'])}元；{day(r['notice'])}发出收费通知，{paid}"

    def event(r: dict[str, Any]) -> str:
        said = f"{day(r['day'])} {EVENT_LABELS.get(r['kind'], r['kind'])}"
        if r["party"]:
            said += f"：{r['party']}"
        if r["position"]:
            said += f"，{POSITIONS[r['position']]}"
        if r["until"]:
            said += f"，延迟答复至{day(r['until'])}"
        return said + (f"；说明：{r['detail']}" if r["detail"] else "")

    def letter(r: dict[str, Any]) -> str:
        return r["text"]

    section("补正（条例第三十条）", rf.corrections, correction)
    section("延长答复期限（条例第三十三条第二款）", rf.extensions, extension)
    section("暂停计算答复期限（征求意见等，条例第三十三条第三款）", rf.pauses, pause)
    section("信息处理费", rf.fees, fee)
    section("征求意见的答复、说明理由、延迟答复（条例第三十二条、第三十五条）", rf.events, event)
    issued = [
        {"text": f"{lt.number} {vocab.LETTER_KINDS.label(lt.kind)}，文书日期{day(lt.dated)}"
                 + (f"，收件人：{lt.addressee}" if lt.addressee else ""),
         "recorded_at": lt.issued_at, "voided_at": lt.voided_at, "void_reason": lt.void_reason}
        for lt in rf.letters
    ]
    section("出具的文书（全文见「文书」文件夹）", issued, letter)
    return lines


def _delivery_lines(rf: RequestFile) -> list[str]:
    lines = [f"申请 {rf.number} 的文书送达记录", ""]
    if not rf.deliveries:
        lines.append("（台账中没有送达记录）")
    for d in rf.deliveries:
        label = vocab.LETTER_KINDS.label(d["kind"])
        said = f"{d['number']}（{label}）：{fmt_date(date.fromisoformat(d['day']))}{vocab.DELIVERY.label(d['method'])}送达"
        if d["detail"]:
            said += f"；说明：{d['detail']}"
        lines.append(f"- {said}（登记于 {d['recorded_at']}，经办人 {d['clerk']}）{_void_note(d['voided_at'], d['void_reason'])}")
    return lines


def _log_lines(title: str, log: list[dict[str, Any]]) -> list[str]:
    lines = [title, ""]
    if not log:
        lines.append("（没有修改记录）")
    for e in log:
        said = describe_change(e["action"], e["entity"], e["entity_id"], e["after"])
        codes = " ".join(str(x) for x in (e["action"], e["entity"], e["entity_id"]) if x is not None)
        lines.append(f"第 {e['id']} 条  {e['at']}  经办人 {e['clerk']}  {said}（{codes}）")
        for key, label in (("before", "修改前"), ("after", "修改后")):
            if e[key] is not None:
                lines.append(f"    {label}：{json.dumps(e[key], ensure_ascii=False, sort_keys=True)}")
        if e["reason"]:
            lines.append(f"    原因：{e['reason']}")
    return lines


def request_files(ledger: Ledger, rf: RequestFile, *, mask: Callable[[Any], Any], include_personal: bool,
                  as_of: date) -> dict[str, bytes]:
    """The files of one application (paths relative to its folder)."""
    from disclosure_cli.ledger import deadlines
    from disclosure_cli.ledger.holidays import calendar
    from disclosure_cli.report import applications, letters

    cal = calendar(ledger)
    st = deadlines.status_of(ledger, rf.id, today=as_of, calendar=cal, explain=True, include_personal=include_personal)
    req = rf.request
    head = [f"{rf.org} 政府信息公开申请 {rf.number}",
            f"本材料截止日期：{fmt_date(as_of)}。" if req["closed"] else f"尚未办结：状态和剩余期限按{fmt_date(as_of)}（本材料的截止日期）判断。"]
    if req["voided_at"]:
        head.append(f"本申请已作废：{req['voided_at']}，原因：{req['void_reason']}（不计入表三）")
    if req["purged_at"]:
        head.append(f"申请人个人信息已于 {req['purged_at']} 清除（disc request purge-personal）")
    files: dict[str, bytes] = {
        "1-申请与答复期限.txt": _text([*head, "", applications.show_text(st, cal, include_personal).rstrip("\n")], mask),
        "2-办理步骤.txt": _text(_step_lines(rf), mask),
        "3-送达记录.txt": _text(_delivery_lines(rf), mask),
        "4-修改记录.txt": _text(_log_lines(f"申请 {rf.number} 及其文书、送达记录的修改记录（disc log）", rf.log), mask),
    }
    listed = []
    for i, lt in enumerate(rf.letters, 1):
        letter = _printable(ledger, lt, mask, include_personal)
        note = (f"【已作废】本文书于 {lt.voided_at} 作废，原因：{lt.void_reason or '未说明'}；编号 {lt.number} 不再使用。"
                if lt.voided_at else "")
        base = f"{_letter_folder(lt)}/{_letter_name(i, lt)}"
        files[base + ".docx"] = letter_docx(letter, lt.issued_at, note)
        files[base + ".txt"] = ((note + "\n\n" if note else "") + letters.render(letter, "txt")).encode("utf-8")
        listed.append({"number": lt.number, "kind": lt.kind, "dated": lt.dated, "outcome": lt.outcome,
                       "addressee": lt.addressee, "issued_at": lt.issued_at, "voided_at": lt.voided_at,
                       "void_reason": lt.void_reason, "files": [base + ".docx", base + ".txt"]})
    data = {
        "application": {**req, "number": rf.number, "org": rf.org},
        "status": applications.show_json(st, cal, include_personal),
        "corrections": rf.corrections, "extensions": rf.extensions, "pauses": rf.pauses, "fees": rf.fees,
        "events": rf.events, "letters": listed, "deliveries": rf.deliveries, "change_log": rf.log,
    }
    if include_personal:
        data["personal"] = rf.personal
    files["5-记录数据.json"] = _json(_mask_all(mask, data))
    return files


# --------------------------------------------------------------------------- a case's files
def _case_lines(case: dict[str, Any], folder: str | None) -> list[str]:
    def day(text: str | None) -> str:
        return fmt_date(date.fromisoformat(text)) if text else ""

    lines = [f"{case['org']} 复议诉讼案件 {case['id']}"]
    if case["voided_at"]:
        lines.append(f"本案件已作废：{case['voided_at']}，原因：{case['void_reason']}（不计入表四）")
    lines += [
        f"类型：{vocab.CASE_KINDS.label(case['kind'])}",
        f"案号：{case['ref'] or '未登记'}",
        f"申请复议或起诉的日期：{day(case['filed'])}",
        f"引起案件的申请：{case['request']}（材料见 {folder}/）" if case["request"] else "引起案件的申请：未关联",
    ]
    if case["served"]:
        lines.append(f"收到复议申请书或起诉状副本：{day(case['served'])}")
        lines.append(f"答复（答辩）期限：{day(case['answer_due'])}{'（暂定）' if case['answer_provisional'] else ''}")
        lines += [f"  {i}. {s}" for i, s in enumerate(case["answer_steps"], 1)]
    else:
        lines.append("收到复议申请书或起诉状副本：未登记（答复期限无法计算）")
    if case["answered"]:
        late = case["answer_due"] and case["answered"] > case["answer_due"]
        lines.append(f"提交答复（答辩状）：{day(case['answered'])}，{'晚于期限' if late else '在期限内'}"
                     if case["answer_due"] else f"提交答复（答辩状）：{day(case['answered'])}")
    else:
        lines.append("提交答复（答辩状）：未登记")
    if case["decided"]:
        d = vocab.CASE_DECISION.get(case["decision"] or "")
        lines.append(f"审结：{day(case['decided'])}" + (f"，{d.label}（{d.article}）" if d else ""))
        lines.append(f"计入表四：{vocab.T4_COLUMNS.label(case['result'])}"
                     + (f"（理由：{case['result_reason']}）" if case["result_reason"] else ""))
    else:
        lines.append("审结：尚未审结")
    return lines


# --------------------------------------------------------------------------- packs
def _manifest(pack_kind: str, subject: str, org: str, ledger: Ledger, stamp: datetime, as_of: date,
              include_personal: bool, files: dict[str, bytes]) -> dict[str, bytes]:
    """manifest.json and 清单.txt: each file with its SHA-256 and size (neither lists the other)."""
    listed = [{"path": p, "sha256": hashlib.sha256(files[p]).hexdigest(), "size": len(files[p])} for p in sorted(files)]
    meta = {
        "pack": pack_kind,
        "subject": subject,
        "unit": org,
        "ledger_file": ledger.path.name,
        "ledger_id": ledger.meta("uuid"),
        "latest_record": stamp.isoformat(),
        "as_of": as_of.isoformat(),
        "include_personal": include_personal,
        "generator": f"disc {__version__}",
        "files": listed,
    }
    what = "政府信息公开申请" if pack_kind == "request" else "复议诉讼案件"
    personal = ("包含本申请的申请人及第三方的个人信息（其他申请人的信息仍遮盖为＊＊＊）" if include_personal
                else "不包含（姓名、电话、证件号码、地址在各文件中均遮盖为＊＊＊，文书称「申请人」）")
    lines = [
        f"{what} {subject} 材料清单",
        "",
        f"单位：{org}",
        f"台账文件：{ledger.path.name}（台账标识 {ledger.meta('uuid') or '无'}）",
        f"材料截止日期：{fmt_date(as_of)}（本案卷最后一笔记录：{stamp.isoformat()}）",
        f"个人信息：{personal}",
        f"生成程序：disc {__version__}。同一台账再次生成，各文件逐字节相同；压缩包内的时间为最后一笔记录的时间，不是生成时间。",
        "",
        "序号  大小（字节）  SHA-256  文件",
    ]
    lines += [f"{i:>4}  {f['size']:>10}  {f['sha256']}  {f['path']}" for i, f in enumerate(listed, 1)]
    lines += ["", f"共 {len(listed)} 个文件（不含本清单和 {MANIFEST}）。核对：解压后在本文件夹中计算各文件的 SHA-256，与上表相同即未被改动。"]
    return {MANIFEST: _json(meta), LISTING: ("\n".join(lines) + "\n").encode("utf-8")}


def request_pack(ledger: Ledger, ref: str | int, *, include_personal: bool = False, as_of: str | None = None,
                 org: str | None = None) -> Pack:
    """`disc request pack`: the pack of one application."""
    from disclosure_cli.ledger.requests import resolve_request

    rid = resolve_request(ledger, ref, org)
    rf = evidence.request_file(ledger, rid, include_personal=include_personal)
    stamp = latest(_times(rf), date.fromisoformat(rf.request["closed"] or rf.request["received"]))
    day = _as_of(stamp, as_of)
    mask = evidence.file_masker(ledger, rid, include_personal=include_personal)
    files = request_files(ledger, rf, mask=mask, include_personal=include_personal, as_of=day)
    files.update(_manifest("request", rf.number, rf.org, ledger, stamp, day, include_personal, files))
    return Pack(f"申请{rf.number}", files, stamp, day)


def case_pack(ledger: Ledger, case_id: int, *, include_personal: bool = False, as_of: str | None = None) -> Pack:
    """`disc case pack`: the case record and the whole file of the application it arose from."""
    case, log = evidence.case_file(ledger, case_id)
    rf = evidence.request_file(ledger, case["request_id"], include_personal=include_personal) if case["request_id"] else None
    times = [e["at"] for e in log] + [case["voided_at"]] + (_times(rf) if rf else [])
    stamp = latest(times, date.fromisoformat(case["decided"] or case["served"] or case["filed"]))
    day = _as_of(stamp, as_of)
    mask = evidence.file_masker(ledger, rf.id if rf else None, include_personal=include_personal)
    folder = f"申请{rf.number}" if rf else None
    files: dict[str, bytes] = {
        "1-案件记录.txt": _text(_case_lines(case, folder), mask),
        "2-案件修改记录.txt": _text(_log_lines(f"案件 {case['id']} 的修改记录（disc log --entity legal_case）", log), mask),
        "3-案件记录数据.json": _json(_mask_all(mask, {"case": case, "change_log": log})),
    }
    if rf is not None:
        own = request_files(ledger, rf, mask=mask, include_personal=include_personal, as_of=day)
        files.update({f"{folder}/{p}": data for p, data in own.items()})
    files.update(_manifest("case", str(case["id"]), case["org"], ledger, stamp, day, include_personal, files))
    return Pack(f"案件{case['id']}", files, stamp, day)
