"""`disc demo` (issue 24): a demonstration ledger a newcomer can explore — a fictional 街道's full year.

示例区青山街道, the ledger's own unit, keeps its year 2023: items on every channel every month,
applications across 春节 and 国庆 with a 补正, an extension, a third-party consultation, a fee,
outcomes in many rows of 表三 and one carried into 2024, every kind of letter, review and
litigation cases, normative documents with their 解读, decisions, fees and the report's prose. Two
sibling 街道 under 示例区 keep smaller years, so the district views (units, check --rollup,
report --rollup) have something to compare.

Everything is written through the library functions the clerk's commands call (add_item,
add_request, record_correction, letters.issue, narrative.store …), so every record passed the
validation a clerk's would. Letters and prose are composed in this layer (report.letters,
report.narrative), which is why the builder lives here and not in ledger/.

Reproducible: the clock (SOURCE_DATE_EPOCH), the clerk, the ledger's identity and every library
"today" are fixed (demo_data), so two builds give the same records, ids and letter numbers. The
names and texts are in demo_data.py.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from disclosure_cli.errors import BadInput
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report import demo_data as data

DEFAULT_FILE = "demo.db"


@dataclass
class UnitCounts:
    """What the build wrote for one unit."""

    items: int = 0
    requests: int = 0
    letters: int = 0
    cases: int = 0
    documents: int = 0
    decisions: int = 0
    channels: set[str] = field(default_factory=set)
    letter_kinds: Counter = field(default_factory=Counter)
    received_before: int = 0  # applications received before the demonstration year (上年结转)
    answered_after: int = 0  # answered after it (结转下年度)


@dataclass
class Summary:
    path: Path
    units: dict[str, UnitCounts]


def build(path: str | os.PathLike[str] | None = None) -> Summary:
    """Build the demonstration ledger at ``path`` (default demo.db here); an existing file is refused
    and left untouched. A build that fails half way leaves no file behind."""
    target = Path(path or DEFAULT_FILE)
    if target.is_dir():
        raise BadInput(f"{target} 是一个文件夹：请给出演示台账的文件名，如 --db {target / DEFAULT_FILE}")
    if target.exists() or target.is_symlink():
        raise BadInput(
            f"文件 {target} 已存在，不会覆盖：演示台账要新建在一个新文件里。"
            f"请换一个文件名（disc demo --db 另一个文件.db），或确认不再需要后删除 {target}"
        )
    from disclosure_cli.ledger.demo import discard, fix_identity, quick_writes

    with _fixed_clock():
        ledger = Ledger.create(target, data.QINGSHAN, clerk=data.CLERK)
        try:
            with quick_writes(ledger):
                fix_identity(ledger, data.UUID)
                counts = _build(ledger)
        except BaseException:
            ledger.close()
            discard(target)
            raise
        ledger.close()
    return Summary(target, counts)


@contextmanager
def _fixed_clock() -> Iterator[None]:
    """The ledger's timestamps (change log, recorded_at) at data.NOW, whatever day it is built."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(data.NOW).timestamp()))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _build(ledger: Ledger) -> dict[str, UnitCounts]:
    from disclosure_cli.ledger import items, letters, orgs

    orgs.add_org(ledger, data.DISTRICT)
    orgs.move_org(ledger, data.QINGSHAN, data.DISTRICT)
    for name in data.SIBLINGS:
        orgs.add_org(ledger, name, data.DISTRICT)
    code, label, aliases, kind = data.READING_ROOM
    items.add_channel(ledger, code, label, aliases, kind)
    for org, values in data.SETTINGS.items():
        letters.set_settings(ledger, org, **values)
        letters.set_settings(ledger, org, since=data.REVIEW_LAW_SINCE, review_online=data.REVIEW_ONLINE)

    units = {org: _Unit(ledger, org) for org in (data.QINGSHAN, *data.SIBLINGS)}
    for u in units.values():
        _items(u)
    _statutory_records(units)
    _qingshan_requests(units[data.QINGSHAN])
    _lvshui_requests(units[data.LVSHUI])
    _baiyun_requests(units[data.BAIYUN])
    for u in units.values():
        _cases(u)
    _narratives(ledger)
    return {org: u.counts for org, u in units.items()}


# --------------------------------------------------------------------------- one unit's writes
class _Unit:
    """The library calls for one unit, counting what they write."""

    def __init__(self, ledger: Ledger, org: str):
        from disclosure_cli.ledger.holidays import calendar

        self.ledger = ledger
        self.org = org
        self.short = org.removeprefix(data.DISTRICT)  # 青山街道
        self.counts = UnitCounts()
        self.calendar = calendar(ledger)
        self.today = date.fromisoformat(data.TODAY)

    def workday(self, year: int, month: int, day: int) -> date:
        """The first working day on or after the date (posts go out on working days, 调休 included)."""
        d = date(year, month, day)
        while not self.calendar.is_workday(d):
            d += timedelta(days=1)
        return d

    def item(self, published: date, channel: str, category: str, title: str, *, count: int = 1, url: str | None = None) -> None:
        from disclosure_cli.ledger import items

        raw = {"published": published.isoformat(), "channel": channel, "category": category, "title": title,
               "count": count, "url": url}
        items.add_item(self.ledger, raw, org=self.org)
        self.counts.items += count
        self.counts.channels.add(channel)

    def request(self, received: str, applicant: str, subject: str, *, via: str, name: str) -> int:
        """A new application and its 登记回执 (receipt letter, dated the day of receipt)."""
        from disclosure_cli.ledger import requests

        rid, _ = requests.add_request(
            self.ledger, received=received, applicant_type=applicant, subject=subject, via=via,
            personal={"name": name}, org=self.org,
        )
        self.counts.requests += 1
        self.counts.received_before += received < f"{data.YEAR}-01-01"
        self.letter(rid, "receipt")
        return rid

    def letter(self, rid: int, kind: str, *, dated: str | None = None, note: str | None = None, to: str | None = None,
               **given: str) -> None:
        from disclosure_cli.ledger.letters import ReplyInput
        from disclosure_cli.report import letters

        letters.issue(
            self.ledger, rid, kind=kind, dated=dated, note=note, addressee=to, org=self.org, today=self.today,
            given=ReplyInput(**given),
        )
        self.counts.letters += 1
        self.counts.letter_kinds[kind] += 1

    def close(self, rid: int, outcome: str, day: str, *, note: str | None = None, **given: str) -> None:
        """The outcome (表三's row), then the reply letter stating it, dated the day of the answer."""
        from disclosure_cli.ledger import requests

        requests.close_request(self.ledger, rid, outcome=outcome, date=day, org=self.org)
        self.counts.answered_after += day > f"{data.YEAR}-12-31"
        self.letter(rid, "reply", note=note, **given)


# --------------------------------------------------------------------------- items
def _items(u: _Unit) -> None:
    """A monthly rhythm on every channel the unit uses, so no channel or column falls silent for long
    (the assessors' 2 weeks for websites and new media, 6 months for other columns)."""
    y = data.YEAR
    names = data.COMMUNITIES[u.org]
    slug = {data.QINGSHAN: "qingshan", data.LVSHUI: "lvshui", data.BAIYUN: "baiyun"}[u.org]
    n = 0

    def url() -> str:
        nonlocal n
        n += 1
        return f"https://www.example.gov.cn/{slug}/{y}/{n:03d}.html"

    for m in range(1, 13):
        i = m - 1
        if u.org in data.POLICY:  # the website: 通知公告, a rotating column, 工作动态
            u.item(u.workday(y, m, 4), "portal", "通知公告", u.short + data.NOTICES[i], url=url())
            column, titles = (
                ("政策法规", data.POLICY[u.org]), ("财政预决算", data.FINANCE), ("人事信息", data.PERSONNEL)
            )[i % 3]
            u.item(u.workday(y, m, 14), "portal", column, titles[i // 3].format(unit=u.short, year=y), url=url())
            u.item(u.workday(y, m, 24), "portal", "工作动态", u.short + data.PORTAL_NEWS[i], url=url())
        if u.org != data.LVSHUI:  # the WeChat account: the communities' news, three a month
            for k, day in enumerate((8, 18, 28)):
                community = names[(i + k) % len(names)]
                u.item(u.workday(y, m, day), "wechat", "工作动态", f"{community}社区{data.MONTH_NEWS[i][k]}")
        twice = u.org == data.QINGSHAN and m in data.BOARD_TWICE
        u.item(u.workday(y, m, 10), "board", "社会救助", data.BOARD.format(month=m), count=2 if twice else 1)
        if u.org == data.QINGSHAN:
            u.item(u.workday(y, m, 16), data.READING_ROOM[0], "政策法规", data.READING_ROOM_ITEM.format(year=y, month=m))


# --------------------------------------------------------------------------- 表二
def _statutory_records(units: dict[str, _Unit]) -> None:
    from disclosure_cli.ledger import desk, records

    q = units[data.QINGSHAN]
    for number, title, issued, repealed, interpretation in data.DOCUMENTS:
        # a document of earlier years got its 解读 registered later (disc doc interpret)
        later = issued < f"{data.YEAR}-01-01"
        doc = records.add_document(
            q.ledger, kind="normative_document", title=title, issued=issued, number=number, org=q.org,
            interpretation=None if later else interpretation,
        )
        if later and interpretation:
            desk.set_interpretation(q.ledger, doc, interpretation)
        if repealed:
            records.repeal_document(q.ledger, doc, repealed)
        q.counts.documents += 1
    for org, rows in data.DECISIONS.items():
        u = units[org]
        for kind, day, count, ref in rows:
            records.add_decision(u.ledger, kind=kind, date=day, count=count, ref=ref, org=org)
            u.counts.decisions += count
    for day, amount, note in data.FEES:
        records.add_fee(q.ledger, date=day, amount=amount, note=note, org=q.org)


# --------------------------------------------------------------------------- 表四
def _cases(u: _Unit) -> None:
    """Cases tied to the applications they arose from, with the respondent's dates and the decision
    as the law names it (its 表四 column follows from it: docs/cases.md)."""
    from disclosure_cli.ledger import cases, records

    for kind, filed, ref, request, served, answered, decision, decided in data.CASES.get(u.org, ()):
        case = records.add_case(u.ledger, kind=kind, filed=filed, ref=ref, org=u.org, request=request, served=served)
        cases.record_answer(u.ledger, case, answered=answered)
        if decision:
            records.close_case(u.ledger, case, decision=decision, date=decided)
        u.counts.cases += 1


# --------------------------------------------------------------------------- the prose
def _narratives(ledger: Ledger) -> None:
    from disclosure_cli.report import narrative

    for org, parts in data.NARRATIVE.items():
        for part, text in parts.items():
            narrative.store(ledger, year=data.YEAR, part=part, text=text, org=org)


# --------------------------------------------------------------------------- applications of 青山街道
# Each comment gives the answer deadline as the statute counts it (20 working days from the day after
# receipt; 补正 restarts it, an extension adds up to 20, consultation and fee time do not count).
def _qingshan_requests(u: _Unit) -> None:
    from disclosure_cli.ledger import deadlines, fees, steps

    led = u.ledger
    # 2022-001, received in December 2022: 上年结转 in 2023. Due 2023-01-31 (元旦 and 春节 skipped,
    # the 调休 Saturday and Sunday of 28–29 January counted).
    r = u.request("2022-12-28", "natural_person", "本街道老旧小区改造项目的实施计划", via="letter", name="赵某某")
    u.close(r, "granted", "2023-01-16",
            note="随本答复书向您提供《青山街道老旧小区改造项目实施计划》复印件1份（共6页），请查收。")

    # 2023-001, across 春节 (放假 1月21日—27日, 1月28日、29日 上班): due 2023-02-20, not the 2月15日 that
    # counting Monday–Friday alone would give. Answered 2月17日, in time.
    r = u.request("2023-01-18", "natural_person", "青山街道上年度第四季度临时救助资金发放情况", via="online",
                  name="张某某")
    u.close(r, "granted", "2023-02-17",
            proactive="青山街道已在示例区政府门户网站青山街道子栏目“社会救助”中公开，网址 https://www.example.gov.cn/qingshan/")

    # 2023-002: another body's information (第三十六条第（五）项). The review it led to was decided
    # against the 街道 (表四 行政复议 结果纠正).
    r = u.request("2023-02-13", "business", "某地块国有土地上房屋征收补偿方案的批复文件", via="email",
                  name="示例建材有限公司")
    u.close(r, "unavailable.not_held", "2023-02-24", holder="示例区房屋征收与补偿管理办公室")

    # 2023-003: a third party consulted (征求第三方意见): the consultation's days do not count; the
    # company objects, its price list is withheld (部分公开, 第十五条).
    r = u.request("2023-03-08", "business", "青山花园小区物业管理服务合同及报价明细", via="online", name="示例家政服务有限公司")
    u.letter(r, "consult", dated="2023-03-10", to="示例物业服务有限公司",
             note="申请人要求公开的报价明细是贵公司参加物业服务项目比选时提交的材料。")
    deadlines.record_pause(led, r, start="2023-03-10", end="2023-03-29", reason="征求第三方意见")
    steps.record_event(led, r, "consult_answer", "2023-03-29", party="示例物业服务有限公司", position="objects",
                       detail="报价明细含有本公司成本构成，属于商业秘密，不同意公开", org=u.org)
    u.close(r, "partial", "2023-04-12", withheld_basis="withheld.third_party",
            note="向您提供物业管理服务合同正文复印件（共12页）。合同所附报价明细含有该企业的成本构成，属于商业秘密，"
                 "该企业书面表示不同意公开；本机关认为不公开不会对公共利益造成重大影响，该部分不予公开。")

    # 2023-004 and its repetition 2023-005 (不予处理 重复申请)
    first = u.request("2023-03-20", "natural_person", "青山花园小区二期加装电梯补助资金拨付情况", via="in_person",
                      name="李某某")
    u.close(first, "granted", "2023-04-03",
            note="随本答复书向您提供补助资金拨付明细表1份（共2页），请于收到本答复书后到街道便民服务中心领取。")
    r = u.request("2023-04-10", "natural_person", "青山花园小区二期加装电梯补助资金拨付情况", via="letter", name="李某某")
    u.close(r, "not_processed.duplicate", "2023-04-17", earlier="2023-004")

    # 2023-006: 过程性信息, withheld; the applicant's review upheld the answer (表四 维持), then a suit
    # after the review is still before the court at the end of the year (尚未审结).
    r = u.request("2023-04-24", "natural_person", "街道党工委会议研究青山花园小区停车场改造事项的会议记录",
                  via="online", name="周某某")
    u.close(r, "withheld.process_info", "2023-05-15",
            note="您申请的会议记录是街道党工委研究该事项过程中形成的讨论记录，记载的是讨论过程而非最终决定；"
                 "该事项的处理结果已在街道政府网站公开。")

    # 2023-007: 补正 asked on the third working day, answered eight days later: the deadline runs
    # again from the day after the 补正 arrived (2023-06-16).
    r = u.request("2023-05-08", "other_org", "辖区内某小区消防通道改造工程的验收资料", via="in_person",
                  name="青山花园小区业主委员会")
    deadlines.record_correction(led, r, sent="2023-05-11")
    u.letter(r, "correction", note="请写明所指小区和工程的名称，以及工程实施的大致时间。")
    deadlines.record_correction(led, r, received="2023-05-19")
    u.close(r, "granted", "2023-06-07", note="随本答复书向您提供该工程竣工验收意见书复印件1份（共4页）。")

    # 2023-008: 补正 asked, never answered (逾期不补正)
    r = u.request("2023-06-05", "natural_person", "街道有关文件", via="online", name="吴某某")
    deadlines.record_correction(led, r, sent="2023-06-08")
    u.letter(r, "correction", note="请写明您所需文件的名称、文号或内容所涉及的事项。")
    u.close(r, "other.no_correction", "2023-07-05")

    # 2023-009: extended by 20 working days (approved before the original deadline 2023-07-18;
    # extended deadline 2023-08-15)
    r = u.request("2023-06-19", "research", "辖区近三年违法建设查处情况的统计数据", via="email",
                  name="示例大学城市治理研究中心")
    # part of the figures were compiled with 示例区城市管理局 (共同制作, 第三十四条): its opinion asked,
    # the 15 working days not counted; the applicant told so
    u.letter(r, "co_maker", dated="2023-06-21", to="示例区城市管理局",
             note="申请所涉统计数据中，2021年的部分由本街道与贵局联合执法检查时共同汇总。")
    deadlines.record_pause(led, r, start="2023-06-21", end="2023-06-30", reason="征求共同制作机关意见")
    u.letter(r, "pause_notice")
    steps.record_event(led, r, "consult_answer", "2023-06-30", party="示例区城市管理局", position="agrees", org=u.org)
    deadlines.record_extension(led, r, approved_by="街道党政办负责人", decided="2023-07-12")
    u.letter(r, "extension", note="申请内容涉及多个科室的历年档案，需要逐件检索汇总。")
    u.close(r, "granted", "2023-08-04", note="随本答复书向您提供统计表1份（共3页）。")

    # 2023-010: 信息处理费 (按量计收, 86 pages: 560元); the days from notice to payment do not count
    r = u.request("2023-07-17", "natural_person", "青山街道历年城镇低保审批公示材料", via="in_person", name="王某某")
    fees.record_notice(led, r, method="pages", notice="2023-07-24", pages=86)
    u.letter(r, "fee", note="请到街道便民服务中心窗口缴纳，或按窗口提供的账户转账。")
    fees.record_paid(led, r, paid="2023-07-27")
    u.close(r, "granted", "2023-08-08", note="随本答复书向您提供公示材料复印件（共86页），请到街道便民服务中心领取。")

    # 2023-011: a complaint, not an application (不予处理 信访举报投诉类)
    r = u.request("2023-08-14", "natural_person", "反映青山花园小区夜间施工噪声扰民，要求查处并公开处理结果",
                  via="online", name="郑某某")
    u.close(r, "not_processed.petition", "2023-08-18", note="您反映的问题已转街道城市管理办公室处理。")

    # 2023-012: 需要另行制作 (无法提供)
    # 第三十五条: the firm was asked why it needs three years of every decision; its reasons were found
    # reasonable, and a later answer date set (11月10日 instead of 10月17日) and told
    r = u.request("2023-09-04", "legal_service", "辖区全部个体工商户近三年受到行政处罚情况的分类汇总表",
                  via="letter", name="示例律师事务所")
    steps.record_event(led, r, "reasons_asked", "2023-09-06", org=u.org)
    u.letter(r, "ask_reasons", note="您一次申请辖区全部个体工商户三年来的全部行政处罚情况，涉及一千余件决定。")
    steps.record_event(led, r, "reasons_given", "2023-09-12", detail="为商会开展合规培训收集案例", org=u.org)
    steps.record_event(led, r, "delay_set", "2023-09-15", until="2023-11-10", detail="需逐件调阅三年的执法案卷", org=u.org)
    u.letter(r, "delay", note="您申请的信息涉及三年来一千余件行政处罚案卷，需要逐件调阅、核对。")
    u.close(r, "unavailable.needs_creation", "2023-11-08",
            note="您申请的分类汇总表需要对街道近三年作出的全部行政处罚决定逐件统计、按行业分类加工，本机关没有现成的此类信息。"
                 "已作出的行政处罚决定可在示例区政府门户网站“行政执法公示”栏目查询。")

    # 2023-013, across 国庆 (放假 9月29日—10月6日, 10月7日、8日 上班): due 2023-10-31; answered 10月27日,
    # in time though Monday–Friday counting alone would say 10月25日
    r = u.request("2023-09-27", "legal_service", "青山街道对某餐饮店作出的行政处罚决定书", via="online",
                  name="示例律师事务所")
    u.close(r, "granted", "2023-10-27", note="随本答复书向您提供该行政处罚决定书（已隐去当事人个人信息）电子版1份。")

    # 2023-014: 信息不存在 (本机关不掌握, 第三十六条第（四）项)
    r = u.request("2023-10-23", "natural_person", "原青山村集体土地征用补偿款发放名单", via="letter", name="陈某某")
    u.close(r, "unavailable.not_held", "2023-11-06",
            note="本机关检索了街道档案室保存的征地补偿档案和财务凭证，没有您所申请的名单。")

    # 2023-015
    # the care home that received the money objected; the 街道 found that withholding how public money
    # was spent would harm the public interest (第三十二条), disclosed it and told the care home why
    r = u.request("2023-11-13", "public_interest", "街道本年度养老服务补贴资金发放情况", via="email",
                  name="示例社区养老服务协会")
    u.letter(r, "consult", dated="2023-11-15", to="示例颐养院", note="申请公开的补贴发放情况含有拨付给贵院的补贴金额。")
    deadlines.record_pause(led, r, start="2023-11-15", end="2023-11-22", reason="征求第三方意见")
    u.letter(r, "pause_notice")
    steps.record_event(led, r, "consult_answer", "2023-11-22", party="示例颐养院", position="objects",
                       detail="补贴金额反映本院经营状况，不同意公开", org=u.org)
    u.close(r, "granted", "2023-11-24", note="随本答复书向您提供补贴资金发放汇总表1份（共2页）。")
    u.letter(r, "disclose_notice", to="示例颐养院",
             note="公开的是财政补贴资金拨付给贵院的金额和依据，不含贵院的经营数据；补贴资金的使用关系公共利益，应接受监督。")

    # 2023-016: carried into 2024 (结转下年度继续办理). Extended on 2024-01-12, before the original
    # deadline 2024-01-16; answered online in January 2024, so its reply cites the revised 行政复议法 and
    # names the review body's online channel (the settings dated 2024-01-01).
    r = u.request("2023-12-18", "public_interest", "青山河道综合整治工程的环境影响评价批复文件", via="online",
                  name="示例环保志愿者协会")
    deadlines.record_extension(led, r, approved_by="街道党政办负责人", decided="2024-01-12")
    u.letter(r, "extension", note="该工程的审批材料由区有关部门和街道分别保存，需要调取核对。")
    u.close(r, "granted", "2024-01-26", note="随本答复书向您提供该批复文件电子版1份。")


def _lvshui_requests(u: _Unit) -> None:
    r = u.request("2023-03-06", "natural_person", "绿水街道老年人助餐点补贴发放情况", via="in_person", name="孙某某")
    u.close(r, "granted", "2023-03-20", note="随本答复书向您提供助餐点补贴发放汇总表1份。")
    r = u.request("2023-05-15", "business", "某餐饮店的食品经营许可证", via="online", name="示例餐饮管理有限公司")
    u.close(r, "unavailable.not_held", "2023-05-25", holder="示例区市场监督管理局")
    r = u.request("2023-08-21", "natural_person", "柳岸社区雨污分流改造工程的施工方案", via="letter", name="钱某某")
    u.close(r, "granted", "2023-09-01", note="随本答复书向您提供施工方案复印件1份（共9页）。")
    r = u.request("2023-11-06", "research", "街道办理群众诉求工单的分类统计及处置意见", via="email",
                  name="示例学院社会工作系")
    u.close(r, "partial", "2023-11-20", withheld_basis="withheld.process_info",
            note="向您提供工单分类统计表；各承办科室的内部处置意见属于过程性信息，不予公开。")


def _baiyun_requests(u: _Unit) -> None:
    r = u.request("2023-04-03", "natural_person", "白云公园改造工程的设计方案", via="online", name="何某某")
    u.close(r, "granted", "2023-04-14", note="随本答复书向您提供设计方案电子版1份。")
    # on purpose: answered four working days after its deadline (2023-07-24), so that
    # `disc check --year 2023 --org 示例区 --rollup` has something to show (L-LATE-REPLY, L-LETTER-REPLY-LATE)
    r = u.request("2023-06-26", "natural_person", "石桥社区老旧管网改造工程的招标文件", via="letter", name="吕某某")
    u.close(r, "granted", "2023-07-28", note="随本答复书向您提供招标文件复印件1份（共15页）。")
    r = u.request("2023-10-16", "other_org", "《示例区年鉴》本年卷", via="in_person", name="示例村股份经济合作社")
    u.close(r, "not_processed.publication", "2023-10-20",
            note="《示例区年鉴》可在示例区图书馆和区档案馆查阅，或向区地方志办公室购买。")


# --------------------------------------------------------------------------- what the command says
def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def summary_text(summary: Summary) -> str:
    """What was built (counts) and what to try next: the closing message of `disc demo`."""
    import shlex

    y = data.YEAR
    db = f"disc --db {shlex.quote(str(summary.path))}"
    q = summary.units[data.QINGSHAN]
    lines = [
        f"已新建演示台账 {summary.path}：虚构的{data.QINGSHAN} {y} 年全年记录（人名、单位名均为虚构）。",
        f"单位：{data.DISTRICT}，下属 {data.QINGSHAN}（本单位，命令默认针对它）、{'、'.join(data.SIBLINGS)}。",
        f"{data.QINGSHAN}：主动公开信息 {q.items} 条（{len(q.channels)} 个渠道）；政府信息公开申请 {q.requests} 件"
        f"（上年结转 {q.received_before} 件，结转下年度 {q.answered_after} 件）；答复书和告知书 {q.letters} 份"
        f"（{len(q.letter_kinds)} 类）；复议诉讼案件 {q.cases} 件；行政规范性文件 {q.documents} 件；"
        f"行政许可、处罚、强制决定 {q.decisions} 件。",
    ]
    for org in data.SIBLINGS:
        c = summary.units[org]
        lines.append(
            f"{org}：信息 {c.items} 条，申请 {c.requests} 件，文书 {c.letters} 份，复议诉讼案件 {c.cases} 件，决定 {c.decisions} 件。"
        )
    tries = [
        (f"{db} report --year {y}", "年度报告：表二、表三、表四由台账算出"),
        (f"{db} stats --year {y}", "统计：渠道×类别、表二、表三、表四"),
        (f"{db} request list --year {y}", "申请、答复期限和办理结果"),
        (f"{db} request show {y}-001", "跨春节的申请：逐日说明答复期限"),
        (f"{db} request letters", "文书登记簿：回执、补正、延期、收费、征询、答复"),
        (f"{db} case list", "行政复议、行政诉讼案件（表四）"),
        (f"{db} units --year {y}", f"{data.DISTRICT}三个街道并列对比"),
        (f"{db} serve --open", "在浏览器中查看（需另装 Datasette）"),
    ]
    pad = max(_width(cmd) for cmd, _ in tries) + 2
    lines += ["", "接下来可以试试："]
    lines += [f"  {cmd}{' ' * (pad - _width(cmd))}# {what}" for cmd, what in tries]
    lines += [
        "",
        f"检查：{db} check --year {y} 没有输出，即{data.QINGSHAN}的台账和报告没有发现问题。"
        "以下几处是故意留下的，用来演示检查规则：",
        f"  · {db} check --year {y} --org {data.DISTRICT} --rollup：{data.BAIYUN}的申请 {y}-002 晚于答复期限"
        " 4 个工作日才答复（L-LATE-REPLY、L-LETTER-REPLY-LATE）；",
        f"  · {db} check --year {y} --org {data.DISTRICT} --assess：{data.LVSHUI}没有微信公众号，"
        "“工作动态”每月只在政府网站更新一次（A-SILENT-CATEGORY）；各单位的年度报告都还没有登记发布"
        "（A-REPORT-LATE，用 disc report publish 登记发布后即不再提示）。",
        f"区里的汇总报告：{db} report --year {y} --org {data.DISTRICT} --rollup",
    ]
    return "\n".join(lines) + "\n"
