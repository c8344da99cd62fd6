"""Every command has Chinese help text with an example, and --help / --version work."""

from __future__ import annotations

import re

import click
import typer.main

from disclosure_cli import __version__
from disclosure_cli.cli import app


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def test_every_command_has_help(run):
    root = typer.main.get_command(app)
    names = list(_commands(root))
    assert len(names) > 20
    for path, cmd in names:
        assert cmd.help and re.search(r"[\u4e00-\u9fff]", cmd.help), f"disc {' '.join(path)} has no Chinese help"
        res = run(*path, "--help")
        assert res.exit_code == 0, path


def test_version(run):
    assert run("--version").stdout.strip() == f"disc {__version__}"
