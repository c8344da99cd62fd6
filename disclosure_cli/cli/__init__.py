"""The `disc` command line: thin Typer commands over the library (parse → call → print)."""


import sys

import typer
from typer.core import TyperGroup

from disclosure_cli import __version__
from disclosure_cli.cli.common import ClerkOpt, DbOpt, boundary, configure_streams, state

HELP = """disc — 政务公开台账与政府信息公开工作年度报告工具。

记录每条主动公开信息、每件依申请公开申请和复议诉讼案件，年底一条命令生成
国办公开办函〔2021〕30号格式的年度报告（表二、表三、表四自动平衡），并检查报告。

示例：
  disc init --org 惠农区南街街道
  disc add --channel 微信 --category 工作动态 --title "社区开展志愿服务活动"
  disc stats --year 2023
  disc report --year 2023 --format html -o 年报.html
"""

# Which module defines each top-level command. `disc add` builds only the commands it needs: Typer
# turns every registered function into a click command at start-up, and a clerk runs `disc add`
# dozens of times a day (start-up is measured in bench/).
MODULES = ("items", "records", "reports", "lifecycle", "letters", "steps", "pack", "due", "units", "review", "serve", "demo")
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("init", "add", "list", "edit", "void", "log", "import", "export", "channels", "categories"), ("items",)
    ),
    **dict.fromkeys(("doc", "decision", "fee", "narrative"), ("records",)),
    "case": ("records", "pack"),
    "request": ("records", "lifecycle", "letters", "steps", "pack"),
    "record-correction": ("records", "steps"),
    **dict.fromkeys(("stats", "report", "check", "lint", "explain"), ("reports",)),
    "holiday": ("lifecycle",),
    **dict.fromkeys(("due", "deadline"), ("due",)),
    **dict.fromkeys(("org", "merge", "units", "reidentify"), ("units",)),
    "serve": ("serve",),
    "review": ("review",),
    "demo": ("demo",),
}
_VALUE_OPTIONS = ("--db", "--clerk", "--encoding")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"disc {__version__}\n")
        raise typer.Exit()


class DiscGroup(TyperGroup):
    """The root command: every subcommand runs inside the one error boundary (cli.common.boundary)."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        return boundary(lambda: super(DiscGroup, self).invoke(ctx))


def root(
    ctx: typer.Context,
    db: DbOpt = None,
    clerk: ClerkOpt = None,
    encoding: str | None = typer.Option(
        None,
        "--encoding",
        help="输出到管道或文件时的编码（默认 UTF-8；旧工具需要时用 gb18030）",
        show_default=False,
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本"),
) -> None:
    configure_streams(encoding)
    st = state(ctx)
    st["db"] = db
    st["clerk"] = clerk


def make_app(modules: tuple[str, ...] = MODULES, only: str | None = None) -> typer.Typer:
    """The Typer app with the commands of the given modules (all of them for help and tests);
    only: just that top-level command (Typer turns each registered function into a click command,
    reading its signature, before anything runs)."""
    import importlib

    from disclosure_cli.cli.help import install

    install()
    application = typer.Typer(
        cls=DiscGroup,
        help=HELP,
        no_args_is_help=True,
        rich_markup_mode=None,  # plain help: about 50 ms faster to start (engineering notes)
        pretty_exceptions_enable=False,  # never print locals (personal data) in a traceback
        context_settings={"help_option_names": ["-h", "--help"]},
        add_completion=False,
    )
    application.callback()(root)
    for name in MODULES:  # keep the help's order whatever subset is asked for
        if name in modules:
            importlib.import_module(f"disclosure_cli.cli.{name}").register(application)
    if only is not None:
        application.registered_commands = [c for c in application.registered_commands if c.name == only]
        application.registered_groups = [g for g in application.registered_groups if g.name == only]
    return application


def first_command(args: list[str]) -> str | None:
    """The command name in argv, skipping the global options that come before it."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


_full_app: typer.Typer | None = None


def __getattr__(name: str) -> typer.Typer:
    """`from disclosure_cli.cli import app`: the full app, built once (tests, documentation)."""
    global _full_app
    if name == "app":
        if _full_app is None:
            _full_app = make_app()
        return _full_app
    raise AttributeError(name)


def main() -> None:
    """Entry point. Errors inside a command meet the boundary of DiscGroup; this only guards what
    happens before (building the command tree), with the same boundary."""
    import typer as _typer

    args = sys.argv[1:]

    def run() -> None:
        name = first_command(args) or ""
        known = name in COMMAND_MODULES
        app = make_app(COMMAND_MODULES[name] if known else MODULES, only=name if known else None)
        app(args=args, prog_name="disc", standalone_mode=True)

    try:
        boundary(run)
        code: int | str | None = 0
    except _typer.Exit as e:
        code = e.exit_code
    except SystemExit as e:
        code = e.code
    _ignore_ctrl_c()  # the command has answered: a Ctrl-C now would only garble its exit
    sys.exit(code)


def _ignore_ctrl_c() -> None:
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        pass
