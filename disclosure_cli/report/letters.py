"""Letters to applicants and third parties (issue 12): their wording, and txt / md / docx output.

A letter states what the ledger holds: the outcome that table 三 counts, with its legal basis
(vocab.LETTER_BASIS), dates computed by the deadline engine, the review body and court of the unit's
settings in force on the letter's date, and the remedies under the law in force that day. A unit may
reword a kind of letter with its own template (placeholders validated like narrative placeholders),
but the decision and its basis are placeholders filled from the record, and the remedies and the
contact line are always added by disc: no template can drop or reword them.

An issued letter is stored as composed (ledger.letters), so printing it again gives the same text and
number whatever changed since. The applicant's name and address are not stored with it: they are read
from request_personal when the letter is printed, and after purge-personal the letter says 「申请人」.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.ledger import letters as store
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.ledger.letters import LetterFacts, StoredLetter
from disclosure_cli.workdays import fmt_date

LETTER_FORMATS = ("txt", "md", "docx")
APPLICANT = "申请人"
THIRD_PARTY = "第三方"
PREVIEW_NUMBER = "（预览，出具时编号）"
SEAL_ROOM_LINES = 3  # blank body lines above the signature: room for the seal (印章), applied on paper

# --------------------------------------------------------------------------- placeholders
COMMON_KEYS: dict[str, str] = {
    "issuer": "出具文书的机关名称",
    "org": "单位名称",
    "number": "文书编号",
    "date": "文书日期",
    "request": "申请编号",
    "received": "收到申请之日",
    "subject": "申请内容",
    "regulation": "《中华人民共和国政府信息公开条例》",
    "note": "经办人的附言（--note）",
}
KIND_KEYS: dict[str, dict[str, str]] = {
    "reply": {
        "outcome": "办理结果（表三的行）",
        "decision": "答复内容及其依据（按办理结果，由 disc 写明）",
        "basis": "依据的条款",
        "closed": "办结日期",
    },
    "receipt": {
        "deadline": "答复期限（台账计算）",
        "answer_days": "答复期限的工作日数（20）",
        "correction_due": "告知补正的最后一天（收到申请之日起7个工作日）",
        "via": "申请方式",
    },
    "correction": {"period": "补正期限（工作日）", "period_due": "按文书日期收到计算的补正期限末日"},
    "extension": {
        "days": "延长的工作日数",
        "original_deadline": "原答复期限",
        "deadline": "延长后的答复期限",
    },
    "fee": {
        "amount": "应缴金额（元）",
        "method": "计收方式",
        "breakdown": "金额的计算（各档页数或件数）",
        "fee_basis": "收费依据",
        "payment_days": "缴费期限的工作日数（20）",
        "payment_due": "按文书日期收到计算的缴费期限末日",
    },
    "consult": {
        "consult_days": "第三方提出意见的期限（15个工作日）",
        "consult_due": "按文书日期收到计算的提出意见期限末日",
    },
    "pause_notice": {"consulted": "出具征求意见函的日期", "whom": "被征求意见的一方（第三方或共同制作的机关）"},
    "disclose_notice": {"objected": "第三方提出不同意公开意见的日期", "decided": "决定公开的日期"},
    "co_maker": {
        "consult_days": "被征求意见机关提出意见的期限（15个工作日）",
        "consult_due": "按文书日期收到计算的提出意见期限末日",
    },
    "ask_reasons": {"period": "说明理由的期限（工作日）", "period_due": "按文书日期收到计算的说明理由期限末日"},
    "delay": {"until": "延迟答复的合理期限"},
}
# what a unit's template must keep: the facts that make the letter what it is
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "reply": ("decision",),
    "receipt": ("received", "deadline"),
    "correction": ("note", "period"),
    "extension": ("days", "deadline"),
    "fee": ("amount", "breakdown", "payment_due"),
    "consult": ("subject", "consult_due"),
    "pause_notice": ("consulted",),
    "disclose_notice": ("note", "decided"),
    "co_maker": ("subject", "consult_due"),
    "ask_reasons": ("note", "period"),
    "delay": ("note", "until"),
}

DEFAULT_TEMPLATES: dict[str, str] = {
    "reply": (
        "本机关于{received}收到您提出的政府信息公开申请（申请编号：{request}），您申请获取的政府信息为：“{subject}”。"
        "现答复如下：\n{decision}\n{note}"
    ),
    "receipt": (
        "本机关已收到您提出的政府信息公开申请，现予登记。申请编号：{request}；申请内容：“{subject}”；"
        "收到申请之日：{received}（依照{regulation}第三十一条确定）。\n"
        "本机关将自收到申请之日的次日起{answer_days}个工作日内，最迟于{deadline}作出答复。申请内容需要补正的，"
        "本机关将最迟于{correction_due}一次性告知。依法需要延长答复期限、征求第三方意见或者收取信息处理费的，"
        "本机关将另行书面告知；征求意见和缴纳费用所需的时间不计入答复期限。\n{note}"
    ),
    "correction": (
        "本机关于{received}收到您提出的政府信息公开申请（申请编号：{request}），申请内容为：“{subject}”。"
        "经审查，申请内容不够明确，本机关无法据此确定您所需的政府信息。依照{regulation}第三十条的规定，"
        "请您就以下事项作出补正：\n{note}\n"
        "请您自收到本通知之日起{period}个工作日内提交补正（按本通知出具之日收到计算，最迟于{period_due}）。"
        "答复期限自本机关收到补正后的申请之日起重新计算。您无正当理由逾期不补正的，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。"
    ),
    "extension": (
        "本机关于{received}收到您提出的政府信息公开申请（申请编号：{request}），申请内容为：“{subject}”。"
        "因不能在规定期限内作出答复，经本机关政府信息公开工作机构负责人同意，依照{regulation}第三十三条第二款的规定，"
        "答复期限延长{days}个工作日。原答复期限为{original_deadline}，延长后的答复期限为{deadline}。\n{note}"
    ),
    "fee": (
        "本机关于{received}收到您提出的政府信息公开申请（申请编号：{request}），申请内容为：“{subject}”。"
        "依照{fee_basis}的规定，本机关决定收取信息处理费，计收方式为{method}，计算如下：\n{breakdown}\n"
        "应缴金额：人民币{amount}元。\n"
        "请您自收到本通知次日起{payment_days}个工作日内缴纳（按本通知出具之日收到计算，最迟于{payment_due}）。"
        "缴纳费用所需的时间不计入答复期限。您逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。\n{note}"
    ),
    "consult": (
        "本机关于{received}收到一件政府信息公开申请（申请编号：{request}），申请公开的政府信息为：“{subject}”。"
        "经审查，该信息公开可能损害贵方的合法权益。依照{regulation}第三十二条的规定，现书面征求贵方意见。\n{note}\n"
        "请贵方自收到本函之日起{consult_days}个工作日内（按本函出具之日收到计算，最迟于{consult_due}）"
        "书面提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，本机关将依照{regulation}的规定决定是否公开。"
        "贵方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响而决定公开的，"
        "将把决定公开的内容和理由书面告知贵方。"
    ),
    "pause_notice": (
        "本机关于{received}收到您提出的政府信息公开申请（申请编号：{request}），申请内容为：“{subject}”。"
        "因该信息的公开需要听取{whom}的意见，本机关已于{consulted}书面征求意见。依照{regulation}第三十三条第三款的规定，"
        "征求意见所需的时间不计算在答复期限内，答复期限相应顺延。本机关收到意见或者征求意见的期限届满后，将依法作出答复。\n{note}"
    ),
    "disclose_notice": (
        "本机关曾就一件政府信息公开申请（申请编号：{request}）所涉信息书面征求贵方意见，贵方于{objected}提出不同意公开。"
        "本机关经审查认为，不公开该信息可能对公共利益造成重大影响。依照{regulation}第三十二条的规定，本机关于{decided}"
        "决定予以公开。决定公开的政府信息内容和理由如下：\n{note}"
    ),
    "co_maker": (
        "本机关于{received}收到一件政府信息公开申请（申请编号：{request}），申请公开的政府信息为：“{subject}”。"
        "该信息由本机关牵头、与贵单位共同制作。依照{regulation}第三十四条的规定，现征求贵单位的意见。\n{note}\n"
        "请贵单位自收到本函之日起{consult_days}个工作日内（按本函出具之日收到计算，最迟于{consult_due}）书面提出意见；"
        "逾期未提出意见的，视为同意公开。"
    ),
    "ask_reasons": (
        "本机关于{received}收到您提出的政府信息公开申请（申请编号：{request}），申请内容为：“{subject}”。"
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围：\n{note}\n"
        "依照{regulation}第三十五条的规定，请您自收到本通知之日起{period}个工作日内（按本通知出具之日收到计算，"
        "最迟于{period_due}）说明申请理由。本机关认为理由不合理的，将告知您不予处理；认为理由合理但无法在规定期限内答复的，"
        "将确定延迟答复的合理期限并告知您。"
    ),
    "delay": (
        "本机关于{received}收到您提出的政府信息公开申请（申请编号：{request}），申请内容为：“{subject}”。"
        "本机关认为您说明的申请理由合理，但因以下原因无法在{regulation}第三十三条规定的期限内答复：\n{note}\n"
        "依照{regulation}第三十五条的规定，本机关确定延迟答复的合理期限，将于{until}前作出答复。"
    ),
}


def known_keys(kind: str) -> dict[str, str]:
    """Placeholders a template of this kind may use, with what each stands for."""
    return {**COMMON_KEYS, **KIND_KEYS[kind]}


def validate_template(kind: str, text: str) -> None:
    """Refuse a template disc could not fill, or one that leaves out a fact the letter must state."""
    from disclosure_cli.report import narrative

    kind = vocab.LETTER_KINDS.resolve(kind, "文书类型（--kind）")
    label = vocab.LETTER_KINDS.label(kind)
    if not (text or "").strip():
        raise BadInput(f"{label}模板不能为空")
    try:
        narrative.validate(text, known_keys(kind))
    except BadInput as exc:
        raise BadInput(f"{label}模板中有无法填写的占位符：\n" + "\n".join(exc.problems), exc.problems) from exc
    used = set(narrative.placeholders(text))
    missing = [k for k in REQUIRED_KEYS[kind] if k not in used]
    if missing:
        keys = "、".join("{" + k + "}" + f"（{known_keys(kind)[k]}）" for k in missing)
        raise BadInput(f"{label}模板缺少必须写明的内容：{keys}")


def set_template(ledger: Ledger, org: str | None, kind: str, text: str) -> None:
    """`disc org template ORG --kind K --file F`: validated, then stored for the unit."""
    validate_template(kind, text)
    store.store_template(ledger, org, kind, text.strip())


def template_for(ledger: Ledger, org: str | None, kind: str) -> tuple[str, bool]:
    """The template a unit's letters of this kind use, and whether it is the unit's own."""
    kind = vocab.LETTER_KINDS.resolve(kind, "文书类型（--kind）")
    own = store.get_template(ledger, ledger.org_id(org), kind)
    return (own, True) if own is not None else (DEFAULT_TEMPLATES[kind], False)


# --------------------------------------------------------------------------- what a reply says
def _on(d: date | None) -> str:
    return f"于{fmt_date(d)}" if d else ""


def reply_basis(f: LetterFacts) -> str:
    """The exact article, paragraph and item a reply cites (docs/letters.md §一): for 予以公开 item
    (一) or (二), for 本机关不掌握 item (四) or (五), by what the clerk said; for 部分公开 第三十七条
    and the article of the part withheld."""
    code = f.outcome or ""
    g = f.given
    if code == "granted" and g.proactive:
        return vocab.GRANTED_PUBLISHED_BASIS
    if code == "unavailable.not_held" and g.holder:
        return vocab.NOT_HELD_ELSEWHERE_BASIS
    if code == "partial" and g.withheld_basis:
        part = vocab.LETTER_BASIS[g.withheld_basis].basis.removeprefix(vocab.REGULATION)
        return f"{vocab.LETTER_BASIS[code].basis}、{part}"
    if code == "other.other":
        return g.basis or ""
    return vocab.LETTER_BASIS[code].basis


def decision_text(f: LetterFacts) -> str:
    """The decision for the outcome code, with its exact basis and the facts the clerk supplied."""
    code = f.outcome
    if code is None:
        raise BadInput(f"申请 {f.request} 没有办理结果，不能出具答复书")
    b = reply_basis(f)
    g = f.given
    withheld = f"根据{b}的规定，本机关决定不予公开。"
    law = f"（{g.law}）" if g.law else ""
    # the third party is not named to the applicant (it may be a person; its identity is its own affair)
    answers = "；".join(
        f"第三方于{fmt_date(d)}书面表示{'同意' if pos == 'agrees' else '不同意'}公开" for _party, pos, d in f.consult_answers
    )
    texts = {
        "granted": (
            f"经审查，您申请获取的政府信息本机关已经主动公开。根据{b}的规定，告知您获取该信息的方式、途径：{g.proactive}。"
            if g.proactive else
            f"经审查，您申请获取的政府信息属于可以公开的政府信息。根据{b}的规定，本机关予以公开，具体如下："
        ),
        "partial": (
            "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。"
            f"根据{b}的规定，本机关向您提供可以公开的内容，对不予公开的内容说明理由，具体如下："
        ),
        "withheld.state_secret": "经审查，您申请获取的政府信息属于依法确定为国家秘密的政府信息。" + withheld + "理由如下：",
        "withheld.prohibited_by_law": (
            f"经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息{law}。" + withheld + "理由如下："
        ),
        "withheld.security_stability": (
            "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。" + withheld + "理由如下："
        ),
        "withheld.third_party": (
            "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
            + (f"本机关已于{fmt_date(f.consulted_on)}依照{vocab.REGULATION}第三十二条书面征求第三方意见，" if f.consulted_on else "")
            + (f"{answers}。" if answers else ("第三方在规定期限内未提出意见。" if f.consulted_on else ""))
            + withheld + "理由如下："
        ),
        "withheld.internal_affairs": (
            "经审查，您申请获取的政府信息属于本机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）。"
            + withheld + "理由如下："
        ),
        "withheld.process_info": (
            "经审查，您申请获取的政府信息属于本机关在履行行政管理职能过程中形成的过程性信息"
            "（讨论记录、过程稿、磋商信函、请示报告等）。" + withheld + "理由如下："
        ),
        "withheld.enforcement_file": "经审查，您申请获取的政府信息属于行政执法案卷信息。" + withheld + "理由如下：",
        "withheld.inquiry_matter": (
            f"经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规{law}对这类信息的获取有特别规定。"
            f"根据{b}的规定，请您依照有关法律、行政法规的规定办理，具体如下："
        ),
        "unavailable.not_held": (
            f"经审查，您申请获取的政府信息不属于本机关负责公开。根据{b}的规定，告知您负责公开该政府信息的行政机关为{g.holder}。"
            if g.holder else
            f"经检索，本机关没有您申请获取的政府信息。根据{b}的规定，告知您该政府信息不存在。检索情况如下："
        ),
        "unavailable.needs_creation": (
            "经审查，本机关没有您所申请的现成信息，提供该信息需要对现有政府信息进行加工、分析。"
            f"根据{b}的规定，本机关不予提供。具体情况如下："
        ),
        "unavailable.still_unclear": (
            f"本机关{_on(f.correction_sent) or '已'}告知您对申请内容作出补正，但补正后申请内容仍不明确，"
            f"本机关无法确定您所需的政府信息。根据{b}的规定，本机关无法向您提供。"
        ),
        "not_processed.petition": (
            "经审查，您以政府信息公开申请的形式提出的是信访、投诉、举报等事项。"
            f"根据{b}的规定，本机关不作为政府信息公开申请处理，您可以通过信访、投诉、举报等相应渠道提出。"
        ),
        "not_processed.duplicate": (
            f"经查，本机关已就您提出的政府信息公开申请作出答复（{f.earlier_reply or g.earlier}），您此次重复申请公开相同的政府信息。"
            f"根据{b}的规定，本机关不予重复处理。"
        ),
        "not_processed.publication": (
            f"经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。根据{b}的规定，告知您获取的途径如下："
        ),
        "not_processed.excessive": (
            "经审查，您申请公开政府信息的数量、频次明显超过合理范围。本机关已要求您说明理由，"
            f"经审查认为申请理由不合理。根据{b}的规定，本机关不予处理。理由如下："
        ),
        "not_processed.confirmation": (
            "经审查，您的申请是要求本机关确认或者重新出具您已经获取的信息，而不是申请获取政府信息。"
            f"根据{b}的规定，本机关不作为政府信息公开申请处理。"
        ),
        "other.no_correction": (
            f"本机关{_on(f.correction_sent) or '已'}告知您对申请内容作出补正，您无正当理由逾期未补正。"
            f"根据{b}的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。"
        ),
        "other.unpaid_fee": (
            f"本机关{_on(f.fee.notice if f.fee else None) or '已'}向您发出信息处理费收费通知，"
            "您逾期未按收费通知要求缴纳费用。"
            f"根据{b}的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。"
        ),
        "other.other": f"根据{b}的规定，本机关对您的申请处理如下：",
    }
    return texts[code]


def review_article(on: date) -> str:
    return vocab.REVIEW_ARTICLE if on.isoformat() >= vocab.REVIEW_LAW_REVISED else vocab.REVIEW_ARTICLE_OLD


def review_first(f: LetterFacts) -> bool:
    """复议前置 (行政复议法 2023 第二十三条第一款第（四）项): a 不予公开 decision dated 2024 or later,
    a 部分公开 letter as a whole (docs/letters.md §四.2)."""
    return f.review_law_revised and f.kind == "reply" and vocab.LETTER_BASIS[f.outcome or ""].withheld


def remedies(f: LetterFacts) -> list[str]:
    """救济途径 (reply letters and fee notices): the law in force on the letter's date, the unit's review
    body and court then; the court only for a direct suit (after review the court may be another:
    行政诉讼法 第十八条、第二十六条第二款); online delivery adds the review body's online channel."""
    s = f.settings
    days, months = vocab.REVIEW_DAYS, vocab.SUIT_MONTHS
    what = {"fee": "本机关的上述决定", "disclose_notice": "本机关的上述公开决定"}.get(f.kind, "本机关的上述答复")
    if vocab.LETTER_SPEC[f.kind].to != "applicant":  # a third party: 「贵方」, not 「您」
        what = what + "侵犯贵方的合法权益"
    else:
        what = what + "侵犯您的合法权益"
    suit = f"自知道或者应当知道作出行政行为之日起{months}个月内向{s.court}提起行政诉讼（{vocab.SUIT_ARTICLE}）"
    if not f.review_law_revised:
        review = f"自知道该具体行政行为之日起{days}日内向{s.review_body}申请行政复议（{vocab.REVIEW_ARTICLE_OLD}）"
        return [f"{_if_you(f)}认为{what}，可以依照{vocab.REMEDY_ARTICLE}的规定，{review}，也可以{suit}。"]
    review = f"自知道或者应当知道该行政行为之日起{days}日内向{s.review_body}申请行政复议"
    online = ""
    if f.given.delivery in vocab.INTERNET_DELIVERY and s.review_online:
        online = f"本文书通过互联网渠道送达，您可以通过{s.review_online}在网上提交行政复议申请书（{vocab.ONLINE_REVIEW_ARTICLE}）。"
    if review_first(f):
        first = (
            f"应当先{review}（{vocab.REVIEW_ARTICLE}、{vocab.REVIEW_FIRST_ARTICLE.removeprefix(vocab.REVIEW_LAW)}第一款第（四）项），"
            "对行政复议决定不服的，可以再依法提起行政诉讼"
        )
        said = "本答复（含不予公开的部分）" if f.outcome == "partial" else "本机关不予公开的决定"
        return [f"如您对{said}不服，{first}。{online}"]
    general = f"可以依照{vocab.REMEDY_ARTICLE}的规定，{review}（{vocab.REVIEW_ARTICLE}），也可以{suit}"
    return [f"{_if_you(f)}认为{what}，{general}。{online}"]


def _if_you(f: LetterFacts) -> str:
    return "如您" if vocab.LETTER_SPEC[f.kind].to == "applicant" else "如贵方"


def contact_line(s: store.Settings) -> str:
    parts = []
    if s.address:
        parts.append(f"联系地址：{s.address}")
    if s.phone:
        parts.append(f"联系电话：{s.phone}")
    if not parts:
        raise BadInput(f"单位「{s.org}」的文书设置没有联系地址和电话，文书须写明联系方式：disc org set {s.org} --phone 电话 --address 地址")
    return "；".join(parts) + "。"


# --------------------------------------------------------------------------- composing
def _day(d: date | None, provisional: bool = False) -> str:
    if d is None:
        return ""
    return fmt_date(d) + ("（暂定）" if provisional else "")


def _yuan(fen: int) -> str:
    from decimal import Decimal

    from disclosure_cli.report.model import format_number

    return format_number(Decimal(fen) / 100)


def values_of(f: LetterFacts) -> dict[str, str]:
    """Placeholder values of one letter, as printed."""
    from disclosure_cli import fees as tariff
    from disclosure_cli.workdays import ANSWER_DAYS

    v = {
        "issuer": f.settings.issuer_name,
        "org": f.org,
        "number": f.number or PREVIEW_NUMBER,
        "date": fmt_date(f.date),
        "request": f.request,
        "received": fmt_date(f.received),
        "subject": f.subject,
        "regulation": vocab.REGULATION,
        "note": f.note or "",
    }
    if f.kind == "reply":
        v.update(
            outcome=vocab.OUTCOMES.label(f.outcome) if f.outcome else "",
            decision=decision_text(f),
            basis=reply_basis(f) if f.outcome else "",
            closed=_day(f.closed),
        )
    elif f.kind == "receipt":
        v.update(
            deadline=_day(f.deadline, f.deadline_provisional),
            answer_days=str(ANSWER_DAYS),
            correction_due=_day(f.correction_due),
            via=vocab.REQUEST_VIA.label(f.via) if f.via else "",
        )
    elif f.kind == "correction":
        v.update(period=str(f.period), period_due=_day(f.period_due))
    elif f.kind == "extension":
        stopped = "（计时暂停的时间不计入，期限相应顺延）" if f.deadline_stopped else ""
        v.update(
            days=str(f.extension_days),
            original_deadline=_day(f.original_deadline),
            deadline=_day(f.deadline, f.deadline_provisional) + stopped,
        )
    elif f.kind == "fee":
        fee = f.fee
        assert fee is not None
        v.update(
            amount=_yuan(fee.amount_fen),
            method=tariff.METHOD_LABELS[fee.method],
            breakdown="\n".join(fee.breakdown),
            fee_basis=f"{vocab.REGULATION}第四十二条和{vocab.FEE_MEASURES}",
            payment_days=str(tariff.FEE_PAYMENT_DAYS),
            payment_due=_day(fee.payment_due, fee.payment_provisional),
        )
    elif f.kind in ("consult", "co_maker"):
        v.update(consult_days=str(vocab.THIRD_PARTY_DAYS), consult_due=_day(f.consult_due))
    elif f.kind == "pause_notice":
        v.update(consulted=_day(f.consulted_on), whom="第三方或者有关行政机关")
    elif f.kind == "disclose_notice":
        v.update(objected=_day(f.objected_on), decided=_day(f.date))
    elif f.kind == "ask_reasons":
        v.update(period=str(f.period), period_due=_day(f.period_due))
    elif f.kind == "delay":
        v.update(until=_day(f.delay_until))
    return v


def compose(f: LetterFacts) -> dict[str, Any]:
    """The letter's content from its facts: what is stored when it is issued (no personal data)."""
    from disclosure_cli.report import narrative

    label = vocab.LETTER_KINDS.label(f.kind)
    template = f.template or DEFAULT_TEMPLATES[f.kind]
    values = values_of(f)
    try:
        filled = narrative.fill(template, values)  # type: ignore[arg-type]  # str values print as themselves
    except BadInput as exc:
        raise BadInput(
            f"单位「{f.org}」的{label}模板无法填写（请用 disc org template {f.org} --kind {f.kind} 更正）：\n"
            + "\n".join(exc.problems),
            exc.problems,
        ) from exc
    body = [line.strip() for line in filled.splitlines() if line.strip()]
    if f.note and "note" not in narrative.placeholders(template):
        body.append(f.note)
    s = f.settings
    facts: dict[str, Any] = {
        "note": f.note,
        "settings_since": None if s.since == store.ORIGIN else s.since,
        "settings_recorded": s.recorded_at,
    }
    if f.given.to_dict():
        facts["given"] = f.given.to_dict()
    spec = vocab.LETTER_SPEC[f.kind]
    if spec.remedies:
        facts.update(review_body=s.review_body, review_online=s.review_online if f.given.delivery else None)
    if f.kind == "reply":
        facts.update(
            outcome=f.outcome,
            basis=values["basis"],
            review_body=s.review_body,
            court=s.court,
            review_article=review_article(f.date),
            deadline=f.deadline.isoformat() if f.deadline else None,
        )
    for key in ("deadline", "original_deadline", "correction_due", "period_due", "consult_due", "delay_until", "objected_on"):
        d = getattr(f, key)
        if d is not None and f.kind != "reply":
            facts[key] = d.isoformat()
    if f.period is not None:
        facts["period"] = f.period
    if f.extension_days is not None:
        facts["extension_days"] = f.extension_days
    if f.kind == "fee" and f.fee is not None:
        facts.update(amount_fen=f.fee.amount_fen, payment_due=f.fee.payment_due.isoformat())
    return {
        "v": store.CONTENT_VERSION,
        "kind": f.kind,
        "title": vocab.LETTER_TITLES[f.kind],
        "issuer": s.issuer_name,
        "number": f.number,
        "date": f.date.isoformat(),
        "request": f.request,
        "to": spec.to,
        "body": body,
        "remedies": remedies(f) if spec.remedies else [],
        "contact": contact_line(s),
        "facts": facts,
    }


# --------------------------------------------------------------------------- issuing and reading
@dataclass
class Letter:
    """A letter ready to print: the stored content plus its addressee (personal data, never stored with it)."""

    kind: str
    title: str
    issuer: str
    number: str | None
    date: date
    request: str
    salutation: str
    address: str | None
    body: list[str]
    remedies: list[str]
    contact: str
    stored: StoredLetter

    @property
    def paragraphs(self) -> list[str]:
        return [*self.body, *self.remedies, self.contact]

    @property
    def number_text(self) -> str:
        return self.number or PREVIEW_NUMBER


def view(ledger: Ledger, stored: StoredLetter) -> Letter:
    """The printable letter: an applicant's letter is addressed to the applicant by name, if the ledger
    still holds it; otherwise to 「申请人」 and without an address."""
    from disclosure_cli.ledger.personal import masker

    c = stored.content
    to_applicant = c["to"] == "applicant"
    # another applicant's name (or this one's, in a letter to a third party) typed into the subject is
    # masked; the addressee's own name and address head the letter (issue 19)
    mask = masker(ledger, except_request=stored.request_id if to_applicant else None,
                  keep=() if to_applicant else (stored.addressee or "",))
    if not to_applicant:
        salutation, address = f"{stored.addressee or THIRD_PARTY}：", None
    else:
        name, address = store.applicant(ledger, stored.request_id)
        salutation = f"{name or APPLICANT}："
        if not name:
            address = None
    return Letter(
        kind=c["kind"],
        title=c["title"],
        issuer=c["issuer"],
        number=c["number"],
        date=date.fromisoformat(c["date"]),
        request=c["request"],
        salutation=salutation,
        address=address,
        body=[mask.mask(b) for b in c["body"]],
        remedies=list(c["remedies"]),
        contact=c["contact"],
        stored=stored,
    )


def issue(ledger: Ledger, ref: str | int, **options: Any) -> Letter:
    """`disc request letter`: issue (or reproduce, or preview) a letter and return it ready to print.

    Options are those of ledger.letters.issue_letter (kind, dated, note, addressee, period,
    reissue_reason, preview, org, today).
    """
    stored = store.issue_letter(ledger, ref, compose=compose, **options)
    return view(ledger, stored)


# --------------------------------------------------------------------------- output
def render_text(letter: Letter) -> str:
    """Plain text: what a clerk pastes or checks; paragraphs separated by blank lines."""
    lines = [letter.issuer, letter.title, letter.number_text, "", letter.salutation, ""]
    for p in letter.paragraphs:
        lines += [p, ""]
    lines += [""] * (SEAL_ROOM_LINES - 1)
    lines += [letter.issuer, fmt_date(letter.date)]
    if letter.address:
        lines += ["", f"送达地址：{letter.address}"]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape what markdown would read as markup in letter text."""
    out = text
    for ch in ("\\", "*", "_", "`", "#", "[", "]", "<", ">"):
        out = out.replace(ch, "\\" + ch)
    return out


def render_md(letter: Letter) -> str:
    lines = [f"**{_md(letter.issuer)}**", "", f"## {_md(letter.title)}", "", _md(letter.number_text), ""]
    lines += [_md(letter.salutation), ""]
    for p in letter.paragraphs:
        lines += [_md(p), ""]
    lines += ["&nbsp;", "", f"{_md(letter.issuer)}  ", fmt_date(letter.date)]
    if letter.address:
        lines += ["", f"送达地址：{_md(letter.address)}"]
    return "\n".join(lines) + "\n"


def render(letter: Letter, fmt: str) -> str:
    if fmt == "txt":
        return render_text(letter)
    if fmt == "md":
        return render_md(letter)
    raise BadInput(f"文书格式「{fmt}」不支持，可用：{'、'.join(LETTER_FORMATS)}")


def write_docx(letter: Letter, path: str | Path) -> None:
    """The letter as a Word document (docx_document), through the one guarded writer."""
    from disclosure_cli.files import atomic_write

    atomic_write(Path(path), docx_document(letter).save, binary=True)


def docx_document(letter: Letter) -> Any:
    """The letter as a python-docx Document in the publication style of the annual report (office.py):
    A4, 仿宋 三号 body on a 28 pt line, 宋体 title; room left above the signature for the seal. Apart
    from write_docx, the evidence pack (report/pack.py) saves it with fixed dates."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from disclosure_cli.report import office

    clean = office.clean_text
    doc = office.official_document(f"{letter.title} {letter.number_text}", letter.issuer)
    office.centered_line(doc, letter.issuer, office.TITLE_FONT, office.TITLE_PT)
    office.centered_line(doc, letter.title, office.TITLE_FONT, office.TITLE_PT, bold=True, after=office.BODY_LINE_PT / 2)
    office.centered_line(doc, letter.number_text, office.BODY_FONT, office.BODY_PT, after=office.BODY_LINE_PT)

    def line(
        text: str, *, indent: bool, align: Any = None, before: float = 0, right: float = 0, keep: bool = False
    ) -> None:
        p = office._docx_paragraph(doc, office.BODY_STYLE)
        pf = p.paragraph_format
        if keep:
            pf.keep_with_next = True
        if not indent:
            pf.first_line_indent = Pt(0)
        if align is not None:
            p.alignment = align
        if before:
            pf.space_before = Pt(before)
        if right:
            pf.right_indent = Pt(right)
        office._docx_run(p, clean(text), office.BODY_FONT, office.BODY_PT)

    line(letter.salutation, indent=False)
    paragraphs = letter.paragraphs
    for i, text in enumerate(paragraphs):
        line(text, indent=True, keep=i == len(paragraphs) - 1)  # the signature never stands alone on a page
    # the seal goes over the signature on paper: leave the room, print nothing in its place
    right = 2 * office.BODY_PT
    line(
        letter.issuer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, before=SEAL_ROOM_LINES * office.BODY_LINE_PT,
        right=right, keep=True,
    )
    line(fmt_date(letter.date), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right=right)
    if letter.address:
        line(f"送达地址：{letter.address}", indent=False, before=office.BODY_LINE_PT)
    return doc
