"""A saved web page (.html/.htm): prose blocks and tables with rowspan/colspan laid out as a grid.

Only the standard library: a small tolerant tree builder over html.parser (portal pages are
often not well-formed), then a walk that emits prose lines and exact grid rows. A table that
holds another table is page layout: its cells are read as blocks, only the innermost tables as grids.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from disclosure_cli.report.readers import Row, numbered

_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "param"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "blockquote",
    "pre", "dt", "dd", "dl", "center", "header", "footer", "main", "nav", "aside", "figure", "figcaption",
    "form", "address", "caption", "body", "html",
}  # fmt: skip
_CELL = {"td", "th"}


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n\s*(?=[{_CJK}])")


def _source_breaks(text: str) -> str:
    """A line break in the html source is not one on the page: between two CJK characters it is
    nothing (the browser shows none in Chinese text), elsewhere a space."""
    return _CJK_BREAK.sub("", text).replace("\r", " ").replace("\n", " ")


class Node:
    __slots__ = ("tag", "attrs", "children", "parent", "depth")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []
        self.parent = parent
        self.depth = 0 if parent is None else parent.depth + 1


# Bounded by what is read (issue 19): a report page holds 5,000–40,000 characters in a few thousand
# elements; every element costs a Node, so a 19 MB page cost 750 MB before these limits.
MAX_CHARS = 400_000
MAX_ELEMENTS = 60_000


class _Builder(HTMLParser):
    max_depth = 400  # read.MAX_NESTING

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.title = ""
        self._in_title = False
        self.chars = 0
        self.elements = 0

    def _close(self, tag: str, stop: set[str]) -> None:
        """Close an open `tag` unless a `stop` element (e.g. the enclosing table) comes first."""
        n: Node | None = self.cur
        while n is not None and n.tag != "#root":
            if n.tag == tag:
                self.cur = n.parent or self.root
                return
            if n.tag in stop:
                return
            n = n.parent

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            from disclosure_cli.errors import DocumentRefused

            raise DocumentRefused(f"网页有 {MAX_ELEMENTS} 个以上的元素，超过年度报告的合理规模，未读取")
        tag = tag.lower()
        if tag == "title":
            self._in_title = True
        if tag in _CELL:
            self._close("td", {"table", "tr"})
            self._close("th", {"table", "tr"})
        elif tag == "tr":
            for t in ("td", "th", "tr"):
                self._close(t, {"table"})
        elif tag in ("p", "li"):
            self._close(tag, {"table", "td", "th", "div", "ul", "ol"})
        node = Node(tag, {k.lower(): (v or "") for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in _VOID:
            self.cur = node
            if node.depth > self.max_depth:
                from disclosure_cli.errors import DocumentRefused

                raise DocumentRefused(f"网页的元素嵌套超过 {self.max_depth} 层，不像是年度报告，未读取")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = False
        if tag in _VOID:
            return
        n: Node | None = self.cur
        while n is not None and n.tag != "#root":
            if n.tag == tag:
                self.cur = n.parent or self.root
                return
            if tag != "table" and n.tag == "table":
                return  # never close past an open table for a stray end tag
            n = n.parent

    def handle_data(self, data: str) -> None:
        self.chars += len(data.strip())
        if self.chars > MAX_CHARS:
            from disclosure_cli.errors import DocumentRefused

            raise DocumentRefused(f"网页的文字超过 {MAX_CHARS} 个字，超过年度报告的合理篇幅，未读取")
        if self._in_title:
            self.title += data
        if self.cur.tag != "pre":
            data = _source_breaks(data)
        self.cur.children.append(data)


def _text(node: Node) -> str:
    """Text of an element, with <br> and block children as line breaks."""
    out: list[str] = []

    def rec(n: Node) -> None:
        for ch in n.children:
            if isinstance(ch, str):
                out.append(ch)
            elif ch.tag in _SKIP:
                continue
            elif ch.tag == "br":
                out.append("\n")
            elif ch.tag in _BLOCK or ch.tag in ("tr", "table"):
                out.append("\n")
                rec(ch)
                out.append("\n")
            elif ch.tag in _CELL:
                out.append("\t")
                rec(ch)
            else:
                rec(ch)

    rec(node)
    text = "".join(out).replace("\xa0", " ").replace("\u3000", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _has_table(node: Node) -> bool:
    for ch in node.children:
        if isinstance(ch, Node) and (ch.tag == "table" or _has_table(ch)):
            return True
    return False


def _rows_of(table: Node) -> list[Node]:
    out: list[Node] = []

    def rec(n: Node) -> None:
        for ch in n.children:
            if isinstance(ch, Node):
                if ch.tag == "tr":
                    out.append(ch)
                elif ch.tag != "table":
                    rec(ch)

    rec(table)
    return out


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(re.sub(r"\D", "", v or "") or 1), 200))
    except ValueError:
        return 1


def grid(table: Node) -> list[list[str | None]]:
    """The table as a grid: a merged cell's text at its top-left position, None where it spans."""
    cells: dict[tuple[int, int], str | None] = {}
    nrows = 0
    for r, tr in enumerate(_rows_of(table)):
        nrows = r + 1
        c = 0
        for td in tr.children:
            if not isinstance(td, Node) or td.tag not in _CELL:
                continue
            while (r, c) in cells:
                c += 1
            rs, cs = _span(td.attrs.get("rowspan")), _span(td.attrs.get("colspan"))
            text = _text(td)
            for dr in range(rs):
                for dc in range(cs):
                    cells[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else None
            c += cs
    width = max((c for _, c in cells), default=-1) + 1
    return [[cells.get((r, c)) for c in range(width)] for r in range(nrows)]


class _Walker:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.buf: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = "".join(self.buf).replace("\xa0", " ").replace("\u3000", " ")
        self.buf = []
        for ln in text.split("\n"):
            ln = re.sub(r"\s+", " ", ln).strip()
            if ln:
                self.rows.append(Row([ln]))

    def walk(self, node: Node) -> None:
        for ch in node.children:
            if isinstance(ch, str):
                self.buf.append(ch)
                continue
            tag = ch.tag
            if tag in _SKIP or tag == "title":
                continue
            if tag == "br":
                self.buf.append("\n")
            elif tag == "table":
                self.flush()
                if _has_table(ch):  # layout table: read its cells as blocks
                    for tr in _rows_of(ch):
                        for td in tr.children:
                            if isinstance(td, Node):
                                self.walk(td)
                                self.flush()
                else:
                    self.tables += 1
                    for cells in grid(ch):
                        self.rows.append(Row(cells, exact=True, table=self.tables))
            elif tag in _BLOCK or tag in _CELL or tag == "tr":
                self.flush()
                self.walk(ch)
                self.flush()
            else:
                self.walk(ch)


def _decode(data: bytes) -> str:
    head = data[:4096].decode("ascii", errors="ignore")
    m = re.search(r"charset\s*=\s*[\"']?([\w-]+)", head, re.I)
    encs = ["utf-8-sig"]
    if m:
        name = m.group(1).lower()
        encs.insert(0, "gb18030" if name in ("gb2312", "gbk", "gb18030") else name)
    encs.append("gb18030")
    for enc in encs:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def rows_from_html(text: str) -> tuple[list[Row], str]:
    b = _Builder()
    b.feed(text)
    b.close()
    w = _Walker()
    w.walk(b.root)
    w.flush()
    return numbered(w.rows), re.sub(r"\s+", "", b.title)


def read_html(path: Path) -> tuple[list[Row], str]:
    return rows_from_html(_decode(path.read_bytes()))
