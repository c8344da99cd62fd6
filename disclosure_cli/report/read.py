"""Reading published annual reports (.txt/.md, .html, .pdf, .docx) into the report model.

`read_document` picks a reader by suffix; every reader only turns its format into rows, and one
interpreter (readers/core.py) maps them to the model, so all formats are judged alike. What the
document printed is kept (raw, labels, headings, markers) for the checks; nothing is guessed: a
cell that cannot be located stays None without a raw entry and is reported as unread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure_cli.errors import BadInput, DiscError
from disclosure_cli.report.model import TABLE_CELLS, AnnualReport, format_number

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


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


STATUS_READ, STATUS_BLANK, STATUS_UNREAD = "read", "blank", "unread"
EXTRACT_FIELDS = ("year", "org", "table", "row", "column", "value", "status")


def cell_status(report: AnnualReport, table: str, row: str, col: str) -> str:
    """read: a number; blank: the cell is there but holds no number ("", "/", "-", "无" …);
    unread: the cell could not be located in the document."""
    if report.table(table).get((row, col)) is not None:
        return STATUS_READ
    return STATUS_BLANK if (table, row, col) in report.raw else STATUS_UNREAD


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
                "value": format_number(value) if status == STATUS_READ else "",
                "status": status,
            }
        )

    for t in ("t2", "t3", "t4"):
        for r, c in TABLE_CELLS[t]:
            emit(t, r, c, report.table(t).get((r, c)), cell_status(report, t, r, c))
        if t == "t3":
            from disclosure_cli import vocab
            from disclosure_cli.report.readers.core import parse_value

            if any(k[:2] == ("t3", "other") for k in report.raw):
                for c in vocab.T3_COLUMNS.codes:
                    text = report.raw.get(("t3", "other", c))
                    if text is None:
                        emit(t, "other", c, None, STATUS_UNREAD)
                        continue
                    v = parse_value(text, money=False)
                    emit(t, "other", c, v, STATUS_READ if v is not None else STATUS_BLANK)
    return out
