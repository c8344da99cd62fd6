"""Plain text (.txt, text copied from a web page, cells separated by tabs) and Markdown (.md)."""

from __future__ import annotations

import re
from pathlib import Path

from disclosure_cli.errors import BadInput
from disclosure_cli.report.readers import Row

_RULE = re.compile(r"^\s*[|+]?\s*:?-{3,}:?\s*([|+]\s*:?-{3,}:?\s*)*[|+]?\s*$|^\s*[+=\-|]{3,}\s*$")


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (Notepad's 「Unicode」), else GB18030 —
    what Chinese Windows saves."""
    import codecs

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput(f"无法识别文件编码：{name}（以 UTF-16 标记开头，但内容不是 UTF-16）") from None
    if b"\x00" in data[:4096] and len(data) % 2 == 0:
        # UTF-16 saved without its mark: UTF-8 and GB18030 text never holds a zero byte, UTF-16 holds
        # one beside every digit, space and line break — on the odd bytes (little-endian) or the even
        head = data[:4096]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        try:
            return data.decode("utf-16-le" if odd >= even else "utf-16-be")
        except UnicodeDecodeError:
            pass
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise BadInput(f"无法识别文件编码：{name}（应为 UTF-8 或 GB18030）")


def _pipe_cells(line: str) -> list[str | None]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = re.split(r"(?<!\\)\|", s)
    return [c.replace("\\|", "|").replace("\\\\", "\\").strip() for c in cells]


_SEPARATOR = re.compile(r"^[\s\-—–_=|+*·•~.。…\u00a0\u3000]*$")  # crawler and editor separators


def rows_from_text(text: str, markdown: bool = False) -> list[Row]:
    """Tab lines and pipe lines become loose table rows; other lines become prose lines.

    What copied and crawled text really holds (issue 11): pipe rows without a leading pipe
    (`规章 | 0 | 0 | 0 |`), separator lines (`————`, `|`, `====`), `###` heading marks in a .txt.
    A pipe table with its leading pipe and rule line is Markdown: an exact grid.
    """
    rows: list[Row] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        ln = raw.rstrip("\r\n")
        if not ln.strip():
            # an empty line: between paragraphs, or an empty cell where a crawler wrote one cell a line
            rows.append(Row([], line=number, meta={"gap": True}))
            continue
        if _RULE.match(ln) or _SEPARATOR.match(ln):
            continue
        if "\t" in ln and ln.strip("\t \u00a0"):
            rows.append(Row(ln.replace("\u00a0", " ").split("\t"), line=number))
        elif ln.count("|") - ln.count("\\|") >= 2 or (ln.count("|") == 1 and ln.rstrip().endswith("|")):
            cells = _pipe_cells(ln)
            # a pipe table is a grid: an empty cell there is a blank cell, not an artefact
            rows.append(Row(cells, exact=ln.lstrip().startswith("|"), line=number))
        else:
            s = ln.strip()
            s = re.sub(r"^#{1,6}\s*", "", s)
            if markdown:
                s = re.sub(r"^\*\*(.+)\*\*$", r"\1", s)
            rows.append(Row([s], line=number))
    return rows


def read_text(path: Path) -> tuple[list[Row], str]:
    text = decode(path.read_bytes(), path.name)
    return rows_from_text(text, markdown=path.suffix.lower() in (".md", ".markdown")), ""
