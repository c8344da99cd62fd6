"""The one registry of rules (issue 10): each rule of validation-rules.md — and the codes disc adds
in the same style — registered once with its code, severity, a Chinese one-line description, the
sources it applies to and whether it needs last year's report. `disc check` and `disc lint` run the
same engine; nothing decides elsewhere which rule runs where. One module per family.

Sources: ledger (a report built from ledger records: its template is right by construction),
document (read from a published file), sum (the tables of several documents added up, lint --sum).

Codes added beyond the catalogue:
* READ-UNREAD (W) — a document cell the reader could not locate. It is never guessed, so the
  arithmetic relations it takes part in are skipped rather than reported.
* READ-SCANNED (W) — PDF pages without a text layer; READ-IDENTITY (W) — no org or year found;
  READ-LIMIT (E) — a document too big or too deeply nested to read safely (issue 9).
* FMT-DUPLICATE (W) — a row printed more than once; the reader kept the first one.
* X-PREVIOUS (W) — the "previous" report given is not for the year before; cross-year rules skipped.
* TXT-TODO (W) — a part still carries the placeholder vocab.TODO_MARK.
* TXT-STALE-YEAR (W) — part 一 (about the report's year) has a sentence that opens on an earlier year
  and tells that year's work (「2024年，我局……」 in a 2025 report), a paragraph carried over from last
  year's report; definite for last year at the start of a paragraph, a guess otherwise. Source: issue
  22 (a real defect no rule covered); 国办公开办函〔2021〕30号, 一、总体情况 reports the year's work.
* TXT-ALL-CLOSED (W) — the prose says every application was closed (均已办结, 全部办理完毕) while
  表三 四、结转下年度继续办理 > 0; 「均在法定期限内办结」 is a guess. Source: issue 22; the balance
  the format prints (一 + 二 = 三（七） + 四).
* T2-REGULATION (W) also where the unit's name does not show its level but its prose calls it 本镇 /
  我街道 (立法法 第九十一、九十三条: 规章 only by 国务院部门 and 省级、设区的市级人民政府).
* L-IMPLAUSIBLE, L-EXTENSION-LATE, L-FEE-NOTICE-LATE, L-LETTER-*, L-CASE-DIRECT-SUIT (W) and
  L-CASE-ANSWER-LATE (E) — see their descriptions.
* L-CHANGED-AFTER-PUBLISH (W) — a cell differs from the version frozen by `disc report publish`.
* A-* (W, family "assess") — the assessor's indicators; only `disc check --assess` (or --rule A-*) runs them.
* V-PUBLISHED (E), V-LEDGER (W) — a document against the frozen version and the ledger
  (`disc lint --against-ledger`, found by report/desk.py).

What the document readers record (readers/core.py) and how the rules judge it:
* raw[(table,row,col)] with the value None: a printed non-number → CELL-VALUE; a None without raw
  entry → READ-UNREAD (never an arithmetic finding);
* typed evidence (readers/evidence.py), matched by type, never parsed from strings: OutdatedLabel →
  FMT-OUTDATED, Subtotal → FMT-SUBTOTAL, DuplicateRow → FMT-DUPLICATE, ScannedPages → READ-SCANNED,
  MissingIdentity → READ-IDENTITY; OutdatedLayout says which cells the 2019 layout does not have;
* the edition of the format (readers/edition.py) is asked by year (which edition a report must use)
  and by document (which one it printed);
* the 2019 single-row （六）其他处理 (OutdatedLabel of 表三): its figures sit in
  raw[("t3","other",col)] and its three 2021 sub-rows are None; they are not reported unread, and the
  printed row stands for the sum of （六） in T3-RESULT-SUM;
* labels: PrintedLabel (a SeenLabel with page and line) kinds "row", "column", and "group".

Order of findings: the order of the registry; within one rule, table order.
Rule codes are a contract (users filter on them, scripts read them): never change what one means.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from disclosure_cli.errors import BadInput
from disclosure_cli.report.model import AnnualReport, Finding
from disclosure_cli.report.rules import arithmetic, assess, cells, ledger, template, text, years
from disclosure_cli.report.rules.base import Context, E, W

LEDGER, DOCUMENT, SUM = "ledger", "document", "sum"
SOURCE_LABELS = {LEDGER: "台账", DOCUMENT: "文档", SUM: "汇总"}
ALL = frozenset({LEDGER, DOCUMENT, SUM})
REPORTS = frozenset({LEDGER, DOCUMENT})
DOCS = frozenset({DOCUMENT})
DOCS_AND_SUMS = frozenset({DOCUMENT, SUM})
LEDGERS = frozenset({LEDGER})


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # E | W
    description: str
    family: str
    sources: frozenset[str]
    check: Callable[[Context], None] | None  # None: found by the command itself (READ-LIMIT)
    needs_previous: bool = False


FAMILIES = {
    "cells": "单元格",
    "arithmetic": "勾稽关系",
    "template": "格式",
    "years": "跨年度",
    "text": "正文与表格",
    "ledger": "台账",
    "assess": "评估指标",  # disc check --assess only
    "desk": "与台账比对",  # disc lint --against-ledger only
    "review": "审核",  # disc review check only
}

_RULES = [
    Rule("CELL-VALUE", E, "单元格应为不小于 0 的整数（行政事业性收费为不小于 0 的万元数）；空白、「/」「-」「无」都不行，没有发生也填 0", "cells", ALL, cells.cells),
    Rule("READ-UNREAD", W, "文档中有单元格未能读出：不作推断，涉及这些单元格的勾稽关系未核对", "cells", DOCS_AND_SUMS, cells.cells),
    Rule("READ-SCANNED", W, "PDF 有的页面没有文字层（扫描件），其内容未读取", "cells", DOCS, cells.cells),
    Rule("READ-IDENTITY", W, "未能从文档中读出单位名称或报告年度", "cells", DOCS, cells.cells),
    Rule("READ-LIMIT", E, "文档过大或嵌套过深（超出年度报告的合理范围），为安全起见未读取", "cells", DOCS, None),
    Rule("T3-BALANCE", E, "表三每一列：一（本年新收）+ 二（上年结转）= 三（七）总计 + 四（结转下年度继续办理）", "arithmetic", ALL, arithmetic.arithmetic),
    Rule("T3-RESULT-SUM", E, "表三每一列：（七）总计 = （一）至（六）各项之和", "arithmetic", ALL, arithmetic.arithmetic),
    Rule("T3-ROW-SUM", E, "表三每一行：六类申请人之和 = 总计", "arithmetic", ALL, arithmetic.arithmetic),
    Rule("T4-GROUP-SUM", E, "表四行政复议、未经复议直接起诉、复议后起诉各组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计", "arithmetic", ALL, arithmetic.arithmetic),
    Rule("FMT-PARTS", E, "六个部分齐全、顺序正确、使用官方标题（只是措辞不同为警告）", "template", DOCS, template.template),
    Rule("FMT-TABLE-MISSING", E, "表二、表三、表四都在", "template", DOCS, template.template),
    Rule("FMT-OUTDATED", E, "2021 年及以后的年度报告使用了 2019 年试行格式", "template", DOCS, template.template),
    Rule("FMT-LABEL", W, "行或列的标签与官方格式不符", "template", DOCS, template.template),
    Rule("FMT-SUBTOTAL", W, "表中有官方格式没有的小计行或列", "template", DOCS, template.template),
    Rule("FMT-DUPLICATE", W, "同一行在表中出现了不止一次（只读取了第一次）", "template", DOCS, template.template),
    Rule("FMT-FEE-UNIT", W, "行政事业性收费看起来是按元而不是按万元填写的", "template", DOCS_AND_SUMS, template.template),
    Rule("X-PREVIOUS", W, "所给的上年报告不是上一年度的，跨年度规则未执行", "years", REPORTS, years.across_years, True),
    Rule("X-CARRY", W, "上年「四、结转下年度继续办理」= 本年「二、上年结转」，逐列", "years", REPORTS, years.across_years, True),
    Rule("X-IN-FORCE", W, "现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（规章、行政规范性文件）", "years", REPORTS, years.across_years, True),
    Rule("X-SAME-TEXT", W, "报告与上年的几乎相同（内容雷同）", "years", REPORTS, years.across_years, True),
    Rule("TXT-REQUESTS", W, "正文所说的申请件数与表三一致（本年新收，或本年新收 + 上年结转）", "text", REPORTS, text.prose_rules),
    Rule("TXT-CASES", W, "正文所说的行政复议、行政诉讼件数与表四一致", "text", REPORTS, text.prose_rules),
    Rule("TXT-FEE", W, "第六部分说明信息处理费收取情况（件数和金额，未收取也要写明）", "text", REPORTS, text.prose_rules),
    Rule("TXT-PROBLEMS", W, "第五部分写明存在的主要问题及改进情况，不能为空或只写「无」", "text", REPORTS, text.prose_rules),
    Rule("TXT-TODO", W, "正文中仍有占位符【待填写】", "text", REPORTS, text.prose_rules),
    Rule("TXT-YEAR", W, "标题、统计期限与报告年度一致", "text", REPORTS, text.prose_rules),
    Rule("TXT-ITEMS", W, "第一部分主动公开信息的总数与分项之和一致", "text", REPORTS, text.prose_rules),
    Rule("TXT-RESULTS", W, "正文所说各办理结果的件数（予以公开、部分公开、办结、结转下年度……）与表三一致", "text", REPORTS, text.prose_rules),
    Rule("TXT-DOCUMENTS", W, "正文所说现行有效、本年制发、本年废止的规章和行政规范性文件件数与表二一致", "text", REPORTS, text.prose_rules),
    Rule("TXT-STALE-YEAR", W, "第一部分（总体情况）有以往年份开头、讲那一年工作的句子：像是沿用了上年报告的文字（上年且在段首为确定，其余为推测）", "text", REPORTS, text.prose_rules),
    Rule("TXT-ALL-CLOSED", W, "正文说申请均已办结（全部办理完毕），而表三「四、结转下年度继续办理」大于 0", "text", REPORTS, text.prose_rules),
    Rule("T2-REGULATION", W, "规章只能由国务院部门和省级、设区的市级人民政府制定：乡镇、街道、县区及其部门的表二「规章」应为 0", "template", REPORTS, template.regulations),
    Rule("L-IMPLAUSIBLE", W, "台账中有不合理的记录：日期早于 2008-05-01 或晚于今天、数量或金额过大", "ledger", LEDGERS, ledger.implausible),
    Rule("L-REVIEW", W, "信息缺少台账的审核规定要求的三审签字（起草、审核、签发）", "ledger", LEDGERS, ledger.review),
    Rule("L-LATE-REPLY", W, "申请在法定答复期限后才答复（20 个工作日，延长 + 20，补正、征求意见、缴费时间不计）", "ledger", LEDGERS, ledger.deadlines),
    Rule("L-OPEN-OVERDUE", W, "未办结的申请今天已超过答复期限", "ledger", LEDGERS, ledger.deadlines),
    Rule("L-CORRECTION-LATE", W, "补正通知晚于收到申请后 7 个工作日发出（条例第三十条）", "ledger", LEDGERS, ledger.deadlines),
    Rule("L-LATE-PUBLISH", W, "主动公开信息在形成或变更后超过 20 个工作日才公开（条例第二十六条）", "ledger", LEDGERS, ledger.late_publish),
    Rule("L-EXTENSION-LATE", W, "延长答复期限在原答复期限之后才批准（条例第三十三条第二款）", "ledger", LEDGERS, ledger.late_steps),
    Rule("L-FEE-NOTICE-LATE", W, "收费通知在答复期限之后才发出", "ledger", LEDGERS, ledger.late_steps),
    Rule("L-LETTER-MISSING", W, "已办结的申请没有答复书（或答复书的结果与台账不一致）", "ledger", LEDGERS, ledger.letters),
    Rule("L-LETTER-CORRECTION-LATE", W, "补正通知书的日期晚于收到申请后 7 个工作日", "ledger", LEDGERS, ledger.letters),
    Rule("L-LETTER-EXTENSION-LATE", W, "延期答复告知书的日期晚于原答复期限", "ledger", LEDGERS, ledger.letters),
    Rule("L-LETTER-REPLY-LATE", W, "答复书的日期晚于答复期限", "ledger", LEDGERS, ledger.letters),
    Rule("L-LETTER-BASIS", W, "答复书引用的依据不是该办理结果应引用的条款（如把年报格式当作依据，或同时引用第三十六条的两项）", "ledger", LEDGERS, ledger.letters),
    Rule("L-LETTER-REASONS", W, "不予公开、不予提供、不予处理的答复书没有写明理由或所依据的法律，或第三十五条不予处理前未要求说明理由", "ledger", LEDGERS, ledger.letters),
    Rule("L-LETTER-CONSULT", W, "以第十五条（第三方合法权益）不予公开，但此前没有书面征求第三方意见（条例第三十二条）", "ledger", LEDGERS, ledger.letters),
    Rule("L-LETTER-REVIEW-BODY", W, "2024年1月1日及以后的文书使用了按修订前的行政复议法登记的复议机关设置", "ledger", LEDGERS, ledger.letters),
    Rule("L-CASE-ANSWER-LATE", E, "复议答复或诉讼答辩晚于期限，或期限已过仍未登记提交（行政复议法第四十八条、行政诉讼法第六十七条）", "ledger", LEDGERS, ledger.cases),
    Rule("L-CASE-DIRECT-SUIT", W, "2024年1月1日及以后不予公开的答复被直接起诉：此类决定应先申请复议，请核对答复书告知的救济途径", "ledger", LEDGERS, ledger.cases),
    Rule("L-LETTER-ONLINE", W, "经互联网渠道送达的文书没有写明提交行政复议申请书的网上渠道（行政复议法第二十二条第二款）", "ledger", LEDGERS, ledger.letters),
    Rule("L-TAMPERED", E, "修改记录或登记发布的年度报告在 disc 之外被改写、插入或删除（与封存时的校验值不符）", "ledger", LEDGERS, ledger.tampered),
    Rule("L-DUPLICATE-REF", W, "同一文号的文件、行政决定或复议诉讼案件登记了不止一次，每次都计入了表二或表四", "ledger", LEDGERS, ledger.duplicate_refs),
    Rule("L-REPORT-DATE", W, "年度报告的发布日期晚于截止日（部门、乡镇、街道 1月31日；县级以上人民政府本级 3月31日；可用 disc org set --report-deadline 设定）", "ledger", LEDGERS, assess.report_date),
    Rule("L-CHANGED-AFTER-PUBLISH", W, "年度报告登记发布（disc report publish）后，台账的改动使该年度的单元格与发布的版本不同", "ledger", LEDGERS, assess.changed_after_publish),
    # the assessor's indicators: disc check --assess, over the unit and every unit below it
    Rule("A-SILENT-CHANNEL", W, "某个发布渠道连续未更新的天数超过该类渠道的要求（网站、新媒体 14 天；公示栏按区里的规定；含年初到第一次发布、最后一次发布到年底）", "assess", LEDGERS, assess.silent_channels),
    Rule("A-SILENT-CATEGORY", W, "某个栏目（类别）连续未更新的天数超过要求（动态类栏目 14 天，其他栏目 6 个月）", "assess", LEDGERS, assess.silent_categories),
    Rule("A-EMPTY-CATEGORY", W, "以前用过的栏目（类别）全年没有发布信息（空栏目）", "assess", LEDGERS, assess.silent_categories),
    Rule("A-RATE-SUBSTANTIVE", W, "实质公开率（予以公开 + 部分公开）÷ 办结低于黄线或红线（至少 30 件才评）", "assess", LEDGERS, assess.rates),
    Rule("A-RATE-REVIEW-CORRECTED", W, "复议纠错率高于黄线或红线（至少 30 件才评）", "assess", LEDGERS, assess.rates),
    Rule("A-NO-INTERPRETATION", W, "行政规范性文件发布时没有登记政策解读", "assess", LEDGERS, assess.interpretations),
    Rule("A-REPORT-LATE", W, "年度报告晚于截止日发布，或已过截止日仍无发布记录", "assess", LEDGERS, assess.report_late),
    Rule("A-CORRECTION-LATE", W, "补正通知晚于收到申请后 7 个工作日发出（按单位计数）", "assess", LEDGERS, assess.requests),
    Rule("A-CORRECTION-BULK", W, "补正通知发给了全年新收申请的 30% 以上（至少 3 件）：大量补正被视为拖延", "assess", LEDGERS, assess.requests),
    Rule("A-EXTENSION-RATE", W, "延期答复率远高于区内其他单位（两倍以上，至少 3 件；只有一个单位时超过 50%）", "assess", LEDGERS, assess.requests),
    Rule("A-LAST-DAY", W, "办结的申请中 30% 以上（至少 3 件）在答复期限的最后一天才答复", "assess", LEDGERS, assess.requests),
    # a published document against the ledger: disc lint FILE --against-ledger (found by the command)
    Rule("V-PUBLISHED", E, "文档的单元格与台账中登记发布（disc report publish）的版本不同：网站上的不是发布的版本", "desk", DOCS, None),
    # the review round: found across a district's documents by `disc review check` (report/review.py)
    Rule("REVIEW-COPY", W, "两个单位（或本单位与上年）报告的同一部分相同文字达到阈值：与往年或与其他单位雷同", "review", DOCS, None),
    Rule("REVIEW-SUM", E, "上级单位报告的单元格小于下级单位报告之和", "review", DOCS, None),
    Rule("REVIEW-MISSING", W, "下级单位还没有交来本年度报告", "review", DOCS, None),
    Rule("V-LEDGER", W, "文档的单元格与台账现在的数字不同（台账在发布后有改动，或文档不是由台账生成的）", "desk", DOCS, None),
]
REGISTRY: dict[str, Rule] = {r.code: r for r in _RULES}
assert len(REGISTRY) == len(_RULES), "a rule code registered twice"


def register(rule: Rule) -> None:
    """Add a rule family defined elsewhere (the assessor's A-* rules)."""
    if rule.code in REGISTRY:
        raise ValueError(f"rule {rule.code} registered twice")
    REGISTRY[rule.code] = rule


# --------------------------------------------------------------------------- choosing rules
def select(patterns: Iterable[str] | None) -> set[str] | None:
    """The codes `--rule` names: a code in any case (t3-balance), a prefix with * or - (T3-*, L-).
    None: every rule. An unknown code is BadInput naming the nearest (exit 2, never a silent 0)."""
    if not patterns:
        return None
    chosen: set[str] = set()
    codes = list(REGISTRY)
    for raw in patterns:
        for pat in filter(None, (p.strip() for p in raw.split(","))):
            p = pat.upper()
            if p.endswith("*") or p.endswith("-"):
                prefix = p.rstrip("*")
                hit = {c for c in codes if c.startswith(prefix)}
            else:
                hit = {p} if p in REGISTRY else set()
            if not hit:
                near = difflib.get_close_matches(p, codes, n=3, cutoff=0.5) or [c for c in codes if c.startswith(p[:3])][:3]
                hint = f"；最接近的是：{'、'.join(near)}" if near else ""
                raise BadInput(f"规则「{pat}」不存在{hint}。全部规则：disc check --list-rules")
            chosen |= hit
    return chosen


def rules_for(kind: str, chosen: set[str] | None = None) -> list[Rule]:
    return [r for r in REGISTRY.values() if kind in r.sources and (chosen is None or r.code in chosen)]


def listing(kinds: Iterable[str] = (LEDGER, DOCUMENT, SUM)) -> list[dict[str, str]]:
    """The registry as rows for `--list-rules`."""
    wanted = set(kinds)
    return [
        {
            "code": r.code,
            "severity": r.severity,
            "family": r.family,
            "sources": ",".join(s for s in (LEDGER, DOCUMENT, SUM) if s in r.sources),
            "needs_previous": "yes" if r.needs_previous else "",
            "description": r.description,
        }
        for r in REGISTRY.values()
        if r.sources & wanted
    ]


# --------------------------------------------------------------------------- running them
def run(
    report: AnnualReport,
    *,
    kind: str,
    previous: AnnualReport | None = None,
    rules: set[str] | None = None,
    ledger: object = None,
    ids: list[int] | None = None,
    today: str | None = None,
    strict: bool = False,
) -> list[Finding]:
    """Every finding of the chosen rules that apply to this kind of report, in registry order.

    Each family's check runs once if any of its rules is wanted; rules needing last year's report
    run only when there is one; a finding is kept only if its rule is wanted and applies to the
    source.
    """
    wanted = rules_for(kind, rules)
    codes = {r.code for r in wanted}
    ctx = Context(report, previous, kind=kind, ledger=ledger, ids=ids, today=today)
    done: set[Callable] = set()
    for r in wanted:
        if r.check is None or r.check in done:
            continue
        if r.needs_previous and previous is None:
            continue
        if r.family in ("ledger", "assess") and ledger is None:
            continue
        done.add(r.check)
        r.check(ctx)
    # families run in registry order, so findings come in it too (within a family, table order);
    # a reading the wording does not settle (a guess) only with strict
    return [f for f in ctx.findings if f.rule in codes and (strict or not f.guess)]


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when a finding is an error (the report must not be published as it is): exit 1."""
    return any(f.severity == E for f in findings)


__all__ = ["REGISTRY", "Rule", "W", "E", "run", "select", "listing", "has_errors", "register"]
