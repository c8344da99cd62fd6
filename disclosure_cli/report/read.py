"""Reading published annual reports (.txt/.md, .html, .pdf, .docx) into the report model.

`read_document` picks a reader by suffix; every reader only turns its format into rows, the passes
repair them, and one interpretation (readers/core.py) maps them to the model, so all formats are
judged alike. What the document printed is kept (raw, labels, headings, typed evidence) for the
checks; nothing is guessed: a cell that cannot be located stays None without a raw entry and is
reported as unread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure_cli.errors import BadInput, DiscError
from disclosure_cli.report.model import TABLE_CELLS, AnnualReport, format_number

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")

# Untrusted documents have limits (issue 9): an annual report is a few hundred KB of text, a few
# MB as PDF or Word. Beyond these a file is refused before it is parsed (memory stays bounded).
MAX_FILE_BYTES = {".pdf": 60_000_000, ".docx": 60_000_000}
MAX_TEXT_BYTES = 20_000_000  # .txt .md .html
MAX_UNPACKED_BYTES = 200_000_000  # all the parts of a .docx together, unpacked
MAX_UNPACK_RATIO = 200  # a part that inflates more than this is a zip bomb, not a document
# Bounded by what is read, not only by file size (issue 19): a 299-page text PDF took 43 s and 3 GB.
# Published annual reports run to 5–30 pages and 5,000–40,000 characters.
MAX_PDF_PAGES = 80
MAX_PDF_CHARS = 400_000
MAX_HTML_BYTES = 8_000_000  # a Word-exported page with inline styles is 1–3 MB
MAX_NESTING = 400  # html elements inside each other


def check_limits(p: Path, suffix: str) -> None:
    """Refuse (DocumentRefused) a document beyond what a report could be, before parsing it."""
    from disclosure_cli.errors import DocumentRefused

    size = p.stat().st_size
    cap = MAX_FILE_BYTES.get(suffix, MAX_HTML_BYTES if suffix in (".html", ".htm") else MAX_TEXT_BYTES)
    if size > cap:
        raise DocumentRefused(f"{p.name} 有 {size / 1e6:.0f} MB，超过年度报告文件的合理大小（{cap // 1_000_000} MB），未读取")
    if suffix == ".docx":
        import zipfile

        try:
            with zipfile.ZipFile(p) as z:
                infos = z.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise DiscError(f"无法读取：{p.name} 不是有效的 .docx 文件（已损坏，或不是 Word 文档）") from None
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED_BYTES or len(infos) > 10_000:
            raise DocumentRefused(f"{p.name} 解压后有 {total / 1e6:.0f} MB（{len(infos)} 个部件），远超年度报告的合理大小，未读取")
        for i in infos:
            if i.compress_size and i.file_size / i.compress_size > MAX_UNPACK_RATIO and i.file_size > 10_000_000:
                raise DocumentRefused(f"{p.name} 中的 {i.filename} 压缩比异常（{i.file_size / 1e6:.0f} MB），疑为恶意文件，未读取")
        from disclosure_cli.files import xml_declarations

        part = xml_declarations(p)
        if part:
            raise DocumentRefused(f"{p.name} 的 {part} 中有 DTD 或实体声明（Word 不会写这些，疑为恶意文件），未读取")


def read_document(path: str | Path) -> AnnualReport:
    """The annual report a document holds. BadInput for a missing file or an unknown format;
    DiscError for a document that cannot be read (a scanned PDF, a damaged file)."""
    from disclosure_cli.report.readers.core import interpret

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        hint = "；.doc 请先另存为 .docx" if suffix in (".doc", ".wps") else ""
        raise BadInput(f"不支持的文件类型「{suffix or p.name}」：{p}（可读 .docx .html .pdf .txt .md）{hint}")
    if not p.is_file():
        raise BadInput(f"文件不存在：{p}")
    from disclosure_cli.files import note_input

    note_input(p)
    suffix = _by_content(p, suffix)
    check_limits(p, suffix)
    html_title = ""
    if suffix in (".txt", ".md", ".markdown"):
        from disclosure_cli.report.readers.text import read_text

        rows, html_title = read_text(p)
    elif suffix in (".html", ".htm"):
        from disclosure_cli.report.readers.html import read_html

        rows, html_title = read_html(p)
    elif suffix == ".pdf":
        from disclosure_cli.report.readers.pdf import read_pdf

        rows = read_pdf(p)
    else:
        from disclosure_cli.report.readers.docx import read_docx

        rows = read_docx(p)
    return interpret(rows, source=str(p), html_title=html_title)


def _by_content(p: Path, suffix: str) -> str:
    """The format by the file's first bytes where its name says otherwise: a Word file saved as 报告.txt
    is read as Word, a PDF named .docx as PDF; a ledger or a spreadsheet is no report at all."""
    from disclosure_cli.files import sniff

    kind = sniff(p)
    if kind == "docx" and suffix != ".docx":
        return ".docx"
    if kind == "pdf" and suffix != ".pdf":
        return ".pdf"
    if kind in ("text", "utf16"):
        if suffix in (".txt", ".md", ".markdown") and _looks_like_html(p):
            return ".html"  # a web page saved as 年报.txt
        if suffix in (".docx", ".pdf"):
            return ".html" if _looks_like_html(p) else ".txt"  # plain text named as Word or PDF
    if kind == "ole":
        raise BadInput(f"{p.name} 实际是旧版 Word（.doc）或 Excel（.xls）文件：请先用 WPS 或 Word 另存为 .docx")
    if kind == "sqlite":
        raise BadInput(f"{p.name} 实际是 SQLite 数据库（可能是台账），不是年度报告文件")
    if kind == "xlsx":
        raise BadInput(f"{p.name} 实际是 Excel 表格（.xlsx），不是年度报告文件")
    return suffix


def _looks_like_html(p: Path) -> bool:
    with p.open("rb") as fh:
        head = fh.read(2048)
    for enc in ("utf-8", "utf-16", "gb18030"):
        try:
            text = head.decode(enc, errors="ignore")
        except LookupError:
            continue
        start = text.lstrip("\ufeff \t\r\n").lower()
        if start.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text.lower():
            return True
    return False


def _read_or_error(path: str) -> AnnualReport | DiscError:
    try:
        return read_document(path)
    except DiscError as exc:
        return exc


def read_documents(paths: list[str | Path], jobs: int | None = None) -> list[AnnualReport | DiscError]:
    """Read many documents, in order; a document that cannot be read gives its DiscError instead.

    PDF parsing (pdfminer) costs about 0.1 s a page and dominates a folder of reports, so with
    several PDFs the work is spread over processes (jobs: default the number of CPUs, 1 = serial).
    """
    import os

    items = [str(p) for p in paths]
    pdfs = sum(1 for p in items if p.lower().endswith(".pdf"))
    workers = min(jobs or os.cpu_count() or 1, 8, len(items))
    if workers < 2 or pdfs < 2:
        return [_read_or_error(p) for p in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    # the slow PDFs first, so that no worker is left with one at the end
    order = sorted(range(len(items)), key=lambda i: not items[i].lower().endswith(".pdf"))
    out: list[AnnualReport | DiscError | None] = [None] * len(items)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for i, result in zip(order, pool.map(_read_or_error, [items[i] for i in order]), strict=True):
            out[i] = result
    return [r for r in out if r is not None]


STATUS_READ, STATUS_BLANK, STATUS_UNREAD, STATUS_ABSENT = "read", "blank", "unread", "absent"
EXTRACT_FIELDS = ("year", "org", "table", "row", "column", "value", "status")


def cell_status(report: AnnualReport, table: str, row: str, col: str) -> str:
    """read: a number; blank: the cell is there but holds no number ("", "/", "-", "无" …);
    unread: the cell could not be located in the document; absent: the document's layout has no
    such cell (the 2019 format)."""
    if report.table(table).get((row, col)) is not None:
        return STATUS_READ
    from disclosure_cli.report.readers.edition import absent_by_layout

    if absent_by_layout(report, table, row, col):
        return STATUS_ABSENT
    return STATUS_BLANK if (table, row, col) in report.raw else STATUS_UNREAD


def exact_number(value: Any) -> str:
    """A figure exactly as the document printed it (a 万元 amount keeps all its decimals; the
    4-place rounding of the output codes is for what a ledger computes)."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if value != 0 else "0"
    return format_number(value)


def extract_rows(report: AnnualReport) -> list[dict[str, Any]]:
    """Every official cell in the long form of output-codes.md plus a status column.

    The single-row （六）其他处理 of the 2019 layout, where printed, follows table 三 as row `other`
    (its figures are kept in report.raw[("t3", "other", col)]; the three 2021 sub-rows are unread).
    """
    out: list[dict[str, Any]] = []

    def emit(table: str, row: str, col: str, value: Any, status: str) -> None:
        out.append(
            {
                "year": report.year,
                "org": report.org,
                "table": table,
                "row": row,
                "column": col,
                "value": exact_number(value) if status == STATUS_READ else "",
                "status": status,
            }
        )

    for t in ("t2", "t3", "t4"):
        for r, c in TABLE_CELLS[t]:
            emit(t, r, c, report.table(t).get((r, c)), cell_status(report, t, r, c))
        if t == "t3":
            from disclosure_cli import vocab
            from disclosure_cli.report.readers.values import parse_value

            if any(k[:2] == ("t3", "other") for k in report.raw):
                for c in vocab.T3_COLUMNS.codes:
                    text = report.raw.get(("t3", "other", c))
                    if text is None:
                        emit(t, "other", c, None, STATUS_UNREAD)
                        continue
                    v = parse_value(text, money=False)
                    emit(t, "other", c, v, STATUS_READ if v is not None else STATUS_BLANK)
    return out
