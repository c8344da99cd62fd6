"""One output helper for every reporting command: table | csv | tsv | json | md, to stdout or -o FILE.

Machine formats are plain (no colour, no progress, codes not labels); the table format is for people
and goes through rich. rich and tabulate are imported only when a format needs them.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from disclosure_cli.errors import BadInput

ENCODING = "utf-8"  # of -o files and of stdout into a pipe; `disc --encoding gb18030` (cli.common)

# The one masker of personal data (disclosure_cli/personal.py), applied to every record and text this
# module writes: set by cli.common.open_ledger for the ledger a command opened, made on first use,
# and switched off by a command asked for personal data (--include-personal).
_masker_factory: Callable[[], Any] | None = None
_masker: Any = None


def set_masker(factory: Callable[[], Any] | None) -> None:
    global _masker_factory, _masker
    _masker_factory, _masker = factory, None


def masker() -> Any:
    """The masker in force (None: nothing to mask)."""
    global _masker
    if _masker is None and _masker_factory is not None:
        _masker = _masker_factory() or False
    return _masker or None


def masked(value: Any) -> Any:
    m = masker()
    return m.mask(value) if m is not None and isinstance(value, str) else value
MACHINE_FORMATS = ("csv", "tsv", "json", "jsonl")
RECORD_FORMATS = ("table", "csv", "tsv", "json", "md")
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ics": "ics",
}


def resolve_format(fmt: str | None, out: str | None, allowed: Sequence[str] = RECORD_FORMATS, default_tty: str = "table") -> str:
    """--format wins; else the -o file's extension; else a table on a terminal, CSV into a pipe."""
    if fmt:
        fmt = fmt.lower()
    elif out and out != "-":
        fmt = EXTENSIONS.get(Path(out).suffix.lower())
        if fmt is None:
            raise BadInput(f"无法从文件名 {out} 判断输出格式，请用 --format 指定（{'、'.join(allowed)}）")
    else:
        fmt = default_tty if sys.stdout.isatty() else ("csv" if "csv" in allowed else allowed[0])
    if fmt not in allowed:
        raise BadInput(f"输出格式「{fmt}」不支持，可用：{'、'.join(allowed)}")
    return fmt


def _is_decimal(value: Any) -> bool:
    # decimal is imported by whatever made a Decimal: no Decimal can exist before (start-up)
    d = sys.modules.get("decimal")
    return d is not None and isinstance(value, d.Decimal)


def plain(value: Any) -> Any:
    if value is None:
        return ""
    if _is_decimal(value):
        from disclosure_cli.report.model import format_number

        return format_number(value)
    return value


def json_value(value: Any) -> Any:
    if _is_decimal(value):
        from disclosure_cli.report.model import json_number

        return json_number(value)
    return value


def md_cell(value: Any) -> str:
    """A table cell of user text in Markdown: | would split the cell, < & > would be markup."""
    text = str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.splitlines())


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """A CSV cell Excel would run as a formula (=…, +…, -…, @…) gets a leading quote; numbers such as
    -3 stay numbers. For CSV files (-o x.csv), which clerks open in Excel (CSV injection)."""
    if isinstance(value, str) and value[:1] in _FORMULA and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_records(
    records: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]], fmt: str, fh: Any, *, excel_safe: bool = False
) -> int:
    """Stream records in a machine format to an open text file, row by row (flat memory on 100,000s
    of rows). An empty result still parses: the CSV header, or []. excel_safe: CSV cells that Excel
    would run as formulas are defused (a file, not a pipe)."""
    keys = [k for k, _ in columns]
    n = 0
    records = masked_records(records)
    if fmt in ("csv", "tsv"):
        import csv

        w = csv.writer(fh, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(keys)
        cell = (lambda v: formula_safe(plain(v))) if excel_safe else plain
        for r in records:
            w.writerow([cell(r.get(k)) for k in keys])
            n += 1
        return n
    if fmt == "json":
        fh.write("[")
        for r in records:
            fh.write(("," if n else "") + "\n  " + json.dumps({k: json_value(r.get(k)) for k in keys}, ensure_ascii=False))
            n += 1
        fh.write("\n]\n" if n else "]\n")
        return n
    if fmt == "jsonl":
        for r in records:
            fh.write(json.dumps({k: json_value(r.get(k)) for k in keys}, ensure_ascii=False) + "\n")
            n += 1
        return n
    raise BadInput(f"输出格式「{fmt}」不支持")


def to_file(out: str, write: Callable[[Any], int]) -> int:
    """Text streamed into -o FILE through the one guarded writer, in the clerk's encoding (a character
    it cannot hold becomes ? and is said); returns what ``write`` returns (rows written)."""
    from disclosure_cli.files import atomic_write, text_errors

    done: list[int] = []
    atomic_write(out, lambda fh: done.append(write(fh)), encoding=ENCODING, errors=text_errors())
    return done[0]


def stream(records: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]], fmt: str, out: str | None) -> int:
    """Machine-format records to -o FILE (written whole, see files.atomic_write) or to stdout."""
    if out and out != "-":
        return to_file(out, lambda fh: write_records(records, columns, fmt, fh, excel_safe=True))
    n = write_records(records, columns, fmt, sys.stdout)
    sys.stdout.flush()
    return n


def records_text(
    records: Iterable[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: str,
    *,
    title: str | None = None,
    styles: Callable[[dict[str, Any]], str | None] | None = None,
    key: str | None = None,
    width: int | None = None,
) -> str | None:
    """Render records; for fmt 'table' returns None after printing to the terminal through rich.
    key: the column a reader looks things up by (default the first: request no., letter no., unit,
    rule), never cut on a terminal; width: of the 'txt' rendering (default the terminal's)."""
    keys = [k for k, _ in columns]
    records = list(masked_records(records))
    if fmt in ("csv", "tsv"):
        import csv

        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(keys)
        for r in records:
            w.writerow([plain(r.get(k)) for k in keys])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([{k: json_value(r.get(k)) for k in keys} for r in records], ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        buf = io.StringIO()
        write_records(records, columns, fmt, buf)
        return buf.getvalue()
    if fmt == "md":
        from tabulate import tabulate

        rows = [[md_cell(plain(r.get(k))) for k in keys] for r in records]
        text = tabulate(rows, headers=[md_cell(h) for _, h in columns], tablefmt="github", disable_numparse=True)
        return (f"### {title}\n\n" if title else "") + text + "\n"
    if fmt in ("table", "txt"):
        if fmt == "txt":
            import shutil

            w = width or shutil.get_terminal_size((200, 24)).columns
            return rich_to_text(terminal_table(records, columns, w, title=title, key=key), width=w)
        from rich.console import Console

        console = Console()
        console.print(terminal_table(records, columns, console.width, title=title, styles=styles, key=key))
        return None
    raise BadInput(f"输出格式「{fmt}」不支持")


MIN_COLUMN = 10  # display columns below which a wrapped column is no longer read but deciphered
MIN_TEXT = 24  # the same for a column of sentences (a title, a description)


def terminal_table(
    records: list[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    width: int,
    *,
    title: str | None = None,
    styles: Callable[[dict[str, Any]], str | None] | None = None,
    key: str | None = None,
) -> Any:
    """Records for a terminal of `width` columns: a table whose key column is never cut or wrapped
    and whose other columns wrap — or, where the other columns would be squeezed below what a
    reader can read, one block per record: the key on its own line, then each field with its label."""
    from rich.table import Table

    from disclosure_cli.text import display_width

    keys = [k for k, _ in columns]
    key = key if key in keys else keys[0]
    cells = [{k: str(plain(r.get(k))) for k in keys} for r in records]
    widest = {k: max([display_width(h), *(max((display_width(x) for x in c[k].splitlines()), default=0) for c in cells)])
              for k, h in columns}
    need = widest[key] + sum(min(widest[k], max(MIN_COLUMN if widest[k] <= 3 * MIN_COLUMN else MIN_TEXT, display_width(h)))
                             for k, h in columns if k != key)
    if need + 3 * len(columns) + 1 <= width:
        table = Table(title=title, show_lines=False, header_style="bold")
        for k, h in columns:
            if k == key:
                table.add_column(h, no_wrap=True, min_width=widest[k])
            else:
                table.add_column(h, overflow="fold")
        for r, c in zip(records, cells, strict=True):
            table.add_row(*[c[k] for k in keys], style=styles(r) if styles else None)
        return table
    from rich.console import Group
    from rich.text import Text

    from disclosure_cli.text import wrap_line

    label = dict(columns)
    parts: list[Any] = [Text(title, style="bold")] if title else []
    for r, c in zip(records, cells, strict=True):
        style = styles(r) if styles else ""
        short = [f"{label[k]} {c[k]}" for k in keys if k != key and c[k] and widest[k] <= 3 * MIN_COLUMN]
        long = [(label[k], c[k]) for k in keys if k != key and c[k] and widest[k] > 3 * MIN_COLUMN]
        parts.append(Text(f"{label[key]} {c[key]}", style=f"bold {style}".strip()))  # the key whole, first
        line = ""
        for pair in short:  # whole pairs to a line, as many as fit
            if line and display_width(line + "　" + pair) > width - 1:
                parts.append(Text(line, style=style, no_wrap=True))
                line = ""
            line = f"{line}　{pair}" if line else f"  {pair}"
        if line:
            parts += [Text(x, style=style, no_wrap=True) for x in wrap_line(line.strip(), width - 1, "  ", "    ")]
        for name, value in long:
            for i, line in enumerate(value.splitlines() or [""]):
                first = f"  {name}：" if i == 0 else "    "
                for piece in wrap_line(line, width - 1, first, "    "):
                    parts.append(Text(piece, style=style, no_wrap=True))
    return Group(*parts)


def _formula_safe_csv(text: str, delimiter: str) -> str:
    """The CSV text for a file clerks open in Excel: every cell defused (see formula_safe)."""
    import csv

    if not any(ch in text for ch in _FORMULA[:4]):
        return text
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        w.writerow([formula_safe(c) for c in row])
    return buf.getvalue()


def masked_records(records: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    m = masker()
    if m is None:
        return records
    return ({k: (m.mask(v) if isinstance(v, str) else v) for k, v in r.items()} for r in records)


def _print_rich(renderable: Any) -> None:
    from rich.console import Console

    Console().print(renderable)
    return None


def rich_to_text(renderable: Any, width: int = 200) -> str:
    from disclosure_cli.report.render import rich_to_text as to_text

    return to_text(renderable, width)


def deliver(text: str | bytes | None, out: str | None) -> None:
    """Write to -o FILE or stdout. A file is written whole or not at all, never over the ledger or
    any file the command reads (files.atomic_write); an empty result still makes the file."""
    if isinstance(text, str):
        text = masked(text)
        if ENCODING.lower().replace("-", "") != "utf8" and '<meta charset="utf-8">' in text[:2000]:
            # a web page in the clerk's encoding says so, or a browser reads GBK bytes as UTF-8
            text = text.replace('<meta charset="utf-8">', f'<meta charset="{ENCODING}">', 1)
    if out and out != "-":
        from disclosure_cli.files import atomic_write, text_errors

        if isinstance(text, str) and Path(out).suffix.lower() in (".csv", ".tsv"):
            text = _formula_safe_csv(text, "\t" if Path(out).suffix.lower() == ".tsv" else ",")

        atomic_write(out, text if text is not None else "", encoding=ENCODING, errors=text_errors())
        return
    if text is None:
        return
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)
    sys.stdout.flush()
