"""The prose of the annual report (parts 一, 五, 六): placeholders filled from the model, and drafts.

Prose cites numbers through placeholders such as ``{items.total}`` or ``{t3.new.total}`` — exactly
the keys of ``AnnualReport.values()`` (the output codes) — so a number in the prose is the number in
the table and the two cannot disagree (issue 3, item 5). Literal braces are written ``{{`` and ``}}``.

A part with no stored text gets a draft: 一 from the model, 五 a paragraph marked vocab.TODO_MARK
(which ``disc check`` reports), 六 the 信息处理费 item, which part 六 always carries (TXT-FEE):
「（一）信息处理费收取情况。…」, or the next number after the clerk's own numbered items.
Drafts are themselves written with placeholders and then filled, so they obey the same rule.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.report.model import AnnualReport, FeeSummary, Number, format_number

# "{{" and "}}" are literal braces; "{key}" a placeholder; any other brace stands alone (an error).
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")

FEE_WORD = "信息处理费"  # what part 六 must mention (TXT-FEE)


# --------------------------------------------------------------------------- placeholders
def escape_braces(text: str) -> str:
    """Make arbitrary text (an org name, a channel label) safe to embed in a template."""
    return text.replace("{", "{{").replace("}", "}}")


def placeholders(text: str) -> list[str]:
    """The placeholder keys the text uses, in order of first appearance (escaped braces skipped)."""
    keys: list[str] = []
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None:
            key = m.group(1).strip()
            if key not in keys:
                keys.append(key)
    return keys


def _nearest(key: str, known: list[str]) -> list[str]:
    near = difflib.get_close_matches(key, known, n=3, cutoff=0.6)
    if near:
        return near
    # same first segment (t3.…, items.…): more useful than nothing for a badly misspelt key
    head = key.split(".")[0]
    same = [k for k in known if k.split(".")[0] == head]
    return difflib.get_close_matches(key, same, n=3, cutoff=0.0) if same else []


def _problems(text: str, known: set[str]) -> list[str]:
    """One Chinese message per unknown placeholder or stray brace."""
    known_sorted = sorted(known)
    problems: list[str] = []
    seen: set[str] = set()
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        line = text.count("\n", 0, m.start()) + 1
        if m.group(1) is None:
            problems.append(f"第{line}行有单独的花括号「{token}」：占位符写作 {{键}}，字面的花括号写作 {{{{ 或 }}}}")
            continue
        key = m.group(1).strip()
        if key in known or key in seen:
            continue
        seen.add(key)
        msg = f"第{line}行的占位符 {{{key}}} 无法识别"
        near = _nearest(key, known_sorted)
        if near:
            msg += "；最接近的是：" + "、".join("{" + k + "}" for k in near)
        problems.append(msg)
    return problems


def validate(text: str, known_keys: Iterable[str]) -> None:
    """Refuse prose whose placeholders the report cannot fill (used by ``disc narrative set``).

    Raises BadInput naming every unknown placeholder and the nearest known keys.
    """
    problems = _problems(text, set(known_keys))
    if problems:
        head = "叙述文字中有无法填写的占位符" if len(problems) == 1 else f"叙述文字中有 {len(problems)} 处无法填写的占位符"
        raise BadInput(head + "：\n" + "\n".join(problems), problems)


def _text(value: Number) -> str:
    if isinstance(value, bool):  # not a number the report knows; never silently print True
        return str(int(value))
    return format_number(value)


def fill(text: str, values: Mapping[str, Number], strict: bool = True) -> str:
    """Replace every ``{key}`` by its value printed plainly (int as int, Decimal without trailing zeros).

    strict: an unknown placeholder or a stray brace raises BadInput; otherwise it is left as written.
    """
    if strict:
        validate(text, values.keys())

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if m.group(1) is None:
            return token
        key = m.group(1).strip()
        if key not in values:
            return token
        return _text(values[key])

    return _TOKEN.sub(sub, text)


def report_values(report: AnnualReport) -> dict[str, Number]:
    """report.values(), with a zero fee summary where the report has none (the ledger's default)."""
    values = report.values()
    if report.fee is None:
        fee = FeeSummary()
        values.setdefault("fee.charged", fee.charged)
        values.setdefault("fee.amount", fee.amount_yuan)
        values.setdefault("fee.notices", fee.notices)
    return values


def known_keys(report: AnnualReport) -> list[str]:
    """Every placeholder key prose for this report may use, sorted."""
    return sorted(report_values(report))


def placeholder_rows(report: AnnualReport) -> list[dict[str, object]]:
    """`disc narrative placeholders`: every key prose may use, what it stands for, and its value
    for this report — in the order of the report (items, 表二, 表三, 表四, the fee, the year)."""
    from disclosure_cli import vocab

    channels = dict(report.items.channels) if report.items is not None else {}
    fee_words = {"fee.charged": "收取信息处理费的件数", "fee.amount": "收取信息处理费的金额（元）",
                 "fee.notices": "发出信息处理费收费通知的件数"}

    def label(key: str) -> str:
        head, _, rest = key.partition(".")
        if key == "items.total":
            return "主动公开信息条数（各渠道合计）"
        if head == "items" and rest.startswith("category."):
            return f"主动公开信息条数：类别「{rest.removeprefix('category.')}」"
        if head == "items":
            return f"主动公开信息条数：渠道「{channels.get(rest, rest)}」"
        if key == "t4.suit.total":
            return "表四 行政诉讼合计（未经复议直接起诉 + 复议后起诉）"
        if head in ("t2", "t3", "t4"):
            row, _, column = rest.rpartition(".")
            return vocab.cell_label(head, row, column)
        if key == "year":
            return "报告年度"
        return fee_words.get(key, key)

    order = {"items": 0, "t2": 1, "t3": 2, "t4": 3, "fee": 4, "year": 5}
    values = report_values(report)
    keys = sorted(values, key=lambda k: order.get(k.split(".")[0], 9))  # stable: the model's order within
    return [{"key": "{" + k + "}", "label": label(k), "value": values[k]} for k in keys]


# --------------------------------------------------------------------------- drafts
_CN_NUMBERS = "一二三四五六七八九十"
# 「（一）」 at the start of a line: the official pattern numbers the items of a part this way
_ITEM_NUMBER = re.compile(r"\s*[（(]([一二三四五六七八九十百]+)[）)]")
FEE_ITEM = "信息处理费收取情况。"  # the item part 六 gives the fee, as in published reports


def item_number(n: int) -> str:
    """「（一）」 … 「（十二）」: the numbering of the items of a part."""
    if n <= 10:
        return f"（{_CN_NUMBERS[n - 1]}）"
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _CN_NUMBERS[tens - 1]) + "十" + (_CN_NUMBERS[ones - 1] if ones else "")
    return f"（{text}）"


def next_item(text: str) -> int | None:
    """The number the next item of this prose takes: one more than the highest 「（N）」 opening a
    line; None where no line is numbered (the clerk wrote plain paragraphs)."""
    from disclosure_cli.report.prose import parse_chinese_numeral

    numbers = [parse_chinese_numeral(m.group(1)) for m in map(_ITEM_NUMBER.match, text.splitlines()) if m]
    numbers = [n for n in numbers if n]
    return max(numbers) + 1 if numbers else None


def _num(values: Mapping[str, Number], key: str) -> int:
    v = values.get(key)
    return int(v) if v is not None else 0


def subject(report: AnnualReport) -> str:
    """Who the prose speaks for: 本机关, or for a roll-up over units 本地区 (issue 21: 「本机关收到申请
    24件」 for the sum of three units was false)."""
    return "本地区" if report.area else "本机关"


def _draft_overview(report: AnnualReport, values: Mapping[str, Number]) -> str:
    """Part 一: items by channel, applications and cases, every number a placeholder."""
    org = escape_braces(report.org) + ("及所属单位" if report.area else "")
    we = subject(report)
    paras: list[str] = []
    if report.items is not None:
        text = f"主动公开情况。{{year}}年，{org}主动公开政府信息{{items.total}}条"
        by_channel = [
            f"通过{escape_braces(label)}发布{{items.{code}}}条"
            for code, label in report.items.channels
            if _num(values, f"items.{code}") > 0
        ]
        if by_channel:
            text += "，其中" + "、".join(by_channel)
        paras.append(text + "。")

    new, carried = _num(values, "t3.new.total"), _num(values, "t3.carried_over.total")
    if new == 0 and carried == 0:
        text = f"依申请公开情况。{{year}}年，{we}未收到政府信息公开申请，也没有上年结转的申请。"
    else:
        text = f"依申请公开情况。{{year}}年，{we}收到政府信息公开申请{{t3.new.total}}件"
        if carried:
            text += "，另有上年结转的申请{t3.carried_over.total}件"
        text += "；全年办结{t3.total.total}件"
        if _num(values, "t3.carried_forward.total"):
            # number before the verb: "办理 N 件" would read as applications received (TXT-REQUESTS)
            text += "，另有{t3.carried_forward.total}件结转下年度继续办理。"
        else:
            text += "，没有结转下年度继续办理的申请。"
    review, suits = _num(values, "t4.review.total"), _num(values, "t4.suit.total")
    if review == 0 and suits == 0:
        text += "本年度未发生因政府信息公开工作被申请行政复议或被提起行政诉讼的情况。"
    else:
        text += "因政府信息公开工作被申请行政复议{t4.review.total}件，被提起行政诉讼{t4.suit.total}件"
        if suits:
            text += "（未经复议直接起诉{t4.suit_direct.total}件，复议后起诉{t4.suit_after_review.total}件）"
        text += "。"
    paras.append(text)
    return "\n".join(f"{item_number(i + 1)}{p}" for i, p in enumerate(paras))


def _draft_problems() -> str:
    """Part 五: nothing in a ledger says what went wrong; ask the clerk, visibly."""
    mark = vocab.TODO_MARK
    return (
        f"（一）主要问题。{mark}写明本年度政府信息公开工作中发现的主要问题。\n"
        f"（二）改进情况。{mark}写明针对上述问题采取的改进措施，以及上年度问题的整改情况。"
    )


def fee_sentence(report: AnnualReport) -> str:
    """The 信息处理费 sentence of part 六, with placeholders; charging nothing is said outright."""
    fee = report.fee or FeeSummary()
    we = subject(report)
    text = "{year}年，"
    if fee.notices:
        text += we + "发出信息处理费收费通知{fee.notices}件，"
    if fee.charged or fee.amount_yuan:
        text += "共对{fee.charged}件政府信息公开申请收取信息处理费{fee.amount}元。"
    else:
        text += we + "未收取信息处理费。"
    return text


def fee_item(report: AnnualReport, number: int | None = 1) -> str:
    """The fee sentence as an item of part 六, 「（N）信息处理费收取情况。…」 (plain where the part's
    other paragraphs are not numbered: number None)."""
    if number is None:
        return fee_sentence(report)
    return item_number(number) + FEE_ITEM + fee_sentence(report)


def draft(report: AnnualReport, part: str) -> str:
    """Filled draft prose for a part with no stored text ('' for the table-only parts 二/三/四)."""
    if part not in vocab.PART_HEADINGS:
        raise BadInput(vocab.unknown_message("报告部分", part, list(vocab.PART_HEADINGS)))
    values = report_values(report)
    if part == "一":
        template = _draft_overview(report, values)
    elif part == "五":
        template = _draft_problems()
    elif part == "六":
        template = fee_item(report)
    else:
        return ""
    return fill(template, values)


def mentions_fee(text: str) -> bool:
    return FEE_WORD in text


def compose(report: AnnualReport, stored: Mapping[str, str], strict: bool = True) -> None:
    """Set report.parts from stored prose (filled) or drafts; part 六 always carries the fee sentence.

    Parts 二/三/四 get prose only when some is stored. strict: an unknown placeholder in stored prose
    raises BadInput naming the part (the ledger's channels may have changed since it was stored).
    """
    values = report_values(report)
    for part, _ in vocab.PARTS:
        text = (stored.get(part) or "").strip()
        if text:
            try:
                filled = fill(text, values, strict=strict)
            except BadInput as exc:
                raise BadInput(f"{vocab.PART_HEADINGS[part]}：{exc}", exc.problems) from exc
            if part == "六" and not mentions_fee(filled):
                filled = filled.rstrip() + "\n" + fill(fee_item(report, next_item(filled)), values)
            report.parts[part] = filled
        elif part in vocab.NARRATIVE_PARTS:
            report.parts[part] = draft(report, part)
            report.drafted.add(part)


def store(ledger, *, year: int, part: str, text: str, org: str | None = None) -> str:
    """`disc narrative set`: check the placeholders against the year's report, so prose cannot cite
    a number that is not there, then store the text (ledger.records). Returns the part (一 … 六)."""
    from disclosure_cli.ledger import records
    from disclosure_cli.report.build import build_report

    p = records.resolve_part(part)
    validate(text, known_keys(build_report(ledger, year, org=org)))
    records.set_narrative(ledger, year=year, part=p, text=text, org=org)
    return p
