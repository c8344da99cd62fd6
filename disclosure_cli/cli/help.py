"""Help and usage messages a Chinese clerk can read on an 80-column terminal (issue 10).

Typer's vendored click measures text in code points and speaks English. Here, once per process,
its formatter is taught display width (a Chinese character takes two columns), to keep each example
(`示例：…`, a line starting with `disc `) on a line of its own, and to say its headings and its own
messages in Chinese: its `[required]` / `[default: 20]` hints, type names (`<int>`), range hints,
"Did you mean", its prompts and `[y/N]` confirmations (issue 24). install() only swaps functions
and attributes: the translating itself runs when help, an error or a prompt is printed.
"""

from __future__ import annotations

import re
from typing import Any

from disclosure_cli.lazy import lazy
from disclosure_cli.text import display_width, wrap_line  # noqa: F401 - display_width: part of this module's API

HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}

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
    (lazy(r"^No such option: (\S+)(?: \(Possible options: (.*)\))?$"), lambda m: f"没有选项 {m[1]}" + _suggest(m[2])),
    (lazy(r"^No such command '(.*)'\.(?: Did you mean (.*)\?)?$"), lambda m: f"没有命令「{m[1]}」" + _suggest(m[2])),
    (lazy(r"^Missing command\.$"), lambda m: "缺少命令"),
    (lazy(r"^Missing (option|argument|parameter) (.+?)\.(\s*Choose from:.*)?$", re.S), lambda m: _missing(m)),
    (lazy(r"^Missing parameter: (.*)$"), lambda m: f"缺少参数 {m[1]}"),
    (lazy(r"^Option '(.*)' requires an argument\.$"), lambda m: f"选项 {m[1]} 需要一个值"),
    (lazy(r"^Option '(.*)' requires (\d+) arguments\.$"), lambda m: f"选项 {m[1]} 需要 {m[2]} 个值"),
    (lazy(r"^Option '(.*)' does not take a value\.$"), lambda m: f"选项 {m[1]} 不带值"),
    (lazy(r"^Argument '(.*)' takes (\d+) values\.$"), lambda m: f"参数 {m[1].upper()} 需要 {m[2]} 个值"),
    (lazy(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$"), lambda m: f"多余的参数：{m[1]}"),
    (lazy(r"^Invalid value for (.*?): (.*)$", re.S), lambda m: f"{m[1].replace(chr(39), '')} 的值无效：{translate(m[2])}"),
    (lazy(r"^Invalid value: (.*)$", re.S), lambda m: f"值无效：{translate(m[1])}"),
    (lazy(r"^'(.*)' is not a valid (?:integer|int)\.$"), lambda m: f"「{m[1]}」不是整数"),
    (lazy(r"^'(.*)' is not a valid float\.$"), lambda m: f"「{m[1]}」不是数字"),
    (lazy(r"^'(.*)' is not a valid boolean\..*$"), lambda m: f"「{m[1]}」不是是/否（可用 y/n、yes/no、true/false、1/0）"),
    (lazy(r"^'(.*)' is not a valid UUID\.$"), lambda m: f"「{m[1]}」不是 UUID"),
    (lazy(r"^'(.*)' is not one of (.*)\.$"), lambda m: f"「{m[1]}」不是可用的值之一：{_names(m[2])}"),
    (lazy(r"^'(.*)' does not match the formats? (.*)\.$"), lambda m: f"「{m[1]}」不符合格式 {_names(m[2])}"),
    (lazy(r"^(.*) is not in the range (?:范围：)?(.*)\.$"), lambda m: f"{m[1]} 超出范围（{m[2]}）"),
    (lazy(r"^(\d+) values are required, but (\d+) (?:was|were)? ?given\.$"), lambda m: f"需要 {m[1]} 个值，给了 {m[2]} 个"),
    (lazy(r"^Could not open file '(.*)': (.*)$"), lambda m: f"无法打开文件「{m[1]}」：{m[2]}"),
    (lazy(r"^The value you entered was invalid\.$"), lambda m: "输入的值无效"),
    (lazy(r"^The two entered values do not match\.$"), lambda m: "两次输入的值不一致"),
    (lazy(r"^invalid input$"), lambda m: "请回答 y（是）或 n（否）"),
]
_ENV_HINT = lazy(r" \(env var: '([^']*)'\)")

# typer.core's gettext: the words it puts into help and messages (Chinese by the same keys)
_GETTEXT = {
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（运行时决定）",
    "Aborted!": "已取消。",
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
}
# click's type names in an option's metavar (`--year <int>`)
_TYPE_NAMES = {
    **dict.fromkeys(("<str>", "<text>"), "<文本>"),
    **dict.fromkeys(("<int>", "<integer>", "<int range>"), "<整数>"),
    **dict.fromkeys(("<float>", "<float range>"), "<数字>"),
    **dict.fromkeys(("<bool>", "<boolean>"), "<是/否>"),
    **dict.fromkeys(("<file>", "<filename>"), "<文件>"),
    "<path>": "<路径>", "<directory>": "<文件夹>", "<uuid>": "<UUID>",
}


def _gettext(message: str) -> str:
    return _GETTEXT.get(message, message)


def _names(text: str) -> str:
    """'report', 'export' → report、export (click quotes and comma-joins names it lists)."""
    return "、".join(x.strip().strip("'") for x in text.split(","))


def _suggest(names: str | None) -> str:
    return f"，您是否想用：{_names(names)}" if names else ""


def _missing(m: Any) -> str:
    kind = {"option": "选项", "argument": "参数", "parameter": "参数"}[m[1]]
    name = m[2].replace(chr(39), "")
    if m[1] == "argument":  # as the usage line names it: ITEM_ID, not item_id
        name = re.sub(r"^[a-z_]+", lambda w: w.group(0).upper(), name)
    return f"缺少{kind} {name}{_choices(m[3] or '')}"


def _choices(rest: str) -> str:
    m = re.search(r"Choose from:\s*(.*)", rest, re.S)
    return f"（可选：{_names(' '.join(m.group(1).split()))}）" if m else ""


_EXTRA = lazy(r"^(.*?)(\s*)\[([^\[\]]*)\]$", re.S)
_EXTRA_START = ("默认：", "必填", "环境变量：", "env var: ", "范围：")


def help_extras(text: str) -> str:
    """The hints click appends to an option's help, `[默认：20; 必填]`, punctuated in Chinese:
    `；` between them, 是/否 for a boolean default, 环境变量 for an argument's variable."""
    m = _EXTRA.match(text)
    if not m:
        return text
    parts = m[3].split("; ")
    if not all(p.startswith(_EXTRA_START) for p in parts):
        return text  # disc's own words in brackets
    said = []
    for part in parts:
        part = part.replace("env var: ", "环境变量：", 1)
        if part.startswith("默认："):
            part = "默认：" + {"True": "是", "False": "否"}.get(part[3:], part[3:])
        said.append(part)
    return f"{m[1]}{m[2]}[{'；'.join(said)}]"


def describe_range(self: Any) -> str:
    """click's `x>=0` / `1<=x<=20` for an IntRange or FloatRange, in words (help and errors)."""
    low = None if self.min is None else f"{'大于' if self.min_open else '不小于'} {self.min}"
    high = None if self.max is None else f"{'小于' if self.max_open else '不大于'} {self.max}"
    if low and high:
        both = f"{self.min} 至 {self.max}" if not (self.min_open or self.max_open) else f"{low}、{high}"
        return f"范围：{both}"
    return f"范围：{low or high}"


def _echo_prompt_words(original: Any) -> Any:
    """termui.echo, saying the few English lines typer.prompt prints in Chinese."""

    def echo(message: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(message, str):
            if message.startswith("Error: "):
                message = f"错误：{translate(message[7:])}"
            elif message.startswith("Repeat for confirmation"):
                message = "请再输入一次以确认" + message[len("Repeat for confirmation") :].replace(":", "：")
        return original(message, *args, **kwargs)

    return echo


def build_prompt(
    text: str,
    suffix: str,
    show_default: bool = False,
    default: Any | None = None,
    show_choices: bool = True,
    type: Any | None = None,  # noqa: A002 - click's signature
) -> str:
    """termui._build_prompt with Chinese punctuation: `渠道 [wechat]：`, choices joined by 、."""
    from typer._click import termui

    prompt = text
    if type is not None and show_choices and hasattr(type, "choices"):
        prompt += f"（{'、'.join(map(str, type.choices))}）"
    if default is not None and show_default:
        prompt = f"{prompt} [{termui._format_default(default)}]"
    return f"{prompt}{'：' if suffix == ': ' else suffix}"


def confirm(
    text: str,
    default: bool | None = False,
    abort: bool = False,
    prompt_suffix: str = ": ",
    show_default: bool = True,
    err: bool = False,
) -> bool:
    """typer.confirm in Chinese: `登记以上日期？ [y 是/n 否，默认：否]：`; 是/否 are answers too."""
    from typer import Abort
    from typer._click import termui

    hint = "y 是/n 否" + {None: "", True: "，默认：是", False: "，默认：否"}[default]
    prompt = build_prompt(text, prompt_suffix, show_default, hint)
    while True:
        try:
            termui.echo(prompt[:-1], nl=False, err=err)
            value = termui.visible_prompt_func(prompt[-1:]).lower().strip()
        except (KeyboardInterrupt, EOFError):
            raise Abort() from None
        if value in ("y", "yes", "是", "是的", "好"):
            rv = True
        elif value in ("n", "no", "否", "不", "不是"):
            rv = False
        elif default is not None and value == "":
            rv = default
        else:
            termui.echo("错误：请回答 y（是）或 n（否）", err=err)
            continue
        break
    if abort and not rv:
        raise Abort()
    return rv


def translate(message: str) -> str:
    """click's English message in Chinese (messages disc itself raises are Chinese already)."""
    message = _ENV_HINT.sub(lambda m: f"（环境变量 {m[1]}）", message)
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
    import typer
    import typer.core
    from typer._click import _compat, exceptions, formatting, termui, types

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
        original_dl(self, [(a, help_extras(said.get(b, b))) for a, b in rows], col_max, col_spacing)

    formatting.HelpFormatter.write_usage = write_usage
    formatting.HelpFormatter.write_heading = write_heading
    formatting.HelpFormatter.write_dl = write_dl
    from typer.core import TyperArgument, TyperOption

    original_metavar = TyperArgument.make_metavar

    def make_metavar(self: Any, *args: Any, **kwargs: Any) -> str:
        # a required argument reads FILE (not {file}); an optional one [FILE...]
        text = original_metavar(self, *args, **kwargs).replace("{", "").replace("}", "")
        return re.sub(r"[a-z_]+", lambda m: m.group(0).upper(), text)

    TyperArgument.make_metavar = make_metavar
    option_metavar = TyperOption.make_metavar

    def make_option_metavar(self: Any, *args: Any, **kwargs: Any) -> str:
        # `--year <整数>`, not `<int>`: click's type names are English
        text = option_metavar(self, *args, **kwargs)
        return _TYPE_NAMES.get(text.removesuffix("..."), text.removesuffix("...")) + text[len(text.removesuffix("...")) :]

    TyperOption.make_metavar = make_option_metavar
    exceptions.UsageError.show = _usage_show
    exceptions.ClickException.show = _exception_show
    # typer.core's words ("required", "default: …", "Aborted!"), click's range hints and prompts
    typer.core._ = _gettext
    types._NumberRangeBase._describe_range = describe_range
    termui.echo = _echo_prompt_words(termui.echo)
    termui._build_prompt = build_prompt
    termui.confirm = typer.confirm = confirm
