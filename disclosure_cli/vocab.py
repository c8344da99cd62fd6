"""Every code, official label and alias disc knows: the single source of truth.

Renderers, parsers, checks and the CLI read these tables; none spells a label again.
Codes are the stable contract of ../shared/reference/output-codes.md; labels are those of
国办公开办函〔2021〕30号 (report-format.md), with full-width brackets.
"""

from __future__ import annotations

from typing import NamedTuple

from disclosure_cli.errors import BadInput

# The records below are NamedTuples, not dataclasses: a frozen dataclass builds six methods with
# exec() when its class is defined, and every `disc add` imports this module (bench/bench_cli.py).


class Term(NamedTuple):
    """One enumerated value: a stable English code, the official Chinese label, what clerks also type."""

    code: str
    label: str
    aliases: tuple[str, ...] = ()
    short: str = ""  # a shorter label for narrow screens; defaults to label

    @property
    def short_label(self) -> str:
        return self.short or self.label


from disclosure_cli.text import normalize  # noqa: E402  (the light fold for typed names: one module)


class Vocabulary:
    """An ordered set of terms with lookup by code, label or alias."""

    def __init__(self, name: str, terms: list[Term]):
        self.name = name
        self.terms = list(terms)
        self._by_code = {t.code: t for t in self.terms}
        self._lookup_cache: dict[str, str] | None = None

    @property
    def _lookup(self) -> dict[str, str]:
        # built on first use: start-up of `disc add` should not pay for every vocabulary
        if self._lookup_cache is None:
            self._lookup_cache = {}
            for t in self.terms:
                for key in (t.code, t.label, t.short_label, *t.aliases):
                    self._lookup_cache.setdefault(normalize(key), t.code)
        return self._lookup_cache

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> list[str]:
        return [t.code for t in self.terms]

    def get(self, code: str) -> Term:
        return self._by_code[code]

    def label(self, code: str) -> str:
        return self._by_code[code].label

    def find(self, value: str) -> str | None:
        return self._lookup.get(normalize(value))

    def resolve(self, value: str, what: str | None = None) -> str:
        """Code for a code, label or alias; else BadInput naming the nearest known values."""
        code = self.find(value)
        if code is not None:
            return code
        raise BadInput(unknown_message(what or self.name, value, self.choices()))

    def choices(self) -> list[str]:
        return [f"{t.code}（{t.label}）" for t in self.terms]


def unknown_message(what: str, value: str, choices: list[str]) -> str:
    import difflib

    near = difflib.get_close_matches(value, choices, n=3, cutoff=0.0) if choices else []
    keys = {normalize(c): c for c in choices}
    # difflib on whole "code（label）" strings is weak for CJK: also try substring hits
    subs = [c for k, c in keys.items() if normalize(value) and (normalize(value) in k or k.split("（")[0] in normalize(value))]
    ranked = list(dict.fromkeys(subs + near))[:3]
    msg = f"{what}「{value}」无法识别"
    if ranked:
        msg += "；最接近的是：" + "、".join(ranked)
    return msg


# --------------------------------------------------------------------------- channels
# Default channels a ledger starts with; a ledger may add its own (per-ledger vocabulary).
DEFAULT_CHANNELS = [
    Term("portal", "政府网站", ("网站", "门户网站", "政府门户网站", "官网", "政府网", "website")),
    Term("wechat", "微信公众号", ("微信", "公众号", "微信号", "weixin")),
    Term("board", "公示栏", ("公告栏", "公示牌", "宣传栏", "公开栏", "notice board")),
]

# the assessors judge channels by kind (ledger/rubric.py): a website, new media, a notice board
DEFAULT_CHANNEL_KINDS = {"portal": "website", "wechat": "new_media", "board": "board"}

# Default categories: what a 街道 publishes most often. Categories are names (output-codes.md).
DEFAULT_CATEGORIES = [
    "工作动态",
    "政策法规",
    "通知公告",
    "财政预决算",
    "社会救助",
    "人事信息",
    "年度报告",
    "其他",
]

# --------------------------------------------------------------------------- applicant types (t3 columns)
APPLICANT_TYPES = Vocabulary(
    "申请人类型",
    [
        Term("natural_person", "自然人", ("个人", "公民", "person")),
        Term("business", "商业企业", ("企业", "公司", "company")),
        Term("research", "科研机构", ("高校", "科研院所", "大学", "研究所")),
        Term("public_interest", "社会公益组织", ("公益组织", "社会组织", "NGO")),
        Term("legal_service", "法律服务机构", ("律师事务所", "律所", "律师")),
        Term("other_org", "其他", ("其他组织", "村委会", "居委会", "other")),
    ],
)
T3_COLUMNS = Vocabulary("表三列", [*APPLICANT_TYPES.terms, Term("total", "总计")])
LEGAL_PERSON_LABEL = "法人或其他组织"
APPLICANT_HEADER = "申请人情况"
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


# --------------------------------------------------------------------------- table 三 rows
class T3Row(NamedTuple):
    code: str
    level1: str  # 一、… / 三、本年度办理结果 / 四、…
    level2: str = ""  # （一）予以公开 …
    level3: str = ""  # 1.属于国家秘密 …

    @property
    def label(self) -> str:
        """The most specific official label: what a person reads in the row."""
        return self.level3 or self.level2 or self.level1

    @property
    def full_label(self) -> str:
        """The label with its group, for messages: （三）不予公开 1.属于国家秘密."""
        if self.level3:
            return f"{self.level2} {self.level3}"
        return self.level2 or self.level1

    @property
    def group(self) -> str:
        return self.code.split(".")[0]


RESULTS = "三、本年度办理结果"
G_GRANTED = "（一）予以公开"
G_PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
G_WITHHELD = "（三）不予公开"
G_UNAVAILABLE = "（四）无法提供"
G_NOT_PROCESSED = "（五）不予处理"
G_OTHER = "（六）其他处理"
G_TOTAL = "（七）总计"

T3_ROWS: list[T3Row] = [
    T3Row("new", "一、本年新收政府信息公开申请数量"),
    T3Row("carried_over", "二、上年结转政府信息公开申请数量"),
    T3Row("granted", RESULTS, G_GRANTED),
    T3Row("partial", RESULTS, G_PARTIAL),
    T3Row("withheld.state_secret", RESULTS, G_WITHHELD, "1.属于国家秘密"),
    T3Row("withheld.prohibited_by_law", RESULTS, G_WITHHELD, "2.其他法律行政法规禁止公开"),
    T3Row("withheld.security_stability", RESULTS, G_WITHHELD, "3.危及“三安全一稳定”"),
    T3Row("withheld.third_party", RESULTS, G_WITHHELD, "4.保护第三方合法权益"),
    T3Row("withheld.internal_affairs", RESULTS, G_WITHHELD, "5.属于三类内部事务信息"),
    T3Row("withheld.process_info", RESULTS, G_WITHHELD, "6.属于四类过程性信息"),
    T3Row("withheld.enforcement_file", RESULTS, G_WITHHELD, "7.属于行政执法案卷"),
    T3Row("withheld.inquiry_matter", RESULTS, G_WITHHELD, "8.属于行政查询事项"),
    T3Row("unavailable.not_held", RESULTS, G_UNAVAILABLE, "1.本机关不掌握相关政府信息"),
    T3Row("unavailable.needs_creation", RESULTS, G_UNAVAILABLE, "2.没有现成信息需要另行制作"),
    T3Row("unavailable.still_unclear", RESULTS, G_UNAVAILABLE, "3.补正后申请内容仍不明确"),
    T3Row("not_processed.petition", RESULTS, G_NOT_PROCESSED, "1.信访举报投诉类申请"),
    T3Row("not_processed.duplicate", RESULTS, G_NOT_PROCESSED, "2.重复申请"),
    T3Row("not_processed.publication", RESULTS, G_NOT_PROCESSED, "3.要求提供公开出版物"),
    T3Row("not_processed.excessive", RESULTS, G_NOT_PROCESSED, "4.无正当理由大量反复申请"),
    T3Row("not_processed.confirmation", RESULTS, G_NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
    T3Row(
        "other.no_correction",
        RESULTS,
        G_OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    T3Row(
        "other.unpaid_fee",
        RESULTS,
        G_OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    T3Row("other.other", RESULTS, G_OTHER, "3.其他"),
    T3Row("total", RESULTS, G_TOTAL),
    T3Row("carried_forward", "四、结转下年度继续办理"),
]
T3_ROW_BY_CODE = {r.code: r for r in T3_ROWS}
T3_ROW_CODES = [r.code for r in T3_ROWS]
# The result rows from granted to other.other (21 of them; with （七）总计 the merged
# 三、本年度办理结果 cell spans 22 rows) are also the outcome codes of an application.
OUTCOME_CODES = T3_ROW_CODES[2:23]

_OUTCOME_ALIASES: dict[str, tuple[str, ...]] = {
    "granted": ("予以公开", "公开", "同意公开", "全部公开"),
    "partial": ("部分公开", "区分处理"),
    "withheld.state_secret": ("国家秘密",),
    "withheld.prohibited_by_law": ("法律行政法规禁止公开",),
    "withheld.security_stability": ("三安全一稳定",),
    "withheld.third_party": ("第三方合法权益", "保护第三方"),
    "withheld.internal_affairs": ("内部事务信息", "内部事务"),
    "withheld.process_info": ("过程性信息",),
    "withheld.enforcement_file": ("行政执法案卷",),
    "withheld.inquiry_matter": ("行政查询事项",),
    "unavailable.not_held": ("本机关不掌握", "信息不存在", "不掌握"),
    "unavailable.needs_creation": ("需要另行制作", "另行制作"),
    "unavailable.still_unclear": ("补正后仍不明确",),
    "not_processed.petition": ("信访举报投诉", "信访"),
    "not_processed.duplicate": ("重复申请",),
    "not_processed.publication": ("公开出版物",),
    "not_processed.excessive": ("大量反复申请",),
    "not_processed.confirmation": ("确认或重新出具",),
    "other.no_correction": ("逾期不补正",),
    "other.unpaid_fee": ("逾期未缴费", "未缴费"),
    "other.other": ("其他处理", "撤回", "申请人撤回"),
}


def _outcome_terms() -> list[Term]:
    terms = []
    for code in OUTCOME_CODES:
        row = T3_ROW_BY_CODE[code]
        aliases = list(_OUTCOME_ALIASES.get(code, ()))
        if row.level3:
            # 「1.属于国家秘密」 alone is ambiguous across groups; the group-qualified forms are not
            aliases += [row.full_label, f"{row.level2}{row.level3}", row.level3.split(".", 1)[1]]
        else:
            aliases.append(row.level2.split("（区分")[0])
        terms.append(Term(code, row.full_label, tuple(aliases)))
    return terms


OUTCOMES = Vocabulary("办理结果", _outcome_terms())

# --------------------------------------------------------------------------- table 二
T2_SECTIONS = [
    ("第二十条第（一）项", ["regulation", "normative_document"], ["issued", "repealed", "in_force"]),
    ("第二十条第（五）项", ["license"], ["decisions"]),
    ("第二十条第（六）项", ["penalty", "coercion"], ["decisions"]),
    ("第二十条第（八）项", ["fee"], ["amount_wan"]),
]
T2_ROWS = Vocabulary(
    "表二行",
    [
        Term("regulation", "规章"),
        Term("normative_document", "行政规范性文件", ("规范性文件",)),
        Term("license", "行政许可", ("许可",)),
        Term("penalty", "行政处罚", ("处罚",)),
        Term("coercion", "行政强制", ("强制",)),
        Term("fee", "行政事业性收费", ("收费",)),
    ],
)
T2_COLUMNS = Vocabulary(
    "表二列",
    [
        Term("issued", "本年制发件数"),
        Term("repealed", "本年废止件数"),
        Term("in_force", "现行有效件数"),
        Term("decisions", "本年处理决定数量"),
        Term("amount_wan", "本年收费金额（单位：万元）"),
    ],
)
T2_CONTENT_HEADER = "信息内容"
# The 2019 trial format (国办公开办函〔2019〕60号) spelt two labels of what the 2021 format keeps:
# right in a 2019 or 2020 report, a wrong label (FMT-LABEL) from 2021 on.
LABELS_2019: dict[tuple[str, str, str], str] = {
    ("t2", "row", "normative_document"): "规范性文件",
    ("t2", "column", "decisions"): "处理决定数量",
}
LAST_2019_FORMAT_YEAR = 2020
T2_CELLS: list[tuple[str, str]] = [(r, c) for _, rows, cols in T2_SECTIONS for r in rows for c in cols]
DOCUMENT_KINDS = Vocabulary(
    "文件类型",
    [T2_ROWS.get("regulation"), T2_ROWS.get("normative_document")],
)
DECISION_KINDS = Vocabulary(
    "决定类型",
    [T2_ROWS.get("license"), T2_ROWS.get("penalty"), T2_ROWS.get("coercion")],
)

# --------------------------------------------------------------------------- table 四
T4_ROWS = Vocabulary(
    "表四分组",
    [
        Term("review", "行政复议", ("复议",)),
        Term("suit_direct", "未经复议直接起诉", ("直接起诉", "诉讼")),
        Term("suit_after_review", "复议后起诉", ("复议后诉讼",)),
    ],
)
T4_COLUMNS = Vocabulary(
    "表四列",
    [
        Term("upheld", "结果维持", ("维持",)),
        Term("corrected", "结果纠正", ("纠正", "撤销", "确认违法", "变更", "责令履行")),
        Term("other", "其他结果", ("其他", "驳回", "终止", "撤回", "不予受理")),
        Term("pending", "尚未审结", ("未审结",)),
        Term("total", "总计"),
    ],
)
T4_REVIEW_LABEL = "行政复议"
T4_SUIT_LABEL = "行政诉讼"
CASE_KINDS = T4_ROWS
CASE_RESULTS = Vocabulary("复议诉讼结果", T4_COLUMNS.terms[:3])


class CaseDecision(NamedTuple):
    """A decision the law names, and the 表四 column it is counted in (docs/cases.md gives the reasons)."""

    code: str
    label: str
    aliases: tuple[str, ...]
    applies: str  # review | suit
    article: str
    result: str  # upheld | corrected | other


_RL, _SL = "行政复议法（2023）", "行政诉讼法"
CASE_DECISION_SPECS: tuple[CaseDecision, ...] = (
    CaseDecision("review.alter", "决定变更", ("变更",), "review", f"{_RL}第六十三条", "corrected"),
    CaseDecision("review.revoke", "决定撤销", ("撤销", "部分撤销", "撤销或部分撤销"), "review", f"{_RL}第六十四条", "corrected"),
    CaseDecision("review.illegal", "确认违法", ("确认违法",), "review", f"{_RL}第六十五条", "corrected"),
    CaseDecision("review.perform", "责令履行", ("履行", "限期履行"), "review", f"{_RL}第六十六条", "corrected"),
    CaseDecision("review.void", "确认无效", ("无效",), "review", f"{_RL}第六十七条", "corrected"),
    CaseDecision("review.uphold", "决定维持", ("维持",), "review", f"{_RL}第六十八条", "upheld"),
    CaseDecision("review.reject", "驳回行政复议请求", ("驳回请求", "驳回复议请求"), "review", f"{_RL}第六十九条", "other"),
    CaseDecision("review.mediate", "调解", ("复议调解", "调解书"), "review", f"{_RL}第七十三条", "other"),
    CaseDecision("review.settle", "和解撤回、终止", ("和解", "撤回", "终止", "撤回复议申请"), "review", f"{_RL}第七十四条", "other"),
    CaseDecision("review.dismiss", "驳回行政复议申请", ("驳回申请", "驳回复议申请"), "review", f"{_RL}第三十三条", "other"),
    CaseDecision("suit.reject", "判决驳回诉讼请求", ("驳回诉讼请求",), "suit", f"{_SL}第六十九条", "upheld"),
    CaseDecision("suit.revoke", "判决撤销", ("判决撤销", "撤销判决"), "suit", f"{_SL}第七十条", "corrected"),
    CaseDecision("suit.perform", "判决履行", ("判决履行", "限期履行判决"), "suit", f"{_SL}第七十二条", "corrected"),
    CaseDecision("suit.pay", "判决给付", ("给付",), "suit", f"{_SL}第七十三条", "corrected"),
    CaseDecision("suit.illegal", "判决确认违法", ("判决确认违法",), "suit", f"{_SL}第七十四条", "corrected"),
    CaseDecision("suit.void", "判决确认无效", ("判决确认无效",), "suit", f"{_SL}第七十五条", "corrected"),
    CaseDecision("suit.alter", "判决变更", ("判决变更",), "suit", f"{_SL}第七十七条", "corrected"),
    CaseDecision("suit.withdraw", "准予撤诉", ("撤诉",), "suit", f"{_SL}第六十二条", "other"),
    CaseDecision("suit.dismiss", "裁定驳回起诉", ("驳回起诉", "不予立案"), "suit", "最高人民法院关于适用《行政诉讼法》的解释第六十九条", "other"),
    CaseDecision("suit.mediate", "调解", ("诉讼调解",), "suit", f"{_SL}第六十条", "other"),
)
CASE_DECISION = {d.code: d for d in CASE_DECISION_SPECS}
CASE_DECISIONS = {  # by what the case is: a 调解 of a review and of a suit are two decisions
    applies: Vocabulary(f"{'复议' if applies == 'review' else '诉讼'}决定",
                        [Term(d.code, d.label, d.aliases) for d in CASE_DECISION_SPECS if d.applies == applies])
    for applies in ("review", "suit")
}

# --------------------------------------------------------------------------- report parts
PARTS = [
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
]
PART_HEADINGS = {n: f"{n}、{h}" for n, h in PARTS}
NARRATIVE_PARTS = ["一", "五", "六"]
TODO_MARK = "【待填写】"

# --------------------------------------------------------------------------- applications
REQUEST_VIA = Vocabulary(
    "申请方式",
    [
        Term("in_person", "当面", ("当面提交", "现场")),
        Term("letter", "信函", ("邮寄", "信件", "平信")),
        Term("online", "网络", ("互联网", "网上", "在线", "网站")),
        Term("fax", "传真"),
        Term("email", "电子邮件", ("邮件", "电邮", "e-mail")),
    ],
)

# --------------------------------------------------------------------------- items: field labels
ITEM_FIELD_LABELS = {
    "id": "编号",
    "published": "发布日期",
    "channel": "渠道",
    "category": "类别",
    "title": "标题",
    "url": "链接",
    "count": "数量",
    "formed": "信息形成日期",
    "drafter": "起草人",
    "reviewer": "审核人",
    "approver": "签发人",
    "note": "备注",
    "voided_at": "作废时间",
    "void_reason": "作废原因",
}

# --------------------------------------------------------------------------- applications: where they stand
REQUEST_STATUSES = Vocabulary(
    "办理状态",
    [
        Term("open", "办理中"),
        Term("overdue", "已逾期"),
        Term("awaiting_correction", "等待补正"),
        Term("paused", "暂停中"),
        Term("closed", "已办结"),
        Term("closed_late", "逾期答复"),
        Term("invalid", "记录有误"),
        Term("voided", "已作废"),
    ],
)

# 信息处理费 (国办函〔2020〕109号 第三条): one method per application
FEE_METHODS = Vocabulary(
    "计收方式",
    [
        Term("item", "按件计收", ("按件", "件", "items")),
        Term("page", "按量计收", ("按量", "按页", "页", "pages")),
    ],
)

# --------------------------------------------------------------------------- table grids
TABLES = ("items", "t2", "t3", "t4")
PART_TABLES = {"二": "t2", "三": "t3", "四": "t4"}  # the part that holds each statutory table
TABLE_PARTS = {t: n for n, t in PART_TABLES.items()}
TABLE_LABELS = {"items": "主动公开信息条数", "t2": "表二", "t3": "表三", "t4": "表四"}


def t3_cells() -> list[tuple[str, str]]:
    return [(r, c) for r in T3_ROW_CODES for c in T3_COLUMNS.codes]


def t4_cells() -> list[tuple[str, str]]:
    return [(r, c) for r in T4_ROWS.codes for c in T4_COLUMNS.codes]


def cell_label(table: str, row: str, column: str) -> str:
    """How a person names a cell in a message: 表三「（七）总计」×「自然人」."""
    if table == "t3":
        return f"表三「{T3_ROW_BY_CODE[row].full_label}」×「{T3_COLUMNS.label(column)}」"
    if table == "t4":
        return f"表四「{T4_ROWS.label(row)}」×「{T4_COLUMNS.label(column)}」"
    if table == "t2":
        return f"表二「{T2_ROWS.label(row)}」×「{T2_COLUMNS.label(column)}」"
    return f"「{row}」×「{column}」"


# --------------------------------------------------------------------------- letters (issue 12)
# Kinds of letter to applicants and third parties (letters.md). The label is what a clerk calls it;
# LETTER_TITLES is the title printed on the letter.
class LetterKind(NamedTuple):
    """One kind of letter, in one place (issue 25): what the clerk calls it, the title printed on it,
    to whom it goes, the article it rests on, the event whose date is its date when none is given
    (ledger.letters.event_date), and whether it carries remedies. The ledger's CHECK list of letter
    kinds is kept from this list (ledger/checks.py)."""

    code: str
    label: str
    aliases: tuple[str, ...]
    title: str
    to: str  # applicant | third_party | organ
    article: str
    date_from: str  # received | closed | correction | extension | fee | consulted | reasons_asked | delay_set
    remedies: bool = False


REGULATION = "《中华人民共和国政府信息公开条例》"
_R = REGULATION
LETTER_SPECS: tuple[LetterKind, ...] = (
    LetterKind("reply", "答复书", ("答复", "答复告知书", "决定书"), "政府信息公开申请答复书",
               "applicant", f"{_R}第三十六条至第三十九条", "closed", remedies=True),
    LetterKind("receipt", "登记回执", ("回执", "受理回执", "收件回执"), "政府信息公开申请登记回执",
               "applicant", f"{_R}第三十一条", "received"),
    LetterKind("correction", "补正通知书", ("补正", "补正告知书", "补正通知"), "政府信息公开申请补正通知书",
               "applicant", f"{_R}第三十条", "correction"),
    LetterKind("extension", "延期答复告知书", ("延期", "延长", "延期告知书", "延长答复期限告知书"),
               "政府信息公开申请延期答复告知书", "applicant", f"{_R}第三十三条第二款", "extension"),
    LetterKind("fee", "收费通知书", ("收费", "收费通知", "信息处理费"), "政府信息公开信息处理费收费通知书",
               "applicant", f"{_R}第四十二条", "fee", remedies=True),
    LetterKind("consult", "第三方意见征询函", ("征询", "征求意见", "第三方", "征求第三方意见"), "政府信息公开第三方意见征询函",
               "third_party", f"{_R}第三十二条", "consulted"),
    LetterKind("pause_notice", "征求意见告知书", ("征求意见告知", "暂停告知", "不计入期限告知"), "政府信息公开申请征求意见告知书",
               "applicant", f"{_R}第三十三条第三款", "consulted"),
    LetterKind("disclose_notice", "决定公开告知书", ("公开决定告知书", "告知第三方", "第三方告知书"),
               "政府信息公开决定告知书", "third_party", f"{_R}第三十二条", "closed", remedies=True),
    LetterKind("co_maker", "共同制作机关征求意见函", ("共同制作", "征求机关意见", "会商函"),
               "政府信息公开征求意见函", "organ", f"{_R}第三十四条", "consulted"),
    LetterKind("ask_reasons", "说明理由通知书", ("说明理由", "要求说明理由"), "政府信息公开申请说明理由通知书",
               "applicant", f"{_R}第三十五条", "reasons_asked"),
    LetterKind("delay", "延迟答复告知书", ("延迟答复", "延迟", "合理期限告知书"), "政府信息公开申请延迟答复告知书",
               "applicant", f"{_R}第三十五条", "delay_set"),
)
LETTER_SPEC = {k.code: k for k in LETTER_SPECS}
LETTER_KINDS = Vocabulary("文书类型", [Term(k.code, k.label, k.aliases) for k in LETTER_SPECS])
LETTER_TITLES = {k.code: k.title for k in LETTER_SPECS}
ADDRESSED_KINDS = tuple(k.code for k in LETTER_SPECS if k.to != "applicant")  # one letter per addressee

# Steps of an application recorded as events (migration 0009, 0012); the CHECK list follows this.
REQUEST_EVENT_KINDS = ("reasons_asked", "reasons_given", "consult_answer", "delay_set")

FEE_MEASURES = "《政府信息公开信息处理费管理办法》"


class LetterBasis(NamedTuple):
    """What a reply letter cites for an outcome, and what the clerk must supply first (docs/letters.md).

    basis: the article, paragraph and item the letter cites (for granted and not_held, the item
    chosen by the facts: see reply_basis). withheld: a 不予公开 decision — from 2024-01-01 the
    applicant must apply for review before suing (行政复议法 2023 第二十三条第一款第（四）项) and the
    letter must say so (same article, 第二款). note: what --note must say ("" = optional). needs:
    other facts the letter cannot be issued without (LETTER_NEEDS).
    """

    basis: str
    withheld: bool = False
    note: str = ""
    needs: tuple[str, ...] = ()


# facts a reply letter may need beyond --note, and how the clerk supplies each
LETTER_NEEDS = {
    "law": "--law 法律、行政法规的名称和条款",
    "part_basis": "--withheld-basis 不予公开部分属于哪一种（如 withheld.third_party、不予公开 内部事务信息）",
    "earlier": "--earlier 已作出的答复（文书编号或申请编号）",
    "basis": "--basis 处理所依据的条款",
    "consulted": "先出具第三方意见征询函（disc request letter 编号 --kind consult --to 第三方），并登记第三方的意见"
    "（disc request consult-answer 编号 --from 第三方 --agrees/--objects）或待15个工作日期满",
    "reasons_asked": "先要求申请人说明理由并登记（disc request ask-reasons 编号 --date 日期）",
    "correction": "先登记补正通知和收到的补正（disc request correction 编号 --sent 日期 / --received 日期）",
    "fee": "先登记收费通知（disc request fee 编号 …）",
}

_REG = REGULATION
WITHHELD_REASON = "写明不予公开的理由：所依据的事实，而不只是重复条文"
LETTER_BASIS: dict[str, LetterBasis] = {
    "granted": LetterBasis(f"{_REG}第三十六条第（二）项", note="写明提供信息的方式（或用 --proactive 写明已主动公开信息的获取途径）"),
    "partial": LetterBasis(
        f"{_REG}第三十七条", withheld=True, note="写明提供的部分，以及不予公开的部分和理由", needs=("part_basis",)
    ),
    "withheld.state_secret": LetterBasis(f"{_REG}第十四条、第三十六条第（三）项", withheld=True, note=WITHHELD_REASON),
    "withheld.prohibited_by_law": LetterBasis(
        f"{_REG}第十四条、第三十六条第（三）项", withheld=True, note=WITHHELD_REASON, needs=("law",)
    ),
    "withheld.security_stability": LetterBasis(f"{_REG}第十四条、第三十六条第（三）项", withheld=True, note=WITHHELD_REASON),
    "withheld.third_party": LetterBasis(
        f"{_REG}第十五条、第三十六条第（三）项", withheld=True, note=WITHHELD_REASON, needs=("consulted",)
    ),
    "withheld.internal_affairs": LetterBasis(
        f"{_REG}第十六条第一款、第三十六条第（三）项", withheld=True, note="写明为什么不予公开（第十六条是「可以」不予公开）"
    ),
    "withheld.process_info": LetterBasis(
        f"{_REG}第十六条第二款、第三十六条第（三）项", withheld=True, note="写明为什么不予公开（第十六条是「可以」不予公开）"
    ),
    "withheld.enforcement_file": LetterBasis(
        f"{_REG}第十六条第二款、第三十六条第（三）项", withheld=True, note="写明为什么不予公开（第十六条是「可以」不予公开）"
    ),
    # not a 不予公开 decision (docs/letters.md §四.1): the ordinary remedies
    "withheld.inquiry_matter": LetterBasis(
        f"{_REG}第三十六条第（七）项", note="写明办理查询的机关和途径", needs=("law",)
    ),
    "unavailable.not_held": LetterBasis(
        f"{_REG}第三十六条第（四）项", note="写明检索的情况（不属于本机关负责公开的，用 --holder 写明负责公开的机关）"
    ),
    "unavailable.needs_creation": LetterBasis(f"{_REG}第三十八条", note="写明需要对哪些信息进行加工、分析"),
    "unavailable.still_unclear": LetterBasis(f"{_REG}第二十九条第二款、第三十条", needs=("correction",)),
    "not_processed.petition": LetterBasis(f"{_REG}第三十九条第一款"),
    "not_processed.duplicate": LetterBasis(f"{_REG}第三十六条第（六）项", needs=("earlier",)),
    "not_processed.publication": LetterBasis(f"{_REG}第三十九条第二款", note="写明获取该出版物的途径"),
    "not_processed.excessive": LetterBasis(
        f"{_REG}第三十五条", note="写明申请人说明的理由及本机关认为其不合理的原因", needs=("reasons_asked",)
    ),
    "not_processed.confirmation": LetterBasis(f"{_REG}第二十七条"),
    "other.no_correction": LetterBasis(f"{_REG}第三十条", needs=("correction",)),
    "other.unpaid_fee": LetterBasis(f"{_REG}第四十二条和{FEE_MEASURES}", needs=("fee",)),
    "other.other": LetterBasis("", note="写明处理情况和理由", needs=("basis",)),
}
GRANTED_PUBLISHED_BASIS = f"{_REG}第三十六条第（一）项"  # granted: already proactively published (--proactive)
NOT_HELD_ELSEWHERE_BASIS = f"{_REG}第三十六条第（五）项"  # not_held: another body's to disclose (--holder)
MIN_CORRECTION_PERIOD = 5  # working days: a 补正 period shorter than this is not 「合理」 (docs/letters.md §四.5)

# 救济途径 (条例第五十一条). A letter cites the law in force on its date: the 2023 revision of the
# 行政复议法 took effect on 2024-01-01 (60 days: 第二十条; before, 第九条).
REVIEW_LAW_REVISED = "2024-01-01"
REMEDY_ARTICLE = f"{_REG}第五十一条"
REVIEW_LAW = "《中华人民共和国行政复议法》"
REVIEW_ARTICLE_OLD = f"{REVIEW_LAW}第九条"
REVIEW_ARTICLE = f"{REVIEW_LAW}第二十条"
REVIEW_FIRST_ARTICLE = f"{REVIEW_LAW}第二十三条"  # 复议前置 for 不予公开 (2023 revision)
SUIT_ARTICLE = "《中华人民共和国行政诉讼法》第四十六条"
REVIEW_DAYS = 60
SUIT_MONTHS = 6
ONLINE_REVIEW_ARTICLE = f"{REVIEW_LAW}第二十二条第二款"
INTERNET_DELIVERY = ("online", "email")  # 「通过互联网渠道送达」  # delivered online: give the online channel for review
# how a letter reaches its addressee (docs/letters.md §三); online delivery needs the review body's online channel
DELIVERY = Vocabulary(
    "送达方式",
    [
        Term("online", "网上", ("网络", "互联网", "网上送达", "政务网站", "平台", "在线")),
        Term("email", "电子邮件", ("邮箱", "email", "e-mail")),
        Term("post", "邮寄", ("邮政", "挂号信", "ems", "快递")),
        Term("in_person", "当面", ("现场", "当面送达", "窗口", "自取")),
        Term("fax", "传真", ()),
    ],
)
THIRD_PARTY_DAYS = 15  # 条例第三十二条：第三方自收到征求意见书之日起15个工作日内提出意见
