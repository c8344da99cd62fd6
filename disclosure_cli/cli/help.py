"""Help and usage messages a Chinese clerk can read on an 80-column terminal (issue 10).

Typer's vendored click measures text in code points and speaks English. Here, once per process,
its formatter is taught display width (a Chinese character takes two columns), to keep each example
(`示例：…`, a line starting with `disc `) on a line of its own, and to say its headings and its own
messages in Chinese. Nothing here runs unless help or a usage error is printed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from disclosure_cli.lazy import lazy

HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}
_PUNCT_NO_LINE_START = set("，。、；：？！）」』》〕】”’,.;:?!)]}…")


def display_width(text: str) -> int:
    """Display columns of a text: East Asian wide and full-width characters take two."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n


def _chunks(text: str) -> list[str]:
    """Units a line may break between: a Latin word with its trailing space, or one Chinese
    character (closing punctuation stays with the character before it)."""
    out: list[str] = []
    for m in re.finditer(r"[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+\s*|\s+|.", text):
        piece = m.group(0)
        if out and piece[0] in _PUNCT_NO_LINE_START:
            out[-1] += piece
        else:
            out.append(piece)
    return out


def wrap_line(text: str, limit: int, first: str = "", rest: str = "") -> list[str]:
    lines: list[str] = []
    line = first
    for chunk in _chunks(text):
        if line.strip() and display_width(line + chunk.rstrip()) > limit:
            lines.append(line.rstrip())
            line = rest + chunk.lstrip()
        else:
            line += chunk
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _example(line: str) -> bool:
    s = line.strip()
    return s.startswith(("示例", "disc ", "例如"))


def wrap_text(
    text: str,
    width: int = 78,  # noqa: A002 - click's signature
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """click.formatting.wrap_text, by display width; an example line is never run together."""
    text = text.expandtabs()
    if not preserve_paragraphs:
        return "\n".join(wrap_line(" ".join(text.split("\n")), width, initial_indent, subsequent_indent))
    blocks: list[tuple[str, list[str]]] = []  # (kind, lines): para | raw | example
    buf: list[str] = []
    raw = False

    def flush() -> None:
        nonlocal buf, raw
        if buf:
            blocks.append(("raw" if raw else "para", buf))
        buf, raw = [], False

    for line in text.splitlines():
        if not line.strip():
            flush()
            continue
        if line.strip() == "\b":
            flush()
            raw = True
            continue
        if not raw and _example(line):
            flush()
            blocks.append(("example", [line.strip()]))
            continue
        buf.append(line.strip() if not raw else line)
    flush()
    out: list[str] = []
    for i, (kind, lines) in enumerate(blocks):
        if kind == "raw":
            out.append("\n".join(initial_indent + ln for ln in lines))
        else:
            joined = "".join(lines) if all(display_width(x) != len(x) for x in lines) else " ".join(lines)
            hang = subsequent_indent + ("  " if kind == "example" else "")
            out.append("\n".join(wrap_line(joined, width, initial_indent, hang)))
        nxt = blocks[i + 1][0] if i + 1 < len(blocks) else None
        if nxt is not None and not (kind == "example" and nxt == "example"):
            out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- click's own messages
_MESSAGES = [
    (lazy(r"^No such option: (\S+)(?: \(Possible options: (.*)\))?$"), lambda m: f"没有选项 {m[1]}" + (f"（您是否想用：{m[2]}）" if m[2] else "")),
    (lazy(r"^No such command '(.*)'\.$"), lambda m: f"没有命令「{m[1]}」"),
    (lazy(r"^Missing command\.$"), lambda m: "缺少命令"),
    (lazy(r"^Missing option '(.*)'\.(.*)$", re.S), lambda m: f"缺少选项 {m[1]}{_choices(m[2])}"),
    (lazy(r"^Missing argument '(.*)'\.(.*)$", re.S), lambda m: f"缺少参数 {m[1]}{_choices(m[2])}"),
    (lazy(r"^Missing parameter: (.*)$"), lambda m: f"缺少参数 {m[1]}"),
    (lazy(r"^Option '(.*)' requires an argument\.$"), lambda m: f"选项 {m[1]} 需要一个值"),
    (lazy(r"^Option '(.*)' requires (\d+) arguments\.$"), lambda m: f"选项 {m[1]} 需要 {m[2]} 个值"),
    (lazy(r"^Option '(.*)' does not take a value\.$"), lambda m: f"选项 {m[1]} 不带值"),
    (lazy(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$"), lambda m: f"多余的参数：{m[1]}"),
    (lazy(r"^Invalid value for (.*?): (.*)$", re.S), lambda m: f"{m[1].replace(chr(39), '')} 的值无效：{translate(m[2])}"),
    (lazy(r"^'(.*)' is not a valid (?:integer|int)\.$"), lambda m: f"「{m[1]}」不是整数"),
    (lazy(r"^'(.*)' is not a valid float\.$"), lambda m: f"「{m[1]}」不是数字"),
    (lazy(r"^'(.*)' is not a valid boolean\..*$"), lambda m: f"「{m[1]}」不是是/否"),
    (lazy(r"^'(.*)' is not one of (.*)\.$"), lambda m: f"「{m[1]}」不是可用的值之一：{m[2]}"),
    (lazy(r"^(.*) is not in the range (.*)\.$"), lambda m: f"{m[1]} 不在范围 {m[2]} 内"),
    (lazy(r"^(.*) is not within the valid range (.*)\.$"), lambda m: f"{m[1]} 不在范围 {m[2]} 内"),
]


def _choices(rest: str) -> str:
    m = re.search(r"Choose from:\s*(.*)", rest, re.S)
    return f"（可选：{' '.join(m.group(1).split())}）" if m else ""


def translate(message: str) -> str:
    """click's English message in Chinese (messages disc itself raises are Chinese already)."""
    for pattern, say in _MESSAGES:
        m = pattern.match(message.strip())
        if m:
            return say(m)
    return message


def _usage_show(self: Any, file: Any = None) -> None:
    from typer._click.utils import echo

    from disclosure_cli.cli.common import err

    hint = ""
    if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
        hint = f"请运行 {self.ctx.command_path} {self.ctx.help_option_names[0]} 查看帮助。\n"
    if self.ctx is not None:
        echo(f"{self.ctx.get_usage()}\n{hint}", err=True)
    err(f"错误：{translate(self.format_message())}")


def _exception_show(self: Any, file: Any = None) -> None:
    from disclosure_cli.cli.common import err

    err(f"错误：{translate(self.format_message())}")


_installed = False


def install() -> None:
    """Teach typer's vendored click display width and Chinese (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    from typer._click import _compat, exceptions, formatting

    formatting.term_len = display_width
    _compat.term_len = display_width
    formatting.wrap_text = wrap_text
    original_usage = formatting.HelpFormatter.write_usage
    original_dl = formatting.HelpFormatter.write_dl

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]..."), "用法：")

    def write_heading(self: Any, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self: Any, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        said = {"Show this message and exit.": "显示本帮助并退出", "Show the version and exit.": "显示版本并退出"}
        original_dl(self, [(a, said.get(b, b)) for a, b in rows], col_max, col_spacing)

    formatting.HelpFormatter.write_usage = write_usage
    formatting.HelpFormatter.write_heading = write_heading
    formatting.HelpFormatter.write_dl = write_dl
    from typer.core import TyperArgument

    original_metavar = TyperArgument.make_metavar

    def make_metavar(self: Any, *args: Any, **kwargs: Any) -> str:
        # a required argument reads FILE (not {file}); an optional one [FILE...]
        text = original_metavar(self, *args, **kwargs).replace("{", "").replace("}", "")
        return re.sub(r"[a-z_]+", lambda m: m.group(0).upper(), text)

    TyperArgument.make_metavar = make_metavar
    exceptions.UsageError.show = _usage_show
    exceptions.ClickException.show = _exception_show
