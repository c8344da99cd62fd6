"""`disc lint`: read report documents, run the same checks `disc check` runs, summarise per file.

The CLI only prints what these functions return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from disclosure_cli.errors import BadInput, DiscError, DocumentRefused
from disclosure_cli.report.model import AnnualReport, Finding

DOCUMENT_SUFFIXES = (".docx", ".html", ".htm", ".pdf", ".txt", ".md")


@dataclass
class FileResult:
    path: str
    report: AnnualReport | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # unreadable: scanned PDF, broken file …
    notes: list[str] = field(default_factory=list)  # what the reviewer is told beside the findings

    @property
    def errors(self) -> int:
        return sum(f.severity == "E" for f in self.findings) + (1 if self.error else 0)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "W" for f in self.findings)


def expand(paths: list[str]) -> list[Path]:
    """Files as given, and the report documents inside any folder given (a reviewer lints a folder)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in DOCUMENT_SUFFIXES and f.is_file()
                          and not f.name.startswith("~$"))  # Word's lock file beside an open document
        elif p.exists():
            out.append(p)
        else:
            raise BadInput(f"找不到文件 {p}")
    if not out:
        raise BadInput("没有要检查的年度报告文件（.docx .html .pdf .txt）")
    return out


def load_previous(path: str | None, year_hint: int | None = None) -> AnnualReport | None:
    """Last year's report: a document, or a ledger (.db) from which it is built."""
    if not path:
        return None
    p = Path(path)
    if p.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
        from disclosure_cli.ledger.db import Ledger
        from disclosure_cli.report.build import build_full_report

        if year_hint is None:
            raise BadInput("用台账作为上一年度时，需要能从报告中读出年度")
        with Ledger.open(p) as led:
            return build_full_report(led, year_hint - 1)
    from disclosure_cli.report.read import read_document

    return read_document(p)


def lint_file(path: Path, previous: str | None = None, rules: list[str] | None = None, strict: bool = False) -> FileResult:
    from disclosure_cli.report.read import read_document

    try:
        report = read_document(path)
    except BadInput:
        raise  # a file the clerk named that is not a report document at all: usage error
    except DocumentRefused as e:  # too big or too deep to read safely: a finding
        return refused(path, e)
    except DiscError as e:  # unreadable (a scanned PDF): reported per file, the others still linted
        return FileResult(str(path), error=str(e))
    return judge(path, report, previous, rules, strict)


def refused(path: Path, exc: DocumentRefused) -> FileResult:
    """READ-LIMIT: a document beyond the limits of read.py, refused before parsing (issue 9)."""
    finding = Finding("READ-LIMIT", "E", str(exc), where=Path(path).name, source=str(path))
    return FileResult(str(path), findings=[finding])


def judge(path: Path, report: AnnualReport, previous: str | None, rules: list[str] | None, strict: bool = False) -> FileResult:
    from disclosure_cli.report.rules import DOCUMENT, run, select

    res = FileResult(str(path), report)
    prev = load_previous(previous, report.year)
    res.findings = run(report, kind=DOCUMENT, previous=prev, rules=select(rules), strict=strict)
    for f in res.findings:
        f.source = str(path)
    return res


def lint_files(paths: list[str], previous: str | None = None, rules: list[str] | None = None, strict: bool = False) -> list[FileResult]:
    """Many files: PDFs are read in parallel (pdfminer dominates), results keep the given order."""
    from disclosure_cli.report.read import read_document, read_documents
    from disclosure_cli.report.rules import select

    select(rules)  # an unknown rule code is a usage error before any file is read
    files = expand(paths)
    if len(files) == 1:
        return [lint_file(files[0], previous, rules, strict)]
    for f in files:  # an explicitly named non-report file is a usage error, before any work
        if f.suffix.lower() not in DOCUMENT_SUFFIXES:
            read_document(f)
    out = []
    for f, got in zip(files, read_documents(files), strict=True):
        if isinstance(got, DocumentRefused):
            out.append(refused(f, got))
        elif isinstance(got, DiscError):
            out.append(FileResult(str(f), error=str(got)))
        else:
            out.append(judge(f, got, previous, rules, strict))
    return out


def lint_sum(paths: list[str], rules: list[str] | None = None, strict: bool = False) -> FileResult:
    """Add up the tables of several units' reports and lint the sum (a reviewer holding only documents)."""
    from disclosure_cli.report.read import read_document
    from disclosure_cli.report.rules import SUM, run, select

    chosen = select(rules)

    files = expand(paths)
    reports = [read_document(p) for p in files]
    years = {r.year for r in reports}
    if len(years) != 1:
        raise BadInput(f"各文件的年度不一致：{'、'.join(str(y) for y in sorted(years))}")
    total = reports[0]
    for r in reports[1:]:
        total = total.add(r, org="合计")
    total.org = "合计"
    total.source = f"合计（{len(files)} 个文件）"
    res = FileResult(total.source, total, run(total, kind=SUM, rules=chosen, strict=strict))
    for f in res.findings:
        f.source = total.source
    return res


def add_ledger_comparison(
    res: FileResult, ledger, *, year: int | None = None, org: str | None = None, rollup: bool = False,
    rules: list[str] | None = None,
) -> None:
    """`--against-ledger`: the document's cells against the ledger now (V-LEDGER) and against the
    version frozen by `disc report publish` (V-PUBLISHED); a note when the file is byte for byte a
    published one, or when no publication is recorded."""
    from disclosure_cli.ledger.desk import publications
    from disclosure_cli.report import build, desk
    from disclosure_cli.report.rules import select

    if res.report is None:
        return
    y = year or res.report.year
    if not y:
        res.notes.append(f"{res.path}：未能读出报告年度，未与台账比对（可用 --year 指定）")
        return
    chosen = select(rules)
    from disclosure_cli.ledger.orgs import unit_count

    if org is None and unit_count(ledger) > 1:
        # a district's ledger: each document against its own unit (issue 21)
        try:
            org, by_hash_rollup, how = desk.match_unit(ledger, res.report, res.path, y)
        except BadInput as e:  # only this document is left out; the others are compared
            res.notes.append(f"未与台账比对：{e}")
            return
        rollup = rollup or by_hash_rollup
        res.notes.append(f"{res.path}：比对单位「{org}」（{how}）")
    same = desk.published_file(ledger, res.path, y, org=org)
    if same and same[2] and not rollup:
        rollup = True  # the very file of a roll-up publication: compare it as one
    found = desk.document_against_ledger(res.report, ledger, year, org=org, rollup=rollup)
    for f in found:
        f.source = res.path
    res.findings += [f for f in found if chosen is None or f.rule in chosen]
    if same:
        res.notes.append(f"{res.path}：与 {same[1]} 登记发布的{'（汇总）' if same[2] else ''} {same[0]} 文件逐字节相同")
    elif not [p for p in publications(ledger, y, build.org_ids(ledger, org)[:1]) if p.rollup == rollup]:
        res.notes.append(f"{res.path}：台账中没有 {y} 年度报告的发布记录（disc report publish），只与台账现在的数字比对")
