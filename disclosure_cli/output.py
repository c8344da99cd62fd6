"""One output helper for every reporting command: table | csv | tsv | json | md, to stdout or -o FILE.

Machine formats are plain (no colour, no progress, codes not labels); the table format is for people
and goes through rich. rich and tabulate are imported only when a format needs them.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from disclosure_cli.errors import BadInput

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


def plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        from disclosure_cli.report.model import format_number

        return format_number(value)
    return value


def json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        from disclosure_cli.report.model import json_number

        return json_number(value)
    return value


def records_text(
    records: Iterable[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: str,
    *,
    title: str | None = None,
    styles: Callable[[dict[str, Any]], str | None] | None = None,
) -> str | None:
    """Render records; for fmt 'table' returns None after printing to the terminal through rich."""
    keys = [k for k, _ in columns]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(keys)
        for r in records:
            w.writerow([plain(r.get(k)) for k in keys])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([{k: json_value(r.get(k)) for k in keys} for r in records], ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from tabulate import tabulate

        rows = [[plain(r.get(k)) for k in keys] for r in records]
        text = tabulate(rows, headers=[h for _, h in columns], tablefmt="github", disable_numparse=True)
        return (f"### {title}\n\n" if title else "") + text + "\n"
    if fmt in ("table", "txt"):
        from rich.table import Table

        table = Table(title=title, show_lines=False, header_style="bold")
        for _, h in columns:
            table.add_column(h)
        for r in records:
            table.add_row(*[str(plain(r.get(k))) for k in keys], style=styles(r) if styles else None)
        return rich_to_text(table) if fmt == "txt" else _print_rich(table)
    raise BadInput(f"输出格式「{fmt}」不支持")


def _print_rich(renderable: Any) -> None:
    from rich.console import Console

    Console().print(renderable)
    return None


def rich_to_text(renderable: Any, width: int = 200) -> str:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def deliver(text: str | bytes | None, out: str | None) -> None:
    """Write to -o FILE (created whole) or stdout."""
    if text is None:
        return
    if out and out != "-":
        p = Path(out)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)
    sys.stdout.flush()
