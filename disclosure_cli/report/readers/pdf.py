"""A published PDF with a text layer (pdfplumber, imported here only).

Ruled tables are read as grids (page.find_tables: merged cells come back as None); text outside
them as lines (page.extract_text_lines), both in page order, so a table split across pages is
just more rows. Unruled tables arrive as text lines ("规章 0 0 0") for the interpreter to split.
A PDF without a text layer is a scan: refused, never guessed.
"""

from __future__ import annotations

from pathlib import Path

from disclosure_cli.errors import DiscError
from disclosure_cli.report.readers import Row, numbered

SCAN_MESSAGE = (
    "无法读取：扫描件（PDF 没有文字层，只有图像）：{name}。请向发布单位索取可复制文字的 PDF 或 Word 版本"
)


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _cell(text: str | None) -> str | None:
    if text is None:
        return None
    return "\n".join(ln.strip() for ln in text.splitlines())


def reading_order(bboxes: list[tuple[float, float, float, float]]) -> list[tuple[float, int]]:
    """Where each table's rows go in reading order: (the top they sort at, the table's rank). Tables
    side by side (their heights overlap, their widths do not: a comparison sheet of two years) are
    read one after the other, left first, each whole — read by height alone their rows interleave.
    Any other table: its own rows at their own heights (rank 0, the top is each row's)."""
    n = len(bboxes)
    group = list(range(n))

    def find(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            a, b = bboxes[i], bboxes[j]
            level = a[1] < b[3] and b[1] < a[3]
            apart = a[2] <= b[0] or b[2] <= a[0]
            if level and apart:
                group[find(j)] = find(i)
    out = []
    for i in range(n):
        mates = sorted((bboxes[j][0], j) for j in range(n) if find(j) == find(i))
        if len(mates) < 2:
            out.append((bboxes[i][1], 0))
        else:
            out.append((min(bboxes[j][1] for _, j in mates), 1 + [j for _, j in mates].index(i)))
    return out


def _page_rows(page, table_id: int) -> tuple[list[Row], int]:  # type: ignore[no-untyped-def]
    """One page's rows in reading order: its ruled tables as grids (reading_order), the text outside
    them as lines; and the id of the last table block."""
    items: list[tuple[tuple[float, int, float], int, Row]] = []
    boxes = []
    tables = page.find_tables()
    for t, (first, rank) in zip(tables, reading_order([t.bbox for t in tables]), strict=True):
        table_id += 1
        boxes.append(t.bbox)
        for r, cells in zip(t.rows, t.extract(), strict=False):
            row = Row([_cell(c) for c in cells], exact=True, table=table_id)
            top = r.bbox[1]
            if row.is_line:  # a framed paragraph or caption: its lines, as lines (of this table)
                for k, ln in enumerate(row.texts[0].splitlines()):
                    if ln.strip():
                        at = top + k * 0.01
                        items.append(((first, rank, at) if rank else (at, 0, at), len(items), Row([ln], table=table_id)))
            elif row.texts:
                items.append(((first, rank, top) if rank else (top, 0, top), len(items), row))
    rest = page.filter(lambda o, b=boxes: not _inside(o, b)) if boxes else page
    for ln in rest.extract_text_lines(return_chars=False):
        items.append(((ln["top"], 0, ln["top"]), len(items), Row([ln["text"]])))
    items.sort(key=lambda x: (x[0], x[1]))
    return [r for _, _, r in items], table_id


def read_pdf(path: Path) -> list[Row]:
    import logging

    import pdfplumber

    # pdfminer warns on stderr about fonts of PDFs printed by browsers (FontBBox…): nothing a clerk can act on
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise DiscError(f"无法读取：{path.name} 不是有效的 PDF 文件（已损坏，或不是 PDF）") from exc
    rows: list[Row] = []
    chars = 0
    scanned: list[int] = []
    table_id = 0
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise DiscError(f"无法读取：{path.name} 已损坏，无法读出文字") from exc
        from disclosure_cli.report.read import MAX_PDF_PAGES

        if len(pages) > MAX_PDF_PAGES:
            from disclosure_cli.errors import DocumentRefused

            raise DocumentRefused(f"{path.name} 有 {len(pages)} 页，超过年度报告的合理页数（{MAX_PDF_PAGES} 页），未读取")
        from disclosure_cli.report.read import MAX_PDF_CHARS

        for pno, page in enumerate(pages, start=1):
            n = len(page.chars)
            chars += n
            if chars > MAX_PDF_CHARS:
                from disclosure_cli.errors import DocumentRefused

                raise DocumentRefused(
                    f"{path.name} 到第 {pno} 页已有 {chars} 个字符，超过年度报告的合理篇幅（{MAX_PDF_CHARS} 字），未读取"
                )
            if n == 0:
                if page.images:
                    scanned.append(pno)
                page.close()
                continue
            page_rows, table_id = _page_rows(page, table_id)
            rows.extend(numbered(page_rows, page=pno))
            page.close()  # pdfplumber caches every object of a page: memory stays that of one page
    if chars == 0:
        raise DiscError(SCAN_MESSAGE.format(name=path.name))
    if scanned:
        rows.insert(0, Row([], meta={"scanned": scanned}))
    return rows
