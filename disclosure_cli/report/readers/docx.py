"""A Word/WPS draft (.docx) through python-docx (imported here only).

Body paragraphs and tables in document order. python-docx repeats a merged cell's object at every
grid position it covers (gridSpan across, vMerge down); the grid here keeps its text once, at the
first position, and None where it repeats — the same shape the html reader gives — by remembering
the underlying <w:tc> elements. A paragraph with tabs is a table typed with tab stops: a loose row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure_cli.errors import DiscError
from disclosure_cli.report.readers import Row, numbered


def _lines(text: str) -> list[Row]:
    out = []
    for ln in text.split("\n"):
        if not ln.strip():
            continue
        if "\t" in ln and ln.strip("\t").strip():
            out.append(Row(ln.split("\t")))
        else:
            out.append(Row([ln.strip()]))
    return out


class _Walker:
    def __init__(self) -> None:
        from docx.oxml.ns import qn

        self.P, self.TBL, self.SDT, self.SDTC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
        self.TC = qn("w:tc")
        self.rows: list[Row] = []
        self.tables = 0

    def blocks(self, element: Any, parent: Any) -> None:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in element.iterchildren():
            tag = child.tag
            if tag == self.P:
                self.rows.extend(_lines(Paragraph(child, parent).text))
            elif tag == self.TBL:
                table = Table(child, parent)
                if child.find(".//" + self.TBL) is not None:  # a layout table: its cells as blocks
                    seen: list[Any] = []
                    for tc in child.iter(self.TC):
                        if any(tc is s for s in seen) or tc.getparent().getparent() is not child:
                            continue
                        seen.append(tc)
                        self.blocks(tc, table)
                    continue
                self.tables += 1
                self.grid(table)
            elif tag == self.SDT:
                content = child.find(self.SDTC)
                if content is not None:
                    self.blocks(content, parent)

    def grid(self, table: Any) -> None:
        seen: dict[int, Any] = {}  # id -> <w:tc>; the elements are kept so ids stay unique
        for row in table.rows:
            cells: list[str | None] = []
            for cell in row.cells:
                tc = cell._tc
                if id(tc) in seen:
                    cells.append(None)
                    continue
                seen[id(tc)] = tc
                cells.append(cell.text)
            self.rows.append(Row(cells, exact=True, table=self.tables))


def read_docx(path: Path) -> list[Row]:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # zipfile/lxml/python-docx raise several kinds for a damaged file
        raise DiscError(f"无法读取：{path.name} 不是有效的 .docx 文件（已损坏，或不是 Word 文档）") from exc
    _unwrap_content_controls(document.element.body)
    w = _Walker()
    w.blocks(document.element.body, document)
    return numbered(w.rows)


def _unwrap_content_controls(body: Any) -> None:
    """Content controls (w:sdt: the fill-in fields of a template) may wrap a table, a row, a cell, a
    paragraph or a run; python-docx sees only direct children, so their content was never read. In
    the loaded tree (never saved) each is replaced by its content, and the document reads as Word
    shows it."""
    from docx.oxml.ns import qn

    sdt_tag, content_tag = qn("w:sdt"), qn("w:sdtContent")
    for sdt in list(body.iter(sdt_tag)):
        parent = sdt.getparent()
        if parent is None:
            continue
        content = sdt.find(content_tag)
        at = parent.index(sdt)
        parent.remove(sdt)
        for k, kid in enumerate(list(content) if content is not None else []):
            parent.insert(at + k, kid)
