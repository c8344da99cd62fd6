"""The review round (issue 23): units' reports in, problems returned, fixes verified, a 通报 out.

A problem keeps its identity across the versions of a unit's report by a fingerprint — the rule and
the cell, or the rule and the sentence's claim, never the page or the line — so that re-saving a
report in another format, or a problem moving to another page, changes nothing, and a problem gone
from a corrected version is fixed. What the register holds is in ledger/review.py; the reading is
`disc lint`'s; this module words, compares and renders.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from disclosure_cli import vocab
from disclosure_cli.errors import BadInput
from disclosure_cli.ledger import review as register
from disclosure_cli.ledger.db import Ledger
from disclosure_cli.report.layout import chinese_date
from disclosure_cli.report.model import AnnualReport, Finding

CROSS_RULES = ("REVIEW-COPY", "REVIEW-SUM", "REVIEW-MISSING")
COPY_PARTS = ("一", "五", "六")
SHINGLE = 8  # characters: about three words of Chinese
MIN_SHINGLES = 25  # a part shorter than this is not judged for copying


# --------------------------------------------------------------------------- fingerprints
_NOISE = re.compile(r"[\s\d０-９.,，。、；;：:！!？?（）()【】\[\]《》〈〉“”\"'‘’—\-…·/]+")


def _norm(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or ""))


def fingerprint(f: Finding) -> str:
    """What identifies a problem across versions and formats: the rule and the cell, or the rule and
    the claim of its sentence (its words without figures, spaces or punctuation) — never its page or
    line, nor the figures that a correction changes."""
    if f.table and f.row and f.column:
        key = f"{f.rule}|{f.table}|{f.row}|{f.column}"
    else:
        key = f"{f.rule}|{f.table or ''}|{f.row or ''}|{f.column or ''}|{_norm(f.where)[:80]}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=6).hexdigest()


def found_of(findings: list[Finding]) -> list[register.Found]:
    out: dict[str, register.Found] = {}
    for f in findings:
        fp = fingerprint(f)
        out.setdefault(fp, register.Found(fp, f.rule, f.severity, f.where or "", f.message))
    return list(out.values())


# --------------------------------------------------------------------------- submitting documents
@dataclass
class Added:
    path: str
    org: str
    version: int
    new: int
    still: int
    fixed: int
    notes: list[str] = field(default_factory=list)


def add_documents(
    ledger: Ledger, paths: list[str], *, year: int | None = None, org: str | None = None, received: str | None = None,
    choose: Any = None, skipped: list[str] | None = None,
) -> list[Added]:
    """`disc review add FILE…`: read each document, tell its unit (from the document; ``choose`` asks
    where ambiguous, else BadInput), register it as the unit's next version with its findings.

    Every file is read and placed first; then all are registered in one transaction, or none: a
    reviewer's inbox is re-run whole after a fix. A file already registered byte for byte, or given
    twice, is skipped and said (``skipped``); so is a file in a folder that is no report at all (a
    cover note); a file named on the command line must be a report."""
    from disclosure_cli.report import lint
    from disclosure_cli.report.desk import match_unit

    day = _received(received)
    skipped = [] if skipped is None else skipped
    named = {Path(p) for p in paths if not Path(p).is_dir()}
    problems: list[str] = [f"{p}：找不到文件" for p in paths if not Path(p).exists()]  # said with the others
    for folder in (Path(p) for p in paths if Path(p).is_dir()):
        skipped += [f"{f}：Word 打开文档时留下的临时文件，跳过" for f in sorted(folder.rglob("~$*"))
                    if f.suffix.lower() in lint.DOCUMENT_SUFFIXES]
    existing = [p for p in dict.fromkeys(paths) if Path(p).exists()]  # the same path given twice: once
    files = lint.expand(existing) if existing else []
    if org is not None and len(files) > 1:
        raise BadInput(f"--org 把文件登记为指定单位的报告，一次只能用于一个文件（这次有 {len(files)} 个）；"
                       "其他文件的单位由文档标题读出")
    planned: list[tuple[Path, str, int, int, str, AnnualReport, list[register.Found]]] = []
    seen: set[tuple[int, int, str]] = set()
    for path in files:
        try:
            res = lint.lint_file(path)
        except BadInput as e:
            problems.append(str(e) if str(e).startswith(str(path)) else f"{path}：{e}")
            continue
        rep = res.report
        why = _unreadable(path, res)
        if why or rep is None:
            if path not in named and not path.stat().st_size:
                skipped.append(f"{path}：空文件，跳过")
            elif path not in named and why and "不像" in why:
                skipped.append(f"{path}：{why}，跳过")
            else:
                problems.append(f"{path}：{why or '无法读取'}")
            continue
        y = year or rep.year
        if not y:
            problems.append(f"{path}：文档中没有读出报告年度，请用 --year 指定")
            continue
        if day < f"{y + 1}-01-01":
            problems.append(f"{path}：收到日期 {day} 早于 {y} 年度结束，{y} 年度报告不会在那时报送；请检查 --received")
            continue
        try:
            unit = org if org is not None else None
            if org is not None:
                _same_unit(ledger, rep, path, y, org)
            else:
                try:
                    unit, _, _how = match_unit(ledger, rep, path, y)
                except BadInput as e:
                    if choose is None:
                        raise
                    unit = choose(str(path), rep.org, str(e))
            oid = ledger.org_id(unit)
        except BadInput as e:
            problems.append(str(e) if str(e).startswith(str(path)) else f"{path}：{e}")
            continue
        other = _file_names_another_unit(ledger, path, oid) if org is None else None
        if other:
            problems.append(f"{path}：文件名（或所在文件夹）指向「{other}」，而文档标题是「{rep.org}」的报告——可能复制了别的单位的报告"
                            "而没有改标题；请核对，确是标题所写单位的报告就改正文件名后重新运行")
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        before = register.registered_version(ledger, oid, y, digest)
        if before is not None or (oid, y, digest) in seen:
            where = f"已登记的第 {before} 版" if before is not None else "本次的另一个文件"
            skipped.append(f"{path}：与{where}逐字节相同，跳过")
            continue
        seen.add((oid, y, digest))
        planned.append((path, unit, oid, y, digest, rep, found_of(res.findings)))
    if problems:
        raise BadInput("以下文件未能登记，本次没有登记任何文件（改正后可整批重新运行，已登记过的文件会跳过）：\n  "
                       + "\n  ".join(problems))
    out = []
    with ledger.write() as conn:
        for path, unit, oid, y, digest, rep, found in planned:
            sub = register.register_in(ledger, conn, oid, y, file_name=path.name, sha256=digest, received=day,
                                       doc_org=rep.org, content=rep.to_json(), found=found)
            out.append(Added(str(path), unit, sub.version, len(sub.new), len(sub.still), len(sub.fixed)))
    return out


def _received(received: str | None) -> str:
    """The day the documents came in: not after today (a document cannot arrive tomorrow)."""
    from disclosure_cli.ledger.fields import parse_date

    if not received:
        return date.today().isoformat()
    day = parse_date(received, "收到日期（--received）", bounded=False) or ""
    if day > date.today().isoformat():
        raise BadInput(f"收到日期（--received）「{day}」晚于今天（{date.today().isoformat()}）：报告不会在将来收到")
    return day


def _file_names_another_unit(ledger: Ledger, path: Path, oid: int) -> str | None:
    """A unit of the ledger the file's name speaks of, when it is not the unit its title names: the
    classic copy — 白云街道修改稿.txt whose title still says 绿水街道. A name that also speaks of the
    titled unit, or names a unit whose name is part of it (its district), proves nothing."""
    from disclosure_cli.ledger.desk import org_names

    names = org_names(ledger)
    mine = names.get(oid, "")
    stem = f"{path.parent.name}/{path.stem}"  # one folder per unit is a common way to collect them
    if any(n in stem for n in _short(mine)):
        return None
    for other_id, name in sorted(names.items(), key=lambda kv: -len(kv[1])):
        hit = next((n for n in _short(name) if n in stem), None)
        if other_id != oid and hit and hit not in mine:
            return name
    return None


_UNIT_SUFFIXES = ("街道办事处", "街道", "人民政府", "镇", "乡", "局", "委员会", "办公室")


def _short(name: str) -> list[str]:
    """A unit's name and the forms reports and file names print it in: with or without its district
    in front, with or without 街道/镇/局 (示例区白云街道, 白云街道, 示例区白云, 白云)."""
    bases = [name]
    district = re.match(r"^.{2,}?[区县市](?=.{2,})", name)
    if district:
        bases.append(name[district.end():])
    return bases + [b[: -len(x)] for b in bases for x in _UNIT_SUFFIXES if b.endswith(x) and len(b) - len(x) >= 2]


def _unreadable(path: Path, res: Any) -> str | None:
    """Why a document cannot be registered, in the reviewer's words; None when it can."""
    if not path.stat().st_size:
        return "文件为空"
    if res.error:
        return str(res.error)
    if res.report is None:
        limit = [f.message for f in res.findings if f.rule == "READ-LIMIT"]
        return limit[0] if limit else "无法读取"
    rep = res.report
    if not (rep.org or "").strip() and not rep.year and not rep.parts:
        return "不像年度报告（没有读出标题、年度和正文各部分）"
    return None


def _same_unit(ledger: Ledger, rep: AnnualReport, path: Path, year: int, org: str) -> None:
    """--org names the unit; a document whose title names another unit of the ledger is refused
    (ten units' reports filed as versions of one is worse than a question)."""
    from disclosure_cli.report.desk import match_unit

    try:
        titled, _, _ = match_unit(ledger, rep, path, year)
    except BadInput:
        return  # the title names no unit of the ledger, or names it ambiguously: --org decides
    if ledger.org_id(titled) != ledger.org_id(org):
        raise BadInput(f"{path}：文档标题是「{rep.org}」的报告（台账中的 {titled}），而 --org 指定的是 {org}；"
                       "确是该单位的报告时请先改正标题")


def add_from_ledger(ledger: Ledger, year: int, *, org: str | None = None, received: str | None = None) -> list[Added]:
    """`disc review add --from-ledger`: where units keep disc and the district merged their ledgers,
    each unit's report is built from the merged ledger and checked as `disc check` would (its own
    records), and registered as that unit's next version — the same round, on ledgers."""
    import json as _json

    from disclosure_cli.ledger import tally
    from disclosure_cli.ledger.desk import units_below
    from disclosure_cli.ledger.fields import parse_date
    from disclosure_cli.report import build
    from disclosure_cli.report.ledger_checks import check_ledger

    day = parse_date(received, "收到日期（--received）") if received else date.today().isoformat()
    units = [u for u in units_below(ledger, org) if tally.orgs_with_records(ledger, [u.id])]
    out = []
    for u in units:
        name = _path(ledger, u.id)
        rep = build.build_full_report(ledger, year, org=name)
        content = rep.to_json()
        digest = hashlib.sha256(_json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
        if any(d["org_id"] == u.id and d["sha256"] == digest for d in register.documents(ledger, year, latest=False)):
            continue  # nothing changed in the unit's ledger since its last version
        findings = check_ledger(ledger, year, org=name, today=day)
        sub = register.add_document(ledger, u.id, year, file_name=f"台账（{u.name}）", sha256=digest, received=day,
                                    doc_org=u.name, content=content, found=found_of(findings))
        out.append(Added(f"台账：{name}", name, sub.version, len(sub.new), len(sub.still), len(sub.fixed)))
    return out


# --------------------------------------------------------------------------- across documents
def latest_reports(ledger: Ledger, year: int) -> dict[int, tuple[str, AnnualReport, dict[str, Any]]]:
    """org → (name, its latest report read back, the register's row)."""
    return {d["org_id"]: (d["org"], AnnualReport.from_json(d["content"]), d) for d in register.documents(ledger, year)}


def cross_findings(ledger: Ledger, year: int) -> dict[int, list[Finding]]:
    """The checks that need several documents, per unit they concern: copies between units (and of
    a unit's own last year), a parent's tables against the sum of its units' (and the merged ledger),
    units below a parent with no document."""
    from disclosure_cli.ledger.orgs import descendants

    out: dict[int, list[Finding]] = {}
    docs = latest_reports(ledger, year)
    last = latest_reports(ledger, year - 1)
    names = {oid: name for oid, (name, _, _) in docs.items()}
    rubric = _rubric(ledger)
    threshold = rubric["copy.threshold"]
    boiler = boilerplate()
    others = _all_names(ledger)
    texts = {oid: {p: shingles(rep.parts.get(p, ""), others, boiler) for p in COPY_PARTS} for oid, (_, rep, _) in docs.items()}
    ids = sorted(docs)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            for part in COPY_PARTS:
                sim, passages = similarity(texts[a][part], texts[b][part], docs[a][1].parts.get(part, ""),
                                           docs[b][1].parts.get(part, ""), others)
                if sim >= threshold:
                    for me, other in ((a, b), (b, a)):
                        out.setdefault(me, []).append(Finding(
                            "REVIEW-COPY", "W",
                            f"第{part}部分与{names[other]}的报告相同文字占 {sim:.0%}（单位名称、数字、标点不计）：" + "；".join(
                                f"「{p}」" for p in passages),
                            where=f"第{part}部分 与{names[other]}", expected=threshold, actual=round(sim, 2),
                        ))
    for oid, (_n, rep, _) in docs.items():
        if oid not in last:
            continue
        prev = last[oid][1]
        for part in COPY_PARTS:
            mine = texts[oid][part]
            theirs = shingles(prev.parts.get(part, ""), others, boiler)
            sim, passages = similarity(mine, theirs, rep.parts.get(part, ""), prev.parts.get(part, ""), others)
            if sim >= threshold:
                out.setdefault(oid, []).append(Finding(
                    "REVIEW-COPY", "W",
                    f"第{part}部分与本单位{year - 1}年的报告相同文字占 {sim:.0%}（与往年雷同）：" + "；".join(f"「{p}」" for p in passages),
                    where=f"第{part}部分 与{year - 1}年", expected=threshold, actual=round(sim, 2),
                ))
    # a parent against its units
    from disclosure_cli.ledger.desk import units_below

    flagged: set[int] = set()
    for oid, (_n, rep, _) in docs.items():
        below = sorted(descendants(ledger.conn, oid) - {oid})
        if not below:
            continue
        children = [u.id for u in units_below(ledger, _path(ledger, oid)) if u.id != oid]
        flagged |= {c for c in children if c not in docs}
        missing = [names.get(c) or _name(ledger, c) for c in children if c not in docs]
        for m in missing:
            out.setdefault(oid, []).append(Finding(
                "REVIEW-MISSING", "W", f"下级单位「{m}」还没有交来{year}年度报告", where=f"缺{m}"))
        have = [docs[c][1] for c in children if c in docs]
        if not have:
            continue
        total = have[0]
        for r in have[1:]:
            total = total.add(r)
        for t in ("t2", "t3", "t4"):
            for (row, col), mine in rep.table(t).items():
                theirs = total.table(t).get((row, col))
                if mine is None or theirs is None or missing:
                    continue
                if mine < theirs:  # a parent reporting less than its units together leaves something out
                    label = vocab.cell_label(t, row, col)
                    # each unit's figure: the wrong one may be a unit's, not the parent's
                    each = [(names.get(c) or _name(ledger, c), docs[c][1].table(t).get((row, col)))
                            for c in children if c in docs]
                    shown = "、".join(f"{n} {v}" for n, v in each if v)
                    out.setdefault(oid, []).append(Finding(
                        "REVIEW-SUM", "E", f"{label}：本单位报告为 {mine}，下级单位报告之和为 {theirs}"
                        + (f"（{shown}）" if shown else "") + "；请核对是本单位还是下级单位的数字有误",
                        table=t, row=row, column=col, where=label, expected=theirs, actual=mine,
                    ))
    # a unit that reports for itself and has sent nothing, where no parent's report already says so
    # (the district office reviews; it sends no report of its own): the 通报's 未报送, on the register
    for u in units_below(ledger, None):
        if u.id not in docs and u.id not in flagged and not ledger_has_children(ledger, u.id):
            out.setdefault(u.id, []).append(Finding(
                "REVIEW-MISSING", "W", f"「{u.name}」还没有交来{year}年度报告", where=f"缺{u.name}"))
    return out


def sync_cross(ledger: Ledger, year: int) -> dict[int, list[Finding]]:
    """Register the cross-document problems (`disc review check`): new ones open, gone ones fixed."""
    found = cross_findings(ledger, year)
    for oid in register_units(ledger, year) | set(found):
        register.sync_cross(ledger, oid, year, found_of(found.get(oid, [])), CROSS_RULES)
    return found


def register_units(ledger: Ledger, year: int) -> set[int]:
    return {d["org_id"] for d in register.documents(ledger, year)}


# --------------------------------------------------------------------------- copying
def boilerplate() -> set[str]:
    """Shingles every report may share honestly: the format's headings, labels and the phrases its
    filling rules make everyone write, and disc's own drafts."""
    from disclosure_cli.report import narrative
    from disclosure_cli.report.model import FeeSummary, ItemsTally

    texts = [*vocab.PART_HEADINGS.values(), *STANDARD_PHRASES]
    # disc's own drafts, with nothing and with something in every cell: two units that both let disc
    # draft their prose write the same sentences honestly
    channels = [(t.code, t.label) for t in vocab.DEFAULT_CHANNELS]
    for fill in (0, 1):
        rep = AnnualReport.empty("", 2000, fill=fill)
        rep.items = ItemsTally(channels, list(vocab.DEFAULT_CATEGORIES),
                               {(c, k): fill for c, _ in channels for k in vocab.DEFAULT_CATEGORIES})
        rep.fee = FeeSummary(fill, fill, fill)
        for part in ("一", "五", "六"):
            try:
                texts.append(narrative.draft(rep, part))
            except Exception:  # a draft needing more than this report: nothing to learn from it
                pass
    out: set[str] = set()
    for t in texts:
        out |= set(_grams(_norm(t)))
    return out


STANDARD_PHRASES = (
    "根据《中华人民共和国政府信息公开条例》", "政府信息公开工作年度报告", "本报告所列数据的统计期限自", "年1月1日起至12月31日止",
    "本年度报告中使用数据统计期限为", "如对本报告有疑问", "请与", "联系", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项", "本机关未收取信息处理费",
    "本年度未发生因政府信息公开工作被申请行政复议或被提起行政诉讼的情况", "依申请公开情况", "主动公开情况",
    "遵循公正、公平、合法、便民的原则",  # 条例第五条, quoted by many
    "政府信息管理情况", "平台建设情况", "监督保障情况", "政府信息公开平台建设", "进一步加强", "不断提高", "认真贯彻落实",
    "按照《中华人民共和国政府信息公开条例》", "及时准确公开", "坚持以公开为常态、不公开为例外",
)


def _grams(text: str) -> list[str]:
    return [text[i:i + SHINGLE] for i in range(max(0, len(text) - SHINGLE + 1))]


def _strip_names(text: str, names: list[str]) -> str:
    for n in sorted({x for x in names if x}, key=len, reverse=True):
        text = text.replace(n, "")
    return text


# disc's month chart as a Word or web document carries it: its title, legend and note are read back
# as part 一's text, the same in every unit's report (a break-it pass: two honest docx reports, 100 %)
_CHART_TEXT = re.compile(r"(?:(?:\d{4}年)?各月主动公开信息条数|横轴为月份).*?全年合计\s*\d+\s*条。?", re.S)


def shingles(text: str, names: list[str], boiler: set[str]) -> set[str]:
    """The part's words as 8-character shingles: unit names, figures, spaces and punctuation taken out
    (a copy with another unit's name swapped in is the same text), the honest boilerplate and the
    chart's own words removed."""
    text = _CHART_TEXT.sub("", text)
    return {g for g in _grams(_norm(_strip_names(text, names))) if g not in boiler}


def similarity(a: set[str], b: set[str], text_a: str, text_b: str, names: list[str]) -> tuple[float, list[str]]:
    """Shared share of the smaller part (sentences reordered still share their shingles) and up to
    three of the longest passages they share."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return 0.0, []
    sim = len(a & b) / min(len(a), len(b))
    if not sim:
        return 0.0, []
    from difflib import SequenceMatcher

    na, nb = _norm(_strip_names(text_a, names)), _norm(_strip_names(text_b, names))
    passages: list[str] = []
    for sentence in re.split(r"[。；;！!？?\n]", _strip_names(text_a, names)):
        s = _norm(sentence)
        if len(s) >= 12 and s in nb:
            passages.append(sentence.strip()[:60])
    if not passages:
        m = SequenceMatcher(None, na, nb, autojunk=False).find_longest_match(0, len(na), 0, len(nb))
        if m.size >= 12:
            passages.append(na[m.a:m.a + min(m.size, 60)])
    passages.sort(key=len, reverse=True)
    return sim, passages[:3]


def _rubric(ledger: Ledger) -> Any:
    from disclosure_cli.ledger.rubric import load

    return load(ledger.path)


def _all_names(ledger: Ledger) -> list[str]:
    """Every unit's name in each form a report or a file name prints it (see _short)."""
    from disclosure_cli.ledger.desk import org_names

    return list(dict.fromkeys(form for n in org_names(ledger).values() for form in _short(n)))


def _path(ledger: Ledger, oid: int) -> str:
    from disclosure_cli.ledger.orgs import path_of

    return path_of(ledger.conn, oid)


def _name(ledger: Ledger, oid: int) -> str:
    from disclosure_cli.ledger.desk import org_names

    return org_names(ledger)[oid]


# --------------------------------------------------------------------------- units side by side, from documents
def report_figures(rep: AnnualReport) -> tuple[dict[str, Any], dict[str, int]]:
    """The metrics of the dictionary (ledger/metrics.py) a document's tables give, by their codes,
    through the dictionary's own formulas; and each rate's denominator."""
    from disclosure_cli.ledger.metrics import CASE_ROWS, table_rates

    t3 = {row: int(v or 0) for (row, col), v in rep.table("t3").items() if col == "total"}
    t4 = {k: int(v or 0) for k, v in rep.table("t4").items()}
    new = t3.get("new", 0)
    rates, samples = table_rates(t3, t4, new)
    return {
        "requests_new": new,
        "requests_closed": t3.get("total", 0),
        **rates,
        "cases": sum(t4.get((r, "total"), 0) for r in CASE_ROWS),
        "zero_report": not any(v for t in ("t2", "t3", "t4") for v in rep.table(t).values() if v),
    }, samples


def table_rows(ledger: Ledger, year: int, as_of: str | None = None) -> list[dict[str, Any]]:
    """`disc review table`: one row per unit with a document — its figures, its findings, the states
    of its problems (and those returned whose date for a corrected version passed before as_of,
    today by default), when it came in against its deadline."""
    from disclosure_cli.ledger.desk import report_deadline, unit, units_below

    counts = register.counts(ledger, year, as_of or date.today().isoformat())
    docs = latest_reports(ledger, year)
    first = {d["org_id"]: d["received"] for d in register.documents(ledger, year, latest=False) if d["version"] == 1}
    minimum = _rubric(ledger)["rates.min_sample"]
    everyone = [u.id for u in units_below(ledger, None)]
    expected = {i for i in everyone if not ledger_has_children(ledger, i)}  # a unit that reports for itself
    cross: dict[int, dict[str, int]] = {}  # problems found across documents and still there, by severity
    for i in register.issues(ledger, year):
        if i["rule"] in CROSS_RULES and i["state"] in ("open", "returned", "accepted"):
            c = cross.setdefault(i["org_id"], {"E": 0, "W": 0})
            c[i["severity"]] = c.get(i["severity"], 0) + 1
    rows = []
    for oid in [*docs, *(i for i in everyone if i not in docs and i in expected)]:
        name = _path(ledger, oid)
        c = counts.get(oid, {})
        if oid not in docs:
            rows.append({"org": name, "version": None, "received": None, "on_time": None, "errors": None, "warnings": None,
                         "open": 0, "returned": 0, "late": 0, "fixed": 0, "accepted": 0, "sent_back": 0, "_missing": True})
            continue
        due = report_deadline(unit(ledger, oid), year)
        _n, rep, row = docs[oid]
        figures, samples = report_figures(rep)
        rows.append({
            "org": name, "version": row["version"], "received": first.get(oid, row["received"]),
            "on_time": first.get(oid, row["received"]) <= due.isoformat(),
            "errors": row["errors"] + cross.get(oid, {}).get("E", 0), "warnings": row["warnings"] + cross.get(oid, {}).get("W", 0),
            "open": c.get("open", 0), "returned": c.get("returned", 0), "late": c.get("late", 0), "fixed": c.get("fixed", 0),
            "accepted": c.get("accepted", 0), "sent_back": c.get("sent_back", 0), **figures,
            "_unrated": [k for k, n in samples.items() if n < minimum],
        })
    return rows


def ledger_has_children(ledger: Ledger, oid: int) -> bool:
    from disclosure_cli.ledger.orgs import descendants

    return len(descendants(ledger.conn, oid)) > 1


TABLE_COLUMNS = [
    ("org", "单位"), ("version", "版本"), ("received", "首次报送"), ("on_time", "按时"), ("errors", "错误"), ("warnings", "警告"),
    ("open", "待处理"), ("returned", "已退回"), ("late", "逾期未改"), ("fixed", "已改正"), ("accepted", "已接受"),
    ("requests_new", "新收申请"), ("requests_closed", "办结申请"), ("substantive_rate", "实质公开率"), ("cases", "复议诉讼"),
    ("review_corrected_rate", "复议纠错率"), ("zero_report", "零报告"),
]


# --------------------------------------------------------------------------- the notice and the bulletin
def fix_due(ledger: Ledger, dated: str, by: str | None) -> str:
    """The date a returned unit's corrected version is due: --by, or the rubric's working days after
    the notice on the ledger's calendar (holidays and 调休 counted)."""
    from disclosure_cli.ledger.fields import parse_date
    from disclosure_cli.ledger.holidays import calendar

    if by:
        due = parse_date(by, "修改稿报送日期（--by）")
        if due < dated:
            raise BadInput(f"修改稿报送日期（--by）{due} 早于通知日期 {dated}")
        return due
    day, _provisional = calendar(ledger).add_workdays(date.fromisoformat(dated), int(_rubric(ledger)["review.fix_workdays"]))
    return day.isoformat()


def notice_blocks(ledger: Ledger, org: str, year: int, number: str, dated: str, due: str, returned: list[dict[str, Any]],
                  reviewer: str) -> dict[str, Any]:
    """The 整改通知: which version was checked, each problem (where, what, what to change), by when."""
    docs = {d["org_id"]: d for d in register.documents(ledger, year)}
    oid = ledger.org_id(org)
    doc = docs.get(oid)
    rows = [[str(i), r["rule"], "错误" if r["severity"] == "E" else "警告", r["location"] or "—", r["message"]]
            for i, r in enumerate(returned, start=1)]
    intro = (
        f"你单位报送的{year}年政府信息公开工作年度报告（第{doc['version']}版，{doc['file_name']}，{chinese_date(doc['received'])}收到）"
        f"经审核，发现以下 {len(returned)} 处问题"
        if doc else f"经审核你单位报送的{year}年政府信息公开工作年度报告，发现以下 {len(returned)} 处问题"
    ) + f"，请逐项核实改正，于{chinese_date(due)}前报送修改后的版本；确属无误的，请书面说明理由。"
    return {
        "title": "政府信息公开工作年度报告整改通知", "number": number, "salutation": f"{org.split('/')[-1]}：",
        "blocks": [intro, ("table", ["序号", "规则", "级别", "位置", "问题及修改要求"], rows, [1.3, 3.6, 1.3, 3.0, 6.4]),
                   "修改后的报告报送后，我们将逐项核对；未改正又未说明理由的问题，在年度考评中按「被退回且未及时修改」处理。"],
        "issuer": reviewer, "date": chinese_date(dated),
    }


def bulletin_blocks(ledger: Ledger, year: int, reviewer: str, dated: str) -> dict[str, Any]:
    """The 通报 draft: every fact from the register as of its date, nothing typed in."""
    rows = table_rows(ledger, year, as_of=dated)
    submitted = [r for r in rows if not r.get("_missing")]
    missing = [r["org"].split("/")[-1] for r in rows if r.get("_missing")]
    on_time = [r for r in submitted if r["on_time"]]
    issues = register.issues(ledger, year)
    by_rule: dict[str, int] = {}
    for i in issues:
        by_rule[i["rule"]] = by_rule.get(i["rule"], 0) + 1
    from disclosure_cli.report.rules import REGISTRY

    rule_rows = [[code, REGISTRY[code].description if code in REGISTRY else "", str(n)]
                 for code, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))]
    per_unit = []
    for r in submitted:
        remaining = r["open"] + r["returned"]
        per_unit.append((remaining, not r["on_time"], r["errors"], r["org"].split("/")[-1], r))
    per_unit.sort()
    ranking = []
    for k, (rem, late_, err, name, r) in enumerate(per_unit, start=1):
        tied = ranking and per_unit[k - 2][:3] == (rem, late_, err)  # equal on every criterion: the same rank (并列)
        rank = ranking[-1][0] if tied else str(k)
        ranking.append([rank, name, "按时" if r["on_time"] else "逾期", str(r["version"]), str(r["sent_back"]),
                        str(r["fixed"]), str(r["open"] + r["returned"]), str(r["late"])])
    accepted = sum(r["accepted"] for r in submitted)
    late = sum(r["late"] for r in submitted)
    intro = (
        f"根据《中华人民共和国政府信息公开条例》第四十九条、第五十条的规定，现将{year}年度政府信息公开工作年度报告审核情况通报如下。"
        f"应报送单位 {len(rows)} 个，已报送 {len(submitted)} 个，其中按时报送 {len(on_time)} 个"
        + (f"；未报送：{'、'.join(missing)}" if missing else "") + "。"
        f"审核共发现问题 {len(issues)} 处，已改正 {sum(r['fixed'] for r in submitted)} 处，"
        + (f"经核实无需修改 {accepted} 处，" if accepted else "")
        + f"尚未改正 {sum(r['open'] + r['returned'] for r in submitted)} 处"
        + (f"（其中退回后逾期未改 {late} 处）" if late else "") + "。"
    )
    return {
        "title": f"关于{year}年度政府信息公开工作年度报告审核情况的通报", "number": None, "salutation": "各单位：",
        "blocks": [intro, ("heading", "一、发现的问题（按规则）"),
                   ("table", ["规则", "说明", "处数"], rule_rows, [3.6, 10.4, 1.6]) if rule_rows else "未发现问题。",
                   ("heading", "二、各单位情况及排名"),
                   ("table", ["排名", "单位", "报送", "版本", "退回问题", "已改正", "未改正", "逾期未改"], ranking,
                    [1.2, 3.8, 1.4, 1.4, 2.2, 1.8, 1.8, 2.0]),
                   "排名按尚未改正的问题数、是否按时报送、发现的错误数依次确定，三项都相同的并列。请有关单位对照问题清单抓紧整改。"],
        "issuer": reviewer, "date": chinese_date(dated),
    }


def render_text(doc: dict[str, Any]) -> str:
    lines = [doc["title"]]
    if doc.get("number"):
        lines.append(doc["number"])
    lines += ["", doc["salutation"], ""]
    for b in doc["blocks"]:
        if isinstance(b, str):
            lines += [b, ""]
        elif b[0] == "heading":
            lines += [b[1], ""]
        else:
            from tabulate import tabulate

            lines += [tabulate(b[2], headers=b[1], tablefmt="simple", disable_numparse=True), ""]
    lines += [doc["issuer"], doc["date"]]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- a baseline for plain lint
_BASELINE_V2 = "# disc lint 基线（每行：指纹、单位、规则、位置）"
ANY_UNIT = "*"


def write_baseline(groups: list[tuple[str, list[Finding]]], path: str) -> int:
    """`disc lint … --write-baseline FILE`: the fingerprints of today's findings, each with the unit
    whose document it was found in (the unit named in its title): a problem known in one unit's report
    is not known in another's (a break-it pass: one unit's baseline hid the same errors everywhere)."""
    from disclosure_cli.files import atomic_write

    seen: dict[tuple[str, str], str] = {}
    for unit, findings in groups:
        for f in findings:
            seen.setdefault((fingerprint(f), unit.strip() or "-"), f"{f.rule}\t{_norm(f.where)[:40]}")
    atomic_write(path, f"{_BASELINE_V2}：以下问题已知，--baseline 时不再列出\n"
                 + "".join(f"{fp}\t{unit}\t{what}\n" for (fp, unit), what in sorted(seen.items())))
    return len(seen)


def read_baseline(path: str) -> set[tuple[str, str]]:
    """(unit, fingerprint) pairs; a baseline written before units were recorded matches any unit."""
    from disclosure_cli.files import read_text_file

    text = read_text_file(path, "基线", max_bytes=5_000_000)
    v2 = text.lstrip("\ufeff").startswith(_BASELINE_V2)
    out: set[tuple[str, str]] = set()
    for ln in text.splitlines():
        if not ln.strip() or ln.lstrip("\ufeff").startswith("#"):
            continue
        cols = ln.split("\t")
        unit = (cols[1].strip() if len(cols) > 1 else "-") if v2 else ANY_UNIT
        out.add(("" if unit == "-" else unit, cols[0].strip()))
    return out


def in_baseline(known: set[tuple[str, str]], unit: str, f: Finding) -> bool:
    fp = fingerprint(f)
    return (unit.strip(), fp) in known or (ANY_UNIT, fp) in known
